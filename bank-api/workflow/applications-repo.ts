/**
 * The applications repository: the one definition of the application row (its columns and their types)
 * and of every statement the workflow runs on applications, their decision history and the enterprises
 * they name. workflow/create.ts, decide.ts and advance.ts, the application routes and both seeds
 * (seed/applications.ts, seed/bulk-applications.ts) write and read through these functions; no other
 * module spells an INSERT or UPDATE of `applications` or `decisions`.
 *
 * Values: jsonb columns are held as values (objects, arrays) and serialised here; int8 (amount_fen,
 * decisions.id) arrives as a decimal string and dates as YYYY-MM-DD on both engines (db/values.ts), so
 * the statements need no casts.
 */
import type { ApplicationDetail } from '../../shared/api/applications';
import type { Status } from '../../shared/workflow/status';
import { type AuditTail, auditTailLockedSql } from '../audit/chain';
import type { Queryable } from '../db/database';
import { type QueueEvent, queueNotifySql } from './events';
import { type ApplicationRow, type SummaryRow, summaryColumnsSql } from './rows';

/** An application row as written: every stored column (the generated instant_outcome aside). */
export type ApplicationRecord = Omit<ApplicationRow, 'assignee_name'>;
export type ApplicationColumn = keyof ApplicationRecord;

/** Every column of an application row, in the table's order. */
export const APPLICATION_COLUMNS = [
  'id',
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
  'assignee_id',
  'created_by',
  'investigated_by',
  'submitted_at',
  'sla_due_at',
  'decided_at',
  'updated_at',
  'version',
  'assessment',
  'routing',
  'preapproval',
  'profile_snapshot',
  'checklist',
  'investigation',
  'approved_terms',
  'conditions',
  'escalated_to',
  'policy_exceptions',
  'pricing_exception',
  'claim_activity_at',
  'guarantors',
  'kind',
  'renewal_of_loan_id',
  'renewal_eligibility',
] as const satisfies readonly ApplicationColumn[];

// Compile-time proof that the list names every column of the record (and the record no column it lacks).
type Missing = Exclude<ApplicationColumn, (typeof APPLICATION_COLUMNS)[number]>;
const everyColumnListed: Missing extends never ? true : Missing = true;
void everyColumnListed;

const JSON_COLUMNS: ReadonlySet<ApplicationColumn> = new Set<ApplicationColumn>([
  'assessment',
  'routing',
  'preapproval',
  'profile_snapshot',
  'checklist',
  'investigation',
  'approved_terms',
  'conditions',
  'policy_exceptions',
  'pricing_exception',
  'guarantors',
  'renewal_eligibility',
]);

/** A column's value as a statement parameter: jsonb as JSON text (SQL NULL stays NULL), instants as ISO text. */
function param(column: ApplicationColumn, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (JSON_COLUMNS.has(column)) return JSON.stringify(v);
  return v instanceof Date ? v.toISOString() : v;
}

function insertStatement(rows: readonly ApplicationRecord[], returning: boolean) {
  const params: unknown[] = [];
  const tuples = rows.map(
    (row) => `(${APPLICATION_COLUMNS.map((c) => `$${params.push(param(c, row[c]))}`).join(',')})`,
  );
  const sql = `INSERT INTO applications (${APPLICATION_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}${returning ? ' RETURNING *' : ''}`;
  return { sql, params };
}

/** A new submission as insertSubmission writes it: its enterprise, its row, its history and its queue event. */
export interface SubmissionWrite {
  enterprise: EnterpriseRecord;
  /** The row; its `id` is ignored: the statement makes it from `idPrefix` and the next application number. */
  application: ApplicationRecord;
  /** The id's prefix (create.ts: APP + the Beijing date); 7 digits of the application sequence follow it. */
  idPrefix: string;
  /** History rows, in order (their ids follow it). */
  history: readonly Omit<DecisionRecord, 'applicationId'>[];
  /** The queue event to NOTIFY on commit (events.ts); its id and enterpriseId are the row's. */
  event: Omit<QueueEvent, 'enterpriseId' | 'id'>;
}

/**
 * A submission's writes in one statement (the instant channel's path, issue 14: one round trip instead of
 * five): the enterprise's snapshot (as upsertEnterprises), the next application number and the id made from
 * it (as nextApplicationNumbers and create.ts applicationId), the row (as insertApplication), its history
 * (as insertDecisions), the queue event (as events.ts publishQueueEvent) — and, last, the audit chain's
 * lock and tail (audit/chain.ts auditTailLockedSql), so the caller appends the submission's events with
 * the lock taken only now, at the end of the transaction's work. The stored row and the tail come back.
 */
export async function insertSubmission(
  q: Queryable,
  w: SubmissionWrite,
): Promise<{ row: SummaryRow; auditTail: AuditTail }> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const enterprise = `(${[p(enterpriseId(w.enterprise.uscc)), ...ENTERPRISE_COLUMNS.map((c) => p(c === 'profile' ? JSON.stringify(w.enterprise[c]) : w.enterprise[c]))].join(', ')})`;
  // 7 digits at least, as applicationId pads them (lpad would cut a longer number).
  const id = `(SELECT ${p(w.idPrefix)}::text || CASE WHEN length(n) < 7 THEN lpad(n, 7, '0') ELSE n END FROM seq)`;
  const row = `(${APPLICATION_COLUMNS.map((c) => (c === 'id' ? id : p(param(c, w.application[c])))).join(',')})`;
  const history = w.history.map(
    (h) =>
      `(${[id, p(h.actorId), p(h.action), p(h.from), p(h.to), p(JSON.stringify(h.payload)), p(h.at.toISOString())].join(',')})`,
  );
  const sql = `WITH seq AS (SELECT nextval('application_seq')::text AS n),
    e AS (${upsertEnterprisesSql([enterprise])}),
    a AS (INSERT INTO applications (${APPLICATION_COLUMNS.join(', ')}) VALUES ${row} RETURNING *),
    ${
      history.length > 0
        ? `d AS (INSERT INTO decisions (application_id, actor_id, action, from_status, to_status, payload, created_at)
      VALUES ${history.join(', ')}),`
        : ''
    }
    n AS (SELECT ${queueNotifySql(p, w.event, 'a.id', 'a.enterprise_id')} AS sent FROM a)
    SELECT ${summaryColumnsSql('a')}, t.last_seq AS audit_tail_seq, t.hash AS audit_tail_hash
    FROM a CROSS JOIN n LEFT JOIN LATERAL ${auditTailLockedSql(p)} t ON true`;
  // Only the summary's columns come back: the caller answers with the summary, and the JSON columns (the
  // profile snapshot, the assessment) would be sent back and parsed for nothing — on the embedded engine,
  // in the one thread that serves every request.
  const r = await q.query<SummaryRow & { audit_tail_seq: string | null; audit_tail_hash: string | null }>(sql, params);
  const { audit_tail_seq, audit_tail_hash, ...stored } = r.rows[0]!;
  return { row: stored, auditTail: { last_seq: audit_tail_seq, hash: audit_tail_hash } };
}

/** Marks a just-submitted application as a renewal (续贷) or top-up (增额) of a loan, with the 无还本续贷 answer. */
export async function markRenewal(
  q: Queryable,
  id: string,
  kind: 'renewal' | 'top_up',
  loanId: string,
  eligibility: Record<string, unknown>,
): Promise<void> {
  await q.query('UPDATE applications SET kind = $2, renewal_of_loan_id = $3, renewal_eligibility = $4 WHERE id = $1', [
    id,
    kind,
    loanId,
    JSON.stringify(eligibility),
  ]);
}

/** A new application row; the row as stored comes back. */
export async function insertApplication(q: Queryable, row: ApplicationRecord): Promise<ApplicationRow> {
  const { sql, params } = insertStatement([row], true);
  return (await q.query<ApplicationRow>(sql, params)).rows[0]!;
}

/** Application rows in one statement (seeding: up to about 2,000 rows per call keeps under 65,535 parameters). */
export async function insertApplications(q: Queryable, rows: readonly ApplicationRecord[]): Promise<void> {
  if (rows.length === 0) return;
  const { sql, params } = insertStatement(rows, false);
  await q.query(sql, params);
}

/** The next `n` numbers of the application sequence, ascending (ids are made from them: create.ts applicationId). */
export async function nextApplicationNumbers(q: Queryable, n: number): Promise<number[]> {
  const r = await q.query<{ n: string }>("SELECT nextval('application_seq') AS n FROM generate_series(1, $1)", [n]);
  return r.rows.map((x) => Number(x.n)).sort((a, b) => a - b);
}

/** One application, locked for the rest of the transaction when `forUpdate`. */
export async function applicationById(
  q: Queryable,
  id: string,
  forUpdate = false,
): Promise<ApplicationRow | undefined> {
  return (
    await q.query<ApplicationRow>(`SELECT * FROM applications WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])
  ).rows[0];
}

/** The columns a workflow step changes (version is always raised by one). */
export type ApplicationChange = Partial<
  Pick<
    ApplicationRecord,
    | 'status'
    | 'tier'
    | 'assignee_id'
    | 'updated_at'
    | 'decided_at'
    | 'checklist'
    | 'approved_terms'
    | 'conditions'
    | 'escalated_to'
    | 'pricing_exception'
    | 'claim_activity_at'
  >
>;
const CHANGE_COLUMNS = [
  'status',
  'tier',
  'assignee_id',
  'updated_at',
  'decided_at',
  'checklist',
  'approved_terms',
  'conditions',
  'escalated_to',
  'pricing_exception',
  'claim_activity_at',
] as const satisfies readonly (keyof ApplicationChange)[];

/**
 * Applies a change and raises the version; with `expectedVersion`, only if the row is still at it
 * (optimistic concurrency): undefined back means someone else changed it first.
 */
export async function updateApplication(
  q: Queryable,
  id: string,
  change: ApplicationChange,
  expectedVersion?: number,
): Promise<ApplicationRow | undefined> {
  const params: unknown[] = [id];
  const sets = CHANGE_COLUMNS.filter((c) => c in change).map((c) => `${c} = $${params.push(param(c, change[c]))}`);
  const versionCheck = expectedVersion === undefined ? '' : ` AND version = $${params.push(expectedVersion)}`;
  return (
    await q.query<ApplicationRow>(
      `UPDATE applications SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = $1${versionCheck} RETURNING *`,
      params,
    )
  ).rows[0];
}

/** One row of an application's decision history. */
export interface DecisionRecord {
  applicationId: string;
  actorId: string | null;
  action: string;
  from: Status;
  to: Status;
  payload: unknown;
  at: Date;
}

/** Rows of decision history in one statement, in the order given (their ids follow it). */
export async function insertDecisions(q: Queryable, rows: readonly DecisionRecord[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    const b = params.push(
      r.applicationId,
      r.actorId,
      r.action,
      r.from,
      r.to,
      JSON.stringify(r.payload),
      r.at.toISOString(),
    );
    return `(${Array.from({ length: 7 }, (_, i) => `$${b - 6 + i}`).join(',')})`;
  });
  await q.query(
    `INSERT INTO decisions (application_id, actor_id, action, from_status, to_status, payload, created_at) VALUES ${tuples.join(', ')}`,
    params,
  );
}

/** An application's decisions of one action (signatures, votes), oldest first. */
export async function decisionsOf<P>(
  q: Queryable,
  applicationId: string,
  action: string,
): Promise<{ actor_id: string; payload: P }[]> {
  return (
    await q.query<{ actor_id: string; payload: P }>(
      'SELECT actor_id, payload FROM decisions WHERE application_id = $1 AND action = $2 ORDER BY id',
      [applicationId, action],
    )
  ).rows;
}

/** An application's whole history as the detail view shows it, with each actor's name. */
export async function historyOf(q: Queryable, applicationId: string): Promise<ApplicationDetail['history']> {
  const r = await q.query<{
    id: string;
    actor_id: string | null;
    display_name: string | null;
    action: string;
    from_status: string;
    to_status: string;
    payload: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT d.id, d.actor_id, u.display_name, d.action, d.from_status, d.to_status, d.payload, d.created_at
     FROM decisions d LEFT JOIN users u ON u.id = d.actor_id WHERE d.application_id = $1 ORDER BY d.id`,
    [applicationId],
  );
  return r.rows.map((h) => ({
    id: Number(h.id),
    actorId: h.actor_id,
    actorName: h.display_name,
    action: h.action,
    fromStatus: h.from_status as never,
    toStatus: h.to_status as never,
    payload: h.payload,
    at: new Date(h.created_at).toISOString(),
  }));
}

/** An enterprise's latest snapshot as an application stores it (its id is `E` + the USCC). */
export interface EnterpriseRecord {
  uscc: string;
  name: string;
  legal_rep_name: string;
  legal_rep_id: string;
  industry_code: string;
  size_class: string;
  region: string;
  branch_id: string;
  established_date: string;
  tax_rating: string;
  annual_sales_fen: string;
  profile: unknown;
  data_as_of: string;
  source: string;
}
const ENTERPRISE_COLUMNS = [
  'uscc',
  'name',
  'legal_rep_name',
  'legal_rep_id',
  'industry_code',
  'size_class',
  'region',
  'branch_id',
  'established_date',
  'tax_rating',
  'annual_sales_fen',
  'profile',
  'data_as_of',
  'source',
] as const satisfies readonly (keyof EnterpriseRecord)[];

/** The id an enterprise row has (the application's enterprise_id). */
export const enterpriseId = (uscc: string) => `E${uscc}`;

/**
 * Stores each enterprise's snapshot unless a snapshot as new or newer is there: one statement; each USCC
 * at most once per call.
 */
export async function upsertEnterprises(q: Queryable, rows: readonly EnterpriseRecord[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((e) => {
    const id = `$${params.push(enterpriseId(e.uscc))}`;
    const values = ENTERPRISE_COLUMNS.map((c) => `$${params.push(c === 'profile' ? JSON.stringify(e[c]) : e[c])}`);
    return `(${[id, ...values].join(', ')})`;
  });
  await q.query(upsertEnterprisesSql(tuples), params);
}

function upsertEnterprisesSql(tuples: readonly string[]): string {
  return `INSERT INTO enterprises (id, ${ENTERPRISE_COLUMNS.join(', ')})
     VALUES ${tuples.join(', ')}
     ON CONFLICT (uscc) DO UPDATE SET profile = EXCLUDED.profile, data_as_of = EXCLUDED.data_as_of, name = EXCLUDED.name
       WHERE enterprises.data_as_of < EXCLUDED.data_as_of`;
}

/** The day of each stored enterprise snapshot (YYYY-MM-DD), by USCC. */
export async function enterpriseSnapshotDays(q: Queryable, usccs: readonly string[]): Promise<Map<string, string>> {
  const r = await q.query<{ uscc: string; data_as_of: string }>(
    'SELECT uscc, data_as_of FROM enterprises WHERE uscc = ANY($1)',
    [[...usccs]],
  );
  return new Map(r.rows.map((x) => [x.uscc, x.data_as_of]));
}
