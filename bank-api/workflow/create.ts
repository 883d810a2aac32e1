/**
 * A new application from one of the bank's channels: validate, pull the enterprise's data through the
 * adapters into a dated snapshot, screen and route with the credit engine, and — on the instant tier —
 * decide at once with no human step. All of it in one transaction with its audit events.
 */
import type { ApplicationSummary, CreateApplicationRequest } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import { beijingDate, slaDeadline } from '../../shared/calendar';
import { assess } from '../../shared/credit/assess';
import { getProduct, type Product } from '../../shared/credit/products';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { DomainError } from '../../shared/errors';
import { parseUscc } from '../../shared/ids';
import { parsePositiveMoney } from '../../shared/money/money';
import { SLA_BY_TIER } from '../../shared/workflow/sla';
import type { Status } from '../../shared/workflow/status';
import { appendAuditEvents } from '../audit/chain';
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

export async function createApplication(
  q: Queryable,
  provider: ProfileProvider,
  req: CreateApplicationRequest,
  actor: User | null,
  now = new Date(),
): Promise<CreateResult> {
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

  // The enterprise row is the latest snapshot; the application keeps its own dated copy.
  const branchId = provider.branchFor(profile.region);
  const ent = await q.query<{ id: string }>(
    `INSERT INTO enterprises (id, uscc, name, legal_rep_name, legal_rep_id, industry_code, size_class, region, branch_id,
       established_date, tax_rating, annual_sales_fen, profile, data_as_of, source)
     VALUES ('E' || $1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (uscc) DO UPDATE SET profile = EXCLUDED.profile, data_as_of = EXCLUDED.data_as_of, name = EXCLUDED.name
       WHERE enterprises.data_as_of < EXCLUDED.data_as_of
     RETURNING id`,
    [
      uscc,
      profile.name,
      profile.legalRepName,
      profile.legalRepId,
      profile.industryCode,
      profile.sizeClass,
      profile.region,
      branchId,
      profile.establishedDate,
      profile.taxRating,
      annualSalesFen(profile).toString(),
      JSON.stringify(profile),
      asOf,
      provider.name,
    ],
  );
  // No row back when today's snapshot was already stored: the id is derived from the USCC either way.
  const enterpriseId = ent.rows[0]?.id ?? `E${uscc}`;
  const tier = assessment.tier;
  const instant = assessment.instant;
  let status: Status = 'in_review';
  if (instant.outcome === 'approve') status = 'auto_approved';
  else if (instant.outcome === 'decline') status = 'auto_declined';
  const effectiveTier = instant.outcome === 'refer' ? instant.tier : tier;
  const sla = SLA_BY_TIER[effectiveTier];
  const slaDue = status === 'in_review' && sla ? new Date(slaDeadline(now, sla)) : null;
  const checklist = initialChecklist(product);
  const approvedTerms =
    instant.outcome === 'approve'
      ? {
          amount: instant.amount,
          annualRate: instant.annualRate,
          termMonths: instant.termMonths,
          repaymentMethod: instant.repaymentMethod,
        }
      : null;

  const inserted = await q.query<ApplicationRow>(
    `INSERT INTO applications (id, enterprise_id, uscc, enterprise_name, product_code, amount_fen, term_months, repayment_method,
       purpose, channel, status, tier, grade, score, branch_id, created_by, submitted_at, sla_due_at, decided_at, updated_at,
       assessment, routing, preapproval, profile_snapshot, checklist, approved_terms)
     VALUES ($1 || lpad(nextval('application_seq')::text, 7, '0'),$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$17,$20,$21,$22,$23,$24,$25)
     RETURNING *, amount_fen::text AS amount_fen`,
    [
      idPrefix(now),
      enterpriseId,
      uscc,
      profile.name,
      product.code,
      parsePositiveMoney(req.amount).toString(),
      req.termMonths,
      req.repaymentMethod,
      req.purpose,
      req.channel,
      status,
      effectiveTier,
      assessment.score.grade,
      assessment.score.score,
      branchId,
      actor?.id ?? null,
      now.toISOString(),
      slaDue?.toISOString() ?? null,
      status === 'in_review' ? null : now.toISOString(),
      JSON.stringify(assessment),
      JSON.stringify(assessment.routing),
      JSON.stringify(assessment.preapproval),
      JSON.stringify(profile),
      JSON.stringify(checklist),
      approvedTerms ? JSON.stringify(approvedTerms) : null,
    ],
  );
  const row = inserted.rows[0]!;
  const id = row.id;
  const screen = {
    tier: effectiveTier,
    routing: assessment.routing.code,
    ruleSetVersion: assessment.ruleSetVersion,
    modelVersion: assessment.modelVersion,
  };
  await recordMany(q, id, now, [
    { actorId: null, action: 'screen', from: 'submitted', to: 'screened', payload: screen },
    status === 'in_review'
      ? { actorId: null, action: 'route', from: 'screened', to: 'in_review', payload: { tier: effectiveTier } }
      : {
          actorId: null,
          action: instant.outcome === 'approve' ? 'auto_approve' : 'auto_decline',
          from: 'screened',
          to: status,
          payload: { instant },
        },
  ]);
  await appendAuditEvents(q, [
    {
      actorId: actor?.id ?? null,
      action: 'application.submitted',
      entityType: 'application',
      entityId: id,
      payload: { req, channel: req.channel },
      at: now,
    },
    {
      actorId: null,
      action: `application.${status}`,
      entityType: 'application',
      entityId: id,
      payload: { tier: effectiveTier, instant },
      at: now,
    },
  ]);
  await publishQueueEvent(q, {
    type: 'application.created',
    id,
    status,
    tier: effectiveTier,
    branchId,
    version: row.version,
  });
  return { application: toSummary(row, now.getTime()), decidedInstantly: status !== 'in_review' };
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
export async function recordMany(
  q: Queryable,
  applicationId: string,
  at: Date,
  rows: { actorId: string | null; action: string; from: Status; to: Status; payload: unknown }[],
) {
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
