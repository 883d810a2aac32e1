import type { ApplicationDetail, ApplicationSummary } from '../../shared/api/applications';
import { RenewalEligibilitySchema } from '../../shared/api/renewal-eligibility';
import { slaState } from '../../shared/calendar';
import { fromStored, type LoanCondition } from '../../shared/credit/loan-conditions';
import { type CaseGuarantor, caseGuarantors } from '../../shared/credit/required-conditions';
import { maskResidentId } from '../../shared/ids';
import { formatMoney } from '../../shared/money/money';

/** An application row as read (`SELECT *`); its columns and statements: applications-repo.ts. */
export interface ApplicationRow {
  id: string;
  enterprise_id: string;
  uscc: string;
  enterprise_name: string;
  product_code: string;
  amount_fen: string;
  term_months: number;
  repayment_method: ApplicationSummary['repaymentMethod'];
  purpose: string;
  channel: ApplicationSummary['channel'];
  status: ApplicationSummary['status'];
  tier: ApplicationSummary['tier'];
  grade: ApplicationSummary['grade'];
  score: number | null;
  branch_id: string;
  assignee_id: string | null;
  /** Only where the query joins it (the queue list). */
  assignee_name?: string | null;
  created_by: string | null;
  investigated_by: string | null;
  submitted_at: Date | string;
  sla_due_at: Date | string | null;
  decided_at: Date | string | null;
  updated_at: Date | string;
  version: number;
  assessment: Record<string, unknown>;
  routing: Record<string, unknown>;
  preapproval: Record<string, unknown> | null;
  profile_snapshot: Record<string, unknown>;
  checklist: Record<string, unknown>[];
  investigation: Record<string, unknown> | null;
  approved_terms: Record<string, unknown> | null;
  /**
   * The approval's conditions (shared/credit/loan-conditions.ts items; migration 0020 turned the plain
   * strings written before into `other` items). Read them through {@link conditionsOf}.
   */
  conditions: readonly (LoanCondition | string)[];
  /** Migration 0013 (controls): where an escalated case waits. */
  escalated_to: 'senior_approver' | 'committee' | null;
  /** Policy exceptions raised at submission: [{ code, zh, en, facts }]. */
  policy_exceptions: Record<string, unknown>[];
  /** A pricing exception awaiting or granted (定价授权); null when the price is within authority. */
  pricing_exception: Record<string, unknown> | null;
  /** The claim holder's last activity; a claim lapses after a working time without any. */
  claim_activity_at: Date | string | null;
  /** Migration 0020: the guarantors the application names ([{ name, uscc? }]); [] on older cases. */
  guarantors: CaseGuarantor[];
  /** Migration 0028: a new application, or a renewal (续贷) / top-up (增额) of the loan it names. */
  kind: 'new' | 'renewal' | 'top_up';
  renewal_of_loan_id: string | null;
  /** The 无还本续贷 answer given when the renewal was started (shared/credit/renewal.ts); null otherwise. */
  renewal_eligibility: Record<string, unknown> | null;
}

/** The case's conditions as items: a string stored before conditions were data reads as `other`. */
export const conditionsOf = (r: Pick<ApplicationRow, 'conditions'>): LoanCondition[] =>
  (r.conditions ?? []).map(fromStored);

/** The guarantors the case names: the application's, then the profile's registered ones (once each). */
export const guarantorsOf = (r: Pick<ApplicationRow, 'guarantors' | 'profile_snapshot'>): CaseGuarantor[] =>
  caseGuarantors(r.guarantors, r.profile_snapshot as Parameters<typeof caseGuarantors>[1]);

const OPEN = new Set(['submitted', 'screened', 'in_review', 'returned', 'escalated', 'committee']);
const iso = (v: Date | string) => new Date(v).toISOString();

/** The columns a summary is made of (toSummary), in a list a query or a RETURNING names. */
const SUMMARY_COLUMN_NAMES = [
  'id',
  'enterprise_id',
  'uscc',
  'enterprise_name',
  'product_code',
  'amount_fen',
  'term_months',
  'repayment_method',
  'channel',
  'status',
  'tier',
  'grade',
  'score',
  'branch_id',
  'assignee_id',
  'submitted_at',
  'sla_due_at',
  'version',
  'kind',
] as const satisfies readonly (keyof ApplicationRow)[];
/** An application row's summary columns (and the assignee's name, where the query joins it). */
export type SummaryRow = Pick<ApplicationRow, (typeof SUMMARY_COLUMN_NAMES)[number] | 'assignee_name'>;
/** The summary's columns as SQL, qualified by `alias` when given (`a.id, a.enterprise_id, …`). */
export const summaryColumnsSql = (alias?: string) =>
  SUMMARY_COLUMN_NAMES.map((c) => (alias ? `${alias}.${c}` : c)).join(', ');
export const SUMMARY_COLUMNS = summaryColumnsSql();

export function toSummary(r: SummaryRow, now = Date.now()): ApplicationSummary {
  const due = r.sla_due_at ? new Date(r.sla_due_at).getTime() : null;
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    uscc: r.uscc,
    enterpriseName: r.enterprise_name,
    productCode: r.product_code,
    amount: formatMoney(BigInt(r.amount_fen)),
    termMonths: r.term_months,
    repaymentMethod: r.repayment_method,
    channel: r.channel,
    status: r.status,
    tier: r.tier,
    grade: r.grade,
    score: r.score,
    branchId: r.branch_id,
    assigneeId: r.assignee_id,
    ...(r.assignee_name !== undefined ? { assigneeName: r.assignee_name } : {}),
    submittedAt: iso(r.submitted_at),
    slaDueAt: r.sla_due_at ? iso(r.sla_due_at) : null,
    slaState: due !== null && OPEN.has(r.status) ? slaState(now, due) : null,
    version: r.version,
    kind: r.kind,
  };
}

/** The detail view; the legal representative's ID is masked unless the caller needs it in full. */
export function toDetail(
  r: ApplicationRow,
  history: ApplicationDetail['history'],
  revealPersonalId: boolean,
): ApplicationDetail {
  const profile = { ...r.profile_snapshot } as Record<string, unknown>;
  const legalRepId = String(profile.legalRepId ?? '');
  profile.legalRepId = revealPersonalId ? legalRepId : maskResidentId(legalRepId);
  return {
    ...toSummary(r),
    purpose: r.purpose,
    legalRepName: String(profile.legalRepName ?? ''),
    legalRepId: profile.legalRepId as string,
    assessment: r.assessment,
    routing: r.routing,
    preapproval: r.preapproval,
    profile,
    checklist: r.checklist,
    investigation: r.investigation,
    approvedTerms: r.approved_terms,
    conditions: conditionsOf(r),
    guarantors: guarantorsOf(r),
    createdBy: r.created_by,
    investigatedBy: r.investigated_by,
    escalatedTo: r.escalated_to ?? null,
    pricingException: r.pricing_exception ?? null,
    policyExceptions: r.policy_exceptions ?? [],
    renewal: renewalOf(r),
    history,
  };
}

/**
 * A renewal's or top-up's loan and the 无还本续贷 answer stored when it was started (null for a new
 * application); an answer this version cannot read is given as null rather than failing the case read.
 */
export function renewalOf(
  r: Pick<ApplicationRow, 'kind' | 'renewal_of_loan_id' | 'renewal_eligibility'>,
): ApplicationDetail['renewal'] {
  if ((r.kind !== 'renewal' && r.kind !== 'top_up') || !r.renewal_of_loan_id) return null;
  const eligibility = RenewalEligibilitySchema.safeParse(r.renewal_eligibility);
  return { kind: r.kind, loanId: r.renewal_of_loan_id, eligibility: eligibility.success ? eligibility.data : null };
}
