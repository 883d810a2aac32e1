/**
 * How dashboard tables and CSV carry units: a cell's own unit where a row differs from its series, a
 * header's unit where all rows share it, and the CSV cell. The figures themselves are formatted by
 * renderer/format.ts (formatValue), shared with the comparison.
 */
import type { Unit } from '../../../shared/api/dashboards';
import { formatValue } from '../../format';

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
