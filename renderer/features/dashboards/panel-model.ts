import type { Panel, Unit } from '../../../shared/api/dashboards';
import { usePanelLabels } from './labels';

export type DrillTarget = { panel: string; row: string; series: string; title: string };

/** What a panel plots and how its figures drill: shared by its chart, its table and its header. */
export function usePanelModel(panel: Panel, onDrill: (t: DrillTarget) => void) {
  const L = usePanelLabels();
  const title = L.title(panel);
  const plotted = panel.series.filter((s) => s.plotted);
  // One axis per unit: a second unit (e.g. balance beside a count) gets its own axis on the right.
  const units = [...new Set(plotted.map((s) => s.unit))];
  const unit: Unit = units[0] ?? panel.series[0]?.unit ?? 'count';
  const right = units[1];
  const vintage = panel.chart === 'vintage';
  const drill = (rowKey: string, seriesKey: string) => {
    const s = panel.series.find((x) => x.key === seriesKey);
    const row = panel.rows.find((r) => r.key === rowKey);
    if (!s?.drill || !row) return;
    onDrill({ panel: panel.id, row: rowKey, series: s.drill, title: `${title} · ${L.row(row)} · ${L.series(s)}` });
  };
  // A chart with nothing to draw says so instead of showing empty axes.
  const hasData = panel.rows.some((r) => plotted.some((s) => r.values[s.key] != null && Number(r.values[s.key]) !== 0));
  return { title, plotted, units, unit, right, vintage, drill, hasData };
}

export type PanelModel = ReturnType<typeof usePanelModel>;
