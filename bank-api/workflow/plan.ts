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
import { beijingDate } from '../../shared/calendar';
import {
  type AuthorityCheck,
  type AuthorityUser,
  checkAuthority,
  checkHandling,
  committeeOutcome,
  type GateItem,
  missingForApproval,
  type Signature,
} from '../../shared/credit/authority';
import { investigatorsOf } from '../../shared/credit/investigation';
import { fromStored, type LoanCondition } from '../../shared/credit/loan-conditions';
import {
  checkPricingAuthority,
  mayGrantPricing,
  type PricingAuthorityResult,
} from '../../shared/credit/pricing-authority';
import { checkProductLimits, getProduct } from '../../shared/credit/products';
import {
  COLLATERAL_ON_FILE,
  type ConditionRuleInput,
  guarantorMissing,
  missingConditions,
  prefilledConditions,
} from '../../shared/credit/required-conditions';
import { MAX_ANNUAL_RATE_PERCENT, parsePositiveMoney, parseRatePercent } from '../../shared/money/money';
import { assertTransition, type Status } from '../../shared/workflow/status';
import { ApiProblem, conflict, forbidden, validationFailed } from '../http/problems';
import type { ApplicationChange } from './applications-repo';
import { type ApplicationRow, conditionsOf, guarantorsOf, toSummary } from './rows';

export type Decision = z.output<typeof DecisionRequestSchema>;
type Action = Decision['action'];
type DecisionOf<A extends Action> = Extract<Decision, { action: A }>;
export type Vote = { userId: string; vote: 'approve' | 'decline' };

/** The case's earlier signatures and votes: read from the database, or held in memory (seeding). */
export interface DecisionHistory {
  signatures(): Promise<Signature[]>;
  votes(): Promise<Vote[]>;
  /** Who escalated the case last (an escalation or a pricing-exception request), or null. */
  escalatedBy(): Promise<string | null>;
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
const authorityCase = (row: ApplicationRow, escalatedBy: string | null = null) =>
  ({
    amount: BigInt(row.amount_fen),
    grade: row.grade ?? 'E',
    tier: row.tier,
    createdBy: row.created_by ?? '',
    investigatedBy: row.investigated_by,
    escalatedTo: row.status === 'escalated' ? row.escalated_to : null,
    escalatedBy,
  }) as const;

/** The history's last escalator, read only when the case waits on an escalation. */
const escalator = async (history: DecisionHistory, row: ApplicationRow) =>
  row.status === 'escalated' ? history.escalatedBy() : null;

/**
 * Gates before an approval signature or an approving vote (shared/credit/authority.ts missingForApproval):
 * every checklist item in hand and, on standard and committee cases, the investigation recorded.
 */
export function approvalGates(row: ApplicationRow): GateItem[] {
  return missingForApproval({
    checklist: row.checklist,
    investigation: row.investigation,
    tier: row.tier,
    routedTier: (row.routing as { tier?: string }).tier ?? null,
  });
}

function assertGates(row: ApplicationRow, user?: User) {
  // 双人调查: the second investigator of a field visit may not decide the case either (SOD).
  if (
    user &&
    investigatorsOf({ investigation: row.investigation, investigatedBy: row.investigated_by }).includes(user.id)
  )
    throw forbidden("You took part in this case's investigation; someone else must decide it.", {
      reasonCode: 'SOD_INVESTIGATOR',
      reasonZh: '参与贷前调查的人员不得审批本案',
    });
  const missing = approvalGates(row);
  if (missing.length === 0) return;
  const materials = missing.filter((m) => m.code !== 'INVESTIGATION');
  const reasonCode = materials.length ? 'GATE_MATERIALS' : 'GATE_INVESTIGATION';
  throw new ApiProblem(
    409,
    'gates.not_met',
    'Approval gates not met',
    `Cannot approve before every required item is in hand; missing: ${missing.map((m) => `${m.en} (${m.code})`).join(', ')}. Return the case for material instead.`,
    { reasonCode, reasonZh: `尚不满足审批前置条件，缺少：${missing.map((m) => m.zh).join('、')}`, missing },
  );
}

/** The proposed rate against pricing authority (定价授权), on the LPR of the case's assessment date. */
function pricingOf(row: ApplicationRow, termMonths: number, annualRate: string): PricingAuthorityResult {
  const asOf = (row.assessment as { asOf?: string }).asOf ?? beijingDate(new Date(row.submitted_at));
  return checkPricingAuthority({
    product: getProduct(row.product_code),
    grade: row.grade ?? 'E',
    termMonths,
    lprDate: asOf,
    annualRate,
  });
}

/** 403 `pricing.exception_required`: the rate is beyond what this user may grant; names who may. */
function pricingRefusal(p: PricingAuthorityResult) {
  const who = p.grant === 'committee' ? 'the credit committee' : 'a senior approver';
  return new ApiProblem(
    403,
    'pricing.exception_required',
    'Pricing exception required',
    `${p.reason.en}. Send it as a pricing exception (pricingException: { reason }) to ${who}, or price within your authority.`,
    { reasonCode: p.code, reasonZh: p.reason.zh, requiredRole: p.grant, facts: p.facts },
  );
}

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

/** What the required-conditions rule reads of a case approved at `amount`. */
function conditionRuleInput(row: ApplicationRow, amount: bigint): ConditionRuleInput {
  const product = getProduct(row.product_code);
  return { productCode: product.code, guaranteeType: product.guaranteeType, amount, guarantors: guarantorsOf(row) };
}

/** 422 `conditions.guarantor_missing`: a guaranteed product whose case names no guarantor cannot be approved. */
function assertGuarantor(input: ConditionRuleInput) {
  if (!guarantorMissing(input)) return;
  throw new ApiProblem(
    422,
    'conditions.guarantor_missing',
    'Guarantor missing',
    `${input.productCode} is a guaranteed product (保证) and this case names no guarantor; it cannot be approved. Return it for a guarantor or decline it.`,
    { reasonZh: `保证类产品 ${input.productCode} 未提供保证人，不得审批通过`, productCode: input.productCode },
  );
}

/**
 * The required conditions (shared/credit/required-conditions.ts) are all there, or 422
 * `conditions.required_missing` naming each missing item (`missing`: [{ type, guarantor?, zh, en }]).
 */
function assertRequiredConditions(input: ConditionRuleInput, conditions: readonly LoanCondition[]) {
  assertGuarantor(input);
  const missing = missingConditions(input, conditions);
  if (missing.length === 0) return;
  throw new ApiProblem(
    422,
    'conditions.required_missing',
    'Required conditions missing',
    `This approval must carry: ${missing.map((m) => m.en).join('; ')}.`,
    { reasonZh: `审批须附放款条件：${missing.map((m) => m.zh).join('；')}`, missing },
  );
}

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
    checkAuthority(authorityUser(user), {
      ...authorityCase(row, await escalator(history, row)),
      amount,
      signatures,
      action: 'approve',
    }),
  );
  assertGates(row, user);
  const terms = {
    amount: body.amount,
    annualRate: body.annualRate,
    termMonths: body.termMonths,
    repaymentMethod: body.repaymentMethod,
  };
  const pricing = pricingOf(row, body.termMonths, body.annualRate);
  if (!mayGrantPricing(user.roles, pricing.grant) && !body.pricingException) throw pricingRefusal(pricing);
  // The conditions go with the approval, or with the pricing exception to whoever grants it.
  assertRequiredConditions(conditionRuleInput(row, amount), body.conditions);
  if (!mayGrantPricing(user.roles, pricing.grant)) return pricingExceptionChange(user, row, terms, body, pricing);
  const senior = user.roles.includes('senior_approver');
  const role = senior && (check.signatureStep === 2 || row.status === 'escalated') ? 'senior_approver' : 'approver';
  // A signature that does not complete the decision (a standard case's first) leaves the case in review.
  const settles = check.completesDecision;
  // A pending pricing exception is granted by this approval when it falls to this user's authority.
  const granted = row.pricing_exception && settles && pricing.grant !== 'within' ? pricing : null;
  return {
    to: settles ? 'approved' : 'in_review',
    action: settles && (row.tier !== 'standard' || row.status === 'escalated') ? 'approve' : 'sign',
    payload: {
      ...terms,
      conditions: body.conditions,
      comment: body.comment ?? null,
      role,
      step: check.signatureStep,
      ...(granted ? { pricingGranted: { code: granted.code, grantRole: pricing.grant, facts: granted.facts } } : {}),
    },
    set: {
      assignee_id: null,
      approved_terms: terms,
      conditions: body.conditions,
      ...(granted && row.pricing_exception
        ? { pricing_exception: { ...row.pricing_exception, grantedBy: user.id, grantedTerms: terms } }
        : {}),
    },
    outcome: settles ? 'approved' : 'first_signature',
    message: granted ? `${check.reason.en}; pricing exception granted.` : check.reason.en,
  };
}

/** An approval at a rate beyond the user's pricing authority, sent on to whoever may grant it. */
function pricingExceptionChange(
  user: User,
  row: ApplicationRow,
  terms: Record<string, unknown>,
  body: DecisionOf<'approve'>,
  pricing: PricingAuthorityResult,
): Change {
  const grantRole = pricing.grant === 'committee' ? 'committee' : 'senior_approver';
  if (row.escalated_to === grantRole && row.status === 'escalated')
    throw conflict('escalation.already_there', `This case already waits for the ${grantRole}.`);
  const exception = {
    terms,
    conditions: body.conditions,
    reason: body.pricingException!.reason,
    requestedBy: user.id,
    grantRole,
    code: pricing.code,
    zh: pricing.reason.zh,
    en: pricing.reason.en,
    facts: pricing.facts,
  };
  return {
    to: 'escalated',
    action: 'pricing_exception',
    payload: { ...exception, to: grantRole },
    set: {
      assignee_id: null,
      escalated_to: grantRole,
      pricing_exception: exception,
      ...(grantRole === 'committee' ? { tier: 'committee' as const } : {}),
    },
    outcome: 'pricing_exception',
    message: `Pricing exception sent to the ${grantRole === 'committee' ? 'credit committee' : 'senior approvers'}: ${pricing.reason.en}.`,
  };
}

export async function planDecline({ history, user, row }: PlanContext, body: DecisionOf<'decline'>): Promise<Change> {
  allowedOrRefuse(
    checkAuthority(authorityUser(user), {
      ...authorityCase(row, await escalator(history, row)),
      signatures: await history.signatures(),
      action: 'decline',
    }),
  );
  return {
    to: 'declined',
    action: 'decline',
    payload: { reasonCodes: body.reasonCodes, comment: body.comment ?? null },
    set: { assignee_id: null },
    outcome: 'declined',
    message: 'Declined.',
  };
}

export async function planReturn({ history, user, row }: PlanContext, body: DecisionOf<'return'>): Promise<Change> {
  if (row.status === 'escalated' && row.escalated_to !== 'senior_approver')
    throw conflict('workflow.illegal_transition', 'This case is before the credit committee; it votes on it.');
  allowedOrRefuse(checkHandling(authorityUser(user), 'return', authorityCase(row, await escalator(history, row))));
  const known = new Set(row.checklist.map((c) => String(c.code)));
  const unknown = body.items.filter((i) => !known.has(i));
  if (unknown.length) throw validationFailed('body.items', `not on this case's checklist: ${unknown.join(', ')}`);
  const checklist = row.checklist.map((c) => (body.items.includes(String(c.code)) ? { ...c, state: 'requested' } : c));
  return {
    to: 'returned',
    action: 'return',
    payload: { items: body.items, comment: body.comment ?? null },
    // Back to the front office: when the material comes, the case starts its review afresh.
    set: { assignee_id: null, checklist, escalated_to: null, pricing_exception: null },
    outcome: 'returned',
    message: 'Returned for material.',
  };
}

export async function planEscalate({ history, user, row }: PlanContext, body: DecisionOf<'escalate'>): Promise<Change> {
  allowedOrRefuse(checkHandling(authorityUser(user), 'escalate', authorityCase(row, await escalator(history, row))));
  const to = body.to;
  if (row.status === 'escalated' && row.escalated_to === 'committee')
    throw conflict('escalation.already_committee', 'This case is already before the credit committee.');
  // A case routed to the committee is prepared by an approver and escalated to it, never to a senior.
  if (row.tier === 'committee' && to === 'senior_approver')
    throw conflict(
      'escalation.committee_case',
      'This case is decided by the credit committee; escalate it to: "committee".',
    );
  if (to === 'senior_approver' && row.status === 'escalated' && row.escalated_to === 'senior_approver')
    throw conflict(
      'escalation.already_senior',
      'This case already waits for a senior approver; escalate it to the committee (to: "committee") instead.',
    );
  return {
    to: 'escalated',
    action: 'escalate',
    payload: { reason: body.reason, to, from: row.escalated_to ?? row.tier },
    set: { assignee_id: null, escalated_to: to, ...(to === 'committee' ? { tier: 'committee' as const } : {}) },
    outcome: 'escalated',
    message: to === 'committee' ? 'Escalated to the credit committee.' : 'Escalated to a senior approver.',
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
  if (row.status === 'escalated' && row.escalated_to === 'senior_approver' && row.tier !== 'committee')
    throw conflict(
      'workflow.illegal_transition',
      'This case waits for a senior approver, not the credit committee; only a senior approver may escalate it to the committee.',
    );
  allowedOrRefuse(checkAuthority(authorityUser(user), { ...authorityCase(row), tier: 'committee', action: 'vote' }));
  if (body.vote === 'approve') {
    assertGates(row, user);
    assertGuarantor(conditionRuleInput(row, BigInt(row.amount_fen)));
  }
  const votes = await history.votes();
  if (votes.some((v) => v.userId === user.id))
    throw conflict('already_voted', 'You have already voted on this case; each member votes once.');
  const tally = committeeOutcome([...votes, { userId: user.id, vote: body.vote }], {
    createdBy: row.created_by ?? '',
    investigatedBy: row.investigated_by,
  });
  // The first vote on an escalated case opens the committee; the deciding vote closes it.
  const to: Status = !tally.decided ? 'committee' : tally.outcome === 'approve' ? 'approved' : 'declined';
  const pricingTerms = (row.pricing_exception as { terms?: Record<string, unknown> } | null)?.terms;
  const terms = pricingTerms ??
    row.approved_terms ?? {
      amount: toSummary(row).amount,
      annualRate: String((row.assessment as { price?: { annualRate?: string } }).price?.annualRate ?? ''),
      termMonths: row.term_months,
      repaymentMethod: row.repayment_method,
    };
  return {
    to,
    action: 'vote',
    payload: {
      vote: body.vote,
      comment: body.comment ?? null,
      approvals: tally.approvals,
      declines: tally.declines,
      ...(to === 'approved' && row.pricing_exception ? { pricingGranted: { grantRole: 'committee', terms } } : {}),
    },
    set:
      to === 'approved'
        ? {
            approved_terms: terms,
            conditions: committeeConditions(row, terms),
            ...(row.pricing_exception
              ? { pricing_exception: { ...row.pricing_exception, grantedBy: 'committee', grantedTerms: terms } }
              : {}),
          }
        : {},
    outcome: tally.decided ? `committee_${tally.outcome}` : 'vote_recorded',
    message: tally.decided
      ? `The committee has decided: ${tally.outcome} (${tally.approvals}–${tally.declines}).`
      : `Vote recorded (${tally.approvals + tally.declines} of the quorum).`,
  };
}

/**
 * The conditions a committee approval carries: those of the pricing exception it grants (or the case's
 * own), completed with any required item they lack — a guarantee per guarantor, 受托支付 above the
 * threshold, and the mortgage of the collateral on file (its 不动产权证书) — since a vote carries none.
 */
function committeeConditions(row: ApplicationRow, terms: Record<string, unknown>): LoanCondition[] {
  const stored = (row.pricing_exception as { conditions?: unknown[] } | null)?.conditions;
  const have = stored ? stored.map(fromStored) : conditionsOf(row);
  let amount = BigInt(row.amount_fen);
  try {
    amount = parsePositiveMoney(String(terms.amount));
  } catch {
    // terms without a readable amount: the requested amount stands
  }
  const input = conditionRuleInput(row, amount);
  const missing = missingConditions(input, have);
  if (missing.length === 0) return have;
  const fill = prefilledConditions(input, COLLATERAL_ON_FILE).filter((c) =>
    missing.some((m) => m.type === c.type && (c.type !== 'guarantee_signed' || m.guarantor === c.params.guarantor)),
  );
  return [...fill, ...have];
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
