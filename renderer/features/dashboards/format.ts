/**
 * Dashboard figures as a person reads them, by the kind of value (the panel's unit): counts and
 * borrower counts grouped ("1,448"), money grouped and exact to the fen ("3,000,000.00"), ratios with a
 * percent sign, durations in hours, pass/fail checks as 达标 / 未达标. The API sends exact decimal
 * strings; nothing here goes through floating point. Words come from the shared dictionaries.
 */
import type { Unit } from '../../../shared/api/dashboards';
import { en } from '../../../shared/i18n/en';
import { zhCN } from '../../../shared/i18n/zh-CN';
import { groupMoney } from '../../../shared/money/group';

const DICT = { 'zh-CN': zhCN.dash, en: en.dash } as const;
const words = (lang: string) => (lang.startsWith('en') ? DICT.en : DICT['zh-CN']);

/** An exact decimal as the API sends it. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Shown where a figure does not exist (no base for a ratio, no target). */
export const NONE = '—';

export interface FormatOptions {
  /** Append the unit ("1,448 户", "12.50 小时"): where the column header does not say it. */
  withUnit?: boolean;
}

/** A figure of a dashboard in the given language (`zh-CN` or `en`). */
export function formatValue(
  v: string | null | undefined,
  unit: Unit | string,
  lang = 'zh-CN',
  opts: FormatOptions = {},
): string {
  if (v == null || v === '') return NONE;
  const w = words(lang);
  if (unit === 'check') {
    if (v === 'true') return w.check.met;
    if (v === 'false') return w.check.notMet;
    return NONE;
  }
  // Anything else is a number: never show a stray word (NaN, Infinity, a key) as a figure.
  if (!DECIMAL.test(v)) return NONE;
  if (unit === 'percent') return `${v}%`;
  const grouped = groupMoney(v);
  if (!opts.withUnit) return grouped;
  const suffix = (w.unitSuffix as Record<string, string>)[unit] ?? '';
  return suffix ? `${grouped} ${suffix}` : grouped;
}

/**
 * Yuan as 万元 with two places, rounded half-up, exactly ("123456789.50" → "12,345.68"): for reading a
 * large sum at a glance beside its exact figure.
 */
export function toWan(yuan: string): string | null {
  if (!DECIMAL.test(yuan)) return null;
  const neg = yuan.startsWith('-');
  const [i = '0', f = ''] = (neg ? yuan.slice(1) : yuan).split('.');
  const fen = BigInt(i) * 100n + BigInt(`${f}00`.slice(0, 2));
  // 万元 with two places = fen / 10,000, rounded half-up on the magnitude.
  const q = (fen + 5_000n) / 10_000n;
  const s = `${q / 100n}.${String(q % 100n).padStart(2, '0')}`;
  return `${neg && q > 0n ? '-' : ''}${groupMoney(s)}`;
}

/** A tooltip's figure: exact, with its unit; sums of at least 10,000 yuan also in 万元. */
export function formatTooltip(v: string | null | undefined, unit: Unit | string, lang = 'zh-CN'): string {
  const text = formatValue(v, unit, lang, { withUnit: true });
  if (unit !== 'yuan' || v == null || !DECIMAL.test(v)) return text;
  const abs = v.replace('-', '');
  if (abs.split('.')[0]!.length < 5) return text;
  const wan = `${toWan(v)} ${words(lang).wan}`;
  return lang.startsWith('en') ? `${text} (${wan})` : `${text}（${wan}）`;
}

/** The unit of one cell: the row's own where it differs from its series' (a table of mixed checks). */
export const cellUnit = (row: { units?: Record<string, Unit> | undefined }, series: { key: string; unit: Unit }) =>
  row.units?.[series.key] ?? series.unit;

/** Whether a column's header can carry its unit: every row uses the series' unit, and it is a measure. */
export const headerUnit = (
  rows: readonly { units?: Record<string, Unit> | undefined }[],
  series: { key: string; unit: Unit },
): Unit | null =>
  series.unit === 'check' || rows.some((r) => r.units?.[series.key] && r.units[series.key] !== series.unit)
    ? null
    : series.unit;

/** A CSV cell: the exact figure (no grouping, for spreadsheets), a check in words, a mixed cell with its unit. */
export function csvValue(v: string | null | undefined, unit: Unit, seriesUnit: Unit, lang = 'zh-CN'): string | null {
  if (v == null) return null;
  if (unit === 'check') return formatValue(v, unit, lang);
  if (unit !== seriesUnit) return formatValue(v, unit, lang, { withUnit: true });
  return v;
}

/** An instant as Beijing wall-clock time, "2026-03-02 17:30" (the bank's time, whatever the PC's zone). */
export function beijingDateTime(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return NONE;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
