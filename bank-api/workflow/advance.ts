import { assertTransition, type Status } from '../../shared/workflow/status';
import { type AuditInput, appendAudit } from '../audit/chain';
import type { Queryable } from '../db/database';
import { applicationById, insertDecisions, updateApplication } from './applications-repo';
import { publishQueueEvent } from './events';

/** Statuses that settle a case: reaching one stamps decided_at. */
const SETTLING: readonly Status[] = ['approved', 'declined', 'withdrawn', 'expired'];

/** Whether a status change made outside the decision endpoint stamps decided_at (as advance() does). */
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
  const row = await applicationById(q, id, true);
  if (!row) throw new Error(`no application ${id}`);
  assertTransition(row.status, to);
  const when = at.toISOString();
  const after = await updateApplication(q, id, {
    status: to,
    updated_at: when,
    assignee_id: null,
    ...(advanceSettles(to) ? { decided_at: when } : {}),
  });
  await insertDecisions(q, [{ applicationId: id, actorId, action, from: row.status, to, payload, at }]);
  await appendAudit(q, advanceAudit(id, row.status, to, actorId, action, payload, at));
  await publishQueueEvent(q, {
    type: 'application.updated',
    id,
    status: to,
    tier: row.tier,
    branchId: row.branch_id,
    version: after!.version,
  });
}
