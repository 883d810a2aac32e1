/**
 * What a decision does to a case — one small planner per action (approve, decline, return, escalate,
 * vote), after every check: authority and separation of duties (shared/credit/authority.ts, whose
 * refusals carry Chinese and English reasons), the status machine, product limits. A planner writes
 * nothing: decide.ts writes its change through the repository, and the seed applies the same change to
 * its in-memory case.
 */
import type { z } from 'zod';
import type { DecisionRequestSchema } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import {
  type AuthorityCheck,
  type AuthorityUser,
  checkAuthority,
  checkHandling,
  committeeOutcome,
  type Signature,
} from '../../shared/credit/authority';
import { checkProductLimits, getProduct } from '../../shared/credit/products';
import { MAX_ANNUAL_RATE_PERCENT, parsePositiveMoney, parseRatePercent } from '../../shared/money/money';
import { assertTransition, type Status } from '../../shared/workflow/status';
import { conflict, forbidden, validationFailed } from '../http/problems';
import type { ApplicationChange } from './applications-repo';
import { type ApplicationRow, toSummary } from './rows';

export type Decision = z.output<typeof DecisionRequestSchema>;
type Action = Decision['action'];
type DecisionOf<A extends Action> = Extract<Decision, { action: A }>;
export type Vote = { userId: string; vote: 'approve' | 'decline' };

/** The case's earlier signatures and votes: read from the database, or held in memory (seeding). */
export interface DecisionHistory {
  signatures(): Promise<Signature[]>;
  votes(): Promise<Vote[]>;
}

/** A planned decision: the status it leads to, its history row, the columns it sets, and what to tell the user. */
export interface Change {
  to: Status;
  action: string;
  payload: Record<string, unknown>;
  set: ApplicationChange;
  message: string;
  outcome: string;
}

interface PlanContext {
  history: DecisionHistory;
  user: User;
  row: ApplicationRow;
}

const authorityUser = (u: User): AuthorityUser => ({ id: u.id, roles: u.roles, authority: u.authority });

/** The case as the authority rules see it. */
const authorityCase = (row: ApplicationRow) =>
  ({
    amount: BigInt(row.amount_fen),
    grade: row.grade ?? 'E',
    tier: row.tier,
    createdBy: row.created_by ?? '',
    investigatedBy: row.investigated_by,
  }) as const;

/** A refusal by the authority rules: 403 with the reason in English (detail) and Chinese (reasonZh). */
export function refuse(check: Pick<AuthorityCheck, 'code' | 'reason' | 'requiredRole'>) {
  return forbidden(`${check.reason.en}.${check.requiredRole ? ` Who may decide: ${check.requiredRole}.` : ''}`, {
    reasonCode: check.code,
    reasonZh: check.reason.zh,
    requiredRole: check.requiredRole,
  });
}

const allowedOrRefuse = (check: AuthorityCheck) => {
  if (!check.allowed) throw refuse(check);
  return check;
};

export async function planApprove({ history, user, row }: PlanContext, body: DecisionOf<'approve'>): Promise<Change> {
  if (row.status !== 'in_review') assertTransition(row.status, 'approved');
  const amount = parsePositiveMoney(body.amount, 'amount');
  if (amount > BigInt(row.amount_fen))
    throw validationFailed('body.amount', 'cannot approve more than the applicant asked for');
  const rate = parseRatePercent(body.annualRate, 'annualRate', { maxPercent: MAX_ANNUAL_RATE_PERCENT });
  if (rate <= 0n) throw validationFailed('body.annualRate', 'must be above zero');
  checkProductLimits(getProduct(row.product_code), amount, body.termMonths, body.repaymentMethod);
  const signatures = await history.signatures();
  const check = allowedOrRefuse(
    checkAuthority(authorityUser(user), { ...authorityCase(row), amount, signatures, action: 'approve' }),
  );
  const terms = {
    amount: body.amount,
    annualRate: body.annualRate,
    termMonths: body.termMonths,
    repaymentMethod: body.repaymentMethod,
  };
  const role = user.roles.includes('senior_approver') && check.signatureStep === 2 ? 'senior_approver' : 'approver';
  // A signature that does not complete the decision (a standard case's first) leaves the case in review.
  const settles = check.completesDecision;
  return {
    to: settles ? 'approved' : 'in_review',
    action: settles && row.tier !== 'standard' ? 'approve' : 'sign',
    payload: { ...terms, conditions: body.conditions, comment: body.comment ?? null, role, step: check.signatureStep },
    set: { assignee_id: null, approved_terms: terms, conditions: body.conditions },
    outcome: settles ? 'approved' : 'first_signature',
    message: check.reason.en,
  };
}

export function planDecline({ user, row }: PlanContext, body: DecisionOf<'decline'>): Change {
  allowedOrRefuse(checkAuthority(authorityUser(user), { ...authorityCase(row), action: 'decline' }));
  return {
    to: 'declined',
    action: 'decline',
    payload: { reasonCodes: body.reasonCodes, comment: body.comment ?? null },
    set: { assignee_id: null },
    outcome: 'declined',
    message: 'Declined.',
  };
}

export function planReturn({ user, row }: PlanContext, body: DecisionOf<'return'>): Change {
  allowedOrRefuse(checkHandling(authorityUser(user), 'return', authorityCase(row)));
  const known = new Set(row.checklist.map((c) => String(c.code)));
  const unknown = body.items.filter((i) => !known.has(i));
  if (unknown.length) throw validationFailed('body.items', `not on this case's checklist: ${unknown.join(', ')}`);
  const checklist = row.checklist.map((c) => (body.items.includes(String(c.code)) ? { ...c, state: 'requested' } : c));
  return {
    to: 'returned',
    action: 'return',
    payload: { items: body.items, comment: body.comment ?? null },
    set: { assignee_id: null, checklist },
    outcome: 'returned',
    message: 'Returned for material.',
  };
}

export function planEscalate({ user, row }: PlanContext, body: DecisionOf<'escalate'>): Change {
  allowedOrRefuse(checkHandling(authorityUser(user), 'escalate', authorityCase(row)));
  return {
    to: 'escalated',
    action: 'escalate',
    payload: { reason: body.reason, to: body.to },
    set: { assignee_id: null, tier: 'committee' },
    outcome: 'escalated',
    message: 'Escalated to the credit committee.',
  };
}

export async function planVote({ history, user, row }: PlanContext, body: DecisionOf<'vote'>): Promise<Change> {
  if (row.status !== 'committee' && row.status !== 'escalated') {
    // Votes belong to committee cases: escalated ones, or ones the routing sent to the committee tier.
    if (row.tier !== 'committee' || row.status !== 'in_review') assertTransition(row.status, 'committee');
    if (row.tier !== 'committee')
      throw conflict(
        'workflow.illegal_transition',
        'This case is not before the credit committee; an approver must escalate it first.',
      );
  }
  allowedOrRefuse(checkAuthority(authorityUser(user), { ...authorityCase(row), tier: 'committee', action: 'vote' }));
  const votes = await history.votes();
  if (votes.some((v) => v.userId === user.id))
    throw conflict('already_voted', 'You have already voted on this case; each member votes once.');
  const tally = committeeOutcome([...votes, { userId: user.id, vote: body.vote }], {
    createdBy: row.created_by ?? '',
    investigatedBy: row.investigated_by,
  });
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
    payload: { vote: body.vote, comment: body.comment ?? null, approvals: tally.approvals, declines: tally.declines },
    set: to === 'approved' ? { approved_terms: terms } : {},
    outcome: tally.decided ? `committee_${tally.outcome}` : 'vote_recorded',
    message: tally.decided
      ? `The committee has decided: ${tally.outcome} (${tally.approvals}–${tally.declines}).`
      : `Vote recorded (${tally.approvals + tally.declines} of the quorum).`,
  };
}

const PLANNERS: { [A in Action]: (ctx: PlanContext, body: DecisionOf<A>) => Change | Promise<Change> } = {
  approve: planApprove,
  decline: planDecline,
  return: planReturn,
  escalate: planEscalate,
  vote: planVote,
};

/** The change a decision makes, or the refusal it meets (thrown). */
export async function planChange(
  history: DecisionHistory,
  user: User,
  row: ApplicationRow,
  body: Decision,
): Promise<Change> {
  const plan = PLANNERS[body.action] as (ctx: PlanContext, body: Decision) => Change | Promise<Change>;
  return plan({ history, user, row }, body);
}
