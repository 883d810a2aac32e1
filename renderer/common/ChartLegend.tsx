import type { LegendPayload } from 'recharts';

/**
 * A chart's legend: a colour swatch and the series' name, nothing else. recharts' own legend labels each
 * icon "<name> legend icon" in English whatever the UI's language; here the swatch is decoration
 * (aria-hidden) and the name is the only text read. Used as `<Legend content={<SeriesLegend />} />`.
 */
export function SeriesLegend({ payload }: { payload?: readonly LegendPayload[] }) {
  const items = (payload ?? []).filter((e) => e.type !== 'none');
  if (items.length === 0) return null;
  return (
    <ul className="chart-legend" data-testid="chart-legend">
      {items.map((e) => (
        <li key={String(e.dataKey ?? e.value)}>
          <span
            className={e.type === 'line' ? 'swatch line' : 'swatch'}
            aria-hidden="true"
            style={{ background: e.color }}
          />
          {e.value}
        </li>
      ))}
    </ul>
  );
}
