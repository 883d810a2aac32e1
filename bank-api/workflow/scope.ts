import type { User } from '../../shared/api/auth';
import type { Queryable } from '../db/database';

/** The branches a user's reads cover: their own branch and every branch beneath it. */
export async function branchScope(q: Queryable, user: User): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT b.id FROM branches b JOIN branches mine ON mine.id = $1
     WHERE b.path = mine.path OR b.path LIKE mine.path || '.%'`,
    [user.branch.id],
  );
  return r.rows.map((x) => x.id);
}

/** Statuses each role may read; null = all. Contract officers see approved cases onwards. */
export function readableStatuses(user: User): string[] | null {
  const roles = new Set(user.roles);
  if (
    roles.has('approver') ||
    roles.has('senior_approver') ||
    roles.has('committee') ||
    roles.has('supervisor') ||
    roles.has('relationship_manager')
  ) {
    return null;
  }
  if (roles.has('contract_officer')) return ['approved', 'auto_approved', 'contracting', 'signed', 'disbursed'];
  return [];
}
