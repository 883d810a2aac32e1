/**
 * The decision panel's logic, without React: the form's initial state from the case (or a draft), the
 * authority explanation from shared/credit's checkAuthority (the same rule the bank API enforces), and
 * validation that refuses bad input with a specific message key before anything is sent.
 */
import { type ApplicationDetail, CONDITIONS_MAX_CHARS, type DecisionRequest } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import {
  type AuthorityCheck,
  checkAuthority,
  checkHandling,
  type GateItem,
  missingForApproval,
  type Signature,
} from '../../../shared/credit/authority';
import type { Grade } from '../../../shared/credit/grades';
import {
  LOAN_CONDITION_TYPES,
  type LoanCondition,
  type LoanConditionType,
} from '../../../shared/credit/loan-conditions';
import {
  checkPricingAuthority,
  mayGrantPricing,
  type PricingAuthorityResult,
} from '../../../shared/credit/pricing-authority';
import { findProduct } from '../../../shared/credit/products';
import {
  COLLATERAL_ON_FILE,
  type ConditionRuleInput,
  caseGuarantors,
  guarantorMissing,
  isRequiredItem,
  missingConditions,
  prefilledConditions,
} from '../../../shared/credit/required-conditions';
import type { DecisionDraft } from '../../../shared/ipc/channels/case';
import { formatMoney, tryParseMoney } from '../../../shared/money/money';
import type { DecisionAction } from '../../../shared/workflow/status';

/** One condition as the editor holds it: its type and every parameter as typed (trimmed when sent). */
export interface ConditionDraft {
  type: LoanConditionType;
  payeeName: string;
  collateral: string;
  guarantor: string;
  text: string;
}
export const STANDARD_DECLINE_REASONS = [
  'DEC_POLICY',
  'DEC_CASHFLOW',
  'DEC_CREDIT',
  'DEC_NEGATIVE',
  'DEC_PURPOSE',
] as const;
export const MAX_CONDITIONS = 20;
export const MAX_ANNUAL_RATE = 36;

export interface DecisionForm {
  action: DecisionAction;
  amount: string;
  rate: string;
  term: string;
  method: string;
  /** The approval's conditions as items (放款条件); the required ones pre-filled. */
  conditions: ConditionDraft[];
  /** A free-text condition typed in one go (sent as an `other` item). */
  otherConditions: string;
  reasons: string[];
  comment: string;
  items: string[];
  escalateTo: 'senior_approver' | 'committee';
  escalateReason: string;
  vote: 'approve' | 'decline';
  /** Send a rate beyond the user's pricing authority on as a pricing exception (定价授权), with why. */
  pricingException: boolean;
  pricingReason: string;
}

/** A message key under `decision.errors` with its parameters. */
export interface FieldError {
  key: string;
  params?: Record<string, string | number>;
}
export type FormErrors = Partial<Record<keyof DecisionForm, FieldError>> & {
  /** Errors of the condition items, by `<index>.<field>` (field: guarantor, collateral, payeeName, text). */
  cond?: Record<string, FieldError>;
};

const ITEM_NOTE_MAX = 500;
const ITEM_LINE_MAX = 200;

export const emptyCondition = (type: LoanConditionType): ConditionDraft => ({
  type,
  payeeName: '',
  collateral: '',
  guarantor: '',
  text: '',
});

/** A condition item as the editor holds it. */
export function toDraftItem(c: LoanCondition): ConditionDraft {
  return {
    ...emptyCondition(c.type),
    payeeName: c.type === 'entrusted_payment' ? (c.params.payeeName ?? '') : '',
    collateral: c.type === 'mortgage_registration' ? c.params.collateral : '',
    guarantor: c.type === 'guarantee_signed' ? c.params.guarantor : '',
    text: c.text ?? '',
  };
}

/** The item as sent (trimmed; empty optional parts left out). Its checks are in {@link conditionErrors}. */
export function toLoanCondition(c: ConditionDraft): LoanCondition {
  const text = c.text.trim();
  const note = text ? { text } : {};
  switch (c.type) {
    case 'entrusted_payment':
      return { type: c.type, params: c.payeeName.trim() ? { payeeName: c.payeeName.trim() } : {}, ...note };
    case 'mortgage_registration':
      return { type: c.type, params: { collateral: c.collateral.trim() }, ...note };
    case 'guarantee_signed':
      return { type: c.type, params: { guarantor: c.guarantor.trim() }, ...note };
    case 'settlement_account':
      return { type: c.type, params: {}, ...note };
    case 'other':
      return { type: c.type, params: {}, text };
  }
}

/** What the required-conditions rule (the bank API's own) reads of this case at `amount` (fen). */
export function conditionInput(d: ApplicationDetail, amount?: bigint | null): ConditionRuleInput {
  const product = findProduct(d.productCode);
  return {
    productCode: d.productCode,
    guaranteeType: product?.guaranteeType ?? 'credit',
    amount: amount ?? tryParseMoney(d.amount) ?? 0n,
    guarantors: d.guarantors ?? caseGuarantors([], d.profile as Parameters<typeof caseGuarantors>[1]),
  };
}

/** The form's amount in fen, or the case's when it does not parse. */
const formAmount = (d: ApplicationDetail, form: Pick<DecisionForm, 'amount'>) =>
  (/^\d{1,15}(\.\d{1,2})?$/.test(form.amount.trim()) ? tryParseMoney(form.amount.trim()) : null) ??
  tryParseMoney(d.amount) ??
  0n;

/** Whether item `i` is the only one meeting a required condition (marked, and not removable). */
export function requiredItem(d: ApplicationDetail, form: Pick<DecisionForm, 'amount' | 'conditions'>, i: number) {
  return isRequiredItem(conditionInput(d, formAmount(d, form)), form.conditions.map(toLoanCondition), i);
}

/** Required items the form lacks at its current amount (for the editor's "add" hints). */
export function missingRequired(d: ApplicationDetail, form: Pick<DecisionForm, 'amount' | 'conditions'>) {
  return missingConditions(conditionInput(d, formAmount(d, form)), form.conditions.map(toLoanCondition));
}

/** Each item's own errors (a parameter it needs, too long a text), by `<index>.<field>`. */
function conditionErrors(items: readonly ConditionDraft[]): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  const line = (i: number, field: keyof ConditionDraft, v: string, required: boolean) => {
    const t = v.trim();
    if (required && !t) out[`${i}.${field}`] = { key: `${field}Required` };
    else if (t.length > ITEM_LINE_MAX) out[`${i}.${field}`] = { key: 'tooLong', params: { max: ITEM_LINE_MAX } };
  };
  items.forEach((c, i) => {
    if (c.type === 'guarantee_signed') line(i, 'guarantor', c.guarantor, true);
    if (c.type === 'mortgage_registration') line(i, 'collateral', c.collateral, true);
    if (c.type === 'entrusted_payment') line(i, 'payeeName', c.payeeName, false);
    const text = c.text.trim();
    const max = c.type === 'other' ? CONDITIONS_MAX_CHARS : ITEM_NOTE_MAX;
    if (c.type === 'other' && !text) out[`${i}.text`] = { key: 'textRequired' };
    else if (text.length > max) out[`${i}.text`] = { key: 'tooLong', params: { max } };
  });
  return out;
}

/** Items kept in a draft (a JSON string: a draft holds text, numbers and lists of short text). */
function draftItems(v: unknown): ConditionDraft[] | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const xs = JSON.parse(v) as unknown;
    if (!Array.isArray(xs)) return undefined;
    return xs
      .filter(
        (x): x is ConditionDraft =>
          !!x &&
          typeof x === 'object' &&
          (LOAN_CONDITION_TYPES as readonly string[]).includes((x as ConditionDraft).type),
      )
      .map((x) => ({
        type: x.type,
        payeeName: String(x.payeeName ?? ''),
        collateral: String(x.collateral ?? ''),
        guarantor: String(x.guarantor ?? ''),
        text: String(x.text ?? ''),
      }));
  } catch {
    return undefined;
  }
}

interface Assessment {
  asOf?: string;
  price?: { annualRate?: string } | null;
  score?: { reasonCodes?: { code: string; text?: { zh: string; en: string } }[]; pd?: string; score?: number };
}

/** Which actions this user may take on this case, in panel order. */
export function availableActions(d: ApplicationDetail, user: User): DecisionAction[] {
  const has = (r: string) => user.roles.includes(r as never);
  const approves = has('approver') || has('senior_approver');
  // The senior lane: a case escalated to a senior approver is decided by one (the bank API checks who).
  if (d.status === 'escalated' && d.escalatedTo === 'senior_approver' && d.tier !== 'committee')
    return has('senior_approver') ? ['approve', 'decline', 'return', 'escalate'] : [];
  if (d.status === 'committee' || d.status === 'escalated') return has('committee') ? ['vote'] : [];
  // A case routed to the committee is prepared by an approver and escalated to it (in_review → escalated).
  if (d.status === 'in_review' && d.tier === 'committee') return approves ? ['escalate', 'return'] : [];
  if (awaitingSecondSignature(d, user)) return [];
  if (d.status === 'in_review' && d.tier !== 'instant' && approves) return ['approve', 'decline', 'return', 'escalate'];
  return [];
}

/** Who last escalated the case (the escalating approver may not decide it on the senior lane). */
export function escalatedBy(d: ApplicationDetail): string | null {
  if (d.status !== 'escalated') return null;
  const h = d.history.filter((x) => x.action === 'escalate' || x.action === 'pricing_exception').at(-1);
  return h?.actorId ?? null;
}

/** Where an escalation should go by default: where the authority check says the decision belongs. */
export function defaultEscalation(d: ApplicationDetail, user: User): DecisionForm['escalateTo'] {
  if (d.tier === 'committee' || (d.status === 'escalated' && d.escalatedTo === 'senior_approver')) return 'committee';
  if (user.roles.includes('senior_approver')) return 'committee';
  const check = checkAuthority(
    { id: user.id, roles: user.roles, authority: user.authority },
    {
      amount: tryParseMoney(d.amount) ?? 0n,
      grade: (d.grade ?? 'E') as Grade,
      tier: d.tier,
      createdBy: d.createdBy ?? '',
      investigatedBy: d.investigatedBy,
      action: 'approve',
    },
  );
  return check.requiredRole === 'committee' ? 'committee' : 'senior_approver';
}

/** The approval gates (the bank API's own rule): what is missing before this case may be approved. */
export function approvalGates(d: ApplicationDetail): GateItem[] {
  return missingForApproval({
    checklist: d.checklist,
    investigation: d.investigation,
    tier: d.tier,
    routedTier: (d.routing as { tier?: string }).tier ?? null,
  });
}

/** The form's rate against pricing authority (定价授权), or null when it cannot be judged (bad input). */
export function pricingCheck(
  d: ApplicationDetail,
  form: Pick<DecisionForm, 'rate' | 'term'>,
): PricingAuthorityResult | null {
  const product = findProduct(d.productCode);
  const asOf = (d.assessment as Assessment).asOf ?? d.submittedAt.slice(0, 10);
  if (!product || !/^\d{1,2}(\.\d{1,4})?$/.test(form.rate.trim())) return null;
  try {
    return checkPricingAuthority({
      product,
      grade: (d.grade ?? 'E') as Grade,
      termMonths: Number(form.term) || d.termMonths,
      lprDate: asOf,
      annualRate: form.rate.trim(),
    });
  } catch {
    return null;
  }
}

/** The pricing a user may not grant on their own: the check, when it needs someone else. */
export function pricingBeyondUser(d: ApplicationDetail, user: User, form: DecisionForm): PricingAuthorityResult | null {
  const p = pricingCheck(d, form);
  return p && !mayGrantPricing(user.roles, p.grant) ? p : null;
}

/**
 * A standard case already signed once, whose second signature this user may not give (they signed first,
 * or they are not a senior approver — checkAuthority's own refusals, as the bank API gives them): the
 * first signature, for the panel to show instead of a form. Null when the user can act or there is none.
 */
export function awaitingSecondSignature(
  d: ApplicationDetail,
  user: User,
): ReturnType<typeof signaturesOf>[number] | null {
  if (d.status !== 'in_review' || d.tier !== 'standard') return null;
  const signatures = signaturesOf(d);
  const first = signatures[0];
  if (!first) return null;
  const signed = typeof first.payload.amount === 'string' ? tryParseMoney(first.payload.amount) : null;
  const check = checkAuthority(
    { id: user.id, roles: user.roles, authority: user.authority },
    {
      amount: signed ?? tryParseMoney(d.amount) ?? 0n,
      grade: (d.grade ?? 'E') as Grade,
      tier: d.tier,
      createdBy: d.createdBy ?? '',
      investigatedBy: d.investigatedBy,
      signatures,
      action: 'approve',
    },
  );
  return !check.allowed && (check.code === 'SOD_SAME_SIGNER' || check.code === 'AUTH_SECOND_NEEDS_SENIOR')
    ? first
    : null;
}

export function initialForm(
  d: ApplicationDetail,
  action: DecisionAction,
  draft?: DecisionDraft | null,
  user?: User,
): DecisionForm {
  const a = d.assessment as Assessment;
  const base: DecisionForm = {
    action,
    amount: d.amount,
    rate: a.price?.annualRate ?? '',
    term: String(d.termMonths),
    method: d.repaymentMethod,
    // The conditions the bank API requires of this case, pre-filled (a mortgage names the property of the
    // title certificate on file until the approver names it).
    conditions: prefilledConditions(conditionInput(d), COLLATERAL_ON_FILE).map(toDraftItem),
    otherConditions: '',
    reasons: [],
    comment: '',
    items: [],
    escalateTo: user ? defaultEscalation(d, user) : 'committee',
    escalateReason: '',
    vote: 'approve',
    pricingException: false,
    pricingReason: '',
  };
  if (!draft) return base;
  const f = draft.fields;
  const str = (k: keyof DecisionForm) => (typeof f[k] === 'string' ? (f[k] as string) : undefined);
  const list = (k: keyof DecisionForm) => (Array.isArray(f[k]) ? (f[k] as string[]) : undefined);
  return {
    ...base,
    action: draft.action,
    amount: str('amount') ?? base.amount,
    rate: str('rate') ?? base.rate,
    term: str('term') ?? base.term,
    method: str('method') ?? base.method,
    conditions: draftItems(f.conditions) ?? base.conditions,
    otherConditions: str('otherConditions') ?? '',
    reasons: list('reasons') ?? [],
    comment: str('comment') ?? '',
    items: list('items') ?? [],
    escalateTo:
      str('escalateTo') === 'senior_approver' ? 'senior_approver' : str('escalateTo') ? 'committee' : base.escalateTo,
    escalateReason: str('escalateReason') ?? '',
    vote: str('vote') === 'decline' ? 'decline' : 'approve',
    pricingException: f.pricingException === true,
    pricingReason: str('pricingReason') ?? '',
  };
}

export function toDraft(form: DecisionForm, version: number, now = new Date()): DecisionDraft {
  const { action, conditions, ...rest } = form;
  // Structured items travel as one JSON string: a draft's values are text, numbers and short lists.
  return { action, fields: { ...rest, conditions: JSON.stringify(conditions) }, version, updatedAt: now.toISOString() };
}

/** Signatures already on a standard case, from its history. */
export function signaturesOf(
  d: ApplicationDetail,
): (Signature & { at: string; name: string | null; payload: Record<string, unknown> })[] {
  return d.history
    .filter((h) => h.action === 'sign' && h.actorId)
    .map((h) => ({
      userId: h.actorId!,
      role: (h.payload.role as Signature['role']) ?? 'approver',
      at: h.at,
      name: h.actorName,
      payload: h.payload,
    }));
}

/** What the bank API will say about this user taking this action, explained before submitting. */
export function explainAuthority(d: ApplicationDetail, user: User, form: DecisionForm): AuthorityCheck | null {
  if (form.action === 'return' || form.action === 'escalate') {
    // Returning and escalating have no limit: only a refusal (the creator's or investigator's own case) is news.
    const handling = checkHandling({ id: user.id, roles: user.roles, authority: user.authority }, form.action, {
      createdBy: d.createdBy ?? '',
      investigatedBy: d.investigatedBy,
      escalatedTo: d.status === 'escalated' ? d.escalatedTo : null,
      escalatedBy: escalatedBy(d),
    });
    return handling.allowed ? null : handling;
  }
  const fen = tryParseMoney(form.amount.trim());
  return checkAuthority(
    { id: user.id, roles: user.roles, authority: user.authority },
    {
      amount: form.action === 'approve' && fen !== null && fen > 0n ? fen : (tryParseMoney(d.amount) ?? 0n),
      grade: (d.grade ?? 'E') as Grade,
      tier: form.action === 'vote' ? 'committee' : d.tier,
      createdBy: d.createdBy ?? '',
      investigatedBy: d.investigatedBy,
      signatures: signaturesOf(d),
      action: form.action === 'vote' ? 'vote' : form.action === 'decline' ? 'decline' : 'approve',
      escalatedTo: d.status === 'escalated' ? d.escalatedTo : null,
      escalatedBy: escalatedBy(d),
    },
  );
}

/** Percent string → hundredths of a basis point (exact), or null. */
function ratePoints(s: string): number | null {
  const m = /^(\d{1,2})(?:\.(\d{1,4}))?$/.exec(s.trim());
  if (!m) return null;
  return Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
}

const tooLong = (s: string): FieldError | null =>
  s.length > CONDITIONS_MAX_CHARS ? { key: 'textTooLong', params: { max: CONDITIONS_MAX_CHARS, n: s.length } } : null;

/** Validates the form and builds the request. Returns the errors (empty when the request may be sent). */
export function buildDecision(
  d: ApplicationDetail,
  user: User,
  form: DecisionForm,
): { errors: FormErrors; request: DecisionRequest | null } {
  const errors: FormErrors = {};
  const comment = form.comment.trim();
  const commentErr = tooLong(comment);
  if (commentErr) errors.comment = commentErr;
  const withComment = comment ? { comment } : {};
  let request: DecisionRequest | null = null;

  switch (form.action) {
    case 'approve':
      request = buildApproval(d, user, form, errors, withComment);
      break;
    case 'decline':
      if (form.reasons.length === 0) errors.reasons = { key: 'reasonsRequired' };
      if (Object.keys(errors).length === 0) request = { action: 'decline', reasonCodes: form.reasons, ...withComment };
      break;
    case 'return':
      if (form.items.length === 0) errors.items = { key: 'itemsRequired' };
      if (Object.keys(errors).length === 0) request = { action: 'return', items: form.items, ...withComment };
      break;
    case 'escalate': {
      const reason = form.escalateReason.trim();
      if (!reason) errors.escalateReason = { key: 'reasonRequired' };
      else {
        const e = tooLong(reason);
        if (e) errors.escalateReason = e;
      }
      if (Object.keys(errors).length === 0) request = { action: 'escalate', reason, to: form.escalateTo };
      break;
    }
    case 'vote':
      if (Object.keys(errors).length === 0) request = { action: 'vote', vote: form.vote, ...withComment };
      break;
  }
  return { errors, request };
}

type Product = NonNullable<ReturnType<typeof findProduct>>;

/** The approved amount's error: its format, above zero, within the request, the product and the user's authority. */
function amountError(
  d: ApplicationDetail,
  user: User,
  form: DecisionForm,
  fen: bigint | null,
  product: Product | undefined,
): FieldError | null {
  const requested = tryParseMoney(d.amount) ?? 0n;
  if (fen === null) return { key: 'amountFormat' };
  if (fen <= 0n) return { key: 'amountPositive' };
  if (fen > requested) return { key: 'amountAboveRequest', params: { max: d.amount } };
  if (product && (fen < product.minAmount || fen > product.maxAmount))
    return {
      key: 'amountProduct',
      params: { min: formatMoney(product.minAmount), max: formatMoney(product.maxAmount) },
    };
  const auth = explainAuthority(d, user, form);
  if (auth?.code === 'AUTH_ABOVE_LIMIT') {
    const limit = user.authority?.[(d.grade ?? 'E') as Grade];
    return { key: 'amountAuthority', params: { grade: d.grade ?? 'E', limit: limit ?? '0.00' } };
  }
  return null;
}

/**
 * The rate's error: a percent with up to four places, above zero and within the legal maximum; then
 * pricing authority (定价授权) — a rate beyond what this user may grant (below the grade's band, below the
 * product floor or above its cap) is refused with the reason unless sent on as a pricing exception.
 */
function rateError(d: ApplicationDetail, user: User, form: DecisionForm, points: number | null): FieldError | null {
  if (points === null) return { key: 'rateFormat' };
  if (points <= 0 || points > MAX_ANNUAL_RATE * 10_000) return { key: 'rateRange', params: { max: MAX_ANNUAL_RATE } };
  const beyond = pricingBeyondUser(d, user, form);
  if (beyond && !form.pricingException) {
    const f = beyond.facts;
    return {
      key: beyond.grant === 'committee' ? 'ratePricingCommittee' : 'ratePricingSenior',
      params: {
        rate: f.proposedRate,
        grid: f.gridRate,
        floor: f.floor,
        cap: f.cap,
        min: f.approverMinRate,
        seniorMin: f.seniorMinRate,
      },
    };
  }
  return null;
}

/** An approval: amount, rate, term, method and conditions checked (errors added to `errors`), or null. */
function buildApproval(
  d: ApplicationDetail,
  user: User,
  form: DecisionForm,
  errors: FormErrors,
  withComment: { comment?: string },
): DecisionRequest | null {
  const product = findProduct(d.productCode);
  const fen = /^\d{1,15}(\.\d{1,2})?$/.test(form.amount.trim()) ? tryParseMoney(form.amount.trim()) : null;
  const amountErr = amountError(d, user, form, fen, product);
  if (amountErr) errors.amount = amountErr;
  const points = ratePoints(form.rate);
  const rateErr = rateError(d, user, form, points);
  if (rateErr) errors.rate = rateErr;
  const beyond = pricingBeyondUser(d, user, form);
  const pricingReason = form.pricingReason.trim();
  if (beyond && form.pricingException) {
    if (!pricingReason) errors.pricingReason = { key: 'pricingReasonRequired' };
    else {
      const e = tooLong(pricingReason);
      if (e) errors.pricingReason = e;
    }
  }
  const term = Number(form.term);
  const [minT, maxT] = product ? [product.minTermMonths, product.maxTermMonths] : [1, 360];
  if (!/^\d{1,3}$/.test(form.term.trim()) || term < minT || term > maxT)
    errors.term = { key: 'termRange', params: { min: minT, max: maxT } };
  if (product && !(product.repaymentMethods as readonly string[]).includes(form.method))
    errors.method = { key: 'methodProduct' };
  const free = form.otherConditions.trim();
  const conds: LoanCondition[] = [
    ...form.conditions.map(toLoanCondition),
    ...(free ? [{ type: 'other' as const, params: {}, text: free }] : []),
  ];
  const freeErr = tooLong(free);
  if (freeErr) errors.otherConditions = freeErr;
  else if (conds.length > MAX_CONDITIONS)
    errors.otherConditions = { key: 'tooManyConditions', params: { max: MAX_CONDITIONS } };
  const itemErrors = conditionErrors(form.conditions);
  if (Object.keys(itemErrors).length) errors.cond = itemErrors;
  // The bank API's own rule: a guaranteed product needs its guarantor; the required items must be there.
  const input = conditionInput(d, fen ?? undefined);
  if (guarantorMissing(input)) errors.conditions = { key: 'guarantorMissing' };
  else {
    const missing = missingConditions(input, conds);
    if (missing.length)
      errors.conditions = {
        key: 'requiredMissing',
        params: { zh: missing.map((m) => m.zh).join('；'), en: missing.map((m) => m.en).join('; ') },
      };
  }
  if (Object.keys(errors).length > 0 || fen === null || points === null) return null;
  return {
    action: 'approve',
    amount: formatMoney(fen),
    annualRate: form.rate.trim(),
    termMonths: term,
    repaymentMethod: form.method as 'equal_installment',
    conditions: conds,
    ...withComment,
    ...(beyond && form.pricingException ? { pricingException: { reason: pricingReason } } : {}),
  };
}
