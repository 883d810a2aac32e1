/**
 * Repayment reminders (issue 16 item 5): GET /api/v1/workspace/repayments?days=N for relationship
 * managers only. The loans of the enterprises the RM serves as 首席服务官 (enterprises.service_officer_id,
 * migration 0018 — the same clients workflow/scope.ts lets them read), with a balance:
 * - due: each instalment falling due from the data date to `days` bank working days after it;
 * - pastDue: every loan with days past due, since when, and the instalments due since then.
 * The schedule is the one stored with the loan at disbursement (loans.schedule, migration 0021) when
 * present, else derived from the disbursement date, term (term_months, else whole months to maturity),
 * rate and repayment method (equal instalments when none is recorded) by shared/loan/schedule.ts.
 */
import type { User } from '../../shared/api/auth';
import {
  type DueInstalment,
  type PastDueLoan,
  REMINDER_MAX_ROWS,
  type Repayments,
  RepaymentsQuerySchema,
  RepaymentsSchema,
} from '../../shared/api/repayments';
import { addWorkingDays, isWorkingDay } from '../../shared/calendar';
import {
  addMonthsClamped,
  formatCivilDate,
  fromDayNumber,
  parseCivilDate,
  toDayNumber,
  wholeMonthsBetween,
} from '../../shared/calendar/civil-date';
import {
  buildSchedule,
  REPAYMENT_METHODS,
  type RepaymentMethod,
  type ScheduleInput,
  validateScheduleInput,
} from '../../shared/loan/schedule';
import { formatMoney, parseMoney, parseRatePercent } from '../../shared/money/money';
import { loanDataAsOf } from '../dashboards/filters';
import { type Database, inBackground, type Queryable } from '../db/database';
import { defineRoute } from '../http/routes';

export interface LoanRow {
  id: string;
  enterprise_id: string;
  enterprise_name: string;
  product_code: string;
  principal_fen: string;
  balance_fen: string;
  annual_rate: string;
  disbursed_on: string;
  maturity_date: string;
  days_past_due: number;
  term_months: number | null;
  repayment_method: string | null;
  schedule: unknown;
}

interface Row {
  period: number;
  dueDate: string;
  principal: bigint;
  interest: bigint;
}

const dayN = (d: string) => toDayNumber(parseCivilDate(d));
const addDays = (d: string, n: number) => formatCivilDate(fromDayNumber(dayN(d) + n));

/** The stored schedule ([{ period, dueDate, principal, interest }], yuan strings), or null when absent or unreadable. */
export function storedSchedule(value: unknown): Row[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  try {
    return value.map((x) => {
      const r = x as { period: number; dueDate: string; principal: string; interest: string };
      if (!Number.isInteger(r.period) || !/^\d{4}-\d{2}-\d{2}$/.test(r.dueDate)) throw new Error('bad row');
      return {
        period: r.period,
        dueDate: r.dueDate,
        principal: parseMoney(r.principal),
        interest: parseMoney(r.interest),
      };
    });
  } catch {
    return null;
  }
}

/** The inputs of the loan's derived schedule, or null when its terms do not make one (e.g. under 1,000 yuan). */
export function derivedInput(l: LoanRow): ScheduleInput | null {
  const start = parseCivilDate(l.disbursed_on);
  const term = l.term_months ?? Math.max(1, wholeMonthsBetween(start, parseCivilDate(l.maturity_date)));
  const method = (REPAYMENT_METHODS as readonly string[]).includes(l.repayment_method ?? '')
    ? (l.repayment_method as RepaymentMethod)
    : 'equal_installment';
  try {
    const input = {
      principal: BigInt(l.principal_fen),
      termMonths: term,
      annualRate: parseRatePercent(l.annual_rate),
      method,
      startDate: start,
    };
    validateScheduleInput(input);
    return input;
  } catch {
    return null;
  }
}

/** A loan as the reminders read it: its stored schedule, or the inputs of its derived one (built only when shown). */
interface Loan {
  row: LoanRow;
  stored: Row[] | null;
  input: ScheduleInput | null;
  built?: Row[];
}
const scheduleOf = (l: Loan): Row[] => {
  if (l.stored) return l.stored;
  l.built ??= l.input ? buildSchedule(l.input) : [];
  return l.built;
};

/** Due dates of the loan from `from` to `to` (period and date), without building the schedule. */
function dueDatesBetween(l: Loan, from: string, to: string): { period: number; dueDate: string }[] {
  if (l.stored) return l.stored.filter((x) => x.dueDate >= from && x.dueDate <= to);
  if (!l.input) return [];
  const { startDate: s, termMonths } = l.input;
  const f = parseCivilDate(from);
  const out: { period: number; dueDate: string }[] = [];
  // The first period that can fall on or after `from` (due dates move forward a month a period).
  const k0 = Math.max(1, (f.year - s.year) * 12 + (f.month - s.month));
  for (let k = k0; k <= termMonths; k++) {
    const d = formatCivilDate(addMonthsClamped(s, k, s.day));
    if (d > to) break;
    if (d >= from) out.push({ period: k, dueDate: d });
  }
  return out;
}

export async function repaymentReminders(
  q: Queryable,
  user: User,
  days: number,
  now = new Date(),
): Promise<Repayments> {
  const asOf = await loanDataAsOf(q, now);
  const windowEnd = addWorkingDays(asOf, days);
  // Working days left to each day of the window, counted once.
  const left = new Map<string, number>();
  for (let d = asOf, n = 0; d <= windowEnd; d = addDays(d, 1)) {
    if (d !== asOf && isWorkingDay(d)) n++;
    left.set(d, n);
  }
  const r = await q.query<LoanRow>(
    `SELECT l.id, l.enterprise_id, e.name AS enterprise_name, l.product_code, l.principal_fen::text AS principal_fen,
            l.balance_fen::text AS balance_fen, l.annual_rate::text AS annual_rate,
            to_char(l.disbursed_on, 'YYYY-MM-DD') AS disbursed_on, to_char(l.maturity_date, 'YYYY-MM-DD') AS maturity_date,
            l.days_past_due, l.term_months, l.repayment_method, l.schedule
     FROM loans l JOIN enterprises e ON e.id = l.enterprise_id
     WHERE e.service_officer_id = $1 AND l.balance_fen > 0`,
    [user.id],
  );
  // First pass: which loans fall due in the window and which are past due — dates only. Amounts are
  // computed for the rows shown (at most REMINDER_MAX_ROWS of each), so a large book costs no schedules.
  const dueKeys: { loan: Loan; period: number; dueDate: string }[] = [];
  const pastKeys: { loan: Loan; dpd: number }[] = [];
  for (const row of r.rows) {
    const stored = storedSchedule(row.schedule);
    const loan: Loan = { row, stored, input: stored ? null : derivedInput(row) };
    for (const x of dueDatesBetween(loan, asOf, windowEnd)) dueKeys.push({ loan, ...x });
    const dpd = Number(row.days_past_due);
    if (dpd > 0) pastKeys.push({ loan, dpd });
  }
  dueKeys.sort(
    (a, b) => a.dueDate.localeCompare(b.dueDate) || a.loan.row.id.localeCompare(b.loan.row.id) || a.period - b.period,
  );
  pastKeys.sort((a, b) => b.dpd - a.dpd || a.loan.row.id.localeCompare(b.loan.row.id));
  const ref = (l: Loan) => ({
    loanId: l.row.id,
    enterpriseId: l.row.enterprise_id,
    enterpriseName: l.row.enterprise_name,
    productCode: l.row.product_code,
    balance: formatMoney(BigInt(l.row.balance_fen)),
    schedule: l.stored ? ('stored' as const) : ('derived' as const),
  });
  const due: DueInstalment[] = dueKeys.slice(0, REMINDER_MAX_ROWS).map(({ loan, period, dueDate }) => {
    const x = scheduleOf(loan).find((i) => i.period === period)!;
    return {
      ...ref(loan),
      period,
      dueDate,
      principal: formatMoney(x.principal),
      interest: formatMoney(x.interest),
      amountDue: formatMoney(x.principal + x.interest),
      workingDaysLeft: left.get(dueDate) ?? 0,
    };
  });
  const pastDue: PastDueLoan[] = pastKeys.slice(0, REMINDER_MAX_ROWS).map(({ loan, dpd }) => {
    const rows = scheduleOf(loan);
    const since = addDays(asOf, -dpd);
    let missed = rows.filter((x) => x.dueDate >= since && x.dueDate < asOf);
    // A derived schedule need not meet the recorded arrears' date: the last instalment before the data date.
    if (missed.length === 0) missed = rows.filter((x) => x.dueDate < asOf).slice(-1);
    return {
      ...ref(loan),
      daysPastDue: dpd,
      overdueSince: since,
      dueDate: missed[0]?.dueDate ?? null,
      amountDue: missed.length ? formatMoney(missed.reduce((sum, x) => sum + x.principal + x.interest, 0n)) : null,
    };
  });
  return { asOf, days, windowEnd, due, dueTotal: dueKeys.length, pastDue, pastDueTotal: pastKeys.length };
}

export function repaymentRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/workspace/repayments',
      summary:
        "Repayment reminders: the instalments of your clients' loans due in the next `days` bank working days (default 5), and their loans past due.",
      tags: ['workspace'],
      access: ['relationship_manager'],
      query: RepaymentsQuerySchema,
      response: RepaymentsSchema,
      problems: { 400: 'days is not a whole number from 1 to 30, or an unknown query parameter' },
      async handler({ query, user }) {
        return repaymentReminders(inBackground(db), user, query.days);
      },
    }),
  ];
}
