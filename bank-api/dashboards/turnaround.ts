/**
 * Turnaround from application to disbursement (issue 16 item 4), from real events: each loan linked to
 * its application (loans.application_id, migration 0021), from the day the application was submitted
 * (Beijing date of submitted_at) to the loan's disbursement date, in bank working days (shared/calendar:
 * weekends, public holidays and 调休 working weekends). Counted as the working days after the submission
 * day up to and including the disbursement day: submitted on a Friday before a week of holidays and
 * disbursed on the first working day after them is 1. Median and 90th percentile by tier and by month
 * of disbursement; the cohort is the loans disbursed in the period. Drill-down: the cases.
 */
import { EARLIEST_DATE } from '../../shared/api/dashboards';
import { isWorkingDay } from '../../shared/calendar';
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import { accuracyEn } from '../../shared/i18n/accuracy.en';
import { accuracyZhCN } from '../../shared/i18n/accuracy.zh-CN';
import { TIERS } from '../../shared/workflow/status';
import type { CellFragment, PanelDef, SeriesDef } from './engine';
import { addDays, type Filters, nextMonth } from './filters';
import { day } from './process';
import { rawSql, sql } from './sql';

const BASE = EARLIEST_DATE;
const baseDay = toDayNumber(parseCivilDate(BASE));
const cumCache = new Map<string, number[]>();

/**
 * cum[i] = working days from BASE through BASE + i (0-based), for every day up to `last`: the working
 * days in (a, b] are cum[b] − cum[a]. One array per last day, kept (a few thousand numbers).
 */
export function workingDayIndex(last: string): number[] {
  const hit = cumCache.get(last);
  if (hit) return hit;
  const end = toDayNumber(parseCivilDate(last));
  const out: number[] = [];
  let n = 0;
  for (let d = baseDay; d <= end; d++) {
    if (isWorkingDay(formatCivilDate(fromDayNumber(d)))) n++;
    out.push(n);
  }
  if (cumCache.size > 8) cumCache.clear();
  cumCache.set(last, out);
  return out;
}

/** Working days after `from` up to and including `to` (the SQL below, in TS: tests and the bench check one against the other). */
export function workingDaysBetween(from: string, to: string): number {
  const cum = workingDayIndex([from, to].sort()[1]!);
  const i = (d: string) => toDayNumber(parseCivilDate(d)) - baseDay;
  return cum[i(to)]! - cum[i(from)]!;
}

/** The last day the index must cover: the later of the period's end and the data date, plus a day. */
const lastDay = (f: Filters) => addDays([f.to, f.dataAsOf].sort()[1]!, 1);

/** Working days from the application's submission day to its loan's disbursement, as SQL over `a` and `ln`. */
export const workingDaysToDisbursement: CellFragment = (f) => {
  const cum = workingDayIndex(lastDay(f));
  const idx = (d: ReturnType<typeof sql>) => sql`(${cum}::int[])[(${d})::date - ${BASE}::date + 1]`;
  return sql`(${idx(sql`ln.disbursed_on`)} - ${idx(day(sql`a.submitted_at`))})`;
};

/** Applications with their loan (at most one per application: loans_application_idx). */
const withLoan = () => sql`applications a JOIN loans ln ON ln.application_id = a.id`;
const disbursedIn = (f: Filters) => sql`ln.disbursed_on >= ${f.from}::date AND ln.disbursed_on <= ${f.to}::date`;

const series: SeriesDef[] = [
  { key: 'disbursed', kind: 'count', unit: 'count' },
  { key: 'medianDays', kind: 'percentile', q: 0.5, expr: workingDaysToDisbursement, unit: 'workingDays' },
  { key: 'p90Days', kind: 'percentile', q: 0.9, expr: workingDaysToDisbursement, unit: 'workingDays' },
];

function monthsOf(f: Filters): string[] {
  const out: string[] = [];
  for (let m = `${f.from.slice(0, 8)}01`; m <= f.to; m = nextMonth(m)) out.push(m.slice(0, 7));
  return out;
}

const tierLabel = (key: string) => {
  const zh = (accuracyZhCN.accuracy.tiers as Record<string, string>)[key];
  const en = (accuracyEn.accuracy.tiers as Record<string, string>)[key];
  return zh && en ? { zh, en } : null;
};

const NOTE = {
  zh: '从提交申请之日到贷款放款日的银行工作日数（不含提交当日，含放款当日；周末、法定节假日不计，调休上班日计入）。按期间内放款的贷款统计。',
  en: 'Bank working days from the day the application was submitted to the day its loan was disbursed (the submission day excluded, the disbursement day included; weekends and public holidays excluded, make-up working weekends counted). Loans disbursed in the period.',
};

export const turnaroundPanels: PanelDef[] = [
  {
    id: 'process.disbursementByTier',
    dataset: 'applications',
    chart: 'bar',
    from: withLoan,
    where: disbursedIn,
    rows: { mode: 'group', expr: () => sql`a.tier`, keys: () => [...TIERS], label: tierLabel },
    series,
    notes: [NOTE],
  },
  {
    id: 'process.disbursementByMonth',
    dataset: 'applications',
    chart: 'line',
    from: withLoan,
    where: disbursedIn,
    rows: { mode: 'group', expr: () => rawSql(`to_char(ln.disbursed_on, 'YYYY-MM')`), keys: monthsOf },
    series,
    notes: [NOTE],
  },
];
