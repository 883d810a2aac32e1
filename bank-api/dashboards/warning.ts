/**
 * Early warning (贷后预警): loans on the book whose borrower shows a signal — sales or settlement inflow
 * falling, a new court case, overdue debts elsewhere — counted per signal and ranked for follow-up.
 */
import type { PanelDef } from './engine';
import { BOOK } from './portfolio';
import { sql } from './sql';

export const WARNING_SIGNALS = ['sales_drop', 'inflow_drop', 'new_court_case', 'overdue_elsewhere'];
/** Most signals first, then the longest overdue, then the largest balance. */
export const RANKING = sql`cardinality(l.warning_signals) DESC, l.days_past_due DESC, l.balance_fen DESC, l.id`;

export const warningPanels: PanelDef[] = [
  {
    id: 'warning.bySignal',
    dataset: 'loans',
    chart: 'bar',
    from: () => sql`loans l CROSS JOIN LATERAL unnest(l.warning_signals) AS s(signal)`,
    summary: { from: () => sql`loan_book_summary l CROSS JOIN LATERAL unnest(l.warning_signals) AS s(signal)` },
    // (cardinality > 0 changes no row — unnest of an empty array is empty — but lets the drill-down use loans_warning_idx.)
    where: () => sql`${BOOK} AND cardinality(l.warning_signals) > 0`,
    rows: { mode: 'group', expr: () => sql`s.signal`, keys: () => WARNING_SIGNALS },
    drillRow: (_f, row) => sql`${row} = ANY(l.warning_signals)`,
    series: [
      { key: 'loans', kind: 'count', unit: 'count' },
      { key: 'balance', kind: 'sum', col: sql`l.balance_fen`, unit: 'yuan', plotted: false },
    ],
    drillOrder: RANKING,
  },
  {
    id: 'warning.ranked',
    dataset: 'loans',
    chart: 'kpi',
    where: () => BOOK,
    rows: { mode: 'cells', cells: () => [{ key: 'any', pred: () => sql`cardinality(l.warning_signals) > 0` }] },
    // Its days past due are bucket representatives: `> 0` holds as on the loans.
    summary: { from: () => sql`loan_book_summary l` },
    series: [
      { key: 'loans', kind: 'count', unit: 'count' },
      { key: 'balance', kind: 'sum', col: sql`l.balance_fen`, unit: 'yuan' },
      { key: 'overdue', kind: 'count', unit: 'count', pred: () => sql`l.days_past_due > 0` },
    ],
    drillOrder: RANKING,
    notes: [
      {
        zh: '排序：信号数量多者优先，其次逾期天数、余额。信号按同比（近三个月对比上年同期）判断，避免春节季节性误报。',
        en: 'Ranked by number of signals, then days past due, then balance. Signals compare the last three months with the same months a year before, so the Spring Festival dip is not mistaken for trouble.',
      },
    ],
  },
];
