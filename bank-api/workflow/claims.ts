/**
 * Claims on cases (issue 14 item 5). A claim says who is working a case so no one else acts on it
 * meanwhile:
 * - only a user who could act on the case's tier, status and amount may claim it: an approver within
 *   their authority or able to sign first (shared/credit/authority.ts checkAuthority), a senior approver
 *   for the senior lane (escalated_to = 'senior_approver'), committee members for committee cases —
 *   never its creator or investigator;
 * - a claim lapses after `CLAIM_LAPSE_WORKING_HOURS` working hours (bank calendar) without activity of
 *   its holder (claim_activity_at, refreshed by the holder's claim and decision steps); a lapsed claim
 *   is released when the case is next read or claimed, not by a timer, with a history entry;
 * - a senior approver or a supervisor can force-release a claim with a reason (history and audit chain).
 * Each change writes the case (version + 1), its history row, its audit event and its queue event in one
 * transaction, as decisions do (decide.ts).
 */
import type { ApplicationSummary } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import { workingMillisBetween } from '../../shared/calendar';
import { type AuthorityCheck, checkAuthority, type Signature } from '../../shared/credit/authority';
import type { Status } from '../../shared/workflow/status';
import { appendAudit } from '../audit/chain';
import { readVar } from '../config';
import type { Database, Queryable } from '../db/database';
import { conflict, forbidden, notFound, preconditionFailed } from '../http/problems';
import { applicationById, decisionsOf, insertDecisions, updateApplication } from './applications-repo';
import { publishQueueEvent } from './events';
import { type ApplicationRow, toSummary } from './rows';
import { branchScope, type ReadScope, readScopeSql } from './scope';

/** Statuses in which a case can be claimed or released. */
export const CLAIMABLE: readonly Status[] = ['in_review', 'committee', 'escalated', 'returned'];

/** The configured lapse in working milliseconds (CLAIM_LAPSE_WORKING_HOURS). */
export const configuredClaimLapseMs = () => readVar('CLAIM_LAPSE_WORKING_HOURS') * 3_600_000;

/** When the holder last acted: claim_activity_at, or (claims made before it existed) the last update. */
const lastActivity = (row: Pick<ApplicationRow, 'claim_activity_at' | 'updated_at'>) =>
  new Date(row.claim_activity_at ?? row.updated_at).getTime();

/** Whether a case's claim has lapsed at `now`: held, and `lapseMs` of working time without activity. */
export function claimLapsed(
  row: Pick<ApplicationRow, 'assignee_id' | 'claim_activity_at' | 'updated_at'>,
  now: number,
  lapseMs: number,
): boolean {
  return row.assignee_id !== null && workingMillisBetween(lastActivity(row), now) >= lapseMs;
}

/**
 * The latest instant from which `lapseMs` of working time have passed by `now`: a claim whose last
 * activity is at or before it has lapsed (the SQL form of claimLapsed, for a whole queue at once).
 */
export function lapseCutoff(now: number, lapseMs: number): number {
  // workingMillisBetween(t, now) falls as t rises: the last t where it still reaches lapseMs.
  let lo = now - 400 * 86_400_000;
  let hi = now;
  if (workingMillisBetween(lo, now) < lapseMs) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (workingMillisBetween(mid, now) >= lapseMs) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether `user` could act on the case as it stands, so may claim it; the refusal says why and who
 * may. `signatures` are the approval signatures already on the case (standard cases' first).
 */
export function claimCheck(user: User, row: ApplicationRow, signatures: readonly Signature[]): AuthorityCheck {
  const who = { id: user.id, roles: user.roles, authority: user.authority };
  const c = {
    amount: BigInt(row.amount_fen),
    grade: row.grade ?? 'E',
    createdBy: row.created_by ?? '',
    investigatedBy: row.investigated_by,
    signatures,
  } as const;
  const no = (code: string, zh: string, en: string, requiredRole: AuthorityCheck['requiredRole']): AuthorityCheck => ({
    allowed: false,
    code,
    reason: { zh, en },
    requiredRole,
    signatureStep: null,
    completesDecision: false,
  });
  if (row.status === 'escalated' && row.escalated_to === 'senior_approver') {
    // The senior lane: a senior approver (not the creator or investigator) decides or escalates further.
    const sod = checkAuthority(who, { ...c, tier: 'fast', action: 'decline' });
    if (!sod.allowed && sod.code.startsWith('SOD_')) return sod;
    if (!user.roles.includes('senior_approver')) {
      return no(
        'CLAIM_SENIOR_LANE',
        '该申请已上报高级审批人，仅高级审批人可认领',
        'This case was escalated to a senior approver; only a senior approver may claim it',
        'senior_approver',
      );
    }
    return { ...sod, allowed: true, code: 'CLAIM_OK' };
  }
  if (row.tier === 'committee') {
    const vote = checkAuthority(who, { ...c, tier: 'committee', action: 'vote' });
    return vote.allowed ? { ...vote, code: 'CLAIM_OK' } : vote;
  }
  const approve = checkAuthority(who, { ...c, tier: row.tier, action: 'approve' });
  return approve.allowed ? { ...approve, code: 'CLAIM_OK' } : approve;
}

function stale(row: ApplicationRow, expected: number) {
  return preconditionFailed(
    'version_mismatch',
    'The case changed',
    `Someone else acted on this case: you had version ${expected}, it is now version ${row.version}. Reload and try again.`,
    { current: toSummary(row) },
  );
}

async function loadForUpdate(q: Queryable, user: User, id: string): Promise<ApplicationRow> {
  const row = await applicationById(q, id, true);
  // Out of scope looks the same as absent: the caller learns nothing about other branches' cases.
  if (!row || !(await branchScope(q, user)).includes(row.branch_id)) throw notFound(`No application ${id}.`);
  return row;
}

const signaturesOf = async (q: Queryable, id: string): Promise<Signature[]> =>
  (await decisionsOf<{ role?: Signature['role'] }>(q, id, 'sign')).map((x) => ({
    userId: x.actor_id,
    role: x.payload.role ?? 'approver',
  }));

type ClaimAction = 'claim' | 'release' | 'claim_lapsed' | 'force_release';

/** Writes a claim change: the case, its history row (except a plain claim/release), audit, queue event. */
async function writeClaim(
  q: Queryable,
  row: ApplicationRow,
  actor: User | null,
  action: ClaimAction,
  assignee: string | null,
  payload: Record<string, unknown>,
  now: Date,
): Promise<ApplicationRow> {
  const at = now.toISOString();
  const after = await updateApplication(
    q,
    row.id,
    { assignee_id: assignee, claim_activity_at: assignee ? at : null, updated_at: at },
    row.version,
  );
  if (!after) throw stale(row, row.version);
  const full = { ...payload, previousAssignee: row.assignee_id };
  if (action === 'claim_lapsed' || action === 'force_release') {
    await insertDecisions(q, [
      {
        applicationId: row.id,
        actorId: actor?.id ?? null,
        action,
        from: row.status,
        to: row.status,
        payload: full,
        at: now,
      },
    ]);
  }
  await appendAudit(q, {
    actorId: actor?.id ?? null,
    action: `application.${action}`,
    entityType: 'application',
    entityId: row.id,
    payload: { version: after.version, ...full },
    at: now,
  });
  await publishQueueEvent(q, {
    type: 'application.updated',
    id: row.id,
    status: after.status,
    tier: after.tier,
    branchId: after.branch_id,
    version: after.version,
  });
  return after;
}

/** Releases the case's claim when it has lapsed (on read); returns the case as it now stands. */
export async function releaseIfLapsed(
  db: Database,
  row: ApplicationRow,
  lapseMs: number,
  now = new Date(),
): Promise<ApplicationRow> {
  if (!claimLapsed(row, now.getTime(), lapseMs)) return row;
  return db.tx(async (q) => {
    const locked = await applicationById(q, row.id, true);
    if (!locked || !claimLapsed(locked, now.getTime(), lapseMs)) return locked ?? row;
    return writeClaim(q, locked, null, 'claim_lapsed', null, { lapseWorkingHours: lapseMs / 3_600_000 }, now);
  });
}

/**
 * Releases every lapsed claim among the cases `scope` reads (before a queue page is read). Held cases
 * are few; the partial index of migration 0014 finds them without reading the queue.
 */
export async function releaseLapsedClaims(db: Database, scope: ReadScope, lapseMs: number, now = new Date()) {
  const params: unknown[] = [new Date(lapseCutoff(now.getTime(), lapseMs)).toISOString()];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const r = await db.query<{ id: string }>(
    `SELECT id FROM applications WHERE assignee_id IS NOT NULL
       AND COALESCE(claim_activity_at, updated_at) <= $1 AND ${readScopeSql(scope, p)}`,
    params,
  );
  for (const { id } of r.rows) {
    const row = await applicationById(db, id);
    if (row) await releaseIfLapsed(db, row, lapseMs, now);
  }
  return r.rows.length;
}

/** Claim a case to work it (so two approvers don't), or release it. */
export async function setClaim(
  db: Database,
  user: User,
  id: string,
  version: number,
  claim: boolean,
  lapseMs: number,
  now = new Date(),
): Promise<ApplicationSummary> {
  return db.tx(async (q) => {
    let row = await loadForUpdate(q, user, id);
    if (row.version !== version) throw stale(row, version);
    if (!CLAIMABLE.includes(row.status))
      throw conflict('workflow.illegal_transition', `A case in status "${row.status}" cannot be claimed or released.`);
    if (claim) {
      const check = claimCheck(user, row, await signaturesOf(q, id));
      if (!check.allowed) {
        throw forbidden(`You cannot claim this case: ${check.reason.en}.`, {
          reasonCode: check.code,
          reasonZh: `不能认领该申请：${check.reason.zh}`,
          requiredRole: check.requiredRole,
        });
      }
      if (row.assignee_id && row.assignee_id !== user.id) {
        if (!claimLapsed(row, now.getTime(), lapseMs)) {
          throw conflict('claimed_by_other', `This case is being worked by ${row.assignee_id}.`, {
            assigneeId: row.assignee_id,
          });
        }
        // The other holder's claim lapsed: released first (its own history entry), then claimed.
        row = await writeClaim(q, row, null, 'claim_lapsed', null, { lapseWorkingHours: lapseMs / 3_600_000 }, now);
      }
      return toSummary(await writeClaim(q, row, user, 'claim', user.id, {}, now), now.getTime());
    }
    if (row.assignee_id !== user.id) throw conflict('not_claimed_by_you', 'You can release only a case you claimed.');
    return toSummary(await writeClaim(q, row, user, 'release', null, {}, now), now.getTime());
  });
}

/** A senior approver or supervisor takes another user's claim off a case, with a reason (audited). */
export async function forceRelease(
  db: Database,
  user: User,
  id: string,
  version: number,
  reason: string,
  now = new Date(),
): Promise<ApplicationSummary> {
  return db.tx(async (q) => {
    const row = await loadForUpdate(q, user, id);
    if (row.version !== version) throw stale(row, version);
    if (!CLAIMABLE.includes(row.status))
      throw conflict('workflow.illegal_transition', `A case in status "${row.status}" has no claim to release.`);
    if (!row.assignee_id) throw conflict('not_claimed', 'Nobody has claimed this case; there is nothing to release.');
    const after = await writeClaim(q, row, user, 'force_release', null, { reason }, now);
    return toSummary(after, now.getTime());
  });
}
