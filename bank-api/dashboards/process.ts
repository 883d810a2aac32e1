/**
 * The process dashboard: how applications move — in and decided per day, the funnel, automation,
 * approval rates, turnaround per stage against SLA, decline and return reasons, workload per approver.
 * The cohort is the applications submitted in the period (the daily "decided" series and the workload
 * count what happened in the period instead).
 */
import { STATUSES } from '../../shared/workflow/status';
import type { Fragment, PanelDef, SeriesDef } from './engine';
import { addDays, type Filters } from './filters';
import { branchLabels, materialLabel, productLabel, REASON_ALIASES, reasonLabel, userLabels } from './labels';
import { rawSql, type Sql, sql } from './sql';

export const APPROVED = sql`a.status IN ('approved','auto_approved','contracting','signed','disbursed')`;
export const DECLINED = sql`a.status IN ('declined','auto_declined')`;
export const DECIDED = sql`(${APPROVED} OR ${DECLINED})`;
export const INSTANT = sql`a.instant_outcome IN ('approve','decline')`;
/** The day (Beijing time) of an instant column. */
export const day = (col: Sql) => sql`to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;
const hours = (later: Sql, earlier: Sql) => sql`extract(epoch FROM (${later} - ${earlier})) / 3600`;

/** A decline reason's code, older aliases mapped to the code they stand for (text from the alias table in code). */
const REASON_CODE = rawSql(
  `CASE r.code ${Object.entries(REASON_ALIASES)
    .map(([from, to]) => `WHEN '${from}' THEN '${to}'`)
    .join(' ')} ELSE r.code END`,
);

const submitted: Fragment = (f) => sql`a.submitted_at >= ${f.fromTs} AND a.submitted_at < ${f.toTs}`;

function daysOf(f: Filters): string[] {
  const out: string[] = [];
  for (let d = f.from; d <= f.to; d = addDays(d, 1)) out.push(d);
  return out;
}

const approvalSeries: SeriesDef[] = [
  { key: 'decided', kind: 'count', unit: 'count', pred: () => DECIDED, plotted: false },
  { key: 'approved', kind: 'count', unit: 'count', pred: () => APPROVED, plotted: false },
  { key: 'declined', kind: 'count', unit: 'count', pred: () => DECLINED, plotted: false },
  { key: 'approvalRate', kind: 'ratio', unit: 'percent', num: 'approved', den: 'decided' },
];

/** Times each case entered the post-decision stages, from its decision history. */
const withStageTimes: Fragment = () =>
  sql`applications a LEFT JOIN LATERAL (
     SELECT min(d.created_at) FILTER (WHERE d.to_status = 'contracting') AS contracting_at,
            min(d.created_at) FILTER (WHERE d.to_status = 'signed') AS signed_at,
            min(d.created_at) FILTER (WHERE d.to_status = 'disbursed') AS disbursed_at
     FROM decisions d WHERE d.application_id = a.id) st ON true`;

const STAGES: { key: string; pred: Sql; duration: Sql }[] = [
  ...(['instant', 'fast', 'standard', 'committee'] as const).map((t) => ({
    key: `decision_${t}`,
    // t is a code constant, written as a literal as before.
    pred: sql`${rawSql(`a.tier = '${t}'`)} AND ${DECIDED}`,
    duration: hours(sql`a.decided_at`, sql`a.submitted_at`),
  })),
  {
    key: 'contracting',
    pred: sql`st.contracting_at IS NOT NULL`,
    duration: hours(sql`st.contracting_at`, sql`a.decided_at`),
  },
  { key: 'signing', pred: sql`st.signed_at IS NOT NULL`, duration: hours(sql`st.signed_at`, sql`st.contracting_at`) },
  {
    key: 'disbursement',
    pred: sql`st.disbursed_at IS NOT NULL`,
    duration: hours(sql`st.disbursed_at`, sql`st.signed_at`),
  },
];
const stageDuration = (key: string | undefined) => STAGES.find((s) => s.key === key)?.duration ?? sql`NULL`;

export const processPanels: PanelDef[] = [
  {
    id: 'process.daily',
    dataset: 'applications',
    chart: 'bar',
    where: submitted,
    rows: { mode: 'group', expr: () => day(sql`a.submitted_at`), keys: daysOf },
    series: [
      { key: 'in', kind: 'count', unit: 'count' },
      {
        key: 'decided',
        kind: 'count',
        unit: 'count',
        where: (f) => sql`a.decided_at >= ${f.fromTs} AND a.decided_at < ${f.toTs} AND ${DECIDED}`,
        group: () => day(sql`a.decided_at`),
      },
    ],
    notes: [
      {
        zh: '“进件”按提交日计；“决策”按审批或系统决策日计（批准或拒绝，不含撤回、过期）。',
        en: '"In" counts by submission day; "decided" by the day of approval or decline (not withdrawal or expiry).',
      },
    ],
  },
  {
    id: 'process.funnel',
    dataset: 'applications',
    chart: 'funnel',
    where: submitted,
    rows: {
      mode: 'cells',
      cells: () => [
        { key: 'submitted', pred: () => sql`true` },
        { key: 'decided', pred: () => DECIDED },
        { key: 'approved', pred: () => APPROVED },
        { key: 'contracting', pred: () => sql`a.status IN ('contracting','signed','disbursed')` },
        { key: 'signed', pred: () => sql`a.status IN ('signed','disbursed')` },
        { key: 'disbursed', pred: () => sql`a.status = 'disbursed'` },
      ],
    },
    series: [{ key: 'applications', kind: 'count', unit: 'count' }],
  },
  {
    id: 'process.status',
    dataset: 'applications',
    chart: 'hbar',
    where: submitted,
    rows: { mode: 'group', expr: () => sql`a.status`, keys: () => [...STATUSES] },
    series: [{ key: 'applications', kind: 'count', unit: 'count' }],
  },
  {
    id: 'process.automation',
    dataset: 'applications',
    chart: 'kpi',
    where: submitted,
    rows: { mode: 'cells', cells: () => [{ key: 'all', pred: () => sql`true` }] },
    series: [
      { key: 'submitted', kind: 'count', unit: 'count' },
      { key: 'instant', kind: 'count', unit: 'count', pred: () => INSTANT },
      {
        key: 'instantApproved',
        kind: 'count',
        unit: 'count',
        pred: () => sql`${INSTANT} AND a.instant_outcome = 'approve'`,
      },
      { key: 'automationRate', kind: 'ratio', unit: 'percent', num: 'instant', den: 'submitted' },
      { key: 'decided', kind: 'count', unit: 'count', pred: () => DECIDED },
      { key: 'approved', kind: 'count', unit: 'count', pred: () => APPROVED },
      { key: 'approvalRate', kind: 'ratio', unit: 'percent', num: 'approved', den: 'decided' },
    ],
    notes: [
      {
        zh: '自动化率 = 秒批通道由系统直接决策的申请 / 全部申请。',
        en: 'Automation rate = applications decided by the system (instant channel) / all applications.',
      },
    ],
  },
  {
    id: 'process.approvalByTier',
    dataset: 'applications',
    chart: 'bar',
    where: submitted,
    rows: { mode: 'group', expr: () => sql`a.tier`, keys: () => ['instant', 'fast', 'standard', 'committee'] },
    series: approvalSeries,
  },
  {
    id: 'process.approvalByProduct',
    dataset: 'applications',
    chart: 'bar',
    where: submitted,
    rows: { mode: 'group', expr: () => sql`a.product_code`, label: productLabel },
    series: approvalSeries,
  },
  {
    id: 'process.approvalByBranch',
    dataset: 'applications',
    chart: 'bar',
    where: submitted,
    rows: { mode: 'group', expr: () => sql`a.branch_id` },
    labels: branchLabels,
    series: approvalSeries,
  },
  {
    id: 'process.turnaround',
    dataset: 'applications',
    chart: 'bar',
    from: withStageTimes,
    where: submitted,
    rows: {
      mode: 'cells',
      cells: () => STAGES.map((s) => ({ key: s.key, pred: () => s.pred, vars: { stage: s.key } })),
    },
    series: [
      { key: 'cases', kind: 'count', unit: 'count', plotted: false },
      {
        key: 'medianHours',
        kind: 'percentile',
        q: 0.5,
        unit: 'hours',
        expr: (_f, r) => stageDuration(String(r?.vars?.stage)),
      },
      {
        key: 'p90Hours',
        kind: 'percentile',
        q: 0.9,
        unit: 'hours',
        expr: (_f, r) => stageDuration(String(r?.vars?.stage)),
      },
      {
        key: 'withSla',
        kind: 'count',
        unit: 'count',
        plotted: false,
        pred: (_f, r) => (String(r?.vars?.stage).startsWith('decision_') ? sql`a.sla_due_at IS NOT NULL` : sql`false`),
      },
      {
        key: 'breached',
        kind: 'count',
        unit: 'count',
        plotted: false,
        pred: (_f, r) =>
          String(r?.vars?.stage).startsWith('decision_')
            ? sql`a.sla_due_at IS NOT NULL AND a.decided_at > a.sla_due_at`
            : sql`false`,
      },
      { key: 'breachRate', kind: 'ratio', unit: 'percent', plotted: false, num: 'breached', den: 'withSla' },
    ],
    notes: [
      {
        zh: '时长为自然小时（中位数、90 分位）；SLA 按银行工作日历计：快速 4 工作小时，标准 2 个工作日，审贷会 5 个工作日。',
        en: 'Durations in clock hours (median, p90); SLAs run on the bank calendar: fast 4 working hours, standard 2 working days, committee 5 working days.',
      },
    ],
  },
  {
    id: 'process.breaches',
    dataset: 'applications',
    chart: 'bar',
    where: submitted,
    rows: { mode: 'group', expr: () => sql`a.tier`, keys: () => ['fast', 'standard', 'committee'] },
    series: [
      { key: 'withSla', kind: 'count', unit: 'count', pred: () => sql`a.sla_due_at IS NOT NULL`, plotted: false },
      {
        key: 'breached',
        kind: 'count',
        unit: 'count',
        pred: (f) => sql`a.sla_due_at IS NOT NULL AND COALESCE(a.decided_at, ${f.at}::timestamptz) > a.sla_due_at`,
      },
      {
        key: 'openBreached',
        kind: 'count',
        unit: 'count',
        pred: (f) => sql`a.sla_due_at IS NOT NULL AND a.decided_at IS NULL AND ${f.at}::timestamptz > a.sla_due_at`,
      },
      { key: 'breachRate', kind: 'ratio', unit: 'percent', plotted: false, num: 'breached', den: 'withSla' },
    ],
    notes: [
      {
        zh: '超时效 = 决策晚于时效截止时间，或截至统计时刻仍未决策且已过截止时间。',
        en: 'Breached = decided after the SLA deadline, or still undecided at the time of the figures and past it.',
      },
    ],
  },
  {
    id: 'process.declineReasons',
    dataset: 'applications',
    chart: 'hbar',
    from: () => sql`applications a JOIN decisions d ON d.application_id = a.id AND d.action IN ('decline','auto_decline')
      CROSS JOIN LATERAL jsonb_array_elements_text(COALESCE(d.payload->'reasonCodes', d.payload->'instant'->'reasonCodes', '[]'::jsonb)) AS r(code)`,
    where: (f) => sql`${submitted(f)} AND ${DECLINED}`,
    // Older codes for the same reason count as that reason (one row, one name); the drill-down groups alike.
    rows: { mode: 'group', expr: () => REASON_CODE, label: reasonLabel, top: { series: 'applications', limit: 15 } },
    series: [{ key: 'applications', kind: 'count', unit: 'count', distinct: true }],
    notes: [
      {
        zh: '一笔申请可有多个拒绝原因；按含该原因的申请数排序。',
        en: 'An application may carry several reasons; ranked by the number of applications with each.',
      },
    ],
  },
  {
    id: 'process.returnReasons',
    dataset: 'applications',
    chart: 'hbar',
    from: () => sql`applications a JOIN decisions d ON d.application_id = a.id AND d.action = 'return'
      CROSS JOIN LATERAL jsonb_array_elements_text(d.payload->'items') AS r(code)`,
    where: submitted,
    rows: { mode: 'group', expr: () => sql`r.code`, label: materialLabel, top: { series: 'applications', limit: 15 } },
    series: [{ key: 'applications', kind: 'count', unit: 'count', distinct: true }],
  },
  {
    id: 'process.workload',
    dataset: 'applications',
    chart: 'hbar',
    from: () => sql`applications a JOIN decisions d ON d.application_id = a.id AND d.actor_id IS NOT NULL`,
    where: (f) => sql`d.created_at >= ${f.fromTs} AND d.created_at < ${f.toTs}`,
    rows: { mode: 'group', expr: () => sql`d.actor_id`, top: { series: 'cases', limit: 30 } },
    labels: userLabels,
    series: [{ key: 'cases', kind: 'count', unit: 'count', distinct: true }],
    notes: [
      {
        zh: '期间内每位员工处理（审批、拒绝、退回、签署、投票、升级、合同操作）的不同申请数。',
        en: 'Distinct applications each staff member acted on in the period (approve, decline, return, sign, vote, escalate, contract steps).',
      },
    ],
  },
];
