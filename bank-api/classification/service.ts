/**
 * Five-level classification with review (issue 17.4). The month-end run proposes a class for every active
 * loan (balance above zero, disbursed by the period) with the rules of shared/credit/classification.ts —
 * debtor by debtor, so the borrower-level rule sees all of a debtor's claims — and inserts one row per
 * (loan, period); a second run of the same period adds only what is missing (ON CONFLICT DO NOTHING).
 *
 * A reviewer (approver) confirms a proposal or overrides it with a reason; no decision goes below the
 * rules' floor, and leaving non-performing needs two consecutive on-time month-ends. A decision that
 * leaves non-performing waits (awaiting_second) for a senior approver who is not the first reviewer; on
 * the final decision loans.classification takes the class. Rows are never deleted (the history); every
 * step writes an audit event in the transaction that makes it.
 */
import type { User } from '../../shared/api/auth';
import {
  CLASSIFICATION_SECOND_ROLES,
  type ClassificationList,
  type ClassificationRow,
  type ClassificationStatus,
  type DecideClassificationRequest,
  type RunClassificationResponse,
} from '../../shared/api/classifications';
import {
  CLASS_NAMES,
  CLASSIFICATION_RULES,
  type ClassificationRules,
  describeReason,
  isLoanClass,
  isMonthEnd,
  type LoanClass,
  type LoanFacts,
  monthEndOnOrBefore,
  needsSecondReview,
  proposeAll,
  type Reason,
  reviewProblem,
} from '../../shared/credit/classification';
import { formatMoney } from '../../shared/money/money';
import { appendAudit } from '../audit/chain';
import { refreshClassificationTrend } from '../dashboards/classification-trend';
import { loanDataAsOf } from '../dashboards/filters';
import type { Database, Queryable } from '../db/database';
import { ApiProblem, conflict, notFound, unprocessable, validationFailed } from '../http/problems';
import { branchScope } from '../workflow/scope';

/** Debtors per batch of the run (all of a debtor's loans are in one batch). */
const DEBTORS_PER_BATCH = 2000;

interface LoanRow {
  id: string;
  enterprise_id: string;
  branch_id: string;
  balance_fen: string;
  days_past_due: number;
  classification: string;
  restructured_on: string | null;
  extended_on: string | null;
  schedule: { dueDate?: string }[] | null;
  overdue_elsewhere: boolean;
  on_time_before: number | null;
}

/** The month-end before `period` (a month-end itself). */
export function previousMonthEnd(period: string): string {
  return monthEndOnOrBefore(`${period.slice(0, 8)}01`);
}

function checkPeriod(period: string, dataAsOf: string) {
  const [y, m, d] = period.split('-').map(Number) as [number, number, number];
  const valid = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(valid.getTime()) || valid.toISOString().slice(0, 10) !== period) {
    throw validationFailed('body.period', `${period} is not a date.`);
  }
  if (!isMonthEnd(period)) {
    throw unprocessable(
      'classification.not_month_end',
      `${period} is not a month-end; the run is for the last day of a month.`,
      {
        period,
        monthEnd: monthEndOnOrBefore(period),
      },
    );
  }
  if (period > dataAsOf) {
    throw unprocessable('classification.future_period', `${period} is after the loan data's date ${dataAsOf}.`, {
      period,
      dataAsOf,
    });
  }
}

/** What a run has done so far (a resumed run starts from its cursor with its counters). */
export interface MonthEndProgress {
  /** The last enterprise id whose batch is committed ('' to start). */
  cursor: string;
  loans: number;
  proposed: number;
}

/**
 * How the background job (bank-api/classification/job.ts) drives the run: where to start, a step inside
 * each batch's transaction (it checks the job still holds the run and records the cursor and counters
 * with the batch's proposals), and one inside the closing transaction (the run marked done with its
 * audit event). Either may throw to stop the run; the batch's transaction then writes nothing.
 */
export interface MonthEndHooks {
  start?: MonthEndProgress;
  batch?: (q: Queryable, before: MonthEndProgress, after: MonthEndProgress) => Promise<void>;
  finish?: (q: Queryable, totals: MonthEndProgress) => Promise<void>;
  /** Audit payload additions (e.g. the run id). */
  audit?: Record<string, unknown>;
  /** Debtors per batch (default DEBTORS_PER_BATCH; tests use small batches). */
  debtorsPerBatch?: number;
}

/** The checks a run request gets before any work: a real date, a month-end, not after the loan data. */
export async function checkRunPeriod(db: Queryable, period: string, now = new Date()): Promise<void> {
  checkPeriod(period, await loanDataAsOf(db, now));
}

/** Active loans at `period` (balance above zero, disbursed by then): the run's total. */
export async function activeLoansAt(db: Queryable, period: string): Promise<number> {
  return (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM loans WHERE balance_fen > 0 AND disbursed_on <= $1', [
      period,
    ])
  ).rows[0]!.n;
}

/**
 * The month-end run: proposals for every active loan at `period`, a batch of debtors per transaction
 * (set-based: one read of the batch's loans, one insert of its proposals). The API runs it as a background
 * job (POST /api/v1/classifications/runs answers 202; bank-api/classification/job.ts); called directly it
 * runs to the end and answers the figures.
 */
export async function runMonthEnd(
  db: Database,
  user: Pick<User, 'id'> | null,
  period: string,
  now = new Date(),
  rules: ClassificationRules = CLASSIFICATION_RULES,
  hooks: MonthEndHooks = {},
): Promise<RunClassificationResponse> {
  checkPeriod(period, await loanDataAsOf(db, now));
  const prev = previousMonthEnd(period);
  const done: MonthEndProgress = { ...(hooks.start ?? { cursor: '', loans: 0, proposed: 0 }) };
  for (;;) {
    const batch = await db.tx(async (q) => {
      // The batch's read is costed high enough for PostgreSQL to JIT-compile it, which took longer than the
      // read itself (1.8 s of 3.4 s for 98,000 loans on the large seed); off for this transaction only.
      if (db.kind === 'postgres') await q.query('SET LOCAL jit = off');
      const b = await proposeBatch(
        q,
        period,
        prev,
        done.cursor,
        rules,
        now,
        hooks.debtorsPerBatch ?? DEBTORS_PER_BATCH,
      );
      if (!b) return null;
      const after = { cursor: b.last, loans: done.loans + b.loans, proposed: done.proposed + b.inserted };
      await hooks.batch?.(q, done, after);
      return after;
    });
    if (!batch) break;
    Object.assign(done, batch);
  }
  const { loans, proposed } = done;
  await db.tx(async (q) => {
    await hooks.finish?.(q, done);
    await refreshClassificationTrend(q, period);
    await appendAudit(q, {
      actorId: user?.id ?? null,
      action: 'classification.run',
      entityType: 'classification_period',
      entityId: period,
      payload: { period, ruleVersion: rules.version, loans, proposed, ...hooks.audit },
      at: now,
    });
  });
  return { period, ruleVersion: rules.version, loans, proposed, existing: loans - proposed };
}

/**
 * One batch: the next `debtors` debtors after `cursor` (all their active loans, so the
 * borrower-level rule sees every claim), the rules, and one INSERT of the proposals. Null when none is left.
 */
async function proposeBatch(
  q: Queryable,
  period: string,
  prev: string,
  cursor: string,
  rules: ClassificationRules,
  now: Date,
  debtors: number,
): Promise<{ last: string; loans: number; inserted: number } | null> {
  // The batch's debtors as a key range over the enterprises' primary key (stops after the batch; a debtor
  // without an active loan costs nothing), then their active loans by range (a partial index of 0030).
  const upto = (
    await q.query<{ upto: string | null }>(
      `SELECT max(id) AS upto FROM (SELECT id FROM enterprises WHERE id > $1 ORDER BY id LIMIT $2) e`,
      [cursor, debtors],
    )
  ).rows[0]?.upto;
  if (!upto) return null;
  // Each loan's facts, and whether the period already has its proposal (a second run proposes it for the
  // borrower-level rule, and inserts nothing for it). No ORDER BY: the rules group by debtor themselves.
  const r = await q.query<LoanRow & { has_proposal: boolean }>(
    `SELECT l.id, l.enterprise_id, l.branch_id, l.balance_fen::text AS balance_fen, l.days_past_due,
            l.classification, l.restructured_on, l.extended_on, l.schedule,
            ('overdue_elsewhere' = ANY (l.warning_signals) OR EXISTS (
               SELECT 1 FROM loan_signals s
               WHERE s.loan_id = l.id AND s.code = 'overdue_elsewhere' AND s.cleared_at IS NULL)) AS overdue_elsewhere,
            h.on_time AS on_time_before,
            EXISTS (SELECT 1 FROM loan_classifications c WHERE c.loan_id = l.id AND c.period = $1) AS has_proposal
     FROM loans l
     LEFT JOIN loan_classifications h ON h.loan_id = l.id AND h.period = $4
     WHERE l.enterprise_id > $2 AND l.enterprise_id <= $3 AND l.balance_fen > 0 AND l.disbursed_on <= $1`,
    [period, cursor, upto, prev],
  );
  if (r.rows.length === 0) return { last: upto, loans: 0, inserted: 0 };
  const facts: LoanFacts[] = r.rows.map((x) => ({
    id: x.id,
    enterpriseId: x.enterprise_id,
    retail: false, // enterprises (企业) are non-retail debtors
    balanceFen: BigInt(x.balance_fen),
    daysPastDue: x.days_past_due,
    current: isLoanClass(x.classification) ? x.classification : 'normal',
    restructuredOn: x.restructured_on,
    extendedOn: x.extended_on,
    dueDates: (x.schedule ?? []).map((s) => s.dueDate).filter((d): d is string => typeof d === 'string'),
    overdueElsewhere: x.overdue_elsewhere === true,
    onTimeBefore: x.on_time_before ?? 0,
  }));
  const proposals = proposeAll(facts, period, rules);
  // Column arrays for one INSERT … SELECT FROM unnest (cheaper to send and parse than a JSON recordset).
  const cols = {
    loan: [] as string[],
    proposed: [] as string[],
    reasons: [] as string[],
    previous: [] as string[],
    dpd: [] as number[],
    onTime: [] as number[],
    floor: [] as string[],
    balance: [] as string[],
    branch: [] as string[],
    flags: [] as string[],
    second: [] as boolean[],
  };
  proposals.forEach((p, i) => {
    const x = r.rows[i]!;
    if (x.has_proposal) return;
    const f = facts[i]!;
    cols.loan.push(p.loanId);
    cols.proposed.push(p.proposed);
    cols.reasons.push(JSON.stringify(p.reasons));
    cols.previous.push(f.current);
    cols.dpd.push(f.daysPastDue);
    cols.onTime.push(f.daysPastDue === 0 ? 1 + f.onTimeBefore : 0);
    cols.floor.push(p.floor);
    cols.balance.push(x.balance_fen);
    cols.branch.push(x.branch_id);
    cols.flags.push(JSON.stringify(p.reviewFlags));
    cols.second.push(p.needsSecond);
  });
  let inserted = 0;
  if (cols.loan.length > 0) {
    const ins = await q.query(
      `INSERT INTO loan_classifications (loan_id, period, proposed, rule_reasons, status, rule_version, previous,
         days_past_due, on_time, floor, balance_fen, branch_id, review_flags, needs_second, created_at)
       SELECT x.loan_id, $1::date, x.proposed, x.reasons::jsonb, 'proposed', $2, x.previous, x.dpd, x.on_time,
              x.floor, x.balance::bigint, x.branch, ARRAY(SELECT jsonb_array_elements_text(x.flags::jsonb)),
              x.second, $3
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::text[], $11::text[],
                   $12::text[], $13::text[], $14::boolean[])
            AS x(loan_id, proposed, reasons, previous, dpd, on_time, floor, balance, branch, flags, second)
       ON CONFLICT (loan_id, period) DO NOTHING`,
      [
        period,
        rules.version,
        now.toISOString(),
        cols.loan,
        cols.proposed,
        cols.reasons,
        cols.previous,
        cols.dpd,
        cols.onTime,
        cols.floor,
        cols.balance,
        cols.branch,
        cols.flags,
        cols.second,
      ],
    );
    inserted = ins.rowCount;
  }
  return { last: upto, loans: r.rows.length, inserted };
}

interface ListRow {
  id: string;
  loan_id: string;
  enterprise_id: string;
  enterprise_name: string;
  branch_id: string;
  period: string;
  previous: string;
  proposed: string;
  floor: string;
  final: string | null;
  current: string;
  status: string;
  rule_reasons: Reason[];
  review_flags: string[];
  needs_second: boolean;
  days_past_due: number;
  on_time: number;
  balance_fen: string;
  rule_version: string;
  reviewer_id: string | null;
  reviewer_name: string | null;
  second_reviewer_id: string | null;
  second_reviewer_name: string | null;
  reason: string | null;
  second_reason: string | null;
  decided_at: Date | null;
  total?: string;
}

const SELECT_ROW = `
  SELECT c.id::text AS id, c.loan_id, l.enterprise_id, e.name AS enterprise_name, c.branch_id, c.period,
         c.previous, c.proposed, c.floor, c.final, l.classification AS current, c.status, c.rule_reasons,
         c.review_flags, c.needs_second, c.days_past_due, c.on_time, c.balance_fen::text AS balance_fen,
         c.rule_version, c.reviewer_id, r1.display_name AS reviewer_name, c.second_reviewer_id,
         r2.display_name AS second_reviewer_name, c.reason, c.second_reason, c.decided_at
  FROM loan_classifications c
  JOIN loans l ON l.id = c.loan_id
  JOIN enterprises e ON e.id = l.enterprise_id
  LEFT JOIN users r1 ON r1.id = c.reviewer_id
  LEFT JOIN users r2 ON r2.id = c.second_reviewer_id`;

const asClass = (v: string): LoanClass => (isLoanClass(v) ? v : 'normal');

function toWire(r: ListRow): ClassificationRow {
  return {
    id: r.id,
    loanId: r.loan_id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    branchId: r.branch_id,
    period: r.period,
    previous: asClass(r.previous),
    proposed: asClass(r.proposed),
    floor: asClass(r.floor),
    final: r.final && isLoanClass(r.final) ? r.final : null,
    current: asClass(r.current),
    status: r.status as ClassificationStatus,
    reasons: r.rule_reasons.map((x) => ({
      code: x.code,
      facts: x.facts,
      zh: describeReason(x, 'zh'),
      en: describeReason(x, 'en'),
    })),
    reviewFlags: r.review_flags,
    needsSecond: r.needs_second,
    daysPastDue: r.days_past_due,
    onTime: r.on_time,
    balance: formatMoney(BigInt(r.balance_fen)),
    ruleVersion: r.rule_version,
    reviewerId: r.reviewer_id,
    reviewerName: r.reviewer_name,
    secondReviewerId: r.second_reviewer_id,
    secondReviewerName: r.second_reviewer_name,
    reason: r.reason,
    secondReason: r.second_reason,
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  };
}

/** GET /api/v1/classifications: a period's proposals in the caller's branch scope. */
export async function listClassifications(
  db: Queryable,
  user: User,
  query: {
    period: string;
    status?: ClassificationStatus | undefined;
    changed?: 'true' | 'false' | undefined;
    limit: number;
    offset: number;
  },
): Promise<ClassificationList> {
  if (!isMonthEnd(query.period)) {
    throw validationFailed('query.period', `${query.period} is not a month-end (the last day of a month).`);
  }
  const branches = await branchScope(db, user);
  const where = ['c.period = $1', 'c.branch_id = ANY($2)'];
  const params: unknown[] = [query.period, branches];
  const counts = await db.query<{ status: string; n: string }>(
    `SELECT c.status, count(*)::text AS n FROM loan_classifications c WHERE ${where.join(' AND ')} GROUP BY c.status`,
    params,
  );
  if (query.status) {
    params.push(query.status);
    where.push(`c.status = $${params.length}`);
  }
  if (query.changed === 'true') where.push('c.proposed <> c.previous');
  if (query.changed === 'false') where.push('c.proposed = c.previous');
  params.push(query.limit, query.offset);
  const r = await db.query<ListRow>(
    `${SELECT_ROW.replace('SELECT c.id::text', 'SELECT count(*) OVER ()::text AS total, c.id::text')}
     WHERE ${where.join(' AND ')}
     ORDER BY (c.proposed <> c.previous) DESC, c.needs_second DESC, c.balance_fen DESC, c.id
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const byStatus: Record<ClassificationStatus, number> = {
    proposed: 0,
    confirmed: 0,
    overridden: 0,
    awaiting_second: 0,
  };
  for (const c of counts.rows) byStatus[c.status as ClassificationStatus] = Number(c.n);
  return {
    period: query.period,
    total: Number(r.rows[0]?.total ?? 0),
    counts: byStatus,
    rows: r.rows.map(toWire),
  };
}

async function readRow(q: Queryable, user: User, id: string, lock: boolean): Promise<ListRow> {
  const branches = await branchScope(q, user);
  const r = await q.query<ListRow>(
    `${SELECT_ROW} WHERE c.id = $1 AND c.branch_id = ANY($2)${lock ? ' FOR UPDATE OF c' : ''}`,
    [id, branches],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`No classification ${id} in your scope.`);
  return row;
}

/** GET one (for the decision's answer). */
export async function classificationById(q: Queryable, user: User, id: string): Promise<ClassificationRow> {
  return toWire(await readRow(q, user, id, false));
}

const names = (c: LoanClass) => `${CLASS_NAMES[c].zh}（${CLASS_NAMES[c].en}）`;

/** POST /api/v1/classifications/{id}/decision. */
export async function decideClassification(
  db: Database,
  user: User,
  id: string,
  body: DecideClassificationRequest,
  now = new Date(),
): Promise<ClassificationRow> {
  return db.tx(async (q) => {
    const row = await readRow(q, user, id, true);
    const later = await q.query(`SELECT 1 FROM loan_classifications WHERE loan_id = $1 AND period > $2 LIMIT 1`, [
      row.loan_id,
      row.period,
    ]);
    if (later.rows.length > 0) {
      throw conflict(
        'classification.superseded',
        `A later month-end has a proposal for loan ${row.loan_id}; decide that one (this ${row.period} row is history).`,
      );
    }
    const current = asClass(row.current);
    const reason = body.reason?.trim() ? body.reason.trim() : null;

    if (row.status === 'proposed') {
      if (body.action === 'refuse') {
        throw conflict(
          'classification.not_awaiting_second',
          'Only an upgrade awaiting its second review can be refused.',
        );
      }
      let final: LoanClass;
      if (body.action === 'override') {
        if (!body.final) throw validationFailed('body.final', 'an override names the class (final).');
        if (!reason) {
          throw unprocessable('classification.reason_required', 'An override needs a reason (reason).', {
            field: 'reason',
          });
        }
        final = body.final;
      } else {
        if (body.final && body.final !== row.proposed) {
          throw validationFailed('body.final', 'confirm takes the proposed class; use override for another class.');
        }
        final = asClass(row.proposed);
      }
      const problem = reviewProblem({ floor: asClass(row.floor), current, onTime: row.on_time }, final);
      if (problem === 'below_floor') {
        throw unprocessable(
          'classification.below_floor',
          `${names(final)} is better than the rules allow for this loan: at least ${names(asClass(row.floor))}.`,
          { final, floor: row.floor },
        );
      }
      if (problem === 'upgrade_not_eligible') {
        throw unprocessable(
          'classification.upgrade_not_eligible',
          `Leaving non-performing needs two consecutive on-time month-ends; this loan has ${row.on_time}.`,
          { final, current, onTime: row.on_time },
        );
      }
      const overridden = body.action === 'override' && final !== row.proposed;
      const second = needsSecondReview(current, final);
      const status: ClassificationStatus = second ? 'awaiting_second' : overridden ? 'overridden' : 'confirmed';
      await q.query(
        `UPDATE loan_classifications SET final = $2, status = $3, reviewer_id = $4, reason = $5, reviewed_at = $6,
           decided_at = CASE WHEN $3 = 'awaiting_second' THEN NULL ELSE $6::timestamptz END
         WHERE id = $1`,
        [id, final, status, user.id, reason, now.toISOString()],
      );
      if (!second) await applyToLoan(q, row.loan_id, final);
      await appendAudit(q, {
        actorId: user.id,
        action: second
          ? 'classification.awaiting_second'
          : overridden
            ? 'classification.overridden'
            : 'classification.confirmed',
        entityType: 'loan',
        entityId: row.loan_id,
        payload: { classificationId: id, period: row.period, proposed: row.proposed, final, previous: current, reason },
        at: now,
      });
      await refreshClassificationTrend(q, row.period, row.loan_id);
      return toWire(await readRow(q, user, id, false));
    }

    if (row.status === 'awaiting_second') {
      if (!user.roles.some((r) => CLASSIFICATION_SECOND_ROLES.includes(r))) {
        throw new ApiProblem(
          403,
          'classification.second_reviewer_role',
          'Not allowed',
          'The second review of an upgrade out of non-performing needs a senior approver.',
        );
      }
      if (user.id === row.reviewer_id) {
        throw new ApiProblem(
          403,
          'classification.same_reviewer',
          'Not allowed',
          'The second reviewer must be someone other than the first reviewer.',
        );
      }
      if (body.action === 'override') {
        throw conflict('classification.awaiting_second', 'The second reviewer confirms or refuses the first decision.');
      }
      const final = asClass(row.final ?? row.proposed);
      if (body.action === 'refuse' && !reason) {
        throw unprocessable('classification.reason_required', 'Refusing an upgrade needs a reason (reason).', {
          field: 'reason',
        });
      }
      const refused = body.action === 'refuse';
      const decided = refused ? current : final;
      const status: ClassificationStatus = refused || decided !== row.proposed ? 'overridden' : 'confirmed';
      await q.query(
        `UPDATE loan_classifications SET final = $2, status = $3, second_reviewer_id = $4, second_reason = $5,
           second_decided_at = $6, decided_at = $6
         WHERE id = $1`,
        [id, decided, status, user.id, refused ? reason : null, now.toISOString()],
      );
      await applyToLoan(q, row.loan_id, decided);
      await appendAudit(q, {
        actorId: user.id,
        action: refused ? 'classification.upgrade_refused' : 'classification.second_confirmed',
        entityType: 'loan',
        entityId: row.loan_id,
        payload: { classificationId: id, period: row.period, firstReviewer: row.reviewer_id, final: decided, reason },
        at: now,
      });
      await refreshClassificationTrend(q, row.period, row.loan_id);
      return toWire(await readRow(q, user, id, false));
    }

    throw conflict('classification.already_decided', `Classification ${id} is already ${row.status}.`, {
      classificationStatus: row.status,
    });
  });
}

async function applyToLoan(q: Queryable, loanId: string, cls: LoanClass) {
  await q.query('UPDATE loans SET classification = $2 WHERE id = $1 AND classification <> $2', [loanId, cls]);
}
