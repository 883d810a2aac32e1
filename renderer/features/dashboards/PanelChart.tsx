import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Panel, Unit } from '../../../shared/api/dashboards';
import { SeriesLegend } from '../../common/ChartLegend';
import { axisTick, formatTooltip } from '../../format';
import {
  AXIS_PX,
  CategoryTick,
  COLORS,
  type DotProps,
  HBAR_PX,
  HBAR_ROW_PX,
  PointDot,
  shorten,
  type TickProps,
  textWidth,
} from './chart-parts';
import { usePanelLabels } from './labels';
import type { PanelModel } from './panel-model';

function num(v: string | null | undefined): number | null {
  // Display only: the exact string stays in the table and the CSV.
  return v == null ? null : Number(v);
}

/** The points drawn (a category per row, or per month on book for vintage curves) and the lines through them. */
function useChartData(panel: Panel, m: PanelModel) {
  const L = usePanelLabels();
  const { plotted, vintage } = m;
  const data = vintage
    ? plotted.map((s) => ({
        name: L.series(s),
        key: s.key,
        ...Object.fromEntries(panel.rows.map((r) => [r.key, num(r.values[s.key])])),
      }))
    : panel.rows.map((r) => ({
        name: L.row(r),
        key: r.key,
        ...Object.fromEntries(plotted.map((s) => [s.key, num(r.values[s.key])])),
      }));
  const lines = vintage
    ? panel.rows.map((r) => ({ key: r.key, name: L.row(r) }))
    : plotted.map((s) => ({ key: s.key, name: L.series(s) }));
  return { data, lines };
}

/** Units, axes and the exact figures in tooltips. */
function useChartAxes(panel: Panel, m: PanelModel) {
  const { i18n } = useTranslation();
  const { plotted, vintage, unit, right } = m;
  const unitOf = (k: string): Unit => (vintage ? unit : (plotted.find((s) => s.key === k)?.unit ?? unit));
  const axisOf = (k: string) => (right && unitOf(k) === right ? 'right' : 'left');
  const tick = (u: string) => (v: unknown) => axisTick(Number(v), u, i18n.language);
  // Tooltips show the exact figure from the response (the plotted numbers are for drawing only).
  const exact = (v: unknown, dataKey: unknown, payload: unknown): string => {
    const k = String(dataKey);
    const at = (payload as { key?: string } | undefined)?.key;
    const raw = vintage
      ? panel.rows.find((r) => r.key === k)?.values[at ?? '']
      : panel.rows.find((r) => r.key === at)?.values[k];
    return formatTooltip(raw ?? (v == null ? null : String(v)), unitOf(k), i18n.language);
  };
  const tooltip = (v: unknown, _n: unknown, item: { dataKey?: unknown; payload?: unknown }) =>
    exact(v, item.dataKey, item.payload);
  /** The value axes of a line or column chart: the first unit on the left, a second on the right. */
  const valueAxes = (
    <>
      <YAxis yAxisId="left" tickFormatter={tick(unit)} width={64} />
      {right && <YAxis yAxisId="right" orientation="right" tickFormatter={tick(right)} width={64} />}
    </>
  );
  return { axisOf, tick, tooltip, valueAxes };
}

/**
 * Category axes: every bar keeps its name. A day axis (the daily panel) is a time line instead:
 * every day when they fit, else evenly spaced dates (each bar's date is in its tooltip and the table).
 */
function categoryLayout(panel: Panel, data: { name: string }[]) {
  const days = panel.id === 'process.daily';
  const crowded = !days && data.length > 6;
  const hbar = panel.chart === 'hbar';
  // Room for a name: beside a horizontal bar, under a slanted tick, or under its own column (about 520 px shared).
  const labelPx = hbar
    ? HBAR_PX
    : crowded || days
      ? AXIS_PX
      : Math.max(56, Math.floor(520 / Math.max(1, data.length)) - 8);
  const longest = Math.max(0, ...data.map((d) => textWidth(shorten(d.name, labelPx))));
  // Slanted names need the height of their longest one (sin 30° = ½) below the axis.
  const axisHeight = days ? 30 : crowded ? Math.min(120, Math.ceil(longest / 2) + 24) : 36;
  const dayInterval = days ? Math.max(0, Math.ceil(data.length / 10) - 1) : 0;
  // More days than bars can be told apart: drawn as lines (each day still a point that drills).
  const manyDays = days && data.length > 31;
  const categoryAxis = (
    <XAxis
      dataKey="name"
      interval={dayInterval}
      height={axisHeight}
      padding={{ left: 12, right: 24 }}
      tick={(p: TickProps) => <CategoryTick {...p} angle={crowded ? -30 : 0} day={days} maxPx={labelPx} />}
    />
  );
  const hbarWidth = Math.min(240, Math.max(80, longest + 12));
  return { hbar, axisHeight, manyDays, categoryAxis, hbarWidth };
}

export function PanelChart({
  panel,
  model: m,
  chartRef,
}: {
  panel: Panel;
  model: PanelModel;
  chartRef: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation();
  const { data, lines } = useChartData(panel, m);
  const axes = useChartAxes(panel, m);
  const layout = categoryLayout(panel, data);
  const { hbar, axisHeight, manyDays } = layout;
  return (
    <div ref={chartRef} className="chart" role="img" aria-label={t('dash.chartOf', { title: m.title })}>
      <ResponsiveContainer
        width="100%"
        height={hbar ? Math.max(220, panel.rows.length * HBAR_ROW_PX + 70) : 224 + axisHeight}
      >
        {panel.chart === 'line' || m.vintage || manyDays
          ? linePlot(panel, m, data, lines, axes, layout)
          : barPlot(panel, m, data, lines, axes, layout)}
      </ResponsiveContainer>
    </div>
  );
}

type ChartData = ReturnType<typeof useChartData>['data'];
type ChartLines = ReturnType<typeof useChartData>['lines'];
type Axes = ReturnType<typeof useChartAxes>;
type Layout = ReturnType<typeof categoryLayout>;

function linePlot(panel: Panel, m: PanelModel, data: ChartData, lines: ChartLines, axes: Axes, layout: Layout) {
  // A point of a line: the trend's row at that date, or the vintage cohort (the line) at that month on book.
  const pointDrill = (lineKey: string, index: number) => {
    if (m.vintage) {
      const s = m.plotted[index];
      if (s) m.drill(lineKey, s.key);
    } else {
      const r = panel.rows[index];
      if (r) m.drill(r.key, lineKey);
    }
  };
  return (
    <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" />
      {layout.categoryAxis}
      {axes.valueAxes}
      <Tooltip formatter={axes.tooltip} />
      <Legend content={<SeriesLegend />} />
      {lines.map((l, i) => {
        const pick = (index: number) => pointDrill(l.key, index);
        const testId = (index: number) => `dot-${panel.id}-${l.key}-${index}`;
        return (
          <Line
            key={l.key}
            dataKey={l.key}
            name={l.name}
            stroke={COLORS[i % COLORS.length]}
            isAnimationActive={false}
            connectNulls
            yAxisId={axes.axisOf(l.key)}
            dot={(p: DotProps) => (
              <PointDot key={p.index} {...p} r={layout.manyDays ? 2 : 3} onPick={pick} testId={testId} />
            )}
            activeDot={(p: DotProps) => <PointDot {...p} r={5} onPick={pick} testId={testId} active />}
          />
        );
      })}
    </LineChart>
  );
}

function barPlot(panel: Panel, m: PanelModel, data: ChartData, lines: ChartLines, axes: Axes, layout: Layout) {
  return (
    <BarChart
      data={data}
      layout={panel.chart === 'hbar' ? 'vertical' : 'horizontal'}
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      {panel.chart === 'hbar' ? (
        <>
          <XAxis type="number" tickFormatter={axes.tick(m.unit)} />
          <YAxis
            type="category"
            dataKey="name"
            width={layout.hbarWidth}
            interval={0}
            tick={(p: TickProps) => <CategoryTick {...p} anchor="end" maxPx={HBAR_PX} />}
          />
        </>
      ) : (
        <>
          {layout.categoryAxis}
          {axes.valueAxes}
        </>
      )}
      <Tooltip formatter={axes.tooltip} />
      <Legend content={<SeriesLegend />} />
      {lines.map((l, i) => (
        <Bar
          key={l.key}
          dataKey={l.key}
          name={l.name}
          fill={COLORS[i % COLORS.length]}
          isAnimationActive={false}
          {...(panel.chart === 'hbar' ? {} : { yAxisId: axes.axisOf(l.key) })}
          cursor="pointer"
          onClick={(_d: unknown, idx: number) => m.drill(panel.rows[idx]!.key, l.key)}
        />
      ))}
    </BarChart>
  );
}
