/**
 * A new application from one of the bank's channels: validate, pull the enterprise's data through the
 * adapters into a dated snapshot, screen and route with the credit engine, and — on the instant tier —
 * decide at once with no human step. All of it in one transaction with its audit events.
 */
import type { ApplicationSummary, CreateApplicationRequest } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import { beijingDate, slaDeadline } from '../../shared/calendar';
import { type Assessment, assess } from '../../shared/credit/assess';
import { type CustomerGroup, customerGroupsOf, materialsFor } from '../../shared/credit/materials';
import {
  exceptionCodes,
  type PolicyException,
  policyExceptions,
  type RelatedPartyEntry,
  relatedPartyKeys,
} from '../../shared/credit/policy-exceptions';
import { checkProductPurpose, getProduct, type Product } from '../../shared/credit/products';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { prefilledConditions } from '../../shared/credit/required-conditions';
import { DEFAULT_RULE_SET, type RuleSet } from '../../shared/credit/rule-set';
import { DomainError } from '../../shared/errors';
import { parseUscc } from '../../shared/ids';
import { parsePositiveMoney } from '../../shared/money/money';
import { SLA_BY_TIER } from '../../shared/workflow/sla';
import type { Status, Tier } from '../../shared/workflow/status';
import { type AuditInput, appendAuditEvents } from '../audit/chain';
import type { Queryable } from '../db/database';
import type { AnswerStore } from '../http/idempotency';
import { forbidden } from '../http/problems';
import { type ApplicationRecord, type EnterpriseRecord, enterpriseId, insertSubmission } from './applications-repo';
import { type RelatedPartyRow, relatedPartiesFromJson, relatedPartiesJsonSql } from './related-parties';
import { toSummary } from './rows';
import { ruleSetByKey, ruleSetInForceKeySql } from './rule-sets';
import { branchInScopeSql } from './scope';

/** Where enterprise data comes from: the sandbox generator or real sources, behind one function. */
export interface ProfileProvider {
  readonly name: string;
  profile(uscc: string, asOf: string): Promise<EnterpriseProfile | null>;
  /** Which branch serves an enterprise from this region. */
  branchFor(region: string): string;
}

export interface CreateResult {
  application: ApplicationSummary;
  decidedInstantly: boolean;
}

/** Application ids: APP + the Beijing date + a 7-digit sequence number. */
const idPrefix = (now: Date) => `APP${beijingDate(now).replace(/-/g, '')}`;

/** An application's id from its sequence number (applications-repo.ts nextApplicationNumbers): 7 digits. */
export const applicationId = (now: Date, seq: number | string) => `${idPrefix(now)}${String(seq).padStart(7, '0')}`;

/** A submission screened and routed by the engine, before anything is written. */
export interface Screened {
  req: CreateApplicationRequest;
  actorId: string | null;
  at: Date;
  uscc: string;
  profile: EnterpriseProfile;
  assessment: Assessment;
  branchId: string;
  status: Status;
  tier: Tier;
  slaDue: Date | null;
  checklist: ReturnType<typeof initialChecklist>;
  approvedTerms: { amount: string; annualRate: string; termMonths: number; repaymentMethod: string } | null;
  /** Raised at submission from the data and the request (shared/credit/policy-exceptions.ts); routed on. */
  policyExceptions?: PolicyException[];
}

/** Looks up the bank's related-party entries for a submission's keys (related-parties.ts). */
export type RelatedPartyLookup = (keys: ReturnType<typeof relatedPartyKeys>) => Promise<RelatedPartyEntry[]>;
const NO_RELATED_PARTIES: RelatedPartyLookup = async () => [];

/**
 * Who submits for which enterprise: a caller (a relationship manager, an approver at a branch) only for
 * enterprises their branch serves — the same branch scope that filters their reads (scope.ts). Refused
 * before anything about the enterprise is computed or written, with a 403 that says nothing about it.
 */
export type SubmitGuard = (branchId: string) => Promise<void>;

/** Validates a submission, pulls the enterprise's dated profile and runs the credit engine on it. */
export async function screenApplication(
  provider: ProfileProvider,
  req: CreateApplicationRequest,
  actor: User | null,
  now = new Date(),
  relatedParties: RelatedPartyLookup = NO_RELATED_PARTIES,
  guard?: SubmitGuard,
  ruleSet: RuleSet = DEFAULT_RULE_SET,
): Promise<Screened> {
  return screenWith(provider, req, actor, now, async (branchId, keys) => {
    await guard?.(branchId);
    return { relatedParties: await relatedParties(keys), ruleSet };
  });
}

/**
 * What screening reads about a submission once its enterprise's branch and related-party keys are known:
 * refuses a caller outside scope (SubmitGuard) before anything else is used, else answers the related-party
 * entries the keys hit and the rule set to assess with.
 */
export type ScreeningContext = (
  branchId: string,
  keys: ReturnType<typeof relatedPartyKeys>,
) => Promise<{ relatedParties: RelatedPartyEntry[]; ruleSet: RuleSet }>;

async function screenWith(
  provider: ProfileProvider,
  req: CreateApplicationRequest,
  actor: User | null,
  now: Date,
  context: ScreeningContext,
): Promise<Screened> {
  const uscc = parseUscc(req.uscc, 'uscc');
  const product = getProduct(req.productCode);
  checkProductPurpose(product, req.purpose);
  parsePositiveMoney(req.amount, 'amount');
  const asOf = beijingDate(now);
  const profile = await provider.profile(uscc, asOf);
  if (!profile) {
    throw new DomainError(
      'application.enterprise_unknown',
      `No enterprise with unified social credit code ${uscc} is known to the data sources.`,
      'uscc',
    );
  }
  const branchId = provider.branchFor(profile.region);
  const { relatedParties, ruleSet } = await context(branchId, relatedPartyKeys(profile, req.guarantors));
  const exceptions = policyExceptions({
    profile,
    product,
    guarantors: req.guarantors,
    rateException: req.rateException,
    relatedParties,
  });
  const assessment = assess(
    profile,
    {
      productCode: product.code,
      amount: req.amount,
      termMonths: req.termMonths,
      repaymentMethod: req.repaymentMethod,
      asOf,
      policyExceptions: exceptionCodes(exceptions),
    },
    ruleSet,
  );
  const instant = assessment.instant;
  let status: Status = 'in_review';
  if (instant.outcome === 'approve') status = 'auto_approved';
  else if (instant.outcome === 'decline') status = 'auto_declined';
  const tier = instant.outcome === 'refer' ? instant.tier : assessment.tier;
  const sla = SLA_BY_TIER[tier];
  return {
    req,
    actorId: actor?.id ?? null,
    at: now,
    uscc,
    profile,
    assessment,
    branchId,
    status,
    tier,
    slaDue: status === 'in_review' && sla ? new Date(slaDeadline(now, sla)) : null,
    checklist: initialChecklist(product, customerGroupsOf(profile, asOf)),
    approvedTerms:
      instant.outcome === 'approve'
        ? {
            amount: instant.amount,
            annualRate: instant.annualRate,
            termMonths: instant.termMonths,
            repaymentMethod: instant.repaymentMethod,
          }
        : null,
    policyExceptions: exceptions,
  };
}

/** The enterprise's latest snapshot as a submission pulled it, as the repository stores it. */
export function enterpriseRecord(s: Screened, source: string): EnterpriseRecord {
  const p = s.profile;
  return {
    uscc: s.uscc,
    name: p.name,
    legal_rep_name: p.legalRepName,
    legal_rep_id: p.legalRepId,
    industry_code: p.industryCode,
    size_class: p.sizeClass,
    region: p.region,
    branch_id: s.branchId,
    established_date: p.establishedDate,
    tax_rating: p.taxRating,
    annual_sales_fen: annualSalesFen(p).toString(),
    profile: p,
    data_as_of: beijingDate(s.at),
    source,
  };
}

/**
 * The conditions an instant approval carries: those the rules require of it (受托支付 above the product's
 * threshold, shared/credit/required-conditions.ts), as an approver's approval would; none otherwise.
 */
function instantConditions(s: Screened) {
  if (s.status !== 'auto_approved' || !s.approvedTerms) return [];
  const product = getProduct(s.req.productCode);
  return prefilledConditions({
    productCode: product.code,
    guaranteeType: product.guaranteeType,
    amount: parsePositiveMoney(String(s.approvedTerms.amount)),
    guarantors: s.req.guarantors ?? [],
  });
}

/** A new application row as the submission leaves it (screened, routed, and decided if instant). */
export function applicationRecord(s: Screened, id: string): ApplicationRecord {
  const { req, assessment } = s;
  const at = s.at.toISOString();
  return {
    id,
    enterprise_id: enterpriseId(s.uscc),
    uscc: s.uscc,
    enterprise_name: s.profile.name,
    product_code: req.productCode,
    amount_fen: parsePositiveMoney(req.amount).toString(),
    term_months: req.termMonths,
    repayment_method: req.repaymentMethod,
    purpose: req.purpose,
    channel: req.channel,
    status: s.status,
    tier: s.tier,
    grade: assessment.score.grade,
    score: assessment.score.score,
    branch_id: s.branchId,
    assignee_id: null,
    created_by: s.actorId,
    investigated_by: null,
    submitted_at: at,
    sla_due_at: s.slaDue?.toISOString() ?? null,
    decided_at: s.status === 'in_review' ? null : at,
    updated_at: at,
    version: 1,
    assessment: assessment as unknown as Record<string, unknown>,
    routing: assessment.routing as unknown as Record<string, unknown>,
    preapproval: assessment.preapproval as unknown as Record<string, unknown> | null,
    profile_snapshot: s.profile as unknown as Record<string, unknown>,
    checklist: s.checklist,
    investigation: null,
    approved_terms: s.approvedTerms,
    conditions: instantConditions(s),
    escalated_to: null,
    policy_exceptions: (s.policyExceptions ?? []) as unknown as ApplicationRecord['policy_exceptions'],
    pricing_exception: null,
    claim_activity_at: null,
    guarantors: (req.guarantors ?? []).map((g) => (g.uscc ? { name: g.name, uscc: g.uscc } : { name: g.name })),
    // A renewal or top-up is marked as such by bank-api/renewal after the same submission (markRenewal).
    kind: 'new',
    renewal_of_loan_id: null,
    renewal_eligibility: null,
  };
}

/** One row of decision history. */
export interface HistoryRow {
  actorId: string | null;
  action: string;
  from: Status;
  to: Status;
  payload: unknown;
}

/** The history rows and audit events a submission writes (screening, then routing or the instant decision). */
export function submissionRecords(s: Screened, id: string): { history: HistoryRow[]; audit: AuditInput[] } {
  return { history: submissionHistory(s), audit: submissionAudit(s, id) };
}

/** The history rows a submission writes: screening, then routing or the instant decision. */
export function submissionHistory(s: Screened): HistoryRow[] {
  const instant = s.assessment.instant;
  const screen = {
    tier: s.tier,
    routing: s.assessment.routing.code,
    ruleSetVersion: s.assessment.ruleSetVersion,
    modelVersion: s.assessment.modelVersion,
    ...(s.policyExceptions?.length ? { policyExceptions: s.policyExceptions.map((e) => e.code) } : {}),
  };
  return [
    { actorId: null, action: 'screen', from: 'submitted', to: 'screened', payload: screen },
    s.status === 'in_review'
      ? { actorId: null, action: 'route', from: 'screened', to: 'in_review', payload: { tier: s.tier } }
      : {
          actorId: null,
          action: instant.outcome === 'approve' ? 'auto_approve' : 'auto_decline',
          from: 'screened',
          to: s.status,
          payload: { instant },
        },
  ];
}

/** The audit events a submission appends: submitted, then its status (routed or decided at once). */
export function submissionAudit(s: Screened, id: string): AuditInput[] {
  return [
    {
      actorId: s.actorId,
      action: 'application.submitted',
      entityType: 'application',
      entityId: id,
      payload: { req: s.req, channel: s.req.channel },
      at: s.at,
    },
    {
      actorId: null,
      action: `application.${s.status}`,
      entityType: 'application',
      entityId: id,
      payload: { tier: s.tier, instant: s.assessment.instant },
      at: s.at,
    },
  ];
}

/**
 * Screens a request for a caller as a submission does — their branch scope, the bank's related-party
 * list, the rule set in force — without writing anything. Used by createApplication and by the
 * pre-approval query (routes/preapprovals.ts), so both answer from the same engine run.
 */
export async function screenForCaller(
  q: Queryable,
  provider: ProfileProvider,
  req: CreateApplicationRequest,
  actor: User | null,
  now = new Date(),
): Promise<Screened> {
  return screenWith(provider, req, actor, now, async (branchId, keys) => {
    // One statement for the three reads (one round trip, not three: issue 14's 100/s): whether the caller
    // may submit for the branch — only the branch part of the read scope, not the served-client list —
    // the related-party entries the keys hit, and which rule set is in force today.
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const r = await q.query<{ in_scope: boolean; related: RelatedPartyRow[]; rule_set: string | null }>(
      `SELECT ${actor ? branchInScopeSql(p, actor.branch.id, branchId) : 'true'} AS in_scope,
              ${relatedPartiesJsonSql(p, keys)} AS related,
              ${ruleSetInForceKeySql(p, beijingDate(now))} AS rule_set`,
      params,
    );
    const c = r.rows[0]!;
    if (!c.in_scope) throw outOfScope();
    return { relatedParties: relatedPartiesFromJson(c.related), ruleSet: await ruleSetByKey(q, c.rule_set) };
  });
}

export async function createApplication(
  q: Queryable,
  provider: ProfileProvider,
  req: CreateApplicationRequest,
  actor: User | null,
  now = new Date(),
  answer?: AnswerStore,
): Promise<CreateResult> {
  const s = await screenForCaller(q, provider, req, actor, now);
  // One statement writes the enterprise's latest snapshot, the application (with its own dated copy), its
  // history and its queue event, and takes the audit chain's lock last (applications-repo.ts insertSubmission);
  // the audit events follow at once, so the lock is held for their INSERT and the commit only.
  const application = applicationRecord(s, '');
  const { row, auditTail } = await insertSubmission(q, {
    enterprise: enterpriseRecord(s, provider.name),
    application,
    idPrefix: idPrefix(now),
    history: submissionHistory(s).map((h) => ({ ...h, at: now })),
    event: {
      type: 'application.created',
      status: s.status,
      tier: s.tier,
      branchId: s.branchId,
      version: application.version,
    },
  });
  const result = { application: toSummary(row, now.getTime()), decidedInstantly: s.status !== 'in_review' };
  // The request's idempotent answer is stored in the same statement as the events (http/idempotency.ts).
  await appendAuditEvents(q, submissionAudit(s, row.id), {
    tail: auditTail,
    alongside: answer && ((p) => answer.sql(result, p)),
  });
  return result;
}

/** Whether a caller with this read scope may submit for an enterprise served by `branchId`. */
export const canSubmitFor = (scope: { branches: readonly string[] }, branchId: string) =>
  scope.branches.includes(branchId);

/** The refusal of a submission outside the caller's scope: nothing about the enterprise in it. */
export const outOfScope = () =>
  forbidden('You can submit applications only for enterprises your branch serves.', {
    reasonCode: 'SCOPE_ENTERPRISE',
    reasonZh: '只能为本机构服务范围内的企业提交申请',
  });

/**
 * The product's material checklist as a new case starts it, for the applicant's customer groups (the
 * published 材料清单, shared/credit/materials.ts): electronic items arrive with the data.
 */
export function initialChecklist(product: Product, groups: readonly CustomerGroup[] = ['small_micro']) {
  return materialsFor(product, groups).map((m) => ({
    code: m.code,
    name: m.name.zh,
    nameEn: m.name.en,
    electronic: m.electronic,
    state: m.electronic ? 'received' : 'pending',
  }));
}

function annualSalesFen(p: EnterpriseProfile): bigint {
  const last12 = p.monthly.slice(-12);
  return last12.reduce((s, m) => s + parsePositiveOrZero(m.vatSales), 0n);
}
const parsePositiveOrZero = (s: string) => BigInt(s.replace('.', ''));
