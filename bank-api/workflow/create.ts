/**
 * A new application from one of the bank's channels: validate, pull the enterprise's data through the
 * adapters into a dated snapshot, screen and route with the credit engine, and — on the instant tier —
 * decide at once with no human step. All of it in one transaction with its audit events.
 */
import type { ApplicationSummary, CreateApplicationRequest } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import { beijingDate, slaDeadline } from '../../shared/calendar';
import { type Assessment, assess } from '../../shared/credit/assess';
import { getProduct, type Product } from '../../shared/credit/products';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { DomainError } from '../../shared/errors';
import { parseUscc } from '../../shared/ids';
import { parsePositiveMoney } from '../../shared/money/money';
import { SLA_BY_TIER } from '../../shared/workflow/sla';
import type { Status, Tier } from '../../shared/workflow/status';
import { type AuditInput, appendAuditEvents } from '../audit/chain';
import type { Queryable } from '../db/database';
import { publishQueueEvent } from './events';
import { type ApplicationRow, toSummary } from './rows';

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

/** Application ids: APP + the Beijing date + a 7-digit sequence number (the sequence is drawn in the INSERT). */
const idPrefix = (now: Date) => `APP${beijingDate(now).replace(/-/g, '')}`;

/** The id the INSERT below makes from a sequence number (lpad to 7 digits), for writers that draw the numbers first. */
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
}

/** Validates a submission, pulls the enterprise's dated profile and runs the credit engine on it. */
export async function screenApplication(
  provider: ProfileProvider,
  req: CreateApplicationRequest,
  actor: User | null,
  now = new Date(),
): Promise<Screened> {
  const uscc = parseUscc(req.uscc, 'uscc');
  const product = getProduct(req.productCode);
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
  const assessment = assess(profile, {
    productCode: product.code,
    amount: req.amount,
    termMonths: req.termMonths,
    repaymentMethod: req.repaymentMethod,
    asOf,
  });
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
    branchId: provider.branchFor(profile.region),
    status,
    tier,
    slaDue: status === 'in_review' && sla ? new Date(slaDeadline(now, sla)) : null,
    checklist: initialChecklist(product),
    approvedTerms:
      instant.outcome === 'approve'
        ? {
            amount: instant.amount,
            annualRate: instant.annualRate,
            termMonths: instant.termMonths,
            repaymentMethod: instant.repaymentMethod,
          }
        : null,
  };
}

/** The enterprise row's values (its latest snapshot): uscc, name, …, data_as_of, source — as createApplication's upsert takes them. */
export function enterpriseValues(s: Screened, source: string): unknown[] {
  const p = s.profile;
  return [
    s.uscc,
    p.name,
    p.legalRepName,
    p.legalRepId,
    p.industryCode,
    p.sizeClass,
    p.region,
    s.branchId,
    p.establishedDate,
    p.taxRating,
    annualSalesFen(p).toString(),
    JSON.stringify(p),
    beijingDate(s.at),
    source,
  ];
}

/** Columns of a new application row after its id, in the order applicationValues gives them. */
export const APPLICATION_COLUMNS = [
  'enterprise_id',
  'uscc',
  'enterprise_name',
  'product_code',
  'amount_fen',
  'term_months',
  'repayment_method',
  'purpose',
  'channel',
  'status',
  'tier',
  'grade',
  'score',
  'branch_id',
  'created_by',
  'submitted_at',
  'sla_due_at',
  'decided_at',
  'updated_at',
  'assessment',
  'routing',
  'preapproval',
  'profile_snapshot',
  'checklist',
  'approved_terms',
] as const;

/**
 * A new application row's values (everything but its id), as the submission leaves it; jsonb columns as
 * JSON text, or as the objects themselves with `json: false`.
 */
export function applicationValues(s: Screened, opts = { json: true }): unknown[] {
  const { req, assessment } = s;
  const j = (v: unknown) => (opts.json && v !== null ? JSON.stringify(v) : v);
  return [
    `E${s.uscc}`,
    s.uscc,
    s.profile.name,
    req.productCode,
    parsePositiveMoney(req.amount).toString(),
    req.termMonths,
    req.repaymentMethod,
    req.purpose,
    req.channel,
    s.status,
    s.tier,
    assessment.score.grade,
    assessment.score.score,
    s.branchId,
    s.actorId,
    s.at.toISOString(),
    s.slaDue?.toISOString() ?? null,
    s.status === 'in_review' ? null : s.at.toISOString(),
    s.at.toISOString(),
    j(assessment),
    j(assessment.routing),
    j(assessment.preapproval),
    j(s.profile),
    j(s.checklist),
    j(s.approvedTerms),
  ];
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
  const instant = s.assessment.instant;
  const screen = {
    tier: s.tier,
    routing: s.assessment.routing.code,
    ruleSetVersion: s.assessment.ruleSetVersion,
    modelVersion: s.assessment.modelVersion,
  };
  return {
    history: [
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
    ],
    audit: [
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
        payload: { tier: s.tier, instant },
        at: s.at,
      },
    ],
  };
}

export async function createApplication(
  q: Queryable,
  provider: ProfileProvider,
  req: CreateApplicationRequest,
  actor: User | null,
  now = new Date(),
): Promise<CreateResult> {
  const s = await screenApplication(provider, req, actor, now);
  // The enterprise row is the latest snapshot; the application keeps its own dated copy.
  const ent = await q.query<{ id: string }>(
    `INSERT INTO enterprises (id, uscc, name, legal_rep_name, legal_rep_id, industry_code, size_class, region, branch_id,
       established_date, tax_rating, annual_sales_fen, profile, data_as_of, source)
     VALUES ('E' || $1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (uscc) DO UPDATE SET profile = EXCLUDED.profile, data_as_of = EXCLUDED.data_as_of, name = EXCLUDED.name
       WHERE enterprises.data_as_of < EXCLUDED.data_as_of
     RETURNING id`,
    enterpriseValues(s, provider.name),
  );
  // No row back when today's snapshot was already stored: the id is derived from the USCC either way.
  const values = applicationValues(s);
  values[0] = ent.rows[0]?.id ?? values[0];
  const inserted = await q.query<ApplicationRow>(
    `INSERT INTO applications (id, ${APPLICATION_COLUMNS.join(', ')})
     VALUES ($1 || lpad(nextval('application_seq')::text, 7, '0'), ${APPLICATION_COLUMNS.map((_, i) => `$${i + 2}`).join(',')})
     RETURNING *, amount_fen::text AS amount_fen`,
    [idPrefix(now), ...values],
  );
  const row = inserted.rows[0]!;
  const id = row.id;
  const { history, audit } = submissionRecords(s, id);
  await recordMany(q, id, now, history);
  await appendAuditEvents(q, audit);
  await publishQueueEvent(q, {
    type: 'application.created',
    id,
    status: s.status,
    tier: s.tier,
    branchId: s.branchId,
    version: row.version,
  });
  return { application: toSummary(row, now.getTime()), decidedInstantly: s.status !== 'in_review' };
}

/** The product's material checklist as a new case starts it: electronic items arrive with the data. */
export function initialChecklist(product: Product) {
  return product.materials.map((m) => ({
    code: m.code,
    name: m.name.zh,
    nameEn: m.name.en,
    electronic: m.electronic,
    state: m.electronic ? 'received' : 'pending',
  }));
}

/** Several rows of decision history in one statement. */
export async function recordMany(q: Queryable, applicationId: string, at: Date, rows: HistoryRow[]) {
  const values: unknown[] = [];
  const tuples = rows.map((r, i) => {
    values.push(applicationId, r.actorId, r.action, r.from, r.to, JSON.stringify(r.payload), at.toISOString());
    const b = i * 7;
    return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7})`;
  });
  await q.query(
    `INSERT INTO decisions (application_id, actor_id, action, from_status, to_status, payload, created_at) VALUES ${tuples.join(',')}`,
    values,
  );
}

/** One row of decision history. */
export async function record(
  q: Queryable,
  applicationId: string,
  actorId: string | null,
  action: string,
  from: Status,
  to: Status,
  payload: unknown,
  at: Date,
) {
  await q.query(
    'INSERT INTO decisions (application_id, actor_id, action, from_status, to_status, payload, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)',
    [applicationId, actorId, action, from, to, JSON.stringify(payload), at.toISOString()],
  );
}

function annualSalesFen(p: EnterpriseProfile): bigint {
  const last12 = p.monthly.slice(-12);
  return last12.reduce((s, m) => s + parsePositiveOrZero(m.vatSales), 0n);
}
const parsePositiveOrZero = (s: string) => BigInt(s.replace('.', ''));
