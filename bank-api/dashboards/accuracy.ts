/**
 * Approval accuracy (issue 16 item 4; the plan's 提升审批效率和准确性, 效率优先兼顾风险): the book's NPL
 * ratio and share more than 30 days past due by what the approval knew — risk grade, approval tier,
 * channel and score band (loans' columns from migration 0021). Same series, filters and drill-down as
 * the portfolio's other breakdowns. A loan without a value is its own row, 未评级 / 无评分 (never hidden).
 * Panels read loan_accuracy_summary (migration 0023) while the loan summaries are fresh.
 */
import { GRADES } from '../../shared/credit/grades';
import { SCORE_BANDS, UNRATED } from '../../shared/credit/score-bands';
import { accuracyEn } from '../../shared/i18n/accuracy.en';
import { accuracyZhCN } from '../../shared/i18n/accuracy.zh-CN';
import { TIERS } from '../../shared/workflow/status';
import type { PanelDef, SeriesDef } from './engine';
import { BOOK, NPL } from './portfolio';
import { rawSql, type Sql, sql } from './sql';

type Bi = { zh: string; en: string };
type Names = Record<string, string>;

export const CHANNELS = ['branch', 'mobile', 'online', 'partner'] as const;

/** A column's value when it is one of `known`, else UNRATED (codes are constants: literal SQL). */
const known = (col: string, keys: readonly string[]): Sql =>
  rawSql(`CASE WHEN ${col} IN (${keys.map((k) => `'${k}'`).join(',')}) THEN ${col} ELSE '${UNRATED}' END`);

/** The score band of `l.score` (shared/credit/score-bands.ts), as the rows read it. */
export const SCORE_BAND_EXPR: Sql = rawSql(
  `CASE WHEN l.score IS NULL THEN '${UNRATED}' ${SCORE_BANDS.map((b) =>
    b.max == null ? `ELSE '${b.key}'` : `WHEN l.score < ${b.max} THEN '${b.key}'`,
  ).join(' ')} END`,
);
/** Each band's representative score in loan_accuracy_summary: its lower bound (the lowest band: max − 1). */
export const SCORE_REPRESENTATIVE_SQL = `CASE WHEN score IS NULL THEN NULL ${SCORE_BANDS.map((b) =>
  b.max == null ? `ELSE ${b.min}` : `WHEN score < ${b.max} THEN ${b.min ?? b.max - 1}`,
).join(' ')} END`;

const labeler =
  (zh: Names, en: Names) =>
  (key: string): Bi | null =>
    zh[key] && en[key] ? { zh: zh[key], en: en[key] } : null;

const series: SeriesDef[] = [
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
];

const NOTE: Bi = {
  zh: '按放款时的审批信息（风险评级、审批通道、进件渠道、评分）分组的在贷余额：不良率 = 次级、可疑、损失类余额 / 余额；逾期 30 天以上占比按余额计。没有审批信息的贷款单列为“未评级”。',
  en: 'The book grouped by what the approval recorded at disbursement (risk grade, tier, channel, score): NPL ratio = substandard, doubtful and loss balances / balance; 30+ days past due by balance. Loans without approval data are shown as “not rated”.',
};

/**
 * A row as a plain predicate on the loan (the drill-down's: the planner estimates `l.grade = 'A'`
 * better than the CASE it equals). Selects exactly the rows whose `expr` is `row`.
 */
type DrillRow = (row: string) => Sql;
const codeRow =
  (col: string, keys: readonly string[]): DrillRow =>
  (row) => {
    const list = keys.map((k) => `'${k}'`).join(',');
    if (row === UNRATED) return rawSql(`(${col} IS NULL OR ${col} NOT IN (${list}))`);
    return keys.includes(row) ? rawSql(`${col} = '${row}'`) : sql`false`;
  };
const bandRow: DrillRow = (row) => {
  if (row === UNRATED) return sql`l.score IS NULL`;
  const b = SCORE_BANDS.find((x) => x.key === row);
  if (!b) return sql`false`;
  const parts = [b.min == null ? null : `l.score >= ${b.min}`, b.max == null ? null : `l.score < ${b.max}`];
  return rawSql(`(l.score IS NOT NULL AND ${parts.filter(Boolean).join(' AND ')})`);
};

const panel = (
  id: string,
  expr: Sql,
  keys: readonly string[],
  label: (k: string) => Bi | null,
  drillRow: DrillRow,
): PanelDef => ({
  id,
  dataset: 'loans',
  chart: 'bar',
  where: () => BOOK,
  rows: { mode: 'group', expr: () => expr, keys: () => [...keys, UNRATED], label },
  drillRow: (_f, row) => drillRow(row),
  series,
  summary: { from: () => sql`loan_accuracy_summary l` },
  notes: [NOTE],
});

const zh = accuracyZhCN.accuracy;
const en = accuracyEn.accuracy;

export const accuracyPanels: PanelDef[] = [
  panel(
    'portfolio.byGrade',
    known('l.grade', GRADES),
    GRADES,
    labeler(zh.grades, en.grades),
    codeRow('l.grade', GRADES),
  ),
  panel('portfolio.byTier', known('l.tier', TIERS), TIERS, labeler(zh.tiers, en.tiers), codeRow('l.tier', TIERS)),
  panel(
    'portfolio.byChannel',
    known('l.channel', CHANNELS),
    CHANNELS,
    labeler(zh.channels, en.channels),
    codeRow('l.channel', CHANNELS),
  ),
  panel(
    'portfolio.byScoreBand',
    SCORE_BAND_EXPR,
    SCORE_BANDS.map((b) => b.key),
    labeler(zh.bands, en.bands),
    bandRow,
  ),
];

/** Rebuilds loan_accuracy_summary (inside refreshLoanSummaries' transaction). */
export const ACCURACY_SUMMARY_REFRESH = `
  DELETE FROM loan_accuracy_summary;
  INSERT INTO loan_accuracy_summary
    SELECT branch_id, product_code, industry_code, grade, tier, channel, ${SCORE_REPRESENTATIVE_SQL}, classification,
           CASE WHEN days_past_due > 90 THEN 91 WHEN days_past_due > 30 THEN 31 WHEN days_past_due > 0 THEN 1 ELSE 0 END,
           count(*), sum(balance_fen)
    FROM loans WHERE balance_fen > 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;`;
