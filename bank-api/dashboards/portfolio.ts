/**
 * The portfolio dashboard (loans): balance and count by five-level classification; NPL and overdue
 * ratios by industry, branch and product; their trend; vintage curves; concentration. The book is the
 * loans with a balance, as of the loan data date.
 */

import type { Panel } from '../../shared/api/dashboards';
import { addMonthsClamped, formatCivilDate, parseCivilDate } from '../../shared/calendar/civil-date';
import type { Queryable } from '../db/database';
import { classifiedPeriods, HISTORY_CLASS } from './classification-trend';
import { baseWhere, buildPanel, type CellRow, type Fragment, type PanelDef, type SeriesDef } from './engine';
import { addDays, type Filters, firstOfMonth, nextMonth } from './filters';
import { branchLabels, enterpriseLabels, industryLabel, productLabel } from './labels';
import { compileSql, joinSql, rawSql, type Sql, sql, sqlAlias } from './sql';

export const CLASSIFICATIONS = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'];
export const NPL = sql`l.classification IN ('substandard','doubtful','loss')`;
export const BOOK = sql`l.balance_fen > 0`;
const book: Fragment = () => BOOK;
/** The book summary (its days past due are bucket representatives: `> 0`, `> 30`, `> 90` hold as on the loans). */
const bookSummary: PanelDef['summary'] = { from: () => sql`loan_book_summary l` };

const monthsBefore = (date: string, k: number) => formatCivilDate(addMonthsClamped(parseCivilDate(date), -k));
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** Loans on the book at the end of `date` (disbursed, and not yet matured or still owing). */
export const onBookAt = (date: string) =>
  sql`l.disbursed_on <= ${date}::date AND (l.maturity_date > ${date}::date OR l.balance_fen > 0)`;

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
  { key: 'balance', kind: 'sum', col: sql`l.balance_fen`, unit: 'yuan', plotted: false },
  { key: 'share', kind: 'share', of: 'balance', unit: 'percent', plotted: false },
  { key: 'nplBalance', kind: 'sum', col: sql`l.balance_fen`, unit: 'yuan', pred: () => NPL, plotted: false },
  { key: 'nplRatio', kind: 'ratio', unit: 'percent', num: 'nplBalance', den: 'balance' },
  {
    key: 'over30Balance',
    kind: 'sum',
    col: sql`l.balance_fen`,
    unit: 'yuan',
    pred: () => sql`l.days_past_due > 30`,
    plotted: false,
  },
  { key: 'over30Ratio', kind: 'ratio', unit: 'percent', num: 'over30Balance', den: 'balance' },
  {
    key: 'over90Balance',
    kind: 'sum',
    col: sql`l.balance_fen`,
    unit: 'yuan',
    pred: () => sql`l.days_past_due > 90`,
    plotted: false,
  },
  { key: 'over90Ratio', kind: 'ratio', unit: 'percent', num: 'over90Balance', den: 'balance' },
];

type Labeler = (key: string) => { zh: string; en: string } | null;
const byDimension = (id: string, expr: Sql, label?: Labeler, labels?: PanelDef['labels']): PanelDef => ({
  id,
  dataset: 'loans',
  chart: 'bar',
  where: book,
  rows: { mode: 'group', expr: () => expr, ...(label ? { label } : {}) },
  series: ratioSeries,
  summary: bookSummary,
  ...(labels ? { labels } : {}),
});

/**
 * The trend reads two row sources as one FROM clause aliased `l`: the loans (or, while the loan summaries
 * are fresh, loan_trend_summary) with `period` null — the counts on the book and past due — and the
 * classification history at the trend's month-ends with the loan columns null — the classes as recorded
 * (loan_classifications, or its summary loan_classification_trend, migration 0029). A point's row is
 * either source at that date; every series names the source it reads. Filters apply to both alike
 * (the history's branch is the one it recorded). The history is exact whether the loan summaries are
 * fresh or not (it is rebuilt with every write to the history), so both paths give the same figures;
 * a drill-down reads the generic source, so it lists the loan ids of the history rows.
 */
const HISTORY_COLUMNS = sql`NULL::date AS period, NULL::text AS class, NULL::bigint AS class_fen`;
const trendFrom: Fragment = (f) =>
  sql`(SELECT l.id, l.branch_id, l.product_code, l.industry_code, l.disbursed_on, l.maturity_date, l.balance_fen,
          l.days_past_due, ${HISTORY_COLUMNS}
       FROM loans l
     UNION ALL
     SELECT c.loan_id, c.branch_id, cl.product_code, cl.industry_code, NULL, NULL, NULL, NULL, c.period,
          ${rawSql(HISTORY_CLASS)}, c.balance_fen
       FROM loan_classifications c JOIN loans cl ON cl.id = c.loan_id
       WHERE c.period = ANY(${trendPoints(f)}::date[])) l`;
const trendSummaryFrom: Fragment = (f) =>
  sql`(SELECT l.branch_id, l.product_code, l.industry_code, l.disbursed_on, l.maturity_date, l.balance_fen, l.on_now,
          l.days_past_due, l.n, ${HISTORY_COLUMNS}
       FROM loan_trend_summary l
     UNION ALL
     SELECT t.branch_id, t.product_code, t.industry_code, NULL, NULL, NULL, NULL, NULL, t.loans, t.period, t.class,
          t.balance_fen
       FROM loan_classification_trend t
       WHERE t.period = ANY(${trendPoints(f)}::date[])) l`;
/** A point: the loans on the book at its date, and the history rows of its date. */
const atPoint = (date: string, book: Sql) => sql`(${book} OR l.period = ${date}::date)`;
const trendCell = (date: string, f: Filters): CellRow => ({
  key: date,
  pred: () => atPoint(date, onBookAt(date)),
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
      points.map((d) =>
        d === f.dataAsOf ? { ...trendCell(d, f), pred: () => atPoint(d, sql`l.on_now`) } : trendCell(d, f),
      ),
  };
};

/** The loans' rows of a point (not its history rows). */
const LOAN_ROWS = sql`l.period IS NULL`;
/** The history rows of a point in these classes. */
const recordedIn = (classes: readonly string[]) => () =>
  sql`l.period IS NOT NULL AND l.class = ANY(${[...classes]}::text[])`;
const CLASS_KEYS: Record<string, string> = {
  normal: 'Normal',
  special_mention: 'SpecialMention',
  substandard: 'Substandard',
  doubtful: 'Doubtful',
  loss: 'Loss',
};
const lowerFirst = (x: string) => `${x[0]!.toLowerCase()}${x.slice(1)}`;
/** The five classes as recorded at each month-end: the balance in each, its share, and the NPL ratio. */
const classTrendSeries: SeriesDef[] = [
  { key: 'classified', kind: 'count', unit: 'count', plotted: false, pred: () => sql`l.period IS NOT NULL` },
  {
    key: 'recorded',
    kind: 'sum',
    col: sql`l.class_fen`,
    unit: 'yuan',
    plotted: false,
    pred: () => sql`l.period IS NOT NULL`,
  },
  {
    key: 'recordedNpl',
    kind: 'sum',
    col: sql`l.class_fen`,
    unit: 'yuan',
    plotted: false,
    pred: recordedIn(['substandard', 'doubtful', 'loss']),
  },
  { key: 'nplRatio', kind: 'ratio', unit: 'percent', num: 'recordedNpl', den: 'recorded' },
  ...CLASSIFICATIONS.flatMap((c): SeriesDef[] => [
    {
      key: `recorded${CLASS_KEYS[c]}`,
      kind: 'sum',
      col: sql`l.class_fen`,
      unit: 'yuan',
      plotted: false,
      pred: recordedIn([c]),
    },
    {
      key: `${lowerFirst(CLASS_KEYS[c]!)}Share`,
      kind: 'ratio',
      unit: 'percent',
      num: `recorded${CLASS_KEYS[c]}`,
      den: 'recorded',
      // Normal is most of the book: on the chart it would flatten the other lines (it is in the table).
      plotted: c !== 'normal',
    },
  ]),
];

/** The class figures of the trend (figures of the classification history, none where it has no run). */
const CLASS_TREND_KEYS = new Set(classTrendSeries.map((x) => x.key));

/**
 * The trend's points with no classification run: their class figures blanked (no run is not "none
 * classified"), and a note naming them.
 */
async function finishTrend(q: Queryable, f: Filters, panel: Panel): Promise<Panel> {
  const points = trendPoints(f);
  const run = await classifiedPeriods(q, points);
  const missing = points.filter((d) => !run.has(d));
  if (missing.length === 0) return panel;
  const blank = new Set(missing);
  return {
    ...panel,
    rows: panel.rows.map((r) =>
      blank.has(r.key)
        ? {
            ...r,
            values: Object.fromEntries(
              Object.entries(r.values).map(([k, v]) => [k, CLASS_TREND_KEYS.has(k) ? null : v]),
            ),
          }
        : r,
    ),
    notes: [
      ...panel.notes,
      {
        zh: `以下时点没有五级分类记录，五级分类各项不显示：${missing.join('、')}。`,
        en: `No classification run at ${missing.join(', ')}: no classification figures there.`,
      },
    ],
  };
}

export const portfolioPanels: PanelDef[] = [
  {
    id: 'portfolio.kpi',
    dataset: 'loans',
    chart: 'kpi',
    where: book,
    rows: { mode: 'cells', cells: () => [{ key: 'book', pred: () => sql`true` }] },
    series: ratioSeries.filter((s) => s.key !== 'share'),
    summary: bookSummary,
  },
  {
    id: 'portfolio.classification',
    dataset: 'loans',
    chart: 'bar',
    where: book,
    rows: { mode: 'group', expr: () => sql`l.classification`, keys: () => CLASSIFICATIONS },
    summary: bookSummary,
    series: [
      { key: 'loans', kind: 'count', unit: 'count' },
      { key: 'balance', kind: 'sum', col: sql`l.balance_fen`, unit: 'yuan' },
      { key: 'share', kind: 'share', of: 'balance', unit: 'percent', plotted: false },
    ],
  },
  byDimension('portfolio.byIndustry', sql`substr(l.industry_code, 1, 1)`, industryLabel),
  byDimension('portfolio.byBranch', sql`l.branch_id`, undefined, branchLabels),
  byDimension('portfolio.byProduct', sql`l.product_code`, productLabel),
  {
    id: 'portfolio.trend',
    dataset: 'loans',
    chart: 'line',
    where: () => sql`true`,
    from: trendFrom,
    rows: { mode: 'cells', cells: (f) => trendPoints(f).map((d) => trendCell(d, f)) },
    summary: { from: trendSummaryFrom, rows: trendSummaryCells },
    series: [
      { key: 'loans', kind: 'count', unit: 'count', plotted: false, pred: () => LOAN_ROWS },
      {
        key: 'over30',
        kind: 'count',
        unit: 'count',
        plotted: false,
        pred: (_f, r) => sql`${LOAN_ROWS} AND l.days_past_due > ${30 + Number(r?.vars?.lag ?? 0)}`,
      },
      {
        key: 'over90',
        kind: 'count',
        unit: 'count',
        plotted: false,
        pred: (_f, r) => sql`${LOAN_ROWS} AND l.days_past_due > ${90 + Number(r?.vars?.lag ?? 0)}`,
      },
      { key: 'over30Ratio', kind: 'ratio', unit: 'percent', num: 'over30', den: 'loans' },
      { key: 'over90Ratio', kind: 'ratio', unit: 'percent', num: 'over90', den: 'loans' },
      ...classTrendSeries,
    ],
    notes: [
      {
        zh: '不良率和五级分类各类占比按余额计，取自各月末五级分类记录（月末分类的复核结果，未复核的取规则建议；余额为当时记录的余额）。逾期 30 天、90 天以上占比按笔数计，历史月末的逾期天数由当前逾期天数倒推（已结清的历史逾期不计入）。可用行业、机构、产品筛选。',
        en: 'The NPL ratio and the five classes’ shares are by balance, from the classification history at each month-end (the reviewed class, else the rules’ proposal; the balance as recorded then). The shares over 30 and 90 days past due are by number of loans, with past month-ends’ days past due derived from today’s (cured past arrears are not counted). Filter by industry, branch or product.',
      },
    ],
    finish: finishTrend,
  },
  {
    id: 'portfolio.vintage',
    dataset: 'loans',
    chart: 'vintage',
    where: (f) => sql`l.disbursed_on >= ${f.from}::date AND l.disbursed_on <= ${f.to}::date`,
    rows: { mode: 'group', expr: () => sql`to_char(l.disbursed_on, 'YYYY-"Q"Q')` },
    summary: { read: (q, def, f) => vintageFromSummaries(q, def, f) },
    // The cohort as a date range, which loans_disbursed_cover_idx serves (to_char() would read every loan).
    drillRow: (_f, row) => {
      const m = /^(\d{4})-Q([1-4])$/.exec(row);
      if (!m) return sql`false`;
      const start = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
      return sql`l.disbursed_on >= ${start}::date AND l.disbursed_on < (${start}::date + interval '3 months')::date`;
    },
    series: [
      { key: 'loans', kind: 'count', unit: 'count', plotted: false },
      ...VINTAGE_MOB.flatMap((k): SeriesDef[] => {
        const observable = (f: Filters) => sql`l.disbursed_on <= ${monthsBefore(f.dataAsOf, k)}::date`;
        // k is a code constant: the interval is literal text (a parameter inside quotes would be text too).
        const atMonthK = rawSql(`(l.disbursed_on + interval '${k} months')::date`);
        return [
          { key: `mob${k}_d`, kind: 'count', unit: 'count', plotted: false, pred: observable },
          {
            key: `mob${k}_n`,
            kind: 'count',
            unit: 'count',
            plotted: false,
            pred: (f) =>
              sql`${observable(f)} AND l.days_past_due > 30 AND (${f.dataAsOf}::date - l.days_past_due + 31) <= ${atMonthK}`,
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
    rows: { mode: 'group', expr: () => sql`l.enterprise_id`, top: { series: 'balance', limit: 10, totalRow: true } },
    labels: enterpriseLabels,
    summary: { from: () => sql`loan_borrower_summary l` },
    series: [
      { key: 'loans', kind: 'count', unit: 'count', plotted: false },
      { key: 'balance', kind: 'sum', col: sql`l.balance_fen`, unit: 'yuan', plotted: false },
      { key: 'share', kind: 'share', of: 'balance', unit: 'percent' },
    ],
    notes: [{ zh: '最后一行为前十大借款人合计占比。', en: 'The last row is the top ten borrowers together.' }],
  },
];

/** The later / earlier of two YYYY-MM-DD days (ISO dates order as strings; Math.max would make NaN). */
const laterDay = (a: string, b: string) => (a > b ? a : b);
const earlierDay = (a: string, b: string) => (a < b ? a : b);
const quarterOf = (d: string) => `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
const quarterStart = (d: string) =>
  `${d.slice(0, 4)}-${String(Math.floor((Number(d.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
const addMonths1 = (d: string, k: number) => {
  let x = d;
  for (let i = 0; i < k; i++) x = nextMonth(x);
  return x;
};

/**
 * The vintage panel from the loan summaries (its summary hook, while they are fresh): the same rows and
 * series as `portfolio.vintage`. Denominators (loans disbursed in a date range) are whole months from
 * loan_vintage_summary plus the partial months at the cut-offs from `loans` (index-only on
 * loans_disbursed_cover_idx); numerators only count loans more than 30 days past due, read from `loans`
 * with the panel's own predicates (loans_over30_disbursed_idx).
 */
export async function vintageFromSummaries(q: Queryable, def: PanelDef, f: Filters): Promise<Panel> {
  const end = addDays(f.to, 1); // exclusive
  const cutoff = (k: number) => formatCivilDate(addMonthsClamped(parseCivilDate(f.dataAsOf), -k));
  // Exclusive upper bounds of each mob's observable loans.
  const obsEnd = new Map(VINTAGE_MOB.map((k) => [k, addDays(cutoff(k), 1)]));
  const cuts = [...new Set([f.from, end, ...obsEnd.values()])].filter((d) => !d.endsWith('-01'));
  const base = baseWhere('loans', f);
  const cols = [
    sql`(SELECT COALESCE(json_agg(json_build_array(to_char(m, 'YYYY-MM-DD'), n::text)), '[]') FROM (SELECT l.disbursed_month AS m, sum(l.n) AS n FROM loan_vintage_summary l WHERE ${base} GROUP BY 1) t) AS months`,
    ...cuts.map(
      (d, i) =>
        sql`(SELECT count(*)::text FROM loans l WHERE ${base} AND l.disbursed_on >= ${firstOfMonth(d)}::date AND l.disbursed_on < ${d}::date) AS ${sqlAlias(`cut${i}`)}`,
    ),
  ];
  const counts = compileSql(sql`SELECT ${joinSql(cols, ', ')}`);
  const r = (await q.query<Record<string, unknown>>(counts.sql, counts.params)).rows[0]!;
  const months = new Map((r.months as [string, string][]).map(([m, n]) => [m, BigInt(n)]));
  const partial = new Map(cuts.map((d, i) => [d, BigInt(r[`cut${i}`] as string)]));
  // Loans disbursed before `d` (within the filters).
  const before = (d: string) => {
    const m0 = firstOfMonth(d);
    let acc = partial.get(d) ?? 0n;
    for (const [m, n] of months) if (m < m0) acc += n;
    return acc;
  };
  const between = (a: string, b: string) => (a < b ? before(b) - before(a) : 0n);
  const numRows = await vintageNumerators(q, def, f);
  const out: { key: string; label: null; raw: Record<string, string | null> }[] = [];
  for (let qs = quarterStart(f.from); qs < end; qs = addMonths1(qs, 3)) {
    const lo = laterDay(qs, f.from);
    const hi = earlierDay(addMonths1(qs, 3), end);
    const loans = between(lo, hi);
    if (loans === 0n) continue;
    const key = quarterOf(qs);
    const raw: Record<string, string | null> = { loans: loans.toString() };
    const nr = numRows.get(key);
    for (const k of VINTAGE_MOB) {
      raw[`mob${k}_d`] = between(lo, earlierDay(obsEnd.get(k)!, hi)).toString();
      raw[`mob${k}_n`] = nr?.[`mob${k}_n`] ?? '0';
    }
    out.push({ key, label: null, raw });
  }
  return buildPanel(def, out);
}

/** The vintage numerators (loans more than 30 days past due) by quarter, by the panel's own predicates. */
async function vintageNumerators(
  q: Queryable,
  def: PanelDef,
  f: Filters,
): Promise<Map<string, Record<string, string>>> {
  const nums = def.series.filter((s) => /^mob\d+_n$/.test(s.key));
  const cols = nums.map(
    (s, j) =>
      sql`count(*) FILTER (WHERE ${'pred' in s && s.pred ? s.pred(f, null) : sql`true`})::text AS ${sqlAlias(`s${j}`)}`,
  );
  const statement = compileSql(
    sql`SELECT to_char(l.disbursed_on, 'YYYY-"Q"Q') AS k, ${joinSql(cols, ', ')} FROM loans l WHERE ${baseWhere('loans', f)} AND ${def.where(f)} AND l.days_past_due > 30 GROUP BY 1`,
  );
  const rows = (await q.query<Record<string, string>>(statement.sql, statement.params)).rows;
  return new Map(rows.map((x) => [x.k!, Object.fromEntries(nums.map((s, j) => [s.key, x[`s${j}`] ?? '0']))] as const));
}
