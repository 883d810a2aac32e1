/**
 * How the comparison reads — one definition for the screen (CompareView) and for the exported PDF,
 * which main renders (electron/compare/report.ts); both read the dictionaries in shared/i18n.
 * Pure: no DOM, no React, no i18next instance; the labels are passed in.
 */
import type { Compare, CompareMetric } from '../api/enterprises';
import { percentShown } from '../credit/describe';
import type { Messages } from '../i18n/zh-CN';
import { groupMoney } from '../money/group';

/** The `compare` part of a dictionary (shared/i18n/zh-CN.ts or en.ts). */
export type CompareLabels = Messages['compare'];

/**
 * A metric's value as shown: money grouped, percent signed (a ratio at the engine's cap as "≥ 999.99%",
 * since the real figure is that or more), flags and size classes in words, none as a dash.
 */
export function metricValue(value: string | null, unit: CompareMetric['unit'], labels: CompareLabels): string {
  if (value == null) return '—';
  if (unit === 'yuan') return groupMoney(value);
  if (unit === 'percent') return percentShown(`${value}%`);
  if (unit === 'flag') return value === 'true' ? labels.yes : labels.no;
  if (unit === 'text') return (labels.values as Record<string, string>)[value] ?? value;
  return value;
}

/**
 * The ratio metrics of the comparison by the engine's ratio feature: a null value there means the ratio
 * has no base, so a reason that reports it shows "—" (on the screen and in the PDF alike).
 */
export const RATIO_METRICS = {
  salesTrendBp: 'salesTrend',
  inflowCvBp: 'inflowCv',
  debtToSalesBp: 'debtToSales',
} as const;

/** The ratio features without a base for enterprise `i` (its index in the comparison), read from the metrics. */
export function ratiosWithoutBase(cmp: Pick<Compare, 'metrics'>, i: number): Set<string> {
  return new Set(
    Object.entries(RATIO_METRICS)
      .filter(([, key]) => cmp.metrics.find((m) => m.key === key)?.values[i]?.value === null)
      .map(([feature]) => feature),
  );
}

/** The percentile beside a value ("P62"), or nothing when the metric has none. */
export const percentileText = (p: number | null): string => (p == null ? '' : `P${p}`);

/** The name of a data source (`dataDates` key), or the key itself when unnamed. */
export const sourceLabel = (key: string, labels: CompareLabels): string =>
  (labels.sources as Record<string, string>)[key] ?? key;

/** The one axis every trend chart shares: the largest monthly figure of any enterprise, in yuan. */
export function trendAxisMax(enterprises: Compare['enterprises']): number {
  let max = 0;
  for (const e of enterprises)
    for (const m of e.series) max = Math.max(max, Number(m.vatSales), Number(m.settlementInflow));
  return max;
}

/** Replaces `{{name}}` placeholders, as i18next does, for text made outside i18next (the PDF). */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
