/**
 * The portfolio dashboard (loans): balance and count by five-level classification; NPL and overdue
 * ratios by industry, branch and product; their trend; vintage curves; concentration. The book is the
 * loans with a balance, as of the loan data date.
 */
import { addMonthsClamped, formatCivilDate, parseCivilDate } from '../../shared/calendar/civil-date';
import type { CellRow, PanelDef, SeriesDef, Sql } from './engine';
import type { Filters } from './filters';
import { branchLabels, enterpriseLabels, industryLabel, productLabel } from './labels';

export const CLASSIFICATIONS = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'];
export const NPL = "l.classification IN ('substandard','doubtful','loss')";
export const BOOK = 'l.balance_fen > 0';
const book: Sql = () => BOOK;
/** The book summary (its days past due are bucket representatives: `> 0`, `> 30`, `> 90` hold as on the loans). */
const bookSummary: PanelDef['summary'] = { from: () => 'loan_book_summary l' };

const monthsBefore = (date: string, k: number) => formatCivilDate(addMonthsClamped(parseCivilDate(date), -k));
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** Loans on the book at the end of `date` (disbursed, and not yet matured or still owing). */
export const onBookAt = (p: (v: unknown) => string, date: string) =>
  `l.disbursed_on <= ${p(date)}::date AND (l.maturity_date > ${p(date)}::date OR l.balance_fen > 0)`;

/** Month-end points of the trend: the period's end (capped at the data date) and earlier month-ends, at most 12. */
export function trendPoints(f: Filters): string[] {
  const end = [f.to, f.dataAsOf].sort()[0]!; // the earlier date (ISO strings sort by date)
  const out = [end];
  let d = parseCivilDate(end);
  for (let i = 0; i < 11; i++) {
    const firstOfMonth = formatCivilDate({ ...d, day: 1 });
    const prevEnd = formatCivilDate(addMonthsClamped(parseCivilDate(firstOfMonth), -1, 31));
    if (prevEnd < f.from) break;
    out.unshift(prevEnd);
    d = parseCivilDate(prevEnd);
  }
  return out;
}

export const VINTAGE_MOB = [3, 6, 9, 12, 18, 24, 36];

const ratioSeries: SeriesDef[] = [
  { key: 'loans', kind: 'count', unit: 'count', plotted: false },
  { key: 'balance', kind: 'sum', col: 'l.balance_fen', unit: 'yuan', plotted: false },
  { key: 'share', kind: 'share', of: 'balance', unit: 'percent', plotted: false },
  { key: 'nplBalance', kind: 'sum', col: 'l.balance_fen', unit: 'yuan', pred: () => NPL, plotted: false },
  { key: 'nplRatio', kind: 'ratio', unit: 'percent', num: 'nplBalance', den: 'balance' },
  {
    key: 'over30Balance',
    kind: 'sum',
    col: 'l.balance_fen',
    unit: 'yuan',
    pred: () => 'l.days_past_due > 30',
    plotted: false,
  },
  { key: 'over30Ratio', kind: 'ratio', unit: 'percent', num: 'over30Balance', den: 'balance' },
  {
    key: 'over90Balance',
    kind: 'sum',
    col: 'l.balance_fen',
    unit: 'yuan',
    pred: () => 'l.days_past_due > 90',
    plotted: false,
  },
  { key: 'over90Ratio', kind: 'ratio', unit: 'percent', num: 'over90Balance', den: 'balance' },
];

type Labeler = (key: string) => { zh: string; en: string } | null;
const byDimension = (id: string, expr: string, label?: Labeler, labels?: PanelDef['labels']): PanelDef => ({
  id,
  dataset: 'loans',
  chart: 'bar',
  where: book,
  rows: { mode: 'group', expr: () => expr, ...(label ? { label } : {}) },
  series: ratioSeries,
  summary: bookSummary,
  ...(labels ? { labels } : {}),
});

const trendCell = (date: string, f: Filters): CellRow => ({
  key: date,
  pred: (p) => onBookAt(p, date),
  vars: { lag: daysBetween(date, f.dataAsOf) },
});
const isMonthEnd = (date: string) => formatCivilDate(addMonthsClamped(parseCivilDate(date), 0, 31)) === date;
/**
 * The trend from loan_trend_summary: its disbursement dates are the last day of the month and its maturity
 * dates the first (null on the book), so `onBookAt` holds as on the loans at month-ends; the data date
 * reads the summary's `on_now`. Any other point (a period ending mid-month in the past) reads the loans.
 */
const trendSummaryCells = (f: Filters): PanelDef['rows'] | null => {
  const points = trendPoints(f);
  if (!points.every((d) => d === f.dataAsOf || isMonthEnd(d))) return null;
  return {
    mode: 'cells',
    cells: () =>
      points.map((d) => (d === f.dataAsOf ? { ...trendCell(d, f), pred: () => 'l.on_now' } : trendCell(d, f))),
  };
};

export const portfolioPanels: PanelDef[] = [
  {
    id: 'portfolio.kpi',
    dataset: 'loans',
    chart: 'kpi',
    where: book,
    rows: { mode: 'cells', cells: () => [{ key: 'book', pred: () => 'true' }] },
    series: ratioSeries.filter((s) => s.key !== 'share'),
    summary: bookSummary,
  },
  {
    id: 'portfolio.classification',
    dataset: 'loans',
    chart: 'bar',
    where: book,
    rows: { mode: 'group', expr: () => 'l.classification', keys: () => CLASSIFICATIONS },
    summary: bookSummary,
    series: [
      { key: 'loans', kind: 'count', unit: 'count' },
      { key: 'balance', kind: 'sum', col: 'l.balance_fen', unit: 'yuan' },
      { key: 'share', kind: 'share', of: 'balance', unit: 'percent', plotted: false },
    ],
  },
  byDimension('portfolio.byIndustry', 'substr(l.industry_code, 1, 1)', industryLabel),
  byDimension('portfolio.byBranch', 'l.branch_id', undefined, branchLabels),
  byDimension('portfolio.byProduct', 'l.product_code', productLabel),
  {
    id: 'portfolio.trend',
    dataset: 'loans',
    chart: 'line',
    where: () => 'true',
    rows: { mode: 'cells', cells: (f) => trendPoints(f).map((d) => trendCell(d, f)) },
    summary: { from: () => 'loan_trend_summary l', rows: trendSummaryCells },
    series: [
      { key: 'loans', kind: 'count', unit: 'count', plotted: false },
      {
        key: 'over30',
        kind: 'count',
        unit: 'count',
        plotted: false,
        pred: (p, _f, r) => `l.days_past_due > ${p(30 + Number(r?.vars?.lag ?? 0))}`,
      },
      {
        key: 'over90',
        kind: 'count',
        unit: 'count',
        plotted: false,
        pred: (p, _f, r) => `l.days_past_due > ${p(90 + Number(r?.vars?.lag ?? 0))}`,
      },
      { key: 'over30Ratio', kind: 'ratio', unit: 'percent', num: 'over30', den: 'loans' },
      { key: 'over90Ratio', kind: 'ratio', unit: 'percent', num: 'over90', den: 'loans' },
    ],
    notes: [
      {
        zh: '按笔数计。历史月末的逾期天数由当前逾期天数倒推（已结清的历史逾期在贷款表中没有日期，不计入）；可用行业、机构、产品筛选查看各维度趋势。',
        en: 'By number of loans. Past month-ends derive days past due from today’s (cured past arrears have no date in the loan table and are not counted); filter by industry, branch or product for each dimension’s trend.',
      },
    ],
  },
  {
    id: 'portfolio.vintage',
    dataset: 'loans',
    chart: 'vintage',
    where: (p, f) => `l.disbursed_on >= ${p(f.from)}::date AND l.disbursed_on <= ${p(f.to)}::date`,
    rows: { mode: 'group', expr: () => `to_char(l.disbursed_on, 'YYYY-"Q"Q')` },
    // The cohort as a date range, which loans_disbursed_cover_idx serves (to_char() would read every loan).
    drillRow: (p, _f, row) => {
      const m = /^(\d{4})-Q([1-4])$/.exec(row);
      if (!m) return 'false';
      const start = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
      return `l.disbursed_on >= ${p(start)}::date AND l.disbursed_on < (${p(start)}::date + interval '3 months')::date`;
    },
    series: [
      { key: 'loans', kind: 'count', unit: 'count', plotted: false },
      ...VINTAGE_MOB.flatMap((k): SeriesDef[] => {
        const observable = (p: (v: unknown) => string, f: Filters) =>
          `l.disbursed_on <= ${p(monthsBefore(f.dataAsOf, k))}::date`;
        return [
          { key: `mob${k}_d`, kind: 'count', unit: 'count', plotted: false, pred: observable },
          {
            key: `mob${k}_n`,
            kind: 'count',
            unit: 'count',
            plotted: false,
            pred: (p, f) =>
              `${observable(p, f)} AND l.days_past_due > 30 AND (${p(f.dataAsOf)}::date - l.days_past_due + 31) <= (l.disbursed_on + interval '${k} months')::date`,
          },
          { key: `mob${k}`, kind: 'ratio', unit: 'percent', num: `mob${k}_n`, den: `mob${k}_d` },
        ];
      }),
    ],
    notes: [
      {
        zh: '按放款季度分组：放款后第 N 个月末累计逾期 30 天以上的贷款占比（仅统计已满 N 个月的贷款；逾期起始日由当前逾期天数推得，已结清的历史逾期不计）。',
        en: 'Cohorts by disbursement quarter: share of loans more than 30 days past due by month N on book (only loans at least N months old; the date arrears began derives from today’s days past due; cured past arrears are not counted).',
      },
    ],
  },
  {
    id: 'portfolio.topBorrowers',
    dataset: 'loans',
    chart: 'hbar',
    where: book,
    rows: { mode: 'group', expr: () => 'l.enterprise_id', top: { series: 'balance', limit: 10, totalRow: true } },
    labels: enterpriseLabels,
    summary: { from: () => 'loan_borrower_summary l' },
    series: [
      { key: 'loans', kind: 'count', unit: 'count', plotted: false },
      { key: 'balance', kind: 'sum', col: 'l.balance_fen', unit: 'yuan', plotted: false },
      { key: 'share', kind: 'share', of: 'balance', unit: 'percent' },
    ],
    notes: [{ zh: '最后一行为前十大借款人合计占比。', en: 'The last row is the top ten borrowers together.' }],
  },
];
