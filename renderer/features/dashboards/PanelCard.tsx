import { type RefObject, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Panel } from '../../../shared/api/dashboards';
import { downloadCsv, downloadPng } from '../../common/chart-export';
import { cellUnit, csvValue, headerUnit } from './format';
import { usePanelLabels } from './labels';
import { PanelChart } from './PanelChart';
import { PanelTable } from './PanelTable';
import { type DrillTarget, type PanelModel, usePanelModel } from './panel-model';

export type { DrillTarget } from './panel-model';

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
  const { t } = useTranslation();
  const L = usePanelLabels();
  const [table, setTable] = useState(panel.chart === 'kpi');
  // A table wider than its half-width card takes the whole row (sticky: no flip-flop at the boundary).
  const [wide, setWide] = useState(false);
  const markWide = useCallback(() => setWide(true), []);
  const showsTable = table || panel.chart === 'kpi';
  const chartRef = useRef<HTMLDivElement>(null);
  const m = usePanelModel(panel, onDrill);
  const { csv, png, error } = usePanelExport(panel, m.title, chartRef);
  const charted = !pending && !table && panel.chart !== 'kpi';

  return (
    <section
      className={wide && showsTable ? 'panel wide' : 'panel'}
      aria-labelledby={`h-${panel.id}`}
      data-testid={`panel-${panel.id}`}
    >
      <PanelHeader
        panel={panel}
        model={m}
        showsTable={showsTable}
        table={table}
        onToggle={() => setTable(!table)}
        onPng={png}
        onCsv={csv}
      />
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
      {charted && !m.hasData && (
        <p className="muted chart-empty" data-testid={`empty-${panel.id}`}>
          {t(m.vintage ? 'dash.vintageEmpty' : 'dash.empty')}
        </p>
      )}
      {charted && m.hasData && <PanelChart panel={panel} model={m} chartRef={chartRef} />}
      {!pending && showsTable && <PanelTable panel={panel} onCell={m.drill} onWide={markWide} />}
      {panel.notes.map((n) => (
        <p key={n.en} className="muted small">
          {L.note(n)}
        </p>
      ))}
    </section>
  );
}

/** The title (with the chart's unit) and the tools: chart/table toggle, PNG and CSV export. */
function PanelHeader({
  panel,
  model: m,
  showsTable,
  table,
  onToggle,
  onPng,
  onCsv,
}: {
  panel: Panel;
  model: PanelModel;
  showsTable: boolean;
  table: boolean;
  onToggle: () => void;
  onPng: () => void;
  onCsv: () => void;
}) {
  const { t } = useTranslation();
  const L = usePanelLabels();
  return (
    <header className="panel-head">
      {/* The title carries the chart's unit; a table names each column's (or cell's) own unit instead. */}
      <h3 id={`h-${panel.id}`}>
        {m.title}{' '}
        {!showsTable && (
          <span className="muted">（{m.units.length > 1 ? m.units.map(L.unit).join(' / ') : L.unit(m.unit)}）</span>
        )}
      </h3>
      <div className="panel-tools">
        {panel.chart !== 'kpi' && (
          <button type="button" onClick={onToggle} aria-pressed={table}>
            {table ? t('dash.chartView') : t('dash.tableView')}
          </button>
        )}
        {panel.chart !== 'kpi' && m.hasData && !table && (
          <button type="button" onClick={onPng}>
            {t('dash.exportPng')}
          </button>
        )}
        <button type="button" onClick={onCsv}>
          {t('dash.exportCsv')}
        </button>
      </div>
    </header>
  );
}

/** CSV of the panel's exact figures; PNG of its chart (a failure is shown on the card). */
function usePanelExport(panel: Panel, title: string, chartRef: RefObject<HTMLDivElement | null>) {
  const { t, i18n } = useTranslation();
  const L = usePanelLabels();
  const [error, setError] = useState<string | null>(null);
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
  const png = () => {
    downloadPng(chartRef.current, title, `${panel.id}.png`).catch((e: Error) =>
      setError(t('dash.pngFailed', { message: e.message })),
    );
  };
  return { csv, png, error };
}
