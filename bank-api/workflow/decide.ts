/**
 * Decisions on an application: approve, decline, return for material, escalate, committee vote; and
 * claim/release. Each runs in one transaction that checks the version (optimistic concurrency), the
 * caller's authority and separation of duties (shared/credit/authority.ts), the status machine, then
 * writes the change, its history row, its audit event and its queue event together. An idempotency key
 * makes a retried request return the first answer instead of deciding twice.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ApplicationSummary, DecisionRequestSchema } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import { type AuthorityUser, checkAuthority, committeeOutcome, type Signature } from '../../shared/credit/authority';
import { checkProductLimits, getProduct } from '../../shared/credit/products';
import { MAX_ANNUAL_RATE_PERCENT, parsePositiveMoney, parseRatePercent } from '../../shared/money/money';
import { assertTransition, type Status } from '../../shared/workflow/status';
import { appendAudit, canonicalJson } from '../audit/chain';
import type { Database, Queryable } from '../db/database';
import { ApiProblem, forbidden, notFound } from '../http/problems';
import { record } from './create';
import { publishQueueEvent } from './events';
import { type ApplicationRow, toSummary } from './rows';
import { branchScope } from './scope';

export type Decision = z.output<typeof DecisionRequestSchema>;

export interface DecisionOutcome {
  status: number;
  body: { application: ApplicationSummary; outcome: string; message: string };
  replayed: boolean;
}

export function parseIfMatch(h: string | string[] | undefined): number {
  if (h === undefined) {
    throw new ApiProblem(
      428,
      'precondition_required',
      'Precondition required',
      'Send If-Match with the version of the application you are acting on.',
    );
  }
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(h).trim());
  if (!m)
    throw new ApiProblem(
      400,
      'validation_failed',
      'Request validation failed',
      'headers.if-match: must be the application version, e.g. "3"',
    );
  return Number(m[1]);
}

export function parseIdempotencyKey(h: string | string[] | undefined): string {
  if (h === undefined) {
    throw new ApiProblem(
      428,
      'idempotency_key_required',
      'Precondition required',
      'Send an Idempotency-Key header (a fresh UUID per decision) so a retry can never decide twice.',
    );
  }
  const key = String(h);
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(key)) {
    throw new ApiProblem(
      400,
      'validation_failed',
      'Request validation failed',
      'headers.idempotency-key: 8–128 letters, digits, "-" or "_"',
    );
  }
  return key;
}

const hashBody = (v: unknown) => createHash('sha256').update(canonicalJson(v)).digest('hex');

const authorityUser = (u: User): AuthorityUser => ({ id: u.id, roles: u.roles, authority: u.authority });

async function loadForUpdate(q: Queryable, user: User, id: string): Promise<ApplicationRow> {
  const r = await q.query<ApplicationRow>(
    'SELECT *, amount_fen::text AS amount_fen FROM applications WHERE id = $1 FOR UPDATE',
    [id],
  );
  const row = r.rows[0];
  // Out of scope looks the same as absent: the caller learns nothing about other branches' cases.
  if (!row || !(await branchScope(q, user)).includes(row.branch_id)) throw notFound(`No application ${id}.`);
  return row;
}

function stale(row: ApplicationRow, expected: number): ApiProblem {
  return new ApiProblem(
    412,
    'version_mismatch',
    'The case changed',
    `Someone else acted on this case: you had version ${expected}, it is now version ${row.version}. Reload and try again.`,
    {
      current: toSummary(row),
    },
  );
}

async function signaturesOf(q: Queryable, id: string): Promise<Signature[]> {
  const r = await q.query<{ actor_id: string; payload: { role?: Signature['role'] } }>(
    "SELECT actor_id, payload FROM decisions WHERE application_id = $1 AND action = 'sign' ORDER BY id",
    [id],
  );
  return r.rows.map((x) => ({ userId: x.actor_id, role: x.payload.role ?? 'approver' }));
}

async function votesOf(q: Queryable, id: string): Promise<Vote[]> {
  const r = await q.query<{ actor_id: string; payload: { vote: 'approve' | 'decline' } }>(
    "SELECT actor_id, payload FROM decisions WHERE application_id = $1 AND action = 'vote' ORDER BY id",
    [id],
  );
  return r.rows.map((x) => ({ userId: x.actor_id, vote: x.payload.vote }));
}

function refuse(check: { code: string; reason: { zh: string; en: string }; requiredRole: string | null }) {
  return forbidden(`${check.reason.en}.${check.requiredRole ? ` Who may decide: ${check.requiredRole}.` : ''}`, {
    reasonCode: check.code,
    reasonZh: check.reason.zh,
    requiredRole: check.requiredRole,
  });
}

/** The case's earlier signatures and votes, as planChange needs them: read from the database, or held in memory (bulk seeding). */
export interface DecisionHistory {
  signatures(): Promise<Signature[]>;
  votes(): Promise<Vote[]>;
}
type Vote = { userId: string; vote: 'approve' | 'decline' };

const storedHistory = (q: Queryable, id: string): DecisionHistory => ({
  signatures: () => signaturesOf(q, id),
  votes: () => votesOf(q, id),
});

export interface Change {
  to: Status;
  action: string;
  payload: Record<string, unknown>;
  set?: Record<string, unknown>;
  message: string;
  outcome: string;
}

export async function decide(
  db: Database,
  user: User,
  id: string,
  version: number,
  idempotencyKey: string,
  body: Decision,
  now = new Date(),
): Promise<DecisionOutcome> {
  return idempotent(db, user.id, idempotencyKey, { id, body }, async (q) => {
    const row = await loadForUpdate(q, user, id);
    if (row.version !== version) throw stale(row, version);
    if (row.assignee_id && row.assignee_id !== user.id) {
      throw new ApiProblem(
        409,
        'claimed_by_other',
        'Case is claimed',
        `This case is being worked by another user (${row.assignee_id}); they must release it first.`,
        { assigneeId: row.assignee_id },
      );
    }
    const change = await planChange(storedHistory(q, id), user, row, body);
    assertTransition(row.status, change.to);

    const sets = changeSets(change, now);
    const cols = Object.keys(sets);
    const updated = await q.query<ApplicationRow>(
      `UPDATE applications SET ${cols.map((c, i) => `${c} = $${i + 3}`).join(', ')}, version = version + 1
       WHERE id = $1 AND version = $2 RETURNING *, amount_fen::text AS amount_fen`,
      [id, version, ...cols.map((c) => sets[c])],
    );
    const after = updated.rows[0];
    if (!after) throw stale(row, version);
    await record(q, id, user.id, change.action, row.status, change.to, change.payload, now);
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
  });
}

/** The columns a decision sets (besides version + 1): its status, its own fields, and decided_at when it settles the case. */
export function changeSets(change: Change, now: Date): Record<string, unknown> {
  const sets: Record<string, unknown> = { status: change.to, updated_at: now.toISOString(), ...change.set };
  if (change.to === 'approved' || change.to === 'declined') sets.decided_at = now.toISOString();
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

/**
 * Runs `fn` at most once per (user, key): the key is claimed first in the same transaction, so a
 * concurrent retry waits on it and then replays the stored answer; the same key with another body is 422.
 */
export async function idempotent<T>(
  db: Database,
  userId: string,
  key: string,
  request: unknown,
  fn: (q: Queryable) => Promise<T>,
  status = 200,
): Promise<{ status: number; body: T; replayed: boolean }> {
  const requestHash = hashBody(request);
  return db.tx(async (q) => {
    const claimed = await q.query(
      "INSERT INTO idempotency_keys (user_id, key, request_hash, status, response) VALUES ($1, $2, $3, 0, '{}') ON CONFLICT DO NOTHING RETURNING key",
      [userId, key, requestHash],
    );
    if (claimed.rowCount === 0) {
      const prior = (
        await q.query<{ request_hash: string; status: number; response: T }>(
          'SELECT request_hash, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
          [userId, key],
        )
      ).rows[0]!;
      if (prior.request_hash !== requestHash) {
        throw new ApiProblem(
          422,
          'idempotency_key_reused',
          'Idempotency key reused',
          'This Idempotency-Key was already used for a different request; use a fresh key for a new one.',
        );
      }
      return { status: prior.status, body: prior.response, replayed: true };
    }
    const body = await fn(q);
    await q.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE user_id = $1 AND key = $2', [
      userId,
      key,
      status,
      JSON.stringify(body),
    ]);
    return { status, body, replayed: false };
  });
}

/**
 * What a decision does to a case, after every check (authority, separation of duties, status machine,
 * product limits); throws the refusal otherwise. Writes nothing: decide() writes the change, and bulk
 * seeding applies the same change to its in-memory case.
 */
export async function planChange(
  history: DecisionHistory,
  user: User,
  row: ApplicationRow,
  body: Decision,
): Promise<Change> {
  const base = {
    amount: BigInt(row.amount_fen),
    grade: row.grade ?? 'E',
    tier: row.tier,
    createdBy: row.created_by ?? '',
    investigatedBy: row.investigated_by,
  } as const;
  switch (body.action) {
    case 'approve': {
      if (row.status !== 'in_review') assertTransition(row.status, 'approved');
      const amount = parsePositiveMoney(body.amount, 'amount');
      if (amount > BigInt(row.amount_fen)) {
        throw new ApiProblem(
          400,
          'validation_failed',
          'Request validation failed',
          'amount: cannot approve more than the applicant asked for',
        );
      }
      const rate = parseRatePercent(body.annualRate, 'annualRate', { maxPercent: MAX_ANNUAL_RATE_PERCENT });
      if (rate <= 0n)
        throw new ApiProblem(400, 'validation_failed', 'Request validation failed', 'annualRate: must be above zero');
      checkProductLimits(getProduct(row.product_code), amount, body.termMonths, body.repaymentMethod);
      const signatures = await history.signatures();
      const check = checkAuthority(authorityUser(user), { ...base, amount, signatures, action: 'approve' });
      if (!check.allowed) throw refuse(check);
      const terms = {
        amount: body.amount,
        annualRate: body.annualRate,
        termMonths: body.termMonths,
        repaymentMethod: body.repaymentMethod,
      };
      const role = user.roles.includes('senior_approver') && check.signatureStep === 2 ? 'senior_approver' : 'approver';
      if (!check.completesDecision) {
        return {
          to: 'in_review',
          action: 'sign',
          payload: {
            ...terms,
            conditions: body.conditions,
            comment: body.comment ?? null,
            role,
            step: check.signatureStep,
          },
          set: {
            assignee_id: null,
            approved_terms: JSON.stringify(terms),
            conditions: JSON.stringify(body.conditions),
          },
          outcome: 'first_signature',
          message: check.reason.en,
        };
      }
      return {
        to: 'approved',
        action: row.tier === 'standard' ? 'sign' : 'approve',
        payload: {
          ...terms,
          conditions: body.conditions,
          comment: body.comment ?? null,
          role,
          step: check.signatureStep,
        },
        set: { assignee_id: null, approved_terms: JSON.stringify(terms), conditions: JSON.stringify(body.conditions) },
        outcome: 'approved',
        message: check.reason.en,
      };
    }
    case 'decline': {
      const check = checkAuthority(authorityUser(user), { ...base, action: 'decline' });
      if (!check.allowed) throw refuse(check);
      return {
        to: 'declined',
        action: 'decline',
        payload: { reasonCodes: body.reasonCodes, comment: body.comment ?? null },
        set: { assignee_id: null },
        outcome: 'declined',
        message: 'Declined.',
      };
    }
    case 'return': {
      if (!user.roles.some((r) => r === 'approver' || r === 'senior_approver'))
        throw forbidden('Only approvers return cases for material.', { requiredRole: 'approver' });
      const known = new Set(row.checklist.map((c) => String(c.code)));
      const unknown = body.items.filter((i) => !known.has(i));
      if (unknown.length) {
        throw new ApiProblem(
          400,
          'validation_failed',
          'Request validation failed',
          `items: not on this case's checklist: ${unknown.join(', ')}`,
        );
      }
      const checklist = row.checklist.map((c) =>
        body.items.includes(String(c.code)) ? { ...c, state: 'requested' } : c,
      );
      return {
        to: 'returned',
        action: 'return',
        payload: { items: body.items, comment: body.comment ?? null },
        set: { assignee_id: null, checklist: JSON.stringify(checklist) },
        outcome: 'returned',
        message: 'Returned for material.',
      };
    }
    case 'escalate': {
      if (!user.roles.some((r) => r === 'approver' || r === 'senior_approver'))
        throw forbidden('Only approvers escalate cases.', { requiredRole: 'approver' });
      return {
        to: 'escalated',
        action: 'escalate',
        payload: { reason: body.reason, to: body.to },
        set: { assignee_id: null, tier: 'committee' },
        outcome: 'escalated',
        message: 'Escalated to the credit committee.',
      };
    }
    case 'vote': {
      if (row.status !== 'committee' && row.status !== 'escalated') {
        // Votes belong to committee cases: escalated ones, or ones the routing sent to the committee tier.
        if (row.tier !== 'committee' || row.status !== 'in_review') assertTransition(row.status, 'committee');
        if (row.tier !== 'committee') {
          throw new ApiProblem(
            409,
            'workflow.illegal_transition',
            'Conflict',
            'This case is not before the credit committee; an approver must escalate it first.',
          );
        }
      }
      const check = checkAuthority(authorityUser(user), { ...base, tier: 'committee', action: 'vote' });
      if (!check.allowed) throw refuse(check);
      const votes = await history.votes();
      if (votes.some((v) => v.userId === user.id))
        throw new ApiProblem(
          409,
          'already_voted',
          'Already voted',
          'You have already voted on this case; each member votes once.',
        );
      const tally = committeeOutcome([...votes, { userId: user.id, vote: body.vote }], {
        createdBy: row.created_by ?? '',
        investigatedBy: row.investigated_by,
      });
      const payload = {
        vote: body.vote,
        comment: body.comment ?? null,
        approvals: tally.approvals,
        declines: tally.declines,
      };
      // The first vote on an escalated case opens the committee; the deciding vote closes it.
      const to: Status = !tally.decided ? 'committee' : tally.outcome === 'approve' ? 'approved' : 'declined';
      const terms = row.approved_terms ?? {
        amount: toSummary(row).amount,
        annualRate: String((row.assessment as { price?: { annualRate?: string } }).price?.annualRate ?? ''),
        termMonths: row.term_months,
        repaymentMethod: row.repayment_method,
      };
      return {
        to,
        action: 'vote',
        payload,
        set: to === 'approved' ? { approved_terms: JSON.stringify(terms) } : {},
        outcome: tally.decided ? `committee_${tally.outcome}` : 'vote_recorded',
        message: tally.decided
          ? `The committee has decided: ${tally.outcome} (${tally.approvals}–${tally.declines}).`
          : `Vote recorded (${tally.approvals + tally.declines} of the quorum).`,
      };
    }
  }
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
    if (!['in_review', 'committee', 'escalated', 'returned'].includes(row.status)) {
      throw new ApiProblem(
        409,
        'workflow.illegal_transition',
        'Conflict',
        `A case in status "${row.status}" cannot be claimed or released.`,
      );
    }
    if (claim && row.assignee_id && row.assignee_id !== user.id) {
      throw new ApiProblem(
        409,
        'claimed_by_other',
        'Case is claimed',
        `This case is being worked by ${row.assignee_id}.`,
        { assigneeId: row.assignee_id },
      );
    }
    if (!claim && row.assignee_id !== user.id) {
      throw new ApiProblem(409, 'not_claimed_by_you', 'Not your claim', 'You can release only a case you claimed.');
    }
    const r = await q.query<ApplicationRow>(
      'UPDATE applications SET assignee_id = $3, version = version + 1, updated_at = $4 WHERE id = $1 AND version = $2 RETURNING *, amount_fen::text AS amount_fen',
      [id, version, claim ? user.id : null, now.toISOString()],
    );
    const after = r.rows[0]!;
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
