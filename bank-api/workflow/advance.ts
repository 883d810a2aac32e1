import { assertTransition, type Status } from '../../shared/workflow/status';
import { type AuditInput, appendAudit } from '../audit/chain';
import type { Queryable } from '../db/database';
import { record } from './create';
import { publishQueueEvent } from './events';

/** Statuses that settle a case: reaching one stamps decided_at. */
const SETTLING: readonly Status[] = ['approved', 'declined', 'withdrawn', 'expired'];

/** Whether a status change made outside the decision endpoint stamps decided_at (as the UPDATE below does). */
export const advanceSettles = (to: Status) => SETTLING.includes(to);

/** The audit event of a status change made by advance(). */
export function advanceAudit(
  id: string,
  from: Status,
  to: Status,
  actorId: string | null,
  action: string,
  payload: Record<string, unknown>,
  at: Date,
): AuditInput {
  return {
    actorId,
    action: `application.${action}`,
    entityType: 'application',
    entityId: id,
    payload: { from, to, ...payload },
    at,
  };
}

/**
 * A checked status change outside the decision endpoint (contract generation, signing, disbursement,
 * withdrawal), with its history row, audit event and queue event in the caller's transaction.
 */
export async function advance(
  q: Queryable,
  id: string,
  to: Status,
  actorId: string | null,
  action: string,
  payload: Record<string, unknown>,
  at = new Date(),
) {
  const row = (
    await q.query<{ status: Status; tier: string; branch_id: string }>(
      'SELECT status, tier, branch_id FROM applications WHERE id = $1 FOR UPDATE',
      [id],
    )
  ).rows[0];
  if (!row) throw new Error(`no application ${id}`);
  assertTransition(row.status, to);
  const r = await q.query<{ version: number }>(
    `UPDATE applications SET status = $2, version = version + 1, updated_at = $3, assignee_id = NULL,
       decided_at = CASE WHEN $4 THEN $3::timestamptz ELSE decided_at END
     WHERE id = $1 RETURNING version`,
    [id, to, at.toISOString(), advanceSettles(to)],
  );
  await record(q, id, actorId, action, row.status, to, payload, at);
  await appendAudit(q, advanceAudit(id, row.status, to, actorId, action, payload, at));
  await publishQueueEvent(q, {
    type: 'application.updated',
    id,
    status: to,
    tier: row.tier,
    branchId: row.branch_id,
    version: r.rows[0]!.version,
  });
}
