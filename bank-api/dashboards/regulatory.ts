/**
 * Regulatory indicators for inclusive small-business lending (普惠型小微企业贷款): loans to micro and small
 * enterprises and to individual businesses (个体工商户) whose total credit with the bank (单户授信总额) is at
 * most 10 million yuan. "Two increases" (两增): the growth of these loans' balance since the start of the
 * year (年初) not below the growth of all the bank's loans (各项贷款) over the same time, and the number of
 * borrowers not below the number at the start of the year; "two controls" (两控): NPL within all loans'
 * NPL + 3 percentage points, and pricing (reported).
 */
import type { Panel } from '../../shared/api/dashboards';
import { addMonthsClamped, formatCivilDate, parseCivilDate } from '../../shared/calendar/civil-date';
import type { PanelDef } from './engine';
import { BOOK, NPL } from './portfolio';
import { rawSql, sql } from './sql';

/** 普惠 threshold: total credit per borrower (单户授信总额), fen (10,000,000 yuan). */
export const INCLUSIVE_MAX_CREDIT_FEN = 1_000_000_000n;
/** NPL tolerance: inclusive NPL may exceed all loans' NPL by at most this many percentage points. */
export const NPL_TOLERANCE_PP = 3n;

export const yearAgo = (date: string) => formatCivilDate(addMonthsClamped(parseCivilDate(date), -12));

/** 个体工商户: a unified social credit code registered by market regulation (9) as an individual business (2). */
export const INDIVIDUAL_BUSINESS_USCC = "e2.uscc LIKE '92%'";

/**
 * Borrowers that count as inclusive: micro or small enterprises and individual businesses whose total
 * credit — the principal granted on their loans still on the book — is at most 10 million yuan.
 * The same statement fills loan_inclusive_enterprises (bank-api/dashboards/summaries.ts).
 */
export const INCLUSIVE_SELECT_TEXT = `SELECT l2.enterprise_id FROM loans l2 JOIN enterprises e2 ON e2.id = l2.enterprise_id
  WHERE (e2.size_class IN ('micro','small') OR ${INDIVIDUAL_BUSINESS_USCC}) AND l2.balance_fen > 0
  GROUP BY l2.enterprise_id HAVING sum(l2.principal_fen) <= ${INCLUSIVE_MAX_CREDIT_FEN}`;
const INCLUSIVE_SELECT = rawSql(INCLUSIVE_SELECT_TEXT);
const INCLUSIVE_CTE = sql`incl AS (${INCLUSIVE_SELECT})`;
/** The balance at the start of the year (年初余额), from the year-end close; a loan without one counts 0. */
const YEAR_START = sql`COALESCE(l.balance_year_start_fen, 0)`;
/**
 * The inclusive row for the drill-down: the set the summaries froze at refresh (exact while they are
 * fresh), else the set computed from the loans as one hashed subplan (`IS TRUE` keeps the planner from
 * turning it into a join walked once per loan).
 */
const inclusiveDrill = (_f: unknown, summaries: boolean) =>
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
    rows: {
      mode: 'cells',
      cells: () => [
        {
          key: 'inclusive',
          pred: () => sql`l.enterprise_id IN (SELECT enterprise_id FROM incl)`,
          drillPred: inclusiveDrill,
        },
        // 各项贷款: every loan of the bank (the generic row label 全部 would not say so).
        { key: 'all', label: { zh: '各项贷款', en: 'All loans' }, pred: () => sql`true`, drillPred: () => sql`true` },
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
        key: 'yearStart',
        kind: 'sum',
        col: YEAR_START,
        unit: 'yuan',
        plotted: false,
        pred: () => sql`${YEAR_START} > 0`,
      },
      { key: 'growth', kind: 'growth', unit: 'percent', num: 'balance', den: 'yearStart' },
      {
        key: 'borrowersNow',
        kind: 'agg',
        countsEnterprises: true,
        unit: 'borrowers',
        plotted: false,
        agg: (w) => sql`count(DISTINCT l.enterprise_id)${w}::text`,
        pred: () => BOOK,
      },
      {
        key: 'borrowersYearStart',
        kind: 'agg',
        countsEnterprises: true,
        unit: 'borrowers',
        plotted: false,
        agg: (w) => sql`count(DISTINCT l.enterprise_id)${w}::text`,
        pred: () => sql`${YEAR_START} > 0`,
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
        zh: '普惠型小微企业贷款：单户授信总额（该户在本行未结清贷款的授信本金合计）不超过 1000 万元的小型、微型企业贷款和个体工商户经营性贷款。增速为贷款余额较年初（上年末余额）的增长率，与本行各项贷款余额较年初的增速比较；户数为当前有贷款余额的户数，与年初户数比较。平均利率为期间内发放贷款的本金加权年利率。',
        en: 'Inclusive SME loans: loans to micro and small enterprises and business loans to individual businesses whose total credit with the bank (principal granted on loans outstanding) is at most 10 million yuan. Growth is the balance against the start of the year (the previous year-end balance), compared with the growth of all the bank’s loans; borrowers are those with a balance now, against those at the start of the year. Average rate is principal-weighted over loans disbursed in the period.',
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
          target: v('inclusive', 'borrowersYearStart'),
          met: met(
            BigInt(v('inclusive', 'borrowersNow') ?? '0') >= BigInt(v('inclusive', 'borrowersYearStart') ?? '0'),
          ),
        },
        // Borrowers now against the start of the year: counts of enterprises, not ratios.
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
