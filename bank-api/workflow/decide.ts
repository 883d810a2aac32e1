/**
 * Decisions on an application: approve, decline, return for material, escalate, committee vote; and
 * claim/release. Each runs in one transaction that checks the version (optimistic concurrency), plans the
 * change (plan.ts: the caller's authority and separation of duties, the status machine), then writes the
 * change, its history row, its audit event and its queue event together, all through the repository
 * (applications-repo.ts). An idempotency key (http/idempotency.ts) makes a retried request return the
 * first answer instead of deciding twice.
 */
import type { ApplicationSummary } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import type { Signature } from '../../shared/credit/authority';
import { assertTransition, type Status } from '../../shared/workflow/status';
import { appendAudit } from '../audit/chain';
import type { Database, Queryable } from '../db/database';
import { idempotent } from '../http/idempotency';
import { type ApiProblem, conflict, notFound, preconditionFailed } from '../http/problems';
import {
  type ApplicationChange,
  applicationById,
  decisionsOf,
  insertDecisions,
  updateApplication,
} from './applications-repo';
import { publishQueueEvent } from './events';
import { type Change, type Decision, type DecisionHistory, planChange, type Vote } from './plan';
import { type ApplicationRow, toSummary } from './rows';
import { branchScope } from './scope';

export type { Change, Decision, DecisionHistory } from './plan';

export interface DecisionOutcome {
  status: number;
  body: { application: ApplicationSummary; outcome: string; message: string };
  replayed: boolean;
}

async function loadForUpdate(q: Queryable, user: User, id: string): Promise<ApplicationRow> {
  const row = await applicationById(q, id, true);
  // Out of scope looks the same as absent: the caller learns nothing about other branches' cases.
  if (!row || !(await branchScope(q, user)).includes(row.branch_id)) throw notFound(`No application ${id}.`);
  return row;
}

function stale(row: ApplicationRow, expected: number): ApiProblem {
  return preconditionFailed(
    'version_mismatch',
    'The case changed',
    `Someone else acted on this case: you had version ${expected}, it is now version ${row.version}. Reload and try again.`,
    { current: toSummary(row) },
  );
}

/** The case's earlier signatures and votes as stored. */
const storedHistory = (q: Queryable, id: string): DecisionHistory => ({
  signatures: async () =>
    (await decisionsOf<{ role?: Signature['role'] }>(q, id, 'sign')).map((x) => ({
      userId: x.actor_id,
      role: x.payload.role ?? 'approver',
    })),
  votes: async (): Promise<Vote[]> =>
    (await decisionsOf<{ vote: Vote['vote'] }>(q, id, 'vote')).map((x) => ({
      userId: x.actor_id,
      vote: x.payload.vote,
    })),
  escalatedBy: async () =>
    (
      await q.query<{ actor_id: string | null }>(
        `SELECT actor_id FROM decisions WHERE application_id = $1 AND action IN ('escalate', 'pricing_exception')
         ORDER BY id DESC LIMIT 1`,
        [id],
      )
    ).rows[0]?.actor_id ?? null,
});

export async function decide(
  db: Database,
  user: User,
  id: string,
  version: number,
  idempotencyKey: string,
  body: Decision,
  now = new Date(),
): Promise<DecisionOutcome> {
  return idempotent(
    db,
    user.id,
    idempotencyKey,
    { id, body },
    async (q) => {
      const row = await loadForUpdate(q, user, id);
      if (row.version !== version) throw stale(row, version);
      if (row.assignee_id && row.assignee_id !== user.id) {
        throw conflict(
          'claimed_by_other',
          `This case is being worked by another user (${row.assignee_id}); they must release it first.`,
          { assigneeId: row.assignee_id },
        );
      }
      const change = await planChange(storedHistory(q, id), user, row, body);
      assertTransition(row.status, change.to);
      // The claim holder's step is activity on their claim (workflow/claims.ts: it lapses without any).
      const claimActivity = row.assignee_id === user.id ? { claim_activity_at: now.toISOString() } : {};
      const after = await updateApplication(q, id, { ...changeSets(change, now), ...claimActivity }, version);
      if (!after) throw stale(row, version);
      await insertDecisions(q, [
        {
          applicationId: id,
          actorId: user.id,
          action: change.action,
          from: row.status,
          to: change.to,
          payload: change.payload,
          at: now,
        },
      ]);
      await appendAudit(q, changeAudit(user, id, row.status, change, now));
      await publishQueueEvent(q, {
        type: 'application.updated',
        id,
        status: change.to,
        tier: after.tier,
        branchId: after.branch_id,
        version: after.version,
      });
      return { application: toSummary(after, now.getTime()), outcome: change.outcome, message: change.message };
    },
    { now },
  );
}

/** The columns a decision sets (besides version + 1): its status, its own fields, and decided_at when it settles the case. */
export function changeSets(change: Change, now: Date): ApplicationChange {
  const at = now.toISOString();
  const sets: ApplicationChange = { status: change.to, updated_at: at, ...change.set };
  if (change.to === 'approved' || change.to === 'declined') sets.decided_at = at;
  return sets;
}

/** The audit event of a decision. */
export function changeAudit(user: User, id: string, from: Status, change: Change, now: Date) {
  return {
    actorId: user.id,
    action: `application.${change.action}`,
    entityType: 'application',
    entityId: id,
    payload: { from, to: change.to, ...change.payload },
    at: now,
  };
}

/** The audit event of a claim or release. */
export function claimAudit(user: User, id: string, version: number, claim: boolean, now: Date) {
  return {
    actorId: user.id,
    action: claim ? 'application.claim' : 'application.release',
    entityType: 'application',
    entityId: id,
    payload: { version },
    at: now,
  };
}

/** Statuses in which a case can be claimed or released. */
export const CLAIMABLE: readonly Status[] = ['in_review', 'committee', 'escalated', 'returned'];

/** Claim a case to work it (so two approvers don't), or release it. */
export async function setClaim(
  db: Database,
  user: User,
  id: string,
  version: number,
  claim: boolean,
  now = new Date(),
) {
  return db.tx(async (q) => {
    const row = await loadForUpdate(q, user, id);
    if (row.version !== version) throw stale(row, version);
    if (!CLAIMABLE.includes(row.status))
      throw conflict('workflow.illegal_transition', `A case in status "${row.status}" cannot be claimed or released.`);
    if (claim && row.assignee_id && row.assignee_id !== user.id) {
      throw conflict('claimed_by_other', `This case is being worked by ${row.assignee_id}.`, {
        assigneeId: row.assignee_id,
      });
    }
    if (!claim && row.assignee_id !== user.id)
      throw conflict('not_claimed_by_you', 'You can release only a case you claimed.');
    const after = await updateApplication(
      q,
      id,
      { assignee_id: claim ? user.id : null, updated_at: now.toISOString() },
      version,
    );
    if (!after) throw stale(row, version);
    await appendAudit(q, claimAudit(user, id, after.version, claim, now));
    await publishQueueEvent(q, {
      type: 'application.updated',
      id,
      status: after.status,
      tier: after.tier,
      branchId: after.branch_id,
      version: after.version,
    });
    return toSummary(after, now.getTime());
  });
}
