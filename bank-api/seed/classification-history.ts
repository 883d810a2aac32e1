/**
 * The sandbox's five-level classification history (issue 17.4): the twelve month-ends before the latest
 * one on or before the data date (that one is left for the month-end run on the 五级分类复核 screen), each
 * loan on the book then classified by the real rules (shared/credit/classification.ts) on its facts at
 * that month-end, oldest first so each period sees the class and on-time streak the one before left, and
 * confirmed by an approver of its branch (a senior approver seconds an upgrade out of non-performing).
 *
 * The facts at a past month-end are reconstructed from what the loan row keeps: days past due then are
 * today's less the days since (an arrear older than that began later); a cured arrear (`max_dpd` with no
 * days past due now) is placed in one of the last twelve months, chosen from the loan id; the balance is
 * the schedule's then (straight-line over the term, the principal for interest-first loans), never below
 * today's. Deterministic: the same loans and data date give the same history.
 */
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import {
  CLASSIFICATION_RULES,
  type ClassificationRules,
  isLoanClass,
  type LoanClass,
  type LoanFacts,
  monthEndOnOrBefore,
  onTimeStreak,
  proposeAll,
} from '../../shared/credit/classification';
import { refreshClassificationTrend } from '../dashboards/classification-trend';
import type { Database } from '../db/database';

/** Month-ends of history the sandbox records. */
export const HISTORY_MONTH_ENDS = 12;
/** Above this many loans (the large seed's million) the history is left out: the seed stays practical. */
export const HISTORY_MAX_LOANS = 200_000;
const INSERT_BATCH = 5_000;

interface BookRow {
  id: string;
  enterprise_id: string;
  branch_id: string;
  principal_fen: string;
  balance_fen: string;
  disbursed_on: string;
  term_months: number | null;
  repayment_method: string | null;
  days_past_due: number;
  max_dpd: number | null;
}

/** The `n` month-ends before the latest one on or before `asOf`, oldest first. */
export function historyPeriods(asOf: string, n = HISTORY_MONTH_ENDS): string[] {
  const out: string[] = [];
  let p = monthEndOnOrBefore(asOf);
  for (let i = 0; i < n; i++) {
    p = monthEndOnOrBefore(`${p.slice(0, 8)}01`);
    out.unshift(p);
  }
  return out;
}

const day = (d: string) => toDayNumber(parseCivilDate(d));
/** A small stable hash of a loan id (which month a cured arrear fell in). */
function idHash(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Days past due at the month-end `periodDay` (a day number), from what the loan row keeps. */
function dpdAt(l: BookRow, asOfDay: number, periodDay: number): number {
  const lag = asOfDay - periodDay;
  if (l.days_past_due > 0) return Math.max(0, l.days_past_due - lag);
  const worst = l.max_dpd ?? 0;
  if (worst <= 0) return 0;
  // A cured arrear: it ended 1–11 months before the data date and lasted `max_dpd` days.
  const end = asOfDay - 30 * (1 + (idHash(l.id) % 11));
  const start = end - worst;
  if (start < day(l.disbursed_on) + 30 || periodDay <= start || periodDay > end) return 0;
  return periodDay - start;
}

/** The scheduled balance at the month-end, instalments in arrears still owed; never below today's. */
function balanceAt(l: BookRow, periodDay: number, dpd: number): bigint {
  const principal = BigInt(l.principal_fen);
  const now = BigInt(l.balance_fen);
  const term = Math.max(1, l.term_months ?? 12);
  const due = Math.min(term, Math.floor((periodDay - day(l.disbursed_on)) / 30.4375));
  const paid = Math.max(0, due - Math.ceil(dpd / 30));
  if (paid >= term) return now;
  const scheduled =
    l.repayment_method === 'interest_first' ? principal : (principal * BigInt(term - paid)) / BigInt(term);
  return scheduled > now ? scheduled : now;
}

const reviewerFor = (branch: string) =>
  branch.startsWith('HZ') ? 'u-approver3' : branch === 'SH-PD' ? 'u-approver2' : 'u-approver1';
const seniorFor = (branch: string) => (branch.startsWith('HZ') ? 'u-senior2' : 'u-senior1');

/**
 * One history row per line, fields tab-separated (a single text parameter: on the embedded engine,
 * thirteen array parameters of thousands of elements cost more to pass than the insert itself):
 * loan, proposed, reasons (JSON), previous, days past due, on-time streak, floor, balance (fen), branch,
 * review flags (comma-joined), needs second, reviewer, second reviewer (empty: none).
 */
const INSERT_HISTORY = `INSERT INTO loan_classifications (loan_id, period, proposed, rule_reasons, final, status, reviewer_id,
    second_reviewer_id, decided_at, rule_version, previous, days_past_due, on_time, floor, balance_fen, branch_id,
    review_flags, needs_second, created_at, reviewed_at, second_decided_at)
  SELECT f[1], $2::date, f[2], f[3]::jsonb, f[2], 'confirmed', f[12], NULLIF(f[13], ''), $4::timestamptz, $3, f[4],
         f[5]::integer, f[6]::integer, f[7], f[8]::bigint, f[9], string_to_array(f[10], ','), f[11]::boolean,
         $2::date + interval '1 day', $4::timestamptz, CASE WHEN f[13] = '' THEN NULL ELSE $4::timestamptz END
  FROM (SELECT string_to_array(line, E'\t') AS f FROM regexp_split_to_table($1, E'\n') AS line) u
  ON CONFLICT (loan_id, period) DO NOTHING`;

export interface ClassificationHistoryResult {
  periods: string[];
  rows: number;
  /** Why nothing was written, when nothing was. */
  skipped?: string;
}

/** Records the sandbox's classification history and its trend summary (one transaction per month-end). */
export async function seedClassificationHistory(
  db: Database,
  asOf: string,
  rules: ClassificationRules = CLASSIFICATION_RULES,
): Promise<ClassificationHistoryResult> {
  const periods = historyPeriods(asOf);
  const count = Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM loans')).rows[0]?.n ?? '0');
  if (count > HISTORY_MAX_LOANS) return { periods: [], rows: 0, skipped: `${count} loans` };
  const book = (
    await db.query<BookRow>(
      `SELECT id, enterprise_id, branch_id, principal_fen::text AS principal_fen, balance_fen::text AS balance_fen,
              to_char(disbursed_on, 'YYYY-MM-DD') AS disbursed_on, term_months, repayment_method, days_past_due, max_dpd
       FROM loans WHERE disbursed_on <= $1::date ORDER BY enterprise_id, id`,
      [periods[periods.length - 1]],
    )
  ).rows;
  const reviewers = ['u-approver1', 'u-approver2', 'u-approver3', 'u-senior1', 'u-senior2'];
  const known = await db.query<{ id: string }>('SELECT id FROM users WHERE id = ANY($1)', [reviewers]);
  if (known.rows.length !== reviewers.length) throw new Error('the classification history needs the seeded reviewers');
  const asOfDay = day(asOf);
  // What each loan's last month-end left: its class and on-time streak.
  const state = new Map<string, { cls: LoanClass; onTime: number }>();
  let rows = 0;
  for (const period of periods) {
    const periodDay = day(period);
    const onBook: { loan: BookRow; facts: LoanFacts }[] = [];
    for (const l of book) {
      if (day(l.disbursed_on) > periodDay) continue;
      const dpd = dpdAt(l, asOfDay, periodDay);
      const balance = balanceAt(l, periodDay, dpd);
      if (balance <= 0n) continue;
      const before = state.get(l.id);
      onBook.push({
        loan: l,
        facts: {
          id: l.id,
          enterpriseId: l.enterprise_id,
          retail: false,
          balanceFen: balance,
          daysPastDue: dpd,
          current: before?.cls ?? 'normal',
          restructuredOn: null,
          extendedOn: null,
          dueDates: [],
          overdueElsewhere: false,
          onTimeBefore: before?.onTime ?? 0,
        },
      });
    }
    const proposals = proposeAll(
      onBook.map((x) => x.facts),
      period,
      rules,
    );
    // Reviewed in the first days of the next month.
    const decidedAt = `${formatCivilDate(fromDayNumber(periodDay + 3))}T02:00:00.000Z`;
    await db.tx(async (q) => {
      // On the embedded engine the per-row foreign-key triggers are two thirds of this seed's time: the
      // rows reference loans just read from this database and the reviewers checked above, so the
      // transaction skips them there (a PostgreSQL server checks them; it may not allow this setting).
      if (db.kind === 'pglite') await q.query('SET LOCAL session_replication_role = replica');
      for (let start = 0; start < proposals.length; start += INSERT_BATCH) {
        const lines: string[] = [];
        proposals.slice(start, start + INSERT_BATCH).forEach((p, k) => {
          const { loan, facts } = onBook[start + k]!;
          const cls = isLoanClass(p.proposed) ? p.proposed : 'normal';
          const onTime = onTimeStreak(facts);
          state.set(loan.id, { cls, onTime });
          lines.push(
            [
              loan.id,
              cls,
              JSON.stringify(p.reasons),
              facts.current,
              facts.daysPastDue,
              onTime,
              p.floor,
              facts.balanceFen.toString(),
              loan.branch_id,
              p.reviewFlags.join(','),
              p.needsSecond,
              reviewerFor(loan.branch_id),
              p.needsSecond ? seniorFor(loan.branch_id) : '',
            ].join('\t'),
          );
        });
        await q.query(INSERT_HISTORY, [lines.join('\n'), period, rules.version, decidedAt]);
      }
      await refreshClassificationTrend(q, period);
    });
    rows += proposals.length;
  }
  return { periods, rows };
}
