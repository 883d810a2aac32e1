/**
 * 预警处置 (issue 17.3): warning tasks in the bank API.
 *
 * - `openWarningTasks` opens one task per open loan signal that has none (the monitoring job calls it at
 *   the end of each run; it is idempotent — the signal id is unique in warning_tasks — and safe to run from
 *   two instances at once). The task goes to the enterprise's service officer, due DISPOSITION_WORKING_DAYS
 *   bank working days after the signal's day (shared/credit/warning-disposition.ts).
 * - `escalateOverdue` moves open tasks past their due date to `escalated` (the job after each run, and
 *   every list read, so a supervisor never sees an overdue task still called open).
 * - The service officer records a verification and a measure with a reason; measures above the officer's
 *   role wait for a supervisor who did not record them, who confirms (closed) or rejects (back to open).
 *
 * Every step writes a warning_task_events row and an audit_events entry in the transaction that makes it;
 * writes check the task's version (If-Match) and run once per Idempotency-Key.
 */
import type { User } from '../../shared/api/auth';
import {
  type ConfirmationRequest,
  type DispositionRequest,
  REASSIGNMENT_CAUSES,
  type ReassignmentCause,
  type WarningBranchCount,
  type WarningTaskDetail,
  type WarningTaskEvent,
  type WarningTaskList,
  type WarningTaskReassignment,
  type WarningTaskSummary,
  type WarningTaskView,
  type WarningTaskWriteResponse,
} from '../../shared/api/warning-tasks';
import { beijingDate } from '../../shared/calendar';
import {
  DISPOSABLE_STATUSES,
  dispositionDueOn,
  isOverdue,
  MEASURE_NAMES,
  needsConfirmation,
  statusAfterMeasure,
  statusAfterRejection,
  WARNING_MEASURES,
  type WarningMeasure,
  type WarningSeverity,
  type WarningTaskStatus,
} from '../../shared/credit/warning-disposition';
import { formatMoney } from '../../shared/money/money';
import { type AuditInput, appendAuditEvents } from '../audit/chain';
import type { Database, Queryable } from '../db/database';
import { idempotent } from '../http/idempotency';
import { ApiProblem, conflict, notFound, preconditionFailed, unprocessable, validationFailed } from '../http/problems';
import { branchScope } from '../workflow/scope';

const iso = (v: Date | string | null | undefined) => (v == null ? null : new Date(v).toISOString());

// ---------------------------------------------------------------------------------------------------
// Opening and escalation (the monitoring job)

interface HistoryRow {
  taskId: string;
  actorId: string | null;
  action: WarningTaskEvent['action'];
  from: WarningTaskStatus | null;
  to: WarningTaskStatus;
  details: Record<string, unknown>;
}

/** Writes history rows (warning_task_events) only. */
async function writeHistory(q: Queryable, rows: readonly HistoryRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO warning_task_events (task_id, at, actor_id, action, from_status, to_status, details)
     SELECT u.task_id, $1, u.actor_id, u.action, u.from_status, u.to_status, u.details::jsonb
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS u(task_id, actor_id, action, from_status, to_status, details)`,
    [
      now.toISOString(),
      rows.map((r) => r.taskId),
      rows.map((r) => r.actorId),
      rows.map((r) => r.action),
      rows.map((r) => r.from),
      rows.map((r) => r.to),
      rows.map((r) => JSON.stringify(r.details)),
    ],
  );
}

/** Writes history rows and their audit events (one lock on the chain for the lot). */
async function record(q: Queryable, rows: readonly HistoryRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await writeHistory(q, rows, now);
  await appendAuditEvents(
    q,
    rows.map(
      (r): AuditInput => ({
        actorId: r.actorId,
        action: `warning_task.${r.action}`,
        entityType: 'warning_task',
        entityId: r.taskId,
        payload: { from: r.from, to: r.to, ...r.details },
        at: now,
      }),
    ),
  );
}

export interface OpenTasksOptions {
  /** The monitoring run that calls (its id is kept on tasks whose signal names no run). */
  runId?: string | null;
  now?: Date;
  /** Signals per transaction. */
  batch?: number;
}

/**
 * Opens a task for every open loan signal without one; returns how many it opened. Idempotent: a second
 * call opens nothing; two at once open each task once (the unique signal id decides).
 */
export async function openWarningTasks(db: Database, opts: OpenTasksOptions = {}): Promise<{ opened: number }> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 2000;
  let after = '0';
  let opened = 0;
  for (;;) {
    const r = await db.tx(async (q) => {
      const signals = (
        await q.query<{
          id: string;
          loan_id: string;
          enterprise_id: string;
          branch_id: string;
          officer_id: string | null;
          code: string;
          severity: WarningSeverity;
          raised_at: Date | string;
          run_id: string | null;
        }>(
          `SELECT s.id::text AS id, s.loan_id, l.enterprise_id, l.branch_id, e.service_officer_id AS officer_id,
             s.code, s.severity, s.raised_at, s.run_id
           FROM loan_signals s JOIN loans l ON l.id = s.loan_id JOIN enterprises e ON e.id = l.enterprise_id
           WHERE s.cleared_at IS NULL AND s.id > $1::bigint
             AND NOT EXISTS (SELECT 1 FROM warning_tasks t WHERE t.signal_id = s.id)
           ORDER BY s.id LIMIT $2
           FOR SHARE OF e`,
          [after, batch],
        )
      ).rows;
      if (signals.length === 0) return null;
      const inserted = (
        await q.query<{ id: string; signal_id: string; due_on: string }>(
          `INSERT INTO warning_tasks (signal_id, loan_id, enterprise_id, branch_id, officer_id, code, severity, run_id,
             opened_at, due_on, status)
           SELECT u.signal_id, u.loan_id, u.enterprise_id, u.branch_id, u.officer_id, u.code, u.severity, u.run_id,
             $1, u.due_on, 'open'
           FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
               $9::text[], $10::date[])
             AS u(signal_id, loan_id, enterprise_id, branch_id, officer_id, code, severity, run_id, due_on)
           ON CONFLICT (signal_id) DO NOTHING
           RETURNING id::text AS id, signal_id::text AS signal_id, due_on::text AS due_on`,
          [
            now.toISOString(),
            signals.map((s) => s.id),
            signals.map((s) => s.loan_id),
            signals.map((s) => s.enterprise_id),
            signals.map((s) => s.branch_id),
            signals.map((s) => s.officer_id),
            signals.map((s) => s.code),
            signals.map((s) => s.severity),
            signals.map((s) => s.run_id ?? opts.runId ?? null),
            signals.map((s) => dispositionDueOn(new Date(s.raised_at), s.severity)),
          ],
        )
      ).rows;
      const bySignal = new Map(signals.map((s) => [s.id, s]));
      await record(
        q,
        inserted.map((t) => {
          const s = bySignal.get(t.signal_id)!;
          return {
            taskId: t.id,
            actorId: null,
            action: 'opened',
            from: null,
            to: 'open',
            details: {
              signalId: t.signal_id,
              loanId: s.loan_id,
              code: s.code,
              severity: s.severity,
              officerId: s.officer_id,
              dueOn: t.due_on,
              runId: opts.runId ?? s.run_id ?? null,
            },
          };
        }),
        now,
      );
      return { last: signals[signals.length - 1]!.id, n: inserted.length };
    });
    if (!r) break;
    after = r.last;
    opened += r.n;
  }
  return { opened };
}

/** Moves open tasks past their due date (Beijing) to escalated; returns how many. */
export async function escalateOverdue(db: Database, opts: { now?: Date; batch?: number } = {}) {
  const now = opts.now ?? new Date();
  const today = beijingDate(now);
  let escalated = 0;
  for (;;) {
    const n = await db.tx(async (q) => {
      const rows = (
        await q.query<{ id: string; due_on: string; officer_id: string | null }>(
          `UPDATE warning_tasks SET status = 'escalated', escalated_at = $1, version = version + 1
           WHERE id IN (SELECT id FROM warning_tasks WHERE status = 'open' AND due_on < $2::date
                        ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
             AND status = 'open'
           RETURNING id::text AS id, due_on::text AS due_on, officer_id`,
          [now.toISOString(), today, opts.batch ?? 2000],
        )
      ).rows;
      await record(
        q,
        rows.map((t) => ({
          taskId: t.id,
          actorId: null,
          action: 'escalated',
          from: 'open',
          to: 'escalated',
          details: { dueOn: t.due_on, today, officerId: t.officer_id },
        })),
        now,
      );
      return rows.length;
    });
    escalated += n;
    if (n === 0) break;
  }
  return { escalated };
}

export interface ReassignTasks {
  enterpriseId: string;
  /** The new service officer. */
  to: string;
  /** Who changed the officer (a supervisor); NULL: the system. */
  actorId: string | null;
  /** The words of whoever changed the officer. */
  reason: string;
  /** Why the tasks change hands (default: the client's service officer changed). */
  cause?: ReassignmentCause;
  now?: Date;
}

/**
 * The client's service officer changed (routes/notes.ts reassignServiceOfficer calls this in the
 * transaction that changes enterprises.service_officer_id, which holds the enterprise row locked): every
 * task of the client not yet closed — open, escalated, awaiting a supervisor's confirmation — moves to the
 * new officer, a new version of each, with a 'reassigned' row in the task's history (warning_task_events,
 * migration 0033: status unchanged; details fromOfficerId, toOfficerId, cause, reason — the detail read
 * serves the officers' names) and a `warning_task.reassigned` audit entry (from, to, status, reason).
 * Closed tasks keep the officer who had them. Returns the tasks moved, in id order.
 */
export async function reassignWarningTasks(
  q: Queryable,
  o: ReassignTasks,
): Promise<{ id: string; from: string | null }[]> {
  const now = o.now ?? new Date();
  const moving = (
    await q.query<{ id: string; officer_id: string | null; status: WarningTaskStatus }>(
      `SELECT id::text AS id, officer_id, status FROM warning_tasks
       WHERE enterprise_id = $1 AND status <> 'closed' AND officer_id IS DISTINCT FROM $2
       ORDER BY id FOR UPDATE`,
      [o.enterpriseId, o.to],
    )
  ).rows;
  if (moving.length === 0) return [];
  await q.query('UPDATE warning_tasks SET officer_id = $2, version = version + 1 WHERE id = ANY($1::bigint[])', [
    moving.map((t) => t.id),
    o.to,
  ]);
  const cause: ReassignmentCause = o.cause ?? 'service_officer_changed';
  await writeHistory(
    q,
    moving.map(
      (t): HistoryRow => ({
        taskId: t.id,
        actorId: o.actorId,
        action: 'reassigned',
        from: t.status,
        to: t.status,
        details: { fromOfficerId: t.officer_id, toOfficerId: o.to, cause, reason: o.reason },
      }),
    ),
    now,
  );
  await appendAuditEvents(
    q,
    moving.map(
      (t): AuditInput => ({
        actorId: o.actorId,
        action: 'warning_task.reassigned',
        entityType: 'warning_task',
        entityId: t.id,
        payload: { enterpriseId: o.enterpriseId, from: t.officer_id, to: o.to, status: t.status, reason: o.reason },
        at: now,
      }),
    ),
  );
  return moving.map((t) => ({ id: t.id, from: t.officer_id }));
}

// ---------------------------------------------------------------------------------------------------
// Reads

interface TaskRow {
  id: string;
  signal_id: string;
  loan_id: string;
  enterprise_id: string;
  enterprise_name: string;
  branch_id: string;
  branch_name: string;
  officer_id: string | null;
  officer_name: string | null;
  code: string;
  severity: WarningSeverity;
  opened_at: Date | string;
  due_on: string;
  status: WarningTaskStatus;
  escalated_at: Date | string | null;
  verification_kind: 'call' | 'visit' | 'data' | null;
  verification_note: string | null;
  verified_on: string | null;
  verified_by: string | null;
  verified_by_name: string | null;
  measure: WarningMeasure | null;
  measure_reason: string | null;
  measured_by: string | null;
  measured_by_name: string | null;
  measured_at: Date | string | null;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_at: Date | string | null;
  confirmation_note: string | null;
  closed_at: Date | string | null;
  version: number;
}

const TASK_SELECT = `SELECT t.id::text AS id, t.signal_id::text AS signal_id, t.loan_id, t.enterprise_id,
    e.name AS enterprise_name, t.branch_id, b.name_zh AS branch_name, t.officer_id, o.display_name AS officer_name,
    t.code, t.severity, t.opened_at, t.due_on::text AS due_on, t.status, t.escalated_at, t.verification_kind,
    t.verification_note, t.verified_on::text AS verified_on, t.verified_by, v.display_name AS verified_by_name,
    t.measure, t.measure_reason, t.measured_by, m.display_name AS measured_by_name, t.measured_at, t.confirmed_by,
    c.display_name AS confirmed_by_name, t.confirmed_at, t.confirmation_note, t.closed_at, t.version
  FROM warning_tasks t
    JOIN enterprises e ON e.id = t.enterprise_id
    JOIN branches b ON b.id = t.branch_id
    LEFT JOIN users o ON o.id = t.officer_id
    LEFT JOIN users v ON v.id = t.verified_by
    LEFT JOIN users m ON m.id = t.measured_by
    LEFT JOIN users c ON c.id = t.confirmed_by`;

const isOfficerRole = (u: User) => u.roles.includes('relationship_manager');
const isSupervisor = (u: User) => u.roles.includes('supervisor');

/** Who sees which tasks: a relationship manager their own, a supervisor their branch subtree's. */
async function scopeSql(q: Queryable, user: User, p: (v: unknown) => string): Promise<string> {
  const parts: string[] = [];
  if (isOfficerRole(user)) parts.push(`t.officer_id = ${p(user.id)}`);
  if (isSupervisor(user)) parts.push(`t.branch_id = ANY(${p(await branchScope(q, user))})`);
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

function summaryOf(r: TaskRow, today: string): WarningTaskSummary {
  return {
    id: r.id,
    signalId: r.signal_id,
    loanId: r.loan_id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    branchId: r.branch_id,
    branchName: r.branch_name,
    officerId: r.officer_id,
    officerName: r.officer_name,
    code: r.code,
    severity: r.severity,
    openedAt: iso(r.opened_at)!,
    dueOn: r.due_on,
    status: r.status,
    overdue: isOverdue(r.status, r.due_on, today),
    measure: r.measure,
    version: r.version,
  };
}

const VIEW_SQL: Record<WarningTaskView, (today: string) => string> = {
  active: () => "t.status <> 'closed'",
  open: () => "t.status = 'open'",
  escalated: () => "t.status = 'escalated'",
  overdue: (d) => `t.status IN ('open', 'escalated') AND t.due_on < '${d}'::date`,
  awaiting_confirmation: () => "t.status = 'awaiting_confirmation'",
  closed: () => "t.status = 'closed'",
  all: () => 'true',
};

/** GET /warning-tasks: the caller's tasks in the view, by due date; counts of not-closed tasks by branch. */
export async function listWarningTasks(
  db: Database,
  user: User,
  query: { view: WarningTaskView; branchId?: string | undefined; limit: number; cursor?: string | undefined },
  opts: { now?: Date } = {},
): Promise<WarningTaskList> {
  const now = opts.now ?? new Date();
  const today = beijingDate(now);
  const args: unknown[] = [];
  const p = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const where = [await scopeSql(db, user, p)];
  if (query.branchId) {
    const mine = isSupervisor(user) ? await branchScope(db, user) : null;
    if (mine && !mine.includes(query.branchId)) {
      throw validationFailed('query.branchId', `${query.branchId} is not within your branches`);
    }
    where.push(
      `t.branch_id IN (SELECT b.id FROM branches b JOIN branches f ON f.id = ${p(query.branchId)}
        WHERE b.path = f.path OR b.path LIKE f.path || '.%')`,
    );
  }
  // Refusals above change nothing; from here on the read escalates what is overdue today first.
  await escalateOverdue(db, { now });
  const scoped = [...where];
  where.push(VIEW_SQL[query.view](today));
  const total = (
    await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM warning_tasks t WHERE ${where.join(' AND ')}`, args)
  ).rows[0]!.n;
  const counts = (
    await db.query<{
      branch_id: string;
      branch_name: string;
      open: number;
      escalated: number;
      awaiting: number;
      overdue: number;
    }>(
      `SELECT t.branch_id, b.name_zh AS branch_name,
         count(*) FILTER (WHERE t.status = 'open')::int AS open,
         count(*) FILTER (WHERE t.status = 'escalated')::int AS escalated,
         count(*) FILTER (WHERE t.status = 'awaiting_confirmation')::int AS awaiting,
         count(*) FILTER (WHERE t.status IN ('open', 'escalated') AND t.due_on < '${today}'::date)::int AS overdue
       FROM warning_tasks t JOIN branches b ON b.id = t.branch_id
       WHERE ${scoped.join(' AND ')} AND t.status <> 'closed'
       GROUP BY t.branch_id, b.name_zh ORDER BY t.branch_id`,
      args,
    )
  ).rows;
  if (query.cursor) {
    const [d, id] = query.cursor.split(',');
    where.push(`(t.due_on, t.id) > (${p(d)}::date, ${p(id)}::bigint)`);
  }
  const rows = (
    await db.query<TaskRow>(
      `${TASK_SELECT} WHERE ${where.join(' AND ')} ORDER BY t.due_on, t.id LIMIT ${p(query.limit + 1)}`,
      args,
    )
  ).rows;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => summaryOf(r, today)),
    nextCursor: rows.length > query.limit && last ? `${last.due_on},${last.id}` : null,
    total,
    byBranch: counts.map(
      (c): WarningBranchCount => ({
        branchId: c.branch_id,
        branchName: c.branch_name,
        open: c.open,
        escalated: c.escalated,
        awaitingConfirmation: c.awaiting,
        overdue: c.overdue,
      }),
    ),
    today,
  };
}

/** The task in the caller's scope (locked for a write), or 404 — out of scope looks the same as absent. */
async function loadTask(q: Queryable, user: User, id: string, forUpdate: boolean): Promise<TaskRow> {
  const args: unknown[] = [id];
  const p = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const scope = await scopeSql(q, user, p);
  const row = (
    await q.query<TaskRow>(
      `${TASK_SELECT} WHERE t.id = $1::bigint AND ${scope}${forUpdate ? ' FOR UPDATE OF t' : ''}`,
      args,
    )
  ).rows[0];
  if (!row) throw notFound(`No warning task ${id} in your scope.`);
  return row;
}

async function detailOf(q: Queryable, user: User, r: TaskRow, now: Date): Promise<WarningTaskDetail> {
  const today = beijingDate(now);
  const s = (
    await q.query<{
      code: string;
      severity: WarningSeverity;
      rule_version: string;
      observed: Record<string, unknown>;
      observed_at: Date | string;
      raised_at: Date | string;
      cleared_at: Date | string | null;
      run_id: string | null;
    }>(
      'SELECT code, severity, rule_version, observed, observed_at, raised_at, cleared_at, run_id FROM loan_signals WHERE id = $1::bigint',
      [r.signal_id],
    )
  ).rows[0]!;
  const l = (
    await q.query<{
      product_code: string;
      principal_fen: string;
      balance_fen: string;
      maturity_date: string;
      days_past_due: number;
      classification: string;
    }>(
      'SELECT product_code, principal_fen, balance_fen, maturity_date::text AS maturity_date, days_past_due, classification FROM loans WHERE id = $1',
      [r.loan_id],
    )
  ).rows[0]!;
  const history = (
    await q.query<{
      at: Date | string;
      actor_id: string | null;
      actor_name: string | null;
      action: WarningTaskEvent['action'];
      from_status: WarningTaskStatus | null;
      to_status: WarningTaskStatus;
      details: Record<string, unknown>;
      from_officer_name: string | null;
      to_officer_name: string | null;
    }>(
      // A reassignment's officers by name, as the actor of every entry (details keep the ids).
      `SELECT h.at, h.actor_id, u.display_name AS actor_name, h.action, h.from_status, h.to_status, h.details,
         fu.display_name AS from_officer_name, tu.display_name AS to_officer_name
       FROM warning_task_events h
         LEFT JOIN users u ON u.id = h.actor_id
         LEFT JOIN users fu ON h.action = 'reassigned' AND fu.id = h.details->>'fromOfficerId'
         LEFT JOIN users tu ON h.action = 'reassigned' AND tu.id = h.details->>'toOfficerId'
       WHERE h.task_id = $1::bigint ORDER BY h.id`,
      [r.id],
    )
  ).rows;
  const recorders = [r.measured_by, r.verified_by].filter((x): x is string => x !== null);
  return {
    ...summaryOf(r, today),
    signal: {
      code: s.code,
      severity: s.severity,
      ruleVersion: s.rule_version,
      observed: s.observed,
      observedAt: iso(s.observed_at)!,
      raisedAt: iso(s.raised_at)!,
      clearedAt: iso(s.cleared_at),
      runId: s.run_id,
    },
    loan: {
      productCode: l.product_code,
      principal: formatMoney(BigInt(l.principal_fen)),
      balance: formatMoney(BigInt(l.balance_fen)),
      maturityDate: l.maturity_date,
      daysPastDue: l.days_past_due,
      classification: l.classification,
    },
    verification:
      r.verification_kind && r.verified_by && r.verified_on
        ? {
            kind: r.verification_kind,
            note: r.verification_note ?? '',
            on: r.verified_on,
            by: r.verified_by,
            byName: r.verified_by_name,
          }
        : null,
    disposition:
      r.measure && r.measured_by
        ? {
            measure: r.measure,
            reason: r.measure_reason ?? '',
            by: r.measured_by,
            byName: r.measured_by_name,
            at: iso(r.measured_at)!,
            needsConfirmation: needsConfirmation(r.measure, r.severity),
          }
        : null,
    confirmation:
      r.confirmed_by && r.confirmed_at
        ? { by: r.confirmed_by, byName: r.confirmed_by_name, at: iso(r.confirmed_at)!, note: r.confirmation_note }
        : null,
    closedAt: iso(r.closed_at),
    escalatedAt: iso(r.escalated_at),
    history: history.map((h) => ({
      at: iso(h.at)!,
      actorId: h.actor_id,
      actorName: h.actor_name,
      action: h.action,
      fromStatus: h.from_status,
      toStatus: h.to_status,
      details: h.details ?? {},
      reassignment: h.action === 'reassigned' ? reassignmentOf(h.details ?? {}, h) : null,
    })),
    measuresNeedingConfirmation: WARNING_MEASURES.filter((m) => needsConfirmation(m, r.severity)),
    mayRecord: isOfficerRole(user) && r.officer_id === user.id && DISPOSABLE_STATUSES.includes(r.status),
    mayConfirm: isSupervisor(user) && r.status === 'awaiting_confirmation' && !recorders.includes(user.id),
  };
}

/** A 'reassigned' entry's officers and cause, from its details and the names the read joined. */
function reassignmentOf(
  d: Record<string, unknown>,
  names: { from_officer_name: string | null; to_officer_name: string | null },
): WarningTaskReassignment {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const cause = REASSIGNMENT_CAUSES.find((c) => c === d.cause) ?? 'service_officer_changed';
  return {
    fromOfficerId: str(d.fromOfficerId),
    fromOfficerName: names.from_officer_name,
    toOfficerId: str(d.toOfficerId) ?? '',
    toOfficerName: names.to_officer_name,
    cause,
    reason: str(d.reason),
  };
}

/** GET /warning-tasks/{id}. */
export async function warningTaskDetail(
  db: Database,
  user: User,
  id: string,
  opts: { now?: Date } = {},
): Promise<WarningTaskDetail> {
  const now = opts.now ?? new Date();
  return detailOf(db, user, await loadTask(db, user, id, false), now);
}

// ---------------------------------------------------------------------------------------------------
// Writes

const STATUS_WORDS: Record<WarningTaskStatus, string> = {
  open: '待处置 (open)',
  escalated: '已升级 (escalated)',
  awaiting_confirmation: '待主管确认 (awaiting a supervisor’s confirmation)',
  closed: '已办结 (closed)',
};

function checkVersion(r: TaskRow, version: number) {
  if (r.version !== version) {
    throw preconditionFailed(
      'version_mismatch',
      'The warning task changed',
      `预警任务已被更新（您看到的是第 ${version} 版，现为第 ${r.version} 版），请刷新后重试。 ` +
        `You had version ${version} of warning task ${r.id}; it is now version ${r.version}.`,
      { current: r.version },
    );
  }
}

function refuseState(r: TaskRow, allowed: readonly WarningTaskStatus[]) {
  if (allowed.includes(r.status)) return;
  const code =
    r.status === 'closed'
      ? 'warning.task_closed'
      : r.status === 'awaiting_confirmation'
        ? 'warning.awaiting_confirmation'
        : 'warning.not_awaiting_confirmation';
  throw conflict(
    code,
    `预警任务 ${r.id} 当前为${STATUS_WORDS[r.status]}，不能进行此操作。 Warning task ${r.id} is ${r.status}.`,
    {
      taskStatus: r.status,
    },
  );
}

export interface WriteOptions {
  now?: Date;
}

/**
 * The frame of a write on one task: once per Idempotency-Key (the request as `request`), the task read
 * and locked in scope, refused (409) unless its status is one of `allowed`; then `step` does the rest.
 */
async function writeTask(
  db: Database,
  user: User,
  id: string,
  key: string,
  request: Record<string, unknown>,
  allowed: readonly WarningTaskStatus[],
  now: Date,
  step: (q: Queryable, t: TaskRow) => Promise<WarningTaskWriteResponse>,
): Promise<{ body: WarningTaskWriteResponse; replayed: boolean }> {
  const r = await idempotent(
    db,
    user.id,
    key,
    request,
    async (q) => {
      const t = await loadTask(q, user, id, true);
      refuseState(t, allowed);
      return step(q, t);
    },
    { now },
  );
  return { body: r.body, replayed: r.replayed };
}

/** POST …/disposition: the task's service officer records verification, measure and reason. */
export async function recordDisposition(
  db: Database,
  user: User,
  id: string,
  version: number,
  key: string,
  body: DispositionRequest,
  opts: WriteOptions = {},
): Promise<{ body: WarningTaskWriteResponse; replayed: boolean }> {
  const now = opts.now ?? new Date();
  const today = beijingDate(now);
  return writeTask(
    db,
    user,
    id,
    key,
    { step: 'disposition', id, version, body },
    DISPOSABLE_STATUSES,
    now,
    async (q, t) => {
      if (t.officer_id !== user.id) {
        throw new ApiProblem(
          403,
          'warning.not_service_officer',
          'Not the service officer',
          `只有该客户的首席服务官可以处置此预警。 Only the client's service officer (${t.officer_id ?? 'none assigned'}) records the disposition of warning task ${id}.`,
          { officerId: t.officer_id },
        );
      }
      checkVersion(t, version);
      const raisedOn = beijingDate(
        new Date(
          (
            await q.query<{ raised_at: Date | string }>('SELECT raised_at FROM loan_signals WHERE id = $1::bigint', [
              t.signal_id,
            ])
          ).rows[0]!.raised_at,
        ),
      );
      if (body.verification.on > today) {
        throw unprocessable(
          'warning.verification_in_future',
          `核实日期 ${body.verification.on} 晚于今天 ${today}。 The verification date is after today.`,
          { on: body.verification.on, today },
        );
      }
      if (body.verification.on < raisedOn) {
        throw unprocessable(
          'warning.verification_before_signal',
          `核实日期 ${body.verification.on} 早于预警日 ${raisedOn}。 The verification predates the signal.`,
          { on: body.verification.on, raisedOn },
        );
      }
      const next = statusAfterMeasure(body.measure, t.severity);
      await q.query(
        `UPDATE warning_tasks SET status = $2, verification_kind = $3, verification_note = $4, verified_on = $5::date,
           verified_by = $6, measure = $7, measure_reason = $8, measured_by = $6, measured_at = $9,
           confirmed_by = NULL, confirmed_at = NULL, confirmation_note = NULL,
           closed_at = CASE WHEN $2 = 'closed' THEN $9::timestamptz END, version = version + 1
         WHERE id = $1::bigint`,
        [
          id,
          next,
          body.verification.kind,
          body.verification.note,
          body.verification.on,
          user.id,
          body.measure,
          body.reason,
          now.toISOString(),
        ],
      );
      await record(
        q,
        [
          {
            taskId: id,
            actorId: user.id,
            action: 'disposition_recorded',
            from: t.status,
            to: next,
            details: { verification: body.verification, measure: body.measure, reason: body.reason },
          },
        ],
        now,
      );
      const name = MEASURE_NAMES[body.measure];
      return {
        task: await detailOf(q, user, await loadTask(q, user, id, false), now),
        outcome: next === 'closed' ? 'closed' : 'awaiting_confirmation',
        message:
          next === 'closed'
            ? `${name.zh}：预警任务已办结。 Closed with “${name.en}”.`
            : `${name.zh}须由主管确认。 “${name.en}” waits for a supervisor’s confirmation.`,
      } satisfies WarningTaskWriteResponse;
    },
  );
}

/** POST …/confirmation: a supervisor who did not record the measure confirms it or rejects it. */
export async function confirmDisposition(
  db: Database,
  user: User,
  id: string,
  version: number,
  key: string,
  body: ConfirmationRequest,
  opts: WriteOptions = {},
): Promise<{ body: WarningTaskWriteResponse; replayed: boolean }> {
  const now = opts.now ?? new Date();
  const today = beijingDate(now);
  return writeTask(
    db,
    user,
    id,
    key,
    { step: 'confirmation', id, version, body },
    ['awaiting_confirmation'],
    now,
    async (q, t) => {
      if (t.measured_by === user.id || t.verified_by === user.id) {
        throw new ApiProblem(
          403,
          'warning.recorder_is_confirmer',
          'Recorder cannot confirm',
          `记录处置措施的人不能确认自己的措施，请由另一名主管确认。 ${user.id} recorded this measure; another supervisor confirms it.`,
          { measuredBy: t.measured_by },
        );
      }
      checkVersion(t, version);
      const note = body.note?.length ? body.note : null;
      const next: WarningTaskStatus = body.decision === 'confirm' ? 'closed' : statusAfterRejection(t.due_on, today);
      if (body.decision === 'confirm') {
        await q.query(
          `UPDATE warning_tasks SET status = 'closed', confirmed_by = $2, confirmed_at = $3, confirmation_note = $4,
             closed_at = $3, version = version + 1 WHERE id = $1::bigint`,
          [id, user.id, now.toISOString(), note],
        );
      } else {
        await q.query(
          `UPDATE warning_tasks SET status = $2, measure = NULL, measure_reason = NULL, measured_by = NULL,
             measured_at = NULL, escalated_at = CASE WHEN $2 = 'escalated' THEN coalesce(escalated_at, $3::timestamptz) ELSE escalated_at END,
             version = version + 1 WHERE id = $1::bigint`,
          [id, next, now.toISOString()],
        );
      }
      await record(
        q,
        [
          {
            taskId: id,
            actorId: user.id,
            action: body.decision === 'confirm' ? 'confirmed' : 'rejected',
            from: t.status,
            to: next,
            details: { measure: t.measure, measuredBy: t.measured_by, note },
          },
        ],
        now,
      );
      const name = MEASURE_NAMES[t.measure!];
      return {
        task: await detailOf(q, user, await loadTask(q, user, id, false), now),
        outcome: body.decision === 'confirm' ? 'confirmed' : 'rejected',
        message:
          body.decision === 'confirm'
            ? `已确认${name.zh}，预警任务办结。 “${name.en}” confirmed; the task is closed.`
            : `已退回${name.zh}，由首席服务官重新处置。 “${name.en}” rejected; back to the service officer.`,
      } satisfies WarningTaskWriteResponse;
    },
  );
}
