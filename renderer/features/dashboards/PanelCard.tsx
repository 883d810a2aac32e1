import { useRef, useState } from 'react';
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
import type { Panel } from '../../../shared/api/dashboards';
import { groupMoney } from '../../format';
import { downloadCsv, downloadPng } from './export';
import { usePanelLabels } from './labels';

export type DrillTarget = { panel: string; row: string; series: string; title: string };
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];

export function formatValue(v: string | null | undefined, unit: string): string {
  if (v == null) return '—';
  if (unit === 'yuan') return groupMoney(v);
  if (unit === 'percent') return `${v}%`;
  return v;
}

export function PanelCard({ panel, onDrill }: { panel: Panel; onDrill: (t: DrillTarget) => void }) {
  const { t } = useTranslation();
  const L = usePanelLabels();
  const [table, setTable] = useState(panel.chart === 'kpi');
  const [error, setError] = useState<string | null>(null);
  const chartRef = useRef<HTMLDivElement>(null);
  const title = L.title(panel);
  const plotted = panel.series.filter((s) => s.plotted);
  const unit = plotted[0]?.unit ?? panel.series[0]?.unit ?? 'count';
  const drill = (rowKey: string, seriesKey: string) => {
    const s = panel.series.find((x) => x.key === seriesKey);
    const row = panel.rows.find((r) => r.key === rowKey);
    if (!s?.drill || !row) return;
    onDrill({ panel: panel.id, row: rowKey, series: s.drill, title: `${title} · ${L.row(row)} · ${L.series(s)}` });
  };

  const vintage = panel.chart === 'vintage';
  const data = vintage
    ? plotted.map((s) => ({
        name: L.series(s),
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
  const fmt = (v: unknown) => formatValue(v == null ? null : String(v), unit);

  const csv = () =>
    downloadCsv(
      `${panel.id}.csv`,
      [t('dash.rowHeader'), ...panel.series.map((s) => `${L.series(s)} (${L.unit(s.unit)})`)],
      panel.rows.map((r) => [L.row(r), ...panel.series.map((s) => r.values[s.key] ?? null)]),
    );
  const png = () => downloadPng(chartRef.current, title, `${panel.id}.png`).catch((e: Error) => setError(e.message));

  return (
    <section className="panel" aria-labelledby={`h-${panel.id}`} data-testid={`panel-${panel.id}`}>
      <header className="panel-head">
        <h3 id={`h-${panel.id}`}>
          {title} <span className="muted">（{L.unit(unit)}）</span>
        </h3>
        <div className="panel-tools">
          {panel.chart !== 'kpi' && (
            <button type="button" onClick={() => setTable(!table)} aria-pressed={table}>
              {table ? t('dash.chartView') : t('dash.tableView')}
            </button>
          )}
          {panel.chart !== 'kpi' && (
            <button type="button" onClick={png}>
              {t('dash.exportPng')}
            </button>
          )}
          <button type="button" onClick={csv}>
            {t('dash.exportCsv')}
          </button>
        </div>
      </header>
      {error && <p role="alert">{error}</p>}
      {!table && panel.chart !== 'kpi' && (
        <div ref={chartRef} className="chart" role="img" aria-label={t('dash.chartOf', { title })}>
          <ResponsiveContainer
            width="100%"
            height={panel.chart === 'hbar' ? Math.max(220, panel.rows.length * 26) : 260}
          >
            {panel.chart === 'line' || vintage ? (
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis tickFormatter={fmt} width={80} />
                <Tooltip formatter={(v) => fmt(v)} />
                <Legend />
                {lines.map((l, i) => (
                  <Line
                    key={l.key}
                    dataKey={l.key}
                    name={l.name}
                    stroke={COLORS[i % COLORS.length]}
                    isAnimationActive={false}
                    connectNulls
                  />
                ))}
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
                    <XAxis type="number" tickFormatter={fmt} />
                    <YAxis type="category" dataKey="name" width={160} />
                  </>
                ) : (
                  <>
                    <XAxis dataKey="name" />
                    <YAxis tickFormatter={fmt} width={80} />
                  </>
                )}
                <Tooltip formatter={(v) => fmt(v)} />
                <Legend />
                {lines.map((l, i) => (
                  <Bar
                    key={l.key}
                    dataKey={l.key}
                    name={l.name}
                    fill={COLORS[i % COLORS.length]}
                    isAnimationActive={false}
                    cursor="pointer"
                    onClick={(_d: unknown, idx: number) => drill(panel.rows[idx]!.key, l.key)}
                  />
                ))}
              </BarChart>
            )}
          </ResponsiveContainer>
        </div>
      )}
      {(table || panel.chart === 'kpi') && <PanelTable panel={panel} onCell={drill} />}
      {panel.notes.map((n) => (
        <p key={n.en} className="muted small">
          {L.note(n)}
        </p>
      ))}
    </section>
  );
}

function num(v: string | null | undefined): number | null {
  // Display only: the exact string stays in the table and the CSV.
  return v == null ? null : Number(v);
}

function PanelTable({ panel, onCell }: { panel: Panel; onCell: (row: string, series: string) => void }) {
  const { t } = useTranslation();
  const L = usePanelLabels();
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid={`table-${panel.id}`}>
        <caption className="sr-only">{L.title(panel)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dash.rowHeader')}</th>
            {panel.series.map((s) => (
              <th key={s.key} scope="col" className="num">
                {L.series(s)}
                <span className="muted small"> ({L.unit(s.unit)})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {panel.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{L.row(r)}</th>
              {panel.series.map((s) => {
                const text = formatValue(r.values[s.key], s.unit);
                return (
                  <td key={s.key} className="num">
                    {s.drill && r.values[s.key] != null ? (
                      <button
                        type="button"
                        className="link"
                        data-testid={`cell-${panel.id}-${r.key}-${s.key}`}
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
  );
}
