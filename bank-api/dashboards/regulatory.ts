/**
 * Regulatory indicators for inclusive small-business lending (普惠型小微企业贷款: loans to micro and
 * small enterprises whose total credit with the bank is at most 10 million yuan): "two increases"
 * (balance growth not below all loans', borrowers not fewer than a year ago) and "two controls" (NPL
 * within all loans' NPL + 3 percentage points; pricing reported).
 */
import type { Panel } from '../../shared/api/dashboards';
import { addMonthsClamped, formatCivilDate, parseCivilDate } from '../../shared/calendar/civil-date';
import type { PanelDef } from './engine';
import { BOOK, NPL, onBookAt } from './portfolio';

/** 普惠 threshold: total credit per borrower, fen (10,000,000 yuan). */
export const INCLUSIVE_MAX_CREDIT_FEN = 1_000_000_000n;
/** NPL tolerance: inclusive NPL may exceed all loans' NPL by at most this many percentage points. */
export const NPL_TOLERANCE_PP = 3n;

export const yearAgo = (date: string) => formatCivilDate(addMonthsClamped(parseCivilDate(date), -12));

/** Enterprises that count as inclusive borrowers: micro or small, total principal outstanding ≤ the threshold. */
const INCLUSIVE_SELECT = `SELECT l2.enterprise_id FROM loans l2 JOIN enterprises e2 ON e2.id = l2.enterprise_id
  WHERE e2.size_class IN ('micro','small') AND l2.balance_fen > 0
  GROUP BY l2.enterprise_id HAVING sum(l2.principal_fen) <= ${INCLUSIVE_MAX_CREDIT_FEN}`;
const INCLUSIVE_CTE = `incl AS (${INCLUSIVE_SELECT})`;
/**
 * The inclusive row for the drill-down: the set the summaries froze at refresh (exact while they are
 * fresh), else the set computed from the loans as one hashed subplan (`IS TRUE` keeps the planner from
 * turning it into a join walked once per loan).
 */
const inclusiveDrill = (_p: unknown, _f: unknown, summaries: boolean) =>
  summaries
    ? 'l.enterprise_id IN (SELECT enterprise_id FROM loan_inclusive_enterprises)'
    : `(l.enterprise_id IN (${INCLUSIVE_SELECT})) IS TRUE`;

export const regulatoryPanels: PanelDef[] = [
  {
    id: 'regulatory.indicators',
    dataset: 'loans',
    chart: 'bar',
    with: () => INCLUSIVE_CTE,
    where: () => 'true',
    rows: {
      mode: 'cells',
      cells: () => [
        {
          key: 'inclusive',
          pred: () => 'l.enterprise_id IN (SELECT enterprise_id FROM incl)',
          drillPred: inclusiveDrill,
        },
        { key: 'all', pred: () => 'true', drillPred: () => 'true' },
      ],
    },
    series: [
      { key: 'balance', kind: 'sum', col: 'l.balance_fen', unit: 'yuan', pred: () => BOOK, plotted: false },
      {
        key: 'nplBalance',
        kind: 'sum',
        col: 'l.balance_fen',
        unit: 'yuan',
        pred: () => `${BOOK} AND ${NPL}`,
        plotted: false,
      },
      { key: 'nplRatio', kind: 'ratio', unit: 'percent', num: 'nplBalance', den: 'balance' },
      {
        key: 'principalNow',
        kind: 'sum',
        col: 'l.principal_fen',
        unit: 'yuan',
        plotted: false,
        pred: (p, f) => onBookAt(p, f.dataAsOf),
      },
      {
        key: 'principalYearAgo',
        kind: 'sum',
        col: 'l.principal_fen',
        unit: 'yuan',
        plotted: false,
        pred: (p, f) => onBookAt(p, yearAgo(f.dataAsOf)),
      },
      { key: 'growth', kind: 'growth', unit: 'percent', num: 'principalNow', den: 'principalYearAgo' },
      {
        key: 'borrowersNow',
        kind: 'agg',
        countsEnterprises: true,
        unit: 'borrowers',
        plotted: false,
        agg: (w) => `count(DISTINCT l.enterprise_id)${w}::text`,
        pred: (p, f) => onBookAt(p, f.dataAsOf),
      },
      {
        key: 'borrowersYearAgo',
        kind: 'agg',
        countsEnterprises: true,
        unit: 'borrowers',
        plotted: false,
        agg: (w) => `count(DISTINCT l.enterprise_id)${w}::text`,
        pred: (p, f) => onBookAt(p, yearAgo(f.dataAsOf)),
      },
      {
        key: 'disbursedInPeriod',
        kind: 'count',
        unit: 'count',
        plotted: false,
        pred: (p, f) => `l.disbursed_on >= ${p(f.from)}::date AND l.disbursed_on <= ${p(f.to)}::date`,
      },
      {
        key: 'avgRate',
        kind: 'agg',
        unit: 'percent',
        agg: (w) => `round(sum(l.principal_fen * l.annual_rate)${w} / NULLIF(sum(l.principal_fen)${w}, 0), 2)::text`,
        pred: (p, f) => `l.disbursed_on >= ${p(f.from)}::date AND l.disbursed_on <= ${p(f.to)}::date`,
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
