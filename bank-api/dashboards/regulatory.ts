/**
 * Regulatory indicators for inclusive small-business lending (普惠型小微企业贷款: loans to micro and
 * small enterprises whose total credit with the bank is at most 10 million yuan): "two increases"
 * (balance growth not below all loans', borrowers not fewer than a year ago) and "two controls" (NPL
 * within all loans' NPL + 3 percentage points; pricing reported).
 */
import type { Panel } from '../../shared/api/dashboards';
import { addMonthsClamped, formatCivilDate, parseCivilDate } from '../../shared/calendar/civil-date';
import type { Queryable } from '../db/database';
import { baseWhere, buildPanel, type PanelDef } from './engine';
import { addDays, type Filters, firstOfMonth, nextMonth } from './filters';
import { BOOK, NPL, onBookAt } from './portfolio';
import { compileSql, joinSql, rawSql, type Sql, sql, sqlAlias } from './sql';

/** 普惠 threshold: total credit per borrower, fen (10,000,000 yuan). */
export const INCLUSIVE_MAX_CREDIT_FEN = 1_000_000_000n;
/** NPL tolerance: inclusive NPL may exceed all loans' NPL by at most this many percentage points. */
export const NPL_TOLERANCE_PP = 3n;

export const yearAgo = (date: string) => formatCivilDate(addMonthsClamped(parseCivilDate(date), -12));

/** Enterprises that count as inclusive borrowers: micro or small, total principal outstanding ≤ the threshold. */
const INCLUSIVE_SELECT = rawSql(`SELECT l2.enterprise_id FROM loans l2 JOIN enterprises e2 ON e2.id = l2.enterprise_id
  WHERE e2.size_class IN ('micro','small') AND l2.balance_fen > 0
  GROUP BY l2.enterprise_id HAVING sum(l2.principal_fen) <= ${INCLUSIVE_MAX_CREDIT_FEN}`);
const INCLUSIVE_CTE = sql`incl AS (${INCLUSIVE_SELECT})`;
/**
 * The inclusive row for the drill-down: the set the summaries froze at refresh (exact while they are
 * fresh), else the set computed from the loans as one hashed subplan (`IS TRUE` keeps the planner from
 * turning it into a join walked once per loan).
 */
const inclusiveDrill = (_f: Filters, summaries: boolean) =>
  summaries
    ? sql`l.enterprise_id IN (SELECT enterprise_id FROM loan_inclusive_enterprises)`
    : sql`(l.enterprise_id IN (${INCLUSIVE_SELECT})) IS TRUE`;

export const regulatoryPanels: PanelDef[] = [
  {
    id: 'regulatory.indicators',
    dataset: 'loans',
    chart: 'bar',
    with: () => INCLUSIVE_CTE,
    where: () => sql`true`,
    summary: { read: (q, def, f) => regulatoryFromSummaries(q, def, f) },
    rows: {
      mode: 'cells',
      cells: () => [
        {
          key: 'inclusive',
          pred: () => sql`l.enterprise_id IN (SELECT enterprise_id FROM incl)`,
          drillPred: inclusiveDrill,
        },
        { key: 'all', pred: () => sql`true`, drillPred: () => sql`true` },
      ],
    },
    series: [
      { key: 'balance', kind: 'sum', col: sql`l.balance_fen`, unit: 'yuan', pred: () => BOOK, plotted: false },
      {
        key: 'nplBalance',
        kind: 'sum',
        col: sql`l.balance_fen`,
        unit: 'yuan',
        pred: () => sql`${BOOK} AND ${NPL}`,
        plotted: false,
      },
      { key: 'nplRatio', kind: 'ratio', unit: 'percent', num: 'nplBalance', den: 'balance' },
      {
        key: 'principalNow',
        kind: 'sum',
        col: sql`l.principal_fen`,
        unit: 'yuan',
        plotted: false,
        pred: (f) => onBookAt(f.dataAsOf),
      },
      {
        key: 'principalYearAgo',
        kind: 'sum',
        col: sql`l.principal_fen`,
        unit: 'yuan',
        plotted: false,
        pred: (f) => onBookAt(yearAgo(f.dataAsOf)),
      },
      { key: 'growth', kind: 'growth', unit: 'percent', num: 'principalNow', den: 'principalYearAgo' },
      {
        key: 'borrowersNow',
        kind: 'agg',
        countsEnterprises: true,
        unit: 'borrowers',
        plotted: false,
        agg: (w) => sql`count(DISTINCT l.enterprise_id)${w}::text`,
        pred: (f) => onBookAt(f.dataAsOf),
      },
      {
        key: 'borrowersYearAgo',
        kind: 'agg',
        countsEnterprises: true,
        unit: 'borrowers',
        plotted: false,
        agg: (w) => sql`count(DISTINCT l.enterprise_id)${w}::text`,
        pred: (f) => onBookAt(yearAgo(f.dataAsOf)),
      },
      {
        key: 'disbursedInPeriod',
        kind: 'count',
        unit: 'count',
        plotted: false,
        pred: (f) => sql`l.disbursed_on >= ${f.from}::date AND l.disbursed_on <= ${f.to}::date`,
      },
      {
        key: 'avgRate',
        kind: 'agg',
        unit: 'percent',
        agg: (w) => sql`round(sum(l.principal_fen * l.annual_rate)${w} / NULLIF(sum(l.principal_fen)${w}, 0), 2)::text`,
        pred: (f) => sql`l.disbursed_on >= ${f.from}::date AND l.disbursed_on <= ${f.to}::date`,
      },
    ],
    notes: [
      {
        zh: '普惠型小微企业贷款：小型、微型企业且在本行授信（未结清贷款本金合计）不超过 1000 万元。增速按未到期贷款本金（当前对比一年前同日）计算，因贷款表不保存历史余额；平均利率为期间内发放贷款的本金加权年利率。',
        en: 'Inclusive SME loans: to micro and small enterprises whose credit with the bank (principal of loans outstanding) is at most 10 million yuan. Growth compares the principal of loans on the book now and a year before (the loan table keeps no balance history); average rate is principal-weighted over loans disbursed in the period.',
      },
    ],
  },
];

/** The pass/fail checks, derived from the indicators panel (drill into that panel for the rows). */
export function regulatoryChecks(ind: Panel): Panel {
  const v = (row: string, s: string) => ind.rows.find((r) => r.key === row)?.values[s] ?? null;
  const n = (x: string | null) => (x == null ? null : BigInt(x.replace('.', '')));
  const growthIncl = v('inclusive', 'growth');
  const growthAll = v('all', 'growth');
  const nplIncl = v('inclusive', 'nplRatio');
  const nplAll = v('all', 'nplRatio');
  const nplLimit =
    nplAll == null
      ? null
      : ((n(nplAll)! + NPL_TOLERANCE_PP * 100n) / 100n).toString() +
        '.' +
        String((n(nplAll)! + NPL_TOLERANCE_PP * 100n) % 100n).padStart(2, '0');
  const met = (ok: boolean | null) => (ok == null ? null : ok ? 'true' : 'false');
  return {
    id: 'regulatory.checks',
    chart: 'kpi',
    series: [
      { key: 'value', unit: 'percent', label: null, plotted: false, drill: null },
      { key: 'target', unit: 'percent', label: null, plotted: false, drill: null },
      { key: 'met', unit: 'check', label: null, plotted: false, drill: null },
    ],
    rows: [
      {
        key: 'loanGrowth',
        label: null,
        values: {
          value: growthIncl,
          target: growthAll,
          met: met(growthIncl != null && growthAll != null ? n(growthIncl)! >= n(growthAll)! : null),
        },
      },
      {
        key: 'borrowerGrowth',
        label: null,
        values: {
          value: v('inclusive', 'borrowersNow'),
          target: v('inclusive', 'borrowersYearAgo'),
          met: met(BigInt(v('inclusive', 'borrowersNow') ?? '0') >= BigInt(v('inclusive', 'borrowersYearAgo') ?? '0')),
        },
        // Borrowers now against a year ago: counts of enterprises, not ratios.
        units: { value: 'borrowers', target: 'borrowers' },
      },
      {
        key: 'nplTolerance',
        label: null,
        values: {
          value: nplIncl,
          target: nplLimit,
          met: met(nplIncl != null && nplLimit != null ? n(nplIncl)! <= n(nplLimit)! : null),
        },
      },
      // Pricing is reported, not tested against a target.
      { key: 'avgRate', label: null, values: { value: v('inclusive', 'avgRate'), target: null, met: null } },
    ],
    notes: [
      {
        zh: '由上方指标计算：两增（增速、户数）两控（不良容忍度、定价）。',
        en: 'Computed from the indicators above: two increases (growth, borrowers) and two controls (NPL tolerance, pricing).',
      },
    ],
  };
}

const REGULATORY_ROWS = [
  ['inclusive', sql`l.inclusive`],
  ['all', sql`true`],
] as const;

/**
 * The regulatory indicators panel from the loan summaries (its summary hook, while they are fresh): the
 * same series as `regulatory.indicators`, the period figures as whole months from the summary plus the
 * partial months at the period's edges from `loans` (index-only on loans_disbursed_cover_idx).
 */
export async function regulatoryFromSummaries(q: Queryable, def: PanelDef, f: Filters): Promise<Panel> {
  // Whole months inside [from, to]: [wholeFrom, wholeTo).
  const wholeFrom = f.from.endsWith('-01') ? f.from : nextMonth(f.from);
  const dayAfterTo = addDays(f.to, 1);
  const wholeTo = dayAfterTo.endsWith('-01') ? dayAfterTo : firstOfMonth(f.to);
  const hasWhole = wholeFrom < wholeTo;
  // The days outside whole months, as ranges [lo, hi) of disbursement dates (each an index range scan).
  const edges: [string, string][] = hasWhole
    ? (
        [
          [f.from, wholeFrom],
          [wholeTo, dayAfterTo],
        ] as [string, string][]
      ).filter(([lo, hi]) => lo < hi)
    : [[f.from, dayAfterTo]];
  const whole = hasWhole
    ? sql`l.disbursed_month >= ${wholeFrom}::date AND l.disbursed_month < ${wholeTo}::date`
    : sql`false`;
  const sums = compileSql(
    sql`SELECT ${joinSql(
      REGULATORY_ROWS.flatMap(([key, rowPred]) => regulatoryColumns(f, key, rowPred, whole, edges)),
      ', ',
    )}`,
  );
  const r = (await q.query<Record<string, string[]>>(sums.sql, sums.params)).rows[0]!;
  // The average rate divides exact sums: numeric arithmetic in the database, on the numbers just read.
  const rates = REGULATORY_ROWS.map(([key], i) => {
    const s = r[`${key}_sums`]!;
    const e = edges.map((_, k) => r[`${key}_edge${k}`]!);
    const num = joinSql([s[5]!, ...e.map((x) => x[1]!)].map(numericLiteral), ' + ');
    const den = joinSql([s[6]!, ...e.map((x) => x[2]!)].map(numericLiteral), ' + ');
    return sql`round((${num}) / NULLIF(${den}, 0), 2)::text AS ${sqlAlias(`r${i}`)}`;
  });
  const exact = (await q.query<Record<string, string | null>>(compileSql(sql`SELECT ${joinSql(rates, ', ')}`).sql))
    .rows[0]!;
  return buildPanel(
    def,
    REGULATORY_ROWS.map(([key], i) => {
      const s = r[`${key}_sums`]!;
      const b = r[`${key}_borrowers`]!;
      const edgeCount = edges.reduce((acc, _, k) => acc + BigInt(r[`${key}_edge${k}`]![0]!), 0n);
      return {
        key,
        label: null,
        raw: {
          balance: s[0]!,
          nplBalance: s[1]!,
          principalNow: s[2]!,
          principalYearAgo: s[3]!,
          borrowersNow: b[0]!,
          borrowersYearAgo: b[1]!,
          disbursedInPeriod: (BigInt(s[4]!) + edgeCount).toString(),
          avgRate: exact[`r${i}`] ?? null,
        },
      };
    }),
  );
}

/** One row's columns: summary sums, distinct borrowers, and the edge days' counts and sums from `loans`. */
function regulatoryColumns(f: Filters, key: string, rowPred: Sql, whole: Sql, edges: [string, string][]): Sql[] {
  const base = baseWhere('loans', f);
  const w = (pred: Sql) => sql`FILTER (WHERE ${rowPred} AND ${pred})`;
  const inclusiveJoin =
    key === 'inclusive' ? sql`JOIN loan_inclusive_enterprises i ON i.enterprise_id = l.enterprise_id` : sql``;
  return [
    sql`(SELECT json_build_array(
         COALESCE(sum(l.balance_fen) ${w(sql`l.book`)}, 0)::text,
         COALESCE(sum(l.balance_fen) ${w(sql`l.book AND l.npl`)}, 0)::text,
         COALESCE(sum(l.principal_fen) ${w(sql`l.on_now`)}, 0)::text,
         COALESCE(sum(l.principal_fen) ${w(sql`l.on_year_ago`)}, 0)::text,
         COALESCE(sum(l.n) ${w(whole)}, 0)::text,
         COALESCE(sum(l.principal_rate) ${w(whole)}, 0)::text,
         COALESCE(sum(l.principal_fen) ${w(whole)}, 0)::text)
       FROM loan_regulatory_summary l WHERE ${base}) AS ${sqlAlias(`${key}_sums`)}`,
    // Distinct borrowers: one group per enterprise (a hash aggregate), then count the groups.
    sql`(SELECT json_build_array(count(*) FILTER (WHERE b.now)::text, count(*) FILTER (WHERE b.ago)::text)
       FROM (SELECT bool_or(l.on_now) AS now, bool_or(l.on_year_ago) AS ago FROM loan_regulatory_borrowers l
             WHERE ${base} AND ${rowPred} GROUP BY l.enterprise_id) b) AS ${sqlAlias(`${key}_borrowers`)}`,
    ...edges.map(
      ([lo, hi], k) =>
        sql`(SELECT json_build_array(count(*)::text, COALESCE(sum(l.principal_fen * l.annual_rate), 0)::text,
                                COALESCE(sum(l.principal_fen), 0)::text)
       FROM loans l ${inclusiveJoin}
       WHERE ${base} AND l.disbursed_on >= ${lo}::date AND l.disbursed_on < ${hi}::date) AS ${sqlAlias(`${key}_edge${k}`)}`,
    ),
  ];
}

/** A numeric literal from a numeric's text the database returned (digits, sign and point only). */
function numericLiteral(v: string): Sql {
  if (!/^-?\d+(\.\d+)?$/.test(v)) throw new Error(`not a number: ${v}`);
  return rawSql(`${v}::numeric`);
}
