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
  formatCivilDate,
  fromDayNumber,
  parseCivilDate,
  toDayNumber,
  wholeMonthsBetween,
} from '../../shared/calendar/civil-date';
import { buildSchedule, REPAYMENT_METHODS, type RepaymentMethod } from '../../shared/loan/schedule';
import { formatMoney, parseMoney, parseRatePercent } from '../../shared/money/money';
import { loanDataAsOf } from '../dashboards/filters';
import { type Database, inBackground, type Queryable } from '../db/database';
import { defineRoute } from '../http/routes';

interface LoanRow {
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
function storedSchedule(value: unknown): Row[] | null {
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

/** The schedule derived from the loan's terms, or null when they do not make one (e.g. under 1,000 yuan). */
function derivedSchedule(l: LoanRow): Row[] | null {
  const start = parseCivilDate(l.disbursed_on);
  const term = l.term_months ?? Math.max(1, wholeMonthsBetween(start, parseCivilDate(l.maturity_date)));
  const method = (REPAYMENT_METHODS as readonly string[]).includes(l.repayment_method ?? '')
    ? (l.repayment_method as RepaymentMethod)
    : 'equal_installment';
  try {
    return buildSchedule({
      principal: BigInt(l.principal_fen),
      termMonths: term,
      annualRate: parseRatePercent(l.annual_rate),
      method,
      startDate: start,
    });
  } catch {
    return null;
  }
}

/** Bank working days after `from` up to and including `to` (0 when `to` is `from`). */
function workingDaysUntil(from: string, to: string): number {
  let n = 0;
  for (let d = dayN(from) + 1; d <= dayN(to); d++) if (isWorkingDay(formatCivilDate(fromDayNumber(d)))) n++;
  return n;
}

export async function repaymentReminders(
  q: Queryable,
  user: User,
  days: number,
  now = new Date(),
): Promise<Repayments> {
  const asOf = await loanDataAsOf(q, now);
  const windowEnd = addWorkingDays(asOf, days);
  const r = await q.query<LoanRow>(
    `SELECT l.id, l.enterprise_id, e.name AS enterprise_name, l.product_code, l.principal_fen::text AS principal_fen,
            l.balance_fen::text AS balance_fen, l.annual_rate::text AS annual_rate,
            to_char(l.disbursed_on, 'YYYY-MM-DD') AS disbursed_on, to_char(l.maturity_date, 'YYYY-MM-DD') AS maturity_date,
            l.days_past_due, l.term_months, l.repayment_method, l.schedule
     FROM loans l JOIN enterprises e ON e.id = l.enterprise_id
     WHERE e.service_officer_id = $1 AND l.balance_fen > 0
     ORDER BY l.id`,
    [user.id],
  );
  const due: DueInstalment[] = [];
  const pastDue: PastDueLoan[] = [];
  for (const l of r.rows) {
    const stored = storedSchedule(l.schedule);
    const rows = stored ?? derivedSchedule(l) ?? [];
    const ref = {
      loanId: l.id,
      enterpriseId: l.enterprise_id,
      enterpriseName: l.enterprise_name,
      productCode: l.product_code,
      balance: formatMoney(BigInt(l.balance_fen)),
      schedule: stored ? ('stored' as const) : ('derived' as const),
    };
    for (const x of rows) {
      if (x.dueDate < asOf || x.dueDate > windowEnd) continue;
      due.push({
        ...ref,
        period: x.period,
        dueDate: x.dueDate,
        principal: formatMoney(x.principal),
        interest: formatMoney(x.interest),
        amountDue: formatMoney(x.principal + x.interest),
        workingDaysLeft: workingDaysUntil(asOf, x.dueDate),
      });
    }
    const dpd = Number(l.days_past_due);
    if (dpd > 0) {
      const since = addDays(asOf, -dpd);
      let missed = rows.filter((x) => x.dueDate >= since && x.dueDate < asOf);
      // A derived schedule need not meet the recorded arrears' date: the last instalment before the data date.
      if (missed.length === 0) missed = rows.filter((x) => x.dueDate < asOf).slice(-1);
      pastDue.push({
        ...ref,
        daysPastDue: dpd,
        overdueSince: since,
        dueDate: missed[0]?.dueDate ?? null,
        amountDue: missed.length ? formatMoney(missed.reduce((s, x) => s + x.principal + x.interest, 0n)) : null,
      });
    }
  }
  due.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.loanId.localeCompare(b.loanId));
  pastDue.sort((a, b) => b.daysPastDue - a.daysPastDue || a.loanId.localeCompare(b.loanId));
  return {
    asOf,
    days,
    windowEnd,
    due: due.slice(0, REMINDER_MAX_ROWS),
    dueTotal: due.length,
    pastDue: pastDue.slice(0, REMINDER_MAX_ROWS),
    pastDueTotal: pastDue.length,
  };
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
