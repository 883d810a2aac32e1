/**
 * 放款审核 (issue 16.3): a signed case is disbursed by two disbursement officers. The maker records the
 * evidence for each of the approval's conditions (shared/credit/loan-conditions checkEvidence decides
 * whether it satisfies the condition) and prepares; a checker who is not the maker — and recorded none of
 * the evidence — confirms, which moves the case `signed → disbursed` and creates the loan, linked to its
 * application and carrying what the approval decided (grade, tier, channel, score, product, amount, rate,
 * LPR and spread, term, repayment method, schedule). The checker may instead send it back with a reason.
 *
 * The conditions a case must satisfy are the approval's, plus what the product requires whatever the
 * approval said: a mortgage product (DYD) needs its registration certificate (抵押登记) before drawdown.
 *
 * Every write runs in one transaction holding the application's row lock (so two checkers at once give
 * exactly one disbursement: the second finds it disbursed, 409), checks the disbursement's version
 * (If-Match, 412), writes its audit event and publishes a queue event; an Idempotency-Key makes a retry
 * answer the first answer. The pure parts (conditions, evaluation, the loan) are exported for the
 * sandbox seed, which disburses its cases in memory through the same rules.
 */
import type { User } from '../../shared/api/auth';
import type {
  DisbursedLoan,
  DisbursementCondition,
  DisbursementDetail,
  DisbursementDocument,
  DisbursementQueue,
  DisbursementStatus,
  DisbursementWriteResponse,
  EvidenceProblemWire,
  ScheduleRow,
} from '../../shared/api/disbursement';
import { addWorkingDays, beijingDate, isWorkingDay } from '../../shared/calendar';
import {
  type ConditionEvidence,
  checkEvidence,
  EVIDENCE_KIND,
  fromStored,
  LOAN_CONDITION_NAMES,
  type LoanCondition,
  type Payee,
} from '../../shared/credit/loan-conditions';
import { lprOn, lprTenorFor } from '../../shared/credit/pricing';
import { findProduct } from '../../shared/credit/products';
import { quote } from '../../shared/loan/quote';
import { type Fen, formatMoney, parseMoney, parseRatePercent, RATE_SCALE } from '../../shared/money/money';
import type { Status } from '../../shared/workflow/status';
import { appendAudit } from '../audit/chain';
import type { Database, Queryable } from '../db/database';
import {
  checkUpload,
  DISBURSEMENT_EVIDENCE_ITEM,
  type StoredFile,
  storeUpload,
  type UploadRequest,
} from '../files/uploads';
import { idempotent } from '../http/idempotency';
import { ApiProblem, conflict, notFound, preconditionFailed, unprocessable, validationFailed } from '../http/problems';
import { advance } from './advance';
import { publishQueueEvent } from './events';
import { canRead, readScope } from './scope';

// ---------------------------------------------------------------------------------------------------
// Pure rules (the API and the seed)

/** One condition to satisfy, and where it comes from. */
export interface RequiredCondition {
  condition: LoanCondition;
  source: 'approval' | 'product';
}

/** The registration a mortgage product needs when the approval did not name it. */
const PRODUCT_MORTGAGE: LoanCondition = {
  type: 'mortgage_registration',
  params: { collateral: '抵押合同项下抵押物' },
};

/**
 * The conditions a case must satisfy before drawdown: the approval's (stored items, or plain strings
 * written before conditions were data), then the product's — a mortgage product's registration.
 */
export function requiredConditions(productCode: string, stored: readonly unknown[] | null): RequiredCondition[] {
  const out: RequiredCondition[] = (stored ?? []).map((s) => ({ condition: fromStored(s), source: 'approval' }));
  const product = findProduct(productCode);
  if (product?.guaranteeType === 'mortgage' && !out.some((c) => c.condition.type === 'mortgage_registration')) {
    out.push({ condition: PRODUCT_MORTGAGE, source: 'product' });
  }
  return out;
}

export interface RecordedEvidence {
  index: number;
  evidence: ConditionEvidence;
  recordedBy: string;
  recordedByName?: string | null;
  recordedAt: string;
}

const MISSING = (c: LoanCondition): EvidenceProblemWire => ({
  code: 'evidence.missing',
  detail: `No evidence is recorded for ${LOAN_CONDITION_NAMES[c.type].en.toLowerCase()}.`,
  facts: { type: c.type },
});

/** Each condition with its evidence and what is wrong with it now. */
export function evaluateConditions(
  required: readonly RequiredCondition[],
  evidence: readonly RecordedEvidence[],
  loanAmount: Fen,
): DisbursementCondition[] {
  const byIndex = new Map(evidence.map((e) => [e.index, e]));
  return required.map(({ condition, source }, index) => {
    const e = byIndex.get(index);
    const problems = e ? checkEvidence(condition, e.evidence, loanAmount) : [MISSING(condition)];
    return {
      index,
      condition,
      source,
      evidenceKind: EVIDENCE_KIND[condition.type],
      evidence: e?.evidence ?? null,
      document: null,
      recordedBy: e?.recordedBy ?? null,
      recordedByName: e?.recordedByName ?? null,
      recordedAt: e?.recordedAt ?? null,
      problems,
      satisfied: problems.length === 0,
    };
  });
}

/** The 422 for conditions not satisfied: names each one (index, type, the problems). */
export function unsatisfied(conditions: readonly DisbursementCondition[]): ApiProblem | null {
  const bad = conditions.filter((c) => !c.satisfied);
  if (bad.length === 0) return null;
  const names = bad.map((c) => `#${c.index + 1} ${LOAN_CONDITION_NAMES[c.condition.type].zh}`).join('、');
  return unprocessable(
    'disbursement.conditions_unsatisfied',
    `放款条件未满足：${names}。 ${bad.length} condition(s) lack satisfying evidence: ` +
      bad.map((c) => `#${c.index + 1} ${c.condition.type} (${c.problems.map((p) => p.code).join(', ')})`).join('; '),
    { conditions: bad.map((c) => ({ index: c.index, type: c.condition.type, problems: c.problems })) },
  );
}

/** The checker must be neither the maker nor anyone who recorded evidence (403). */
export function checkMakerChecker(checkerId: string, makerId: string | null, recorders: readonly string[]): void {
  if (checkerId === makerId || recorders.includes(checkerId)) {
    throw new ApiProblem(
      403,
      'disbursement.maker_is_checker',
      'Maker cannot check',
      `经办人不能复核自己经办的放款，请由另一名放款审核岗复核。 The checker must not be the maker: ${checkerId} ${
        checkerId === makerId ? 'prepared this disbursement' : 'recorded evidence for it'
      }; another disbursement officer confirms it.`,
      { makerId },
    );
  }
}

/** The disbursement date: today (Beijing) when it is a bank working day, else the next working day. */
export function disbursementDate(now: Date | number): string {
  const today = beijingDate(now);
  return isWorkingDay(today) ? today : addWorkingDays(today, 1);
}

/** What the approval decided, as the loan takes it. */
export interface ApprovedLoanTerms {
  amountFen: Fen;
  annualRate: string;
  termMonths: number;
  repaymentMethod: DisbursedLoan['repaymentMethod'];
}

/** The approved terms of a case (approved_terms; the application's own values where it holds none). */
export function approvedTermsOf(a: {
  approved_terms: Record<string, unknown> | null;
  amount_fen: string | number | bigint;
  term_months: number;
  repayment_method: string;
  assessment?: Record<string, unknown> | null;
}): ApprovedLoanTerms {
  const t = (a.approved_terms ?? {}) as {
    amount?: string;
    annualRate?: string;
    termMonths?: number;
    repaymentMethod?: string;
  };
  const priced = (a.assessment as { price?: { annualRate?: string } } | null | undefined)?.price?.annualRate;
  return {
    amountFen: t.amount ? parseMoney(t.amount) : BigInt(a.amount_fen),
    annualRate: t.annualRate || priced || '0.00',
    termMonths: t.termMonths ?? a.term_months,
    repaymentMethod: (t.repaymentMethod ?? a.repayment_method) as ApprovedLoanTerms['repaymentMethod'],
  };
}

/** A loan row as the disbursement writes it. */
export interface LoanRecord extends DisbursedLoan {
  enterpriseId: string;
  branchId: string;
  /** Outstanding principal: the principal at disbursement (the seed's older loans have repaid some). */
  balanceFen: Fen;
}

const RATE_PER_BP = RATE_SCALE / 10_000n;

/** The loan a disbursement creates: rate, LPR and spread, schedule from the disbursement date. */
export function planLoan(
  app: {
    id: string;
    enterpriseId: string;
    branchId: string;
    productCode: string;
    grade: string | null;
    tier: string | null;
    channel: string | null;
    score: number | null;
  },
  terms: ApprovedLoanTerms,
  disbursementId: string,
  contractId: string | null,
  disbursedOn: string,
): LoanRecord {
  const q = quote({
    amount: formatMoney(terms.amountFen),
    annualRate: terms.annualRate,
    termMonths: terms.termMonths,
    repaymentMethod: terms.repaymentMethod,
    startDate: disbursedOn,
  });
  const lprBp = lprOn(disbursedOn, lprTenorFor(terms.termMonths));
  const rateBp = Number((parseRatePercent(terms.annualRate) + RATE_PER_BP / 2n) / RATE_PER_BP);
  const schedule: ScheduleRow[] = q.schedule.map((s) => ({
    period: s.period,
    dueDate: s.dueDate,
    principal: s.principal,
    interest: s.interest,
  }));
  return {
    id: loanIdFor(app.id),
    applicationId: app.id,
    disbursementId,
    contractId,
    enterpriseId: app.enterpriseId,
    branchId: app.branchId,
    balanceFen: terms.amountFen,
    productCode: app.productCode,
    principal: formatMoney(terms.amountFen),
    annualRate: percent4(parseRatePercent(terms.annualRate)),
    lprPercent: percent4(BigInt(lprBp) * RATE_PER_BP),
    spreadBp: rateBp - lprBp,
    termMonths: terms.termMonths,
    repaymentMethod: terms.repaymentMethod,
    disbursedOn,
    maturityDate: schedule[schedule.length - 1]?.dueDate ?? disbursedOn,
    grade: app.grade,
    tier: app.tier,
    channel: app.channel,
    score: app.score,
    schedule,
  };
}

/** A rate (RATE_SCALE = 100 %) as a percent with four decimals, e.g. "3.8500". */
function percent4(rate: bigint): string {
  const tenThousandths = (rate * 1_000_000n + RATE_SCALE / 2n) / RATE_SCALE; // percent × 10^4
  const neg = tenThousandths < 0n;
  const abs = neg ? -tenThousandths : tenThousandths;
  return `${neg ? '-' : ''}${abs / 10_000n}.${(abs % 10_000n).toString().padStart(4, '0')}`;
}

export const disbursementIdFor = (applicationId: string) => `FK-${applicationId}`;
export const loanIdFor = (applicationId: string) => `LN-${applicationId}`;

/** The columns of `loans` a disbursement fills, in order (INSERT_LOAN; the seed's batch insert too). */
export const LOAN_INSERT_COLUMNS = [
  ['id', 'text'],
  ['application_id', 'text'],
  ['enterprise_id', 'text'],
  ['branch_id', 'text'],
  ['product_code', 'text'],
  ['principal_fen', 'bigint'],
  ['balance_fen', 'bigint'],
  ['annual_rate', 'numeric'],
  ['disbursed_on', 'date'],
  ['maturity_date', 'date'],
  ['grade', 'text'],
  ['tier', 'text'],
  ['channel', 'text'],
  ['score', 'integer'],
  ['term_months', 'integer'],
  ['repayment_method', 'text'],
  ['lpr_percent', 'numeric'],
  ['spread_bp', 'integer'],
  ['schedule', 'jsonb'],
  ['contract_id', 'text'],
  ['disbursement_id', 'text'],
] as const;

/** One loan's values in LOAN_INSERT_COLUMNS order (text, as unnest takes them). */
export function loanValues(l: LoanRecord): (string | null)[] {
  return [
    l.id,
    l.applicationId,
    l.enterpriseId,
    l.branchId,
    l.productCode,
    parseMoney(l.principal).toString(),
    l.balanceFen.toString(),
    l.annualRate,
    l.disbursedOn,
    l.maturityDate,
    l.grade,
    l.tier,
    l.channel,
    l.score === null ? null : String(l.score),
    String(l.termMonths),
    l.repaymentMethod,
    l.lprPercent,
    String(l.spreadBp),
    JSON.stringify(l.schedule),
    l.contractId,
    l.disbursementId,
  ];
}

/**
 * INSERT of loans from arrays (one per LOAN_INSERT_COLUMNS entry): the industry comes from the
 * enterprise; the loan is performing (normal, no days past due).
 */
export const INSERT_LOANS_SQL = `INSERT INTO loans (${LOAN_INSERT_COLUMNS.map(([n]) => n).join(', ')},
    industry_code, days_past_due, max_dpd, classification)
  SELECT ${LOAN_INSERT_COLUMNS.map(([n]) => `u.${n}`).join(', ')}, e.industry_code, 0, 0, 'normal'
  FROM unnest(${LOAN_INSERT_COLUMNS.map(([, t], i) => `$${i + 1}::${t === 'jsonb' ? 'text' : t}[]`).join(', ')})
    AS u(${LOAN_INSERT_COLUMNS.map(([n]) => n).join(', ')})
  JOIN enterprises e ON e.id = u.enterprise_id`.replace('u.schedule,', 'u.schedule::jsonb,');

/** Columns as arrays for INSERT_LOANS_SQL. */
export function loanColumns(loans: readonly LoanRecord[]): (string | null)[][] {
  const cols: (string | null)[][] = LOAN_INSERT_COLUMNS.map(() => []);
  for (const l of loans) {
    const v = loanValues(l);
    for (let i = 0; i < v.length; i++) cols[i]!.push(v[i]!);
  }
  return cols;
}

// ---------------------------------------------------------------------------------------------------
// The case as stored

interface CaseRow {
  id: string;
  enterprise_id: string;
  enterprise_name: string;
  uscc: string;
  product_code: string;
  amount_fen: string;
  term_months: number;
  repayment_method: string;
  channel: string;
  status: Status;
  tier: string;
  grade: string | null;
  score: number | null;
  branch_id: string;
  version: number;
  approved_terms: Record<string, unknown> | null;
  assessment: Record<string, unknown> | null;
  conditions: unknown[] | null;
  decided_at: Date | string | null;
}

interface DisbursementRow {
  id: string;
  application_id: string;
  status: DisbursementStatus;
  maker_id: string | null;
  maker_name: string | null;
  prepared_at: Date | string | null;
  checker_id: string | null;
  checker_name: string | null;
  disbursed_at: Date | string | null;
  disbursed_on: string | Date | null;
  sent_back_by: string | null;
  sent_back_by_name: string | null;
  sent_back_at: Date | string | null;
  send_back_reason: string | null;
  loan_id: string | null;
  version: number;
}

const iso = (v: Date | string | null | undefined) => (v == null ? null : new Date(v).toISOString());

const CASE_COLUMNS = `a.id, a.enterprise_id, a.enterprise_name, a.uscc, a.product_code, a.amount_fen, a.term_months,
  a.repayment_method, a.channel, a.status, a.tier, a.grade, a.score, a.branch_id, a.version, a.approved_terms,
  a.assessment, a.conditions, a.decided_at`;

/** The case (locked for a write), or 404 when absent or outside the caller's branch scope. */
async function loadCase(q: Queryable, user: User, id: string, forUpdate: boolean): Promise<CaseRow> {
  const row = (
    await q.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM applications a WHERE a.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    )
  ).rows[0];
  // Out of scope looks the same as absent. The status is checked by each step (409), not hidden.
  const scope = await readScope(q, user);
  if (
    !row ||
    !canRead(
      { ...scope, statuses: null },
      { branchId: row.branch_id, status: row.status, enterpriseId: row.enterprise_id },
    )
  )
    throw notFound(`No application ${id}.`);
  return row;
}

const SELECT_DISBURSEMENT = `SELECT d.*, m.display_name AS maker_name, c.display_name AS checker_name,
    s.display_name AS sent_back_by_name
  FROM disbursements d LEFT JOIN users m ON m.id = d.maker_id LEFT JOIN users c ON c.id = d.checker_id
  LEFT JOIN users s ON s.id = d.sent_back_by WHERE d.application_id = $1`;

async function disbursementOf(q: Queryable, id: string, forUpdate = false): Promise<DisbursementRow | undefined> {
  return (await q.query<DisbursementRow>(`${SELECT_DISBURSEMENT}${forUpdate ? ' FOR UPDATE OF d' : ''}`, [id])).rows[0];
}

async function evidenceOf(q: Queryable, id: string): Promise<RecordedEvidence[]> {
  const r = await q.query<{
    condition_index: number;
    evidence: ConditionEvidence;
    recorded_by: string;
    display_name: string | null;
    recorded_at: Date | string;
  }>(
    `SELECT e.condition_index, e.evidence, e.recorded_by, u.display_name, e.recorded_at
     FROM disbursement_evidence e LEFT JOIN users u ON u.id = e.recorded_by
     WHERE e.application_id = $1 ORDER BY e.condition_index`,
    [id],
  );
  return r.rows.map((x) => ({
    index: x.condition_index,
    evidence: x.evidence,
    recordedBy: x.recorded_by,
    recordedByName: x.display_name,
    recordedAt: new Date(x.recorded_at).toISOString(),
  }));
}

// ---------------------------------------------------------------------------------------------------
// Evidence files (scans of a registration certificate, a signed guarantee contract…): kept with the
// case's materials (bank-api/files/uploads.ts — same checks, same table), under their own item code.

interface DocumentRow {
  id: string | number;
  file_name: string;
  media_type: string;
  size_bytes: string | number;
  sha256: string;
  received_by: string;
  display_name: string | null;
  received_at: Date | string;
}

const toDocument = (r: DocumentRow): DisbursementDocument => ({
  id: String(r.id),
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  uploadedBy: r.received_by,
  uploadedByName: r.display_name,
  uploadedAt: new Date(r.received_at).toISOString(),
});

/** The file an evidence names (registration and document kinds), or null. */
export const documentIdOf = (e: ConditionEvidence | null | undefined): string | null =>
  e && (e.kind === 'document' || e.kind === 'registration') ? (e.documentId ?? null) : null;

/** The uploaded files of application `id` among `ids`, by id (an id naming another case's file is absent). */
async function documentsOf(
  q: Queryable,
  id: string,
  ids: readonly (string | null)[],
): Promise<Map<string, DisbursementDocument>> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map();
  const r = await q.query<DocumentRow>(
    `SELECT m.id, m.file_name, m.media_type, m.size_bytes, m.sha256, m.received_by, u.display_name, m.received_at
     FROM materials m LEFT JOIN users u ON u.id = m.received_by
     WHERE m.application_id = $1 AND m.id = ANY($2::bigint[]) AND m.via = 'upload'`,
    [id, wanted],
  );
  return new Map(r.rows.map((x) => [String(x.id), toDocument(x)]));
}

/**
 * Who had a hand in the evidence: its recorders and the uploaders of the files it names — none of them
 * may check the disbursement.
 */
async function evidenceHands(q: Queryable, id: string, evidence: readonly RecordedEvidence[]): Promise<string[]> {
  const docs = await documentsOf(
    q,
    id,
    evidence.map((e) => documentIdOf(e.evidence)),
  );
  return [...new Set([...evidence.map((e) => e.recordedBy), ...[...docs.values()].map((d) => d.uploadedBy)])];
}

/** Live contract documents: the loan contract's number and whether every one is signed. */
async function contractsOf(q: Queryable, id: string): Promise<{ contractId: string | null; allSigned: boolean }> {
  const r = await q.query<{ contract_id: string; kind: string; status: string }>(
    "SELECT contract_id, kind, status FROM contracts WHERE application_id = $1 AND status <> 'superseded'",
    [id],
  );
  return {
    contractId: r.rows.find((x) => x.kind === 'loan')?.contract_id ?? r.rows[0]?.contract_id ?? null,
    allSigned: r.rows.every((x) => x.status === 'signed'),
  };
}

async function loanOf(q: Queryable, loanId: string | null): Promise<DisbursedLoan | null> {
  if (!loanId) return null;
  const l = (
    await q.query<{
      id: string;
      application_id: string;
      disbursement_id: string;
      contract_id: string | null;
      product_code: string;
      principal_fen: string;
      annual_rate: string;
      lpr_percent: string;
      spread_bp: number;
      term_months: number;
      repayment_method: DisbursedLoan['repaymentMethod'];
      disbursed_on: string;
      maturity_date: string;
      grade: string | null;
      tier: string | null;
      channel: string | null;
      score: number | null;
      schedule: ScheduleRow[];
    }>(
      `SELECT id, application_id, disbursement_id, contract_id, product_code, principal_fen, annual_rate::text,
         lpr_percent::text, spread_bp, term_months, repayment_method, disbursed_on::text, maturity_date::text,
         grade, tier, channel, score, schedule
       FROM loans WHERE id = $1`,
      [loanId],
    )
  ).rows[0];
  if (!l) return null;
  return {
    id: l.id,
    applicationId: l.application_id,
    disbursementId: l.disbursement_id,
    contractId: l.contract_id,
    productCode: l.product_code,
    principal: formatMoney(BigInt(l.principal_fen)),
    annualRate: l.annual_rate,
    lprPercent: l.lpr_percent,
    spreadBp: l.spread_bp,
    termMonths: l.term_months,
    repaymentMethod: l.repayment_method,
    disbursedOn: l.disbursed_on,
    maturityDate: l.maturity_date,
    grade: l.grade,
    tier: l.tier,
    channel: l.channel,
    score: l.score,
    schedule: l.schedule,
  };
}

const payeesOf = (conditions: readonly DisbursementCondition[]): Payee[] =>
  conditions.flatMap((c) => (c.evidence?.kind === 'payees' ? c.evidence.payees : []));

async function detailOf(q: Queryable, user: User, row: CaseRow): Promise<DisbursementDetail> {
  const d = await disbursementOf(q, row.id);
  const evidence = d ? await evidenceOf(q, row.id) : [];
  const terms = approvedTermsOf(row);
  const conditions = evaluateConditions(
    requiredConditions(row.product_code, row.conditions),
    evidence,
    terms.amountFen,
  );
  const docs = await documentsOf(
    q,
    row.id,
    conditions.map((c) => documentIdOf(c.evidence)),
  );
  for (const c of conditions) c.document = docs.get(documentIdOf(c.evidence) ?? '') ?? null;
  const contracts = await contractsOf(q, row.id);
  const status: DisbursementStatus = d?.status ?? 'open';
  const signed = row.status === 'signed';
  const officer = user.roles.includes('disbursement_officer');
  const editable = officer && signed && (status === 'open' || status === 'sent_back');
  const recorders = [...evidence.map((e) => e.recordedBy), ...[...docs.values()].map((x) => x.uploadedBy)];
  const mayCheck =
    officer && signed && status === 'prepared' && d?.maker_id !== user.id && !recorders.includes(user.id);
  return {
    applicationId: row.id,
    applicationStatus: row.status,
    applicationVersion: row.version,
    enterpriseName: row.enterprise_name,
    uscc: row.uscc,
    branchId: row.branch_id,
    productCode: row.product_code,
    productName: findProduct(row.product_code)?.name.zh ?? row.product_code,
    amount: formatMoney(terms.amountFen),
    annualRate: terms.annualRate,
    termMonths: terms.termMonths,
    repaymentMethod: terms.repaymentMethod,
    contractId: contracts.contractId,
    contractsSigned: contracts.allSigned && (signed || row.status === 'disbursed'),
    disbursementId: d?.id ?? null,
    disbursementStatus: status,
    version: d?.version ?? 0,
    conditions,
    payees: payeesOf(conditions),
    makerId: d?.maker_id ?? null,
    makerName: d?.maker_name ?? null,
    preparedAt: iso(d?.prepared_at),
    checkerId: d?.checker_id ?? null,
    checkerName: d?.checker_name ?? null,
    disbursedAt: iso(d?.disbursed_at),
    sentBackBy: d?.sent_back_by ?? null,
    sentBackByName: d?.sent_back_by_name ?? null,
    sentBackAt: iso(d?.sent_back_at),
    sendBackReason: d?.send_back_reason ?? null,
    loan: await loanOf(q, d?.loan_id ?? null),
    mayRecord: editable,
    mayPrepare: editable && conditions.every((c) => c.satisfied),
    maySendBack: mayCheck,
    mayDisburse: mayCheck,
  };
}

/** GET /applications/{id}/disbursement. */
export async function disbursementDetail(q: Queryable, user: User, id: string): Promise<DisbursementDetail> {
  return detailOf(q, user, await loadCase(q, user, id, false));
}

// ---------------------------------------------------------------------------------------------------
// Queue

export async function disbursementQueue(
  q: Queryable,
  user: User,
  query: { view: 'open' | 'prepared' | 'all'; q?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<DisbursementQueue> {
  const scope = await readScope(q, user);
  const args: unknown[] = [];
  const p = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const where = [
    scope.served.length > 0
      ? `(a.branch_id = ANY(${p([...scope.branches])}) OR a.enterprise_id = ANY(${p([...scope.served])}))`
      : `a.branch_id = ANY(${p([...scope.branches])})`,
  ];
  if (query.view === 'all') where.push("a.status IN ('signed', 'disbursed')");
  else where.push("a.status = 'signed'");
  if (query.view === 'prepared') where.push("d.status = 'prepared'");
  if (query.q) {
    const like = p(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(a.enterprise_name ILIKE ${like} OR a.uscc ILIKE ${like} OR a.id ILIKE ${like})`);
  }
  const from = 'FROM applications a LEFT JOIN disbursements d ON d.application_id = a.id';
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n ${from} WHERE ${where.join(' AND ')}`, args))
    .rows[0]!.n;
  if (query.cursor) where.push(`a.id > ${p(query.cursor)}`);
  const limit = p(query.limit + 1);
  const rows = (
    await q.query<
      CaseRow & {
        d_status: DisbursementStatus | null;
        maker_id: string | null;
        maker_name: string | null;
        prepared_at: Date | string | null;
        loan_id: string | null;
        d_version: number | null;
        evidenced: number[] | null;
        signed_at: Date | string | null;
      }
    >(
      `SELECT ${CASE_COLUMNS}, d.status AS d_status, d.maker_id, m.display_name AS maker_name, d.prepared_at,
         d.loan_id, d.version AS d_version,
         (SELECT array_agg(e.condition_index) FROM disbursement_evidence e WHERE e.application_id = a.id) AS evidenced,
         (SELECT max(h.created_at) FROM decisions h WHERE h.application_id = a.id AND h.to_status = 'signed') AS signed_at
       ${from} LEFT JOIN users m ON m.id = d.maker_id
       WHERE ${where.join(' AND ')} ORDER BY a.id LIMIT ${limit}`,
      args,
    )
  ).rows;
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => {
      const terms = approvedTermsOf(r);
      const required = requiredConditions(r.product_code, r.conditions);
      const have = new Set(r.evidenced ?? []);
      return {
        applicationId: r.id,
        enterpriseName: r.enterprise_name,
        uscc: r.uscc,
        productCode: r.product_code,
        branchId: r.branch_id,
        amount: formatMoney(terms.amountFen),
        termMonths: terms.termMonths,
        repaymentMethod: terms.repaymentMethod,
        applicationStatus: r.status,
        disbursementStatus: r.d_status ?? (r.status === 'disbursed' ? 'disbursed' : 'open'),
        conditions: required.length,
        evidenced: required.filter((_, i) => have.has(i)).length,
        makerId: r.maker_id,
        makerName: r.maker_name,
        preparedAt: iso(r.prepared_at),
        signedAt: iso(r.signed_at ?? r.decided_at),
        loanId: r.loan_id,
        version: r.d_version ?? 0,
      };
    }),
    nextCursor: rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
    total,
  };
}

// ---------------------------------------------------------------------------------------------------
// Writes

/** The parts of a write every step shares: the case locked, its state checked, the version compared. */
async function lockForWrite(
  q: Queryable,
  user: User,
  id: string,
  version: number,
  allowed: readonly DisbursementStatus[],
): Promise<{ row: CaseRow; d: DisbursementRow | undefined }> {
  const { row, d } = await lockInState(q, user, id, allowed);
  const current = d?.version ?? 0;
  if (current !== version) {
    throw preconditionFailed(
      'version_mismatch',
      'The disbursement changed',
      `放款记录已被他人更新（您看到的是第 ${version} 版，现为第 ${current} 版），请刷新后重试。 ` +
        `You had version ${version} of ${id}'s disbursement; it is now version ${current}.`,
      { current: current },
    );
  }
  return { row, d };
}

/** The case locked, signed, and its disbursement in one of the `allowed` states (409 naming where it is). */
async function lockInState(
  q: Queryable,
  user: User,
  id: string,
  allowed: readonly DisbursementStatus[],
): Promise<{ row: CaseRow; d: DisbursementRow | undefined }> {
  const row = await loadCase(q, user, id, true);
  if (row.status === 'disbursed') {
    throw conflict('disbursement.already_disbursed', `${id} 已放款，不能再变更。 ${id} is already disbursed.`, {
      applicationStatus: row.status,
    });
  }
  if (row.status !== 'signed') {
    throw conflict(
      'disbursement.not_signed',
      `${id} 当前状态为 ${row.status}，合同全部签署后方可放款审核。 Only a signed case (every live contract signed) can be disbursed; ${id} is ${row.status}.`,
      { applicationStatus: row.status },
    );
  }
  const d = await disbursementOf(q, id, true);
  const status: DisbursementStatus = d?.status ?? 'open';
  if (!allowed.includes(status)) {
    const why: Record<DisbursementStatus, string> = {
      open: '尚未提交复核 (not prepared yet)',
      prepared: '已提交复核，需复核人退回后方可修改 (prepared: the checker sends it back before it changes)',
      sent_back: '已退回经办 (sent back to the maker)',
      disbursed: '已放款 (disbursed)',
    };
    const code: Record<DisbursementStatus, string> = {
      open: 'disbursement.not_prepared',
      prepared: 'disbursement.already_prepared',
      sent_back: 'disbursement.not_prepared',
      disbursed: 'disbursement.already_disbursed',
    };
    throw conflict(code[status], `${id}：${why[status]}。`, { disbursementStatus: status });
  }
  return { row, d };
}

/** Creates the disbursement row (version 1) or raises its version, with the given changes. */
async function touch(
  q: Queryable,
  id: string,
  d: DisbursementRow | undefined,
  set: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const cols = Object.keys(set);
  if (!d) {
    const first: Record<string, unknown> = { status: 'open', ...set };
    const names = Object.keys(first);
    await q.query(
      `INSERT INTO disbursements (id, application_id, created_at, updated_at, version${names.map((c) => `, ${c}`).join('')})
       VALUES ($1, $2, $3, $3, 1${names.map((_, i) => `, $${i + 4}`).join('')})`,
      [disbursementIdFor(id), id, now.toISOString(), ...Object.values(first)],
    );
    return;
  }
  await q.query(
    `UPDATE disbursements SET updated_at = $2, version = version + 1${cols.map((c, i) => `, ${c} = $${i + 3}`).join('')}
     WHERE application_id = $1`,
    [id, now.toISOString(), ...Object.values(set)],
  );
}

async function announce(q: Queryable, row: CaseRow, status: Status, version: number) {
  await publishQueueEvent(q, {
    type: 'disbursement.updated',
    id: row.id,
    status,
    tier: row.tier,
    branchId: row.branch_id,
    version,
  });
}

export interface WriteOptions {
  now?: Date;
}

type Writer = (q: Queryable) => Promise<DisbursementWriteResponse>;

async function write(
  db: Database,
  user: User,
  key: string,
  request: unknown,
  fn: Writer,
  now: Date,
): Promise<{ body: DisbursementWriteResponse; replayed: boolean }> {
  const r = await idempotent(db, user.id, key, request, fn, { now });
  return { body: r.body, replayed: r.replayed };
}

/** PUT …/conditions/{index}: the maker records one condition's evidence (422 with its problems). */
export async function recordEvidence(
  db: Database,
  user: User,
  id: string,
  index: number,
  version: number,
  key: string,
  evidence: ConditionEvidence,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return write(
    db,
    user,
    key,
    { step: 'evidence', id, index, version, evidence },
    async (q) => {
      const { row, d } = await lockForWrite(q, user, id, version, ['open', 'sent_back']);
      const required = requiredConditions(row.product_code, row.conditions);
      const target = required[index];
      if (!target) {
        throw validationFailed(
          'params.index',
          `${id} has ${required.length} condition(s) (0–${Math.max(0, required.length - 1)}); there is no condition ${index}.`,
        );
      }
      const problems = checkEvidence(target.condition, evidence, approvedTermsOf(row).amountFen);
      if (problems.length > 0) {
        throw unprocessable(
          'disbursement.evidence_invalid',
          `第 ${index + 1} 项放款条件（${LOAN_CONDITION_NAMES[target.condition.type].zh}）的证明不符合要求：` +
            problems.map((p) => p.detail).join(' '),
          { index, type: target.condition.type, problems },
        );
      }
      const documentId = documentIdOf(evidence);
      if (documentId && !(await documentsOf(q, id, [documentId])).has(documentId)) {
        throw unprocessable(
          'evidence.document_unknown',
          `第 ${index + 1} 项放款条件的证明文件 ${documentId} 不是本申请上传的文件，请重新上传。 ` +
            `Document ${documentId} is not a file uploaded for application ${id}; upload the scan for this case.`,
          { index, documentId },
        );
      }
      await touch(q, id, d, {}, now);
      await q.query(
        `INSERT INTO disbursement_evidence (application_id, condition_index, condition_type, evidence, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (application_id, condition_index) DO UPDATE
           SET condition_type = EXCLUDED.condition_type, evidence = EXCLUDED.evidence,
               recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
        [id, index, target.condition.type, JSON.stringify(evidence), user.id, now.toISOString()],
      );
      await appendAudit(q, {
        actorId: user.id,
        action: 'disbursement.evidence_recorded',
        entityType: 'application',
        entityId: id,
        payload: { index, type: target.condition.type, evidence },
        at: now,
      });
      await announce(q, row, row.status, row.version);
      return {
        disbursement: await detailOf(q, user, row),
        outcome: 'evidence_recorded',
        message: `Evidence recorded for condition ${index + 1} (${LOAN_CONDITION_NAMES[target.condition.type].en}).`,
      };
    },
    now,
  );
}

/** POST …/prepare: the maker declares every condition evidenced (422 naming each one that is not). */
export async function prepareDisbursement(
  db: Database,
  user: User,
  id: string,
  version: number,
  key: string,
  body: { comment?: string | undefined },
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return write(
    db,
    user,
    key,
    { step: 'prepare', id, version, body },
    async (q) => {
      const { row, d } = await lockForWrite(q, user, id, version, ['open', 'sent_back']);
      const conditions = evaluateConditions(
        requiredConditions(row.product_code, row.conditions),
        d ? await evidenceOf(q, id) : [],
        approvedTermsOf(row).amountFen,
      );
      const refusal = unsatisfied(conditions);
      if (refusal) throw refusal;
      await touch(q, id, d, { status: 'prepared', maker_id: user.id, prepared_at: now.toISOString() }, now);
      await appendAudit(q, {
        actorId: user.id,
        action: 'disbursement.prepared',
        entityType: 'application',
        entityId: id,
        payload: { conditions: conditions.length, comment: body.comment ?? null },
        at: now,
      });
      await announce(q, row, row.status, row.version);
      return {
        disbursement: await detailOf(q, user, row),
        outcome: 'prepared',
        message: 'Every condition is evidenced; the disbursement waits for a checker.',
      };
    },
    now,
  );
}

/** POST …/send-back: a checker (not the maker) returns the disbursement to the maker with a reason. */
export async function sendBackDisbursement(
  db: Database,
  user: User,
  id: string,
  version: number,
  key: string,
  body: { reason: string },
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return write(
    db,
    user,
    key,
    { step: 'send-back', id, version, body },
    async (q) => {
      const { row, d } = await lockForWrite(q, user, id, version, ['prepared']);
      checkMakerChecker(user.id, d!.maker_id, await evidenceHands(q, id, await evidenceOf(q, id)));
      await touch(
        q,
        id,
        d,
        { status: 'sent_back', sent_back_by: user.id, sent_back_at: now.toISOString(), send_back_reason: body.reason },
        now,
      );
      await appendAudit(q, {
        actorId: user.id,
        action: 'disbursement.sent_back',
        entityType: 'application',
        entityId: id,
        payload: { reason: body.reason, makerId: d!.maker_id },
        at: now,
      });
      await announce(q, row, row.status, row.version);
      return {
        disbursement: await detailOf(q, user, row),
        outcome: 'sent_back',
        message: 'Sent back to the maker.',
      };
    },
    now,
  );
}

/**
 * POST …/disbursement: the checker (neither the maker nor a recorder of evidence) confirms; every
 * condition is checked again, every live contract must be signed; `signed → disbursed` and the loan.
 */
export async function confirmDisbursement(
  db: Database,
  user: User,
  id: string,
  version: number,
  key: string,
  body: { comment?: string | undefined },
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return write(
    db,
    user,
    key,
    { step: 'confirm', id, version, body },
    async (q) => {
      const { row, d } = await lockForWrite(q, user, id, version, ['prepared']);
      const evidence = await evidenceOf(q, id);
      checkMakerChecker(user.id, d!.maker_id, await evidenceHands(q, id, evidence));
      const terms = approvedTermsOf(row);
      const refusal = unsatisfied(
        evaluateConditions(requiredConditions(row.product_code, row.conditions), evidence, terms.amountFen),
      );
      if (refusal) throw refusal;
      const contracts = await contractsOf(q, id);
      if (!contracts.allSigned) {
        throw conflict(
          'disbursement.contracts_unsigned',
          `${id} 尚有未签署的合同，不能放款。 ${id} has a live contract document that is not signed.`,
        );
      }
      const loan = planLoan(
        {
          id,
          enterpriseId: row.enterprise_id,
          branchId: row.branch_id,
          productCode: row.product_code,
          grade: row.grade,
          tier: row.tier,
          channel: row.channel,
          score: row.score,
        },
        terms,
        d!.id,
        contracts.contractId,
        disbursementDate(now),
      );
      await q.query(INSERT_LOANS_SQL, loanColumns([loan]));
      await touch(
        q,
        id,
        d,
        {
          status: 'disbursed',
          checker_id: user.id,
          disbursed_at: now.toISOString(),
          disbursed_on: loan.disbursedOn,
          loan_id: loan.id,
        },
        now,
      );
      await advance(
        q,
        id,
        'disbursed',
        user.id,
        'disbursed',
        {
          disbursementId: d!.id,
          loanId: loan.id,
          makerId: d!.maker_id,
          amount: loan.principal,
          disbursedOn: loan.disbursedOn,
          comment: body.comment ?? null,
        },
        now,
      );
      const after = await loadCase(q, user, id, false);
      return {
        disbursement: await detailOf(q, user, after),
        outcome: 'disbursed',
        message: `Disbursed ${loan.principal} yuan on ${loan.disbursedOn}: loan ${loan.id}.`,
      };
    },
    now,
  );
}

/**
 * POST …/disbursement/documents: a disbursement officer uploads an evidence file while the case is in
 * 放款审核 (signed; the disbursement open or sent back). The file is checked as every upload is (type by
 * content, size, name) before anything is read from the database; stored, audited; its id is what the
 * evidence then names as `documentId`.
 */
export async function uploadDocument(
  db: Database,
  user: User,
  id: string,
  body: UploadRequest,
  maxBytes: number,
  now = new Date(),
): Promise<{ document: DisbursementDocument }> {
  const file = checkUpload(body, maxBytes);
  return db.tx(async (q) => {
    await lockInState(q, user, id, ['open', 'sent_back']);
    const stored = await storeUpload(q, id, DISBURSEMENT_EVIDENCE_ITEM, file, user.id);
    const document: DisbursementDocument = {
      id: stored.id,
      fileName: file.fileName,
      mediaType: file.mediaType,
      sizeBytes: file.bytes.length,
      sha256: file.sha256,
      uploadedBy: user.id,
      uploadedByName: user.displayName,
      uploadedAt: stored.receivedAt,
    };
    await appendAudit(q, {
      actorId: user.id,
      action: 'disbursement.document_uploaded',
      entityType: 'application',
      entityId: id,
      payload: {
        documentId: document.id,
        fileName: document.fileName,
        mediaType: document.mediaType,
        sizeBytes: document.sizeBytes,
        sha256: document.sha256,
      },
      at: now,
    });
    return { document };
  });
}

/**
 * GET …/disbursement/documents/{documentId}: the file, for the checker (and the maker): an evidence file
 * uploaded for this case, or a file of this case its evidence names. Scope as the case read (404).
 */
export async function documentFile(q: Queryable, user: User, id: string, documentId: string): Promise<StoredFile> {
  await loadCase(q, user, id, false);
  const named = (await evidenceOf(q, id)).map((e) => documentIdOf(e.evidence)).filter((x): x is string => !!x);
  const r = await q.query<StoredFile>(
    `SELECT content, media_type, file_name, sha256 FROM materials
     WHERE application_id = $1 AND id = $2::bigint AND via = 'upload' AND (item_code = $3 OR id = ANY($4::bigint[]))`,
    [id, documentId, DISBURSEMENT_EVIDENCE_ITEM, named],
  );
  const f = r.rows[0];
  if (!f) throw notFound(`No evidence document ${documentId} on application ${id}.`);
  return f;
}

// ---------------------------------------------------------------------------------------------------
// The sandbox seed's disbursements (bank-api/seed/applications.ts), written in batches

/** One disbursement as the seed planned it in memory, through the same rules as the API's steps. */
export interface PlannedDisbursement {
  applicationId: string;
  makerId: string;
  checkerId: string;
  preparedAt: Date;
  disbursedAt: Date;
  evidence: readonly (RecordedEvidence & { type: LoanCondition['type'] })[];
  loan: LoanRecord;
}

/**
 * The steps of 放款审核 on a case held in memory: the maker's evidence must satisfy every condition
 * (else the 422 of prepare), the checker must not be the maker (403), and the loan is planned as confirm
 * plans it. Throws the same ApiProblem the API would answer.
 */
export function planDisbursement(
  app: Parameters<typeof planLoan>[0] & {
    conditions: readonly unknown[] | null;
    approved_terms: Record<string, unknown> | null;
    amount_fen: string | number | bigint;
    term_months: number;
    repayment_method: string;
  },
  maker: string,
  checker: string,
  evidence: readonly ConditionEvidence[],
  times: { recordedAt: Date; preparedAt: Date; disbursedAt: Date },
): PlannedDisbursement {
  const terms = approvedTermsOf(app);
  const required = requiredConditions(app.productCode, app.conditions);
  const recorded = required.map((r, index) => ({
    index,
    type: r.condition.type,
    evidence: evidence[index]!,
    recordedBy: maker,
    recordedAt: times.recordedAt.toISOString(),
  }));
  const refusal = unsatisfied(
    evaluateConditions(
      required,
      recorded.filter((e) => e.evidence),
      terms.amountFen,
    ),
  );
  if (refusal) throw refusal;
  checkMakerChecker(checker, maker, [maker]);
  const loan = planLoan(app, terms, disbursementIdFor(app.id), null, disbursementDate(times.disbursedAt));
  return {
    applicationId: app.id,
    makerId: maker,
    checkerId: checker,
    preparedAt: times.preparedAt,
    disbursedAt: times.disbursedAt,
    evidence: recorded,
    loan,
  };
}

/** Writes planned disbursements — their rows, evidence and loans — three statements for the batch. */
export async function storeDisbursements(q: Queryable, planned: readonly PlannedDisbursement[]): Promise<void> {
  if (planned.length === 0) return;
  const at = (d: Date) => d.toISOString();
  await q.query(INSERT_LOANS_SQL, loanColumns(planned.map((p) => p.loan)));
  await q.query(
    `INSERT INTO disbursements (id, application_id, status, maker_id, prepared_at, checker_id, disbursed_at,
       disbursed_on, loan_id, created_at, updated_at, version)
     SELECT u.id, u.application_id, 'disbursed', u.maker_id, u.prepared_at, u.checker_id, u.disbursed_at,
       u.disbursed_on, u.loan_id, u.created_at, u.disbursed_at, 2 + u.evidence
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::date[],
       $8::timestamptz[], $9::int[], $10::text[])
       AS u(id, application_id, maker_id, prepared_at, checker_id, disbursed_at, disbursed_on, created_at, evidence,
         loan_id)`,
    [
      planned.map((p) => p.loan.disbursementId),
      planned.map((p) => p.applicationId),
      planned.map((p) => p.makerId),
      planned.map((p) => at(p.preparedAt)),
      planned.map((p) => p.checkerId),
      planned.map((p) => at(p.disbursedAt)),
      planned.map((p) => p.loan.disbursedOn),
      planned.map((p) => p.evidence[0]?.recordedAt ?? at(p.preparedAt)),
      planned.map((p) => p.evidence.length),
      planned.map((p) => p.loan.id),
    ],
  );
  const ev = planned.flatMap((p) => p.evidence.map((e) => ({ id: p.applicationId, ...e })));
  if (ev.length > 0) {
    await q.query(
      `INSERT INTO disbursement_evidence (application_id, condition_index, condition_type, evidence, recorded_by, recorded_at)
       SELECT u.a, u.i, u.t, u.e::jsonb, u.b, u.at
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS u(a, i, t, e, b, at)`,
      [
        ev.map((e) => e.id),
        ev.map((e) => e.index),
        ev.map((e) => e.type),
        ev.map((e) => JSON.stringify(e.evidence)),
        ev.map((e) => e.recordedBy),
        ev.map((e) => e.recordedAt),
      ],
    );
  }
}
