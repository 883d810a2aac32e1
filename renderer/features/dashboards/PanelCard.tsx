import { useCallback, useLayoutEffect, useRef, useState } from 'react';
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
import { downloadCsv, downloadPng } from '../../common/chart-export';
import { axisTick, formatTooltip, formatValue } from '../../format';
import { cellUnit, csvValue, headerUnit } from './format';
import { usePanelLabels } from './labels';

export type DrillTarget = { panel: string; row: string; series: string; title: string };
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];

/** A table's row names (industries, reasons) wrap as phrases, not a character per line. */
const ROW_NAME_STYLE = { minWidth: '10em' } as const;
/** A figure's column header wraps as words, not one character per line, in a wide table. */
const SERIES_HEAD_STYLE = { minWidth: '5.5em' } as const;
/** Room per bar of a horizontal bar chart, so every bar carries its name. */
const HBAR_ROW_PX = 28;
/** Category names longer than this are cut on an axis (the tooltip, the tick's title and the table keep them whole). */
const AXIS_PX = 150;
/** Horizontal bars have room for longer names (decline reasons) beside them. */
const HBAR_PX = 220;

/** The dates a panel reads when they are not the page's period (the vintage curves' own window). */
export type PanelWindow = { from: string; to: string };

export function PanelCard({
  panel,
  onDrill,
  window: own,
  pending,
}: {
  panel: Panel;
  onDrill: (t: DrillTarget) => void;
  window?: PanelWindow | undefined;
  /** Its own figures are still loading (a panel read over its own window). */
  pending?: boolean | undefined;
}) {
  const { t, i18n } = useTranslation();
  const L = usePanelLabels();
  const [table, setTable] = useState(panel.chart === 'kpi');
  // A table wider than its half-width card takes the whole row (sticky: no flip-flop at the boundary).
  const [wide, setWide] = useState(false);
  const markWide = useCallback(() => setWide(true), []);
  const showsTable = table || panel.chart === 'kpi';
  const [error, setError] = useState<string | null>(null);
  const chartRef = useRef<HTMLDivElement>(null);
  const title = L.title(panel);
  const plotted = panel.series.filter((s) => s.plotted);
  // One axis per unit: a second unit (e.g. balance beside a count) gets its own axis on the right.
  const units = [...new Set(plotted.map((s) => s.unit))];
  const unit = units[0] ?? panel.series[0]?.unit ?? 'count';
  const right = units[1];
  const drill = (rowKey: string, seriesKey: string) => {
    const s = panel.series.find((x) => x.key === seriesKey);
    const row = panel.rows.find((r) => r.key === rowKey);
    if (!s?.drill || !row) return;
    onDrill({ panel: panel.id, row: rowKey, series: s.drill, title: `${title} · ${L.row(row)} · ${L.series(s)}` });
  };

  const vintage = panel.chart === 'vintage';
  // A point of a line: the trend's row at that date, or the vintage cohort (the line) at that month on book.
  const pointDrill = (lineKey: string, index: number) => {
    if (vintage) {
      const s = plotted[index];
      if (s) drill(lineKey, s.key);
    } else {
      const r = panel.rows[index];
      if (r) drill(r.key, lineKey);
    }
  };
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
  // A chart with nothing to draw says so instead of showing empty axes.
  const hasData = panel.rows.some((r) => plotted.some((s) => r.values[s.key] != null && Number(r.values[s.key]) !== 0));
  const lines = vintage
    ? panel.rows.map((r) => ({ key: r.key, name: L.row(r) }))
    : plotted.map((s) => ({ key: s.key, name: L.series(s) }));
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

  // Category axes: every bar keeps its name. A day axis (the daily panel) is a time line instead:
  // every day when they fit, else evenly spaced dates (each bar's date is in its tooltip and the table).
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

  const csv = () =>
    downloadCsv(
      `${panel.id}.csv`,
      [
        t('dash.rowHeader'),
        ...panel.series.map((s) => {
          const u = headerUnit(panel.rows, s);
          return u ? `${L.series(s)} (${L.unit(u)})` : L.series(s);
        }),
      ],
      panel.rows.map((r) => [
        L.row(r),
        ...panel.series.map((s) => csvValue(r.values[s.key], cellUnit(r, s), s.unit, i18n.language)),
      ]),
    );
  const png = () =>
    downloadPng(chartRef.current, title, `${panel.id}.png`).catch((e: Error) =>
      setError(t('dash.pngFailed', { message: e.message })),
    );

  return (
    <section
      className={wide && showsTable ? 'panel wide' : 'panel'}
      aria-labelledby={`h-${panel.id}`}
      data-testid={`panel-${panel.id}`}
    >
      <header className="panel-head">
        {/* The title carries the chart's unit; a table names each column's (or cell's) own unit instead. */}
        <h3 id={`h-${panel.id}`}>
          {title}{' '}
          {!showsTable && (
            <span className="muted">（{units.length > 1 ? units.map(L.unit).join(' / ') : L.unit(unit)}）</span>
          )}
        </h3>
        <div className="panel-tools">
          {panel.chart !== 'kpi' && (
            <button type="button" onClick={() => setTable(!table)} aria-pressed={table}>
              {table ? t('dash.chartView') : t('dash.tableView')}
            </button>
          )}
          {panel.chart !== 'kpi' && hasData && !table && (
            <button type="button" onClick={png}>
              {t('dash.exportPng')}
            </button>
          )}
          <button type="button" onClick={csv}>
            {t('dash.exportCsv')}
          </button>
        </div>
      </header>
      {own && (
        <p className="muted small panel-window" data-testid={`window-${panel.id}`}>
          {t('dash.vintageWindow', own)}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {pending && (
        <p className="muted chart-empty" aria-busy="true">
          {t('dash.loading')}
        </p>
      )}
      {!pending && !table && panel.chart !== 'kpi' && !hasData && (
        <p className="muted chart-empty" data-testid={`empty-${panel.id}`}>
          {t(vintage ? 'dash.vintageEmpty' : 'dash.empty')}
        </p>
      )}
      {!pending && !table && panel.chart !== 'kpi' && hasData && (
        <div ref={chartRef} className="chart" role="img" aria-label={t('dash.chartOf', { title })}>
          <ResponsiveContainer
            width="100%"
            height={hbar ? Math.max(220, panel.rows.length * HBAR_ROW_PX + 70) : 224 + axisHeight}
          >
            {panel.chart === 'line' || vintage || manyDays ? (
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                {categoryAxis}
                {valueAxes}
                <Tooltip formatter={tooltip} />
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
                      yAxisId={axisOf(l.key)}
                      dot={(p: DotProps) => (
                        <PointDot key={p.index} {...p} r={manyDays ? 2 : 3} onPick={pick} testId={testId} />
                      )}
                      activeDot={(p: DotProps) => <PointDot {...p} r={5} onPick={pick} testId={testId} active />}
                    />
                  );
                })}
              </LineChart>
            ) : (
              <BarChart
                data={data}
                layout={panel.chart === 'hbar' ? 'vertical' : 'horizontal'}
                margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
              >
                <CartesianGrid strokeDasharray="3 3" />
                {panel.chart === 'hbar' ? (
                  <>
                    <XAxis type="number" tickFormatter={tick(unit)} />
                    <YAxis
                      type="category"
                      dataKey="name"
                      width={hbarWidth}
                      interval={0}
                      tick={(p: TickProps) => <CategoryTick {...p} anchor="end" maxPx={HBAR_PX} />}
                    />
                  </>
                ) : (
                  <>
                    {categoryAxis}
                    {valueAxes}
                  </>
                )}
                <Tooltip formatter={tooltip} />
                <Legend content={<SeriesLegend />} />
                {lines.map((l, i) => (
                  <Bar
                    key={l.key}
                    dataKey={l.key}
                    name={l.name}
                    fill={COLORS[i % COLORS.length]}
                    isAnimationActive={false}
                    {...(panel.chart === 'hbar' ? {} : { yAxisId: axisOf(l.key) })}
                    cursor="pointer"
                    onClick={(_d: unknown, idx: number) => drill(panel.rows[idx]!.key, l.key)}
                  />
                ))}
              </BarChart>
            )}
          </ResponsiveContainer>
        </div>
      )}
      {!pending && showsTable && <PanelTable panel={panel} onCell={drill} onWide={markWide} />}
      {panel.notes.map((n) => (
        <p key={n.en} className="muted small">
          {L.note(n)}
        </p>
      ))}
    </section>
  );
}

type DotProps = { cx?: number; cy?: number; index: number; stroke?: string; value?: unknown };

/** A line chart's point: a click (or Enter when the chart is reached by keyboard via its table view) drills. */
function PointDot({
  cx,
  cy,
  r,
  index,
  stroke,
  value,
  active,
  onPick,
  testId,
}: DotProps & { r: number; active?: boolean; onPick: (index: number) => void; testId: (index: number) => string }) {
  if (cx == null || cy == null || value == null) return null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the accessible path to the same list is the table view's buttons
    <circle
      cx={cx}
      cy={cy}
      r={r}
      fill={active ? stroke : '#fff'}
      stroke={stroke}
      strokeWidth={2}
      cursor="pointer"
      data-testid={active ? undefined : testId(index)}
      onClick={() => onPick(index)}
    />
  );
}

/** Long category names (enterprises, reasons) are cut with an ellipsis on the axis; the tooltip and table show them whole. */
export const shorten = (v: unknown, maxPx = AXIS_PX) => {
  const chars = [...String(v ?? '')];
  if (textWidth(chars.join('')) <= maxPx) return chars.join('');
  let w = 12; // the ellipsis
  let n = 0;
  while (n < chars.length && w + textWidth(chars[n]!) <= maxPx) w += textWidth(chars[n++]!);
  return `${chars.slice(0, n).join('').trimEnd()}…`;
};

/** Approximate width in px of a tick label at 12 px: CJK characters are square, others about half. */
const textWidth = (s: string) => [...s].reduce((w, c) => w + (/[\u2e80-\uffff]/.test(c) ? 12 : 7), 0);

type TickProps = { x?: number | string; y?: number | string; payload?: { value?: unknown } };

/** An axis tick that names its category: cut when long, with the whole name as its SVG title (hover). */
function CategoryTick({
  x = 0,
  y = 0,
  payload,
  anchor,
  angle = 0,
  day,
  maxPx = AXIS_PX,
}: TickProps & { anchor?: 'end'; angle?: number; day?: boolean; maxPx?: number }) {
  const full = String(payload?.value ?? '');
  // A day axis shows month-day; the year is in the period and the tooltip.
  const text = day && /^\d{4}-\d{2}-\d{2}$/.test(full) ? full.slice(5) : shorten(full, maxPx);
  const horizontal = anchor === 'end';
  return (
    <g transform={`translate(${Number(x)},${Number(y)})`} data-testid="axis-tick">
      <title>{full}</title>
      <text
        x={horizontal ? -4 : 0}
        y={0}
        dy={horizontal ? 4 : 12}
        textAnchor={horizontal ? 'end' : angle ? 'end' : 'middle'}
        transform={angle ? `rotate(${angle})` : undefined}
        fill="#4b5563"
        fontSize={12}
      >
        {text}
      </text>
    </g>
  );
}

function num(v: string | null | undefined): number | null {
  // Display only: the exact string stays in the table and the CSV.
  return v == null ? null : Number(v);
}

function PanelTable({
  panel,
  onCell,
  onWide,
}: {
  panel: Panel;
  onCell: (row: string, series: string) => void;
  /** Called when the table is wider than its box. */
  onWide: () => void;
}) {
  const { t, i18n } = useTranslation();
  const L = usePanelLabels();
  const box = useRef<HTMLDivElement>(null);
  // What does not fit scrolls within the card; then the box is a named region reached by Tab
  // (arrow keys scroll it), with a hint for the columns out of sight.
  const [overflow, setOverflow] = useState({ x: false, y: false });
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const check = () => {
      const x = el.scrollWidth > el.clientWidth + 1;
      const y = el.scrollHeight > el.clientHeight + 1;
      setOverflow((o) => (o.x === x && o.y === y ? o : { x, y }));
      if (x) onWide();
    };
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, [onWide]);
  const scrolls = overflow.x || overflow.y;
  return (
    <>
      {overflow.x && (
        <p className="muted small scroll-hint" aria-hidden="true">
          {t('dash.scrollHint')}
        </p>
      )}
      <div
        ref={box}
        className="table-scroll"
        data-testid={`scroll-${panel.id}`}
        {...(scrolls
          ? { role: 'region', tabIndex: 0, 'aria-label': t('dash.tableScroll', { title: L.title(panel) }) }
          : {})}
      >
        <table className="data-table" data-testid={`table-${panel.id}`}>
          <caption className="sr-only">{L.title(panel)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dash.rowHeader')}</th>
              {panel.series.map((s) => {
                const u = headerUnit(panel.rows, s);
                return (
                  <th key={s.key} scope="col" className="num" style={SERIES_HEAD_STYLE}>
                    {L.series(s)}
                    {u && <span className="muted small"> ({L.unit(u)})</span>}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {panel.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row" style={ROW_NAME_STYLE}>
                  {L.row(r)}
                </th>
                {panel.series.map((s) => {
                  const u = cellUnit(r, s);
                  // A cell whose column header cannot say its unit says it itself.
                  const text = formatValue(r.values[s.key], u, i18n.language, {
                    withUnit: headerUnit(panel.rows, s) == null,
                  });
                  return (
                    <td key={s.key} className="num">
                      {s.drill && r.values[s.key] != null ? (
                        <button
                          type="button"
                          className="link"
                          data-testid={`cell-${panel.id}-${r.key}-${s.key}`}
                          data-value={r.values[s.key] ?? undefined}
                          aria-label={t('dash.drillInto', { row: L.row(r), series: L.series(s), value: text })}
                          onClick={() => onCell(r.key, s.key)}
                        >
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
