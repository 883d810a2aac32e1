/**
 * What a user may read, as one rule used on every surface (issue 14 item 7): a case is readable when its
 * branch is within the user's branch scope and its status among those their role reads. The same
 * `ReadScope` value drives the single-case read (routes/applications.ts), the queue list and its counts
 * (queue.ts, through `readScopeSql`), the live events (routes/events.ts, through `canRead`) and who may
 * submit for an enterprise (create.ts). `canRead` and `readScopeSql` are the one predicate in its two
 * forms (TypeScript for a row in hand, SQL for a query); scope.test.ts checks they agree.
 */
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

/**
 * Whether a branch is within the scope of a user whose own branch is given, as a SQL condition: the same
 * rule as branchScope (the branch itself or one beneath it), for a statement that checks it along with
 * other reads (create.ts, one round trip per submission). `p` adds a parameter, returns its placeholder.
 */
export function branchInScopeSql(p: (v: unknown) => string, userBranchId: string, branchId: string): string {
  return `EXISTS (SELECT 1 FROM branches b JOIN branches mine ON mine.id = ${p(userBranchId)}
    WHERE b.id = ${p(branchId)} AND (b.path = mine.path OR b.path LIKE mine.path || '.%'))`;
}

/** Statuses contract officers read: approved cases onwards. */
export const CONTRACT_STATUSES = ['approved', 'auto_approved', 'contracting', 'signed', 'disbursed'] as const;

/** Statuses each role may read; null = all. Contract officers see approved cases onwards. */
export function readableStatuses(user: Pick<User, 'roles'>): string[] | null {
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
  if (roles.has('contract_officer')) return [...CONTRACT_STATUSES];
  if (roles.has('disbursement_officer')) return ['signed', 'disbursed'];
  return [];
}

/**
 * What one user may read: branches (own and beneath), the enterprises they serve as 首席服务官 (a
 * relationship manager reads their clients' cases wherever they are booked; issue 15 item 6) and statuses
 * (null = every status).
 */
export interface ReadScope {
  branches: readonly string[];
  served: readonly string[];
  statuses: readonly string[] | null;
}

/** Enterprises this user serves as service officer (relationship managers only). */
export async function servedEnterprises(q: Queryable, user: User): Promise<string[]> {
  if (!user.roles.includes('relationship_manager')) return [];
  const r = await q.query<{ id: string }>('SELECT id FROM enterprises WHERE service_officer_id = $1', [user.id]);
  return r.rows.map((x) => x.id);
}

export async function readScope(q: Queryable, user: User): Promise<ReadScope> {
  return {
    branches: await branchScope(q, user),
    served: await servedEnterprises(q, user),
    statuses: readableStatuses(user),
  };
}

/** The read rule for one case in hand (a row, a queue event; `enterpriseId` where known). */
export function canRead(scope: ReadScope, c: { branchId: string; status: string; enterpriseId?: string }): boolean {
  const where =
    scope.branches.includes(c.branchId) || (c.enterpriseId !== undefined && scope.served.includes(c.enterpriseId));
  return where && (scope.statuses === null || scope.statuses.includes(c.status));
}

/**
 * The same rule as a SQL condition on `applications` (`branch_id`, `enterprise_id`, `status`); `p` adds a
 * parameter and returns its placeholder. `branches` narrows the branch part further (a branch filter within
 * scope; the served enterprises then count only within it).
 */
export function readScopeSql(scope: ReadScope, p: (v: unknown) => string, branches = scope.branches): string {
  const parts = [
    branches === scope.branches && scope.served.length > 0
      ? `(branch_id = ANY(${p([...branches])}) OR enterprise_id = ANY(${p([...scope.served])}))`
      : `branch_id = ANY(${p([...branches])})`,
  ];
  if (scope.statuses !== null) parts.push(`status = ANY(${p([...scope.statuses])})`);
  return parts.join(' AND ');
}
