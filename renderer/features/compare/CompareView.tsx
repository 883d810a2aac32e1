import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { COMPARE_MAX, COMPARE_MIN, type Compare } from '../../../shared/api/enterprises';
import {
  type CompareLabels,
  metricValue,
  percentileText,
  ratiosWithoutBase,
  sourceLabel,
  trendAxisMax,
} from '../../../shared/compare/format';
import { reasonText } from '../../../shared/credit/describe';
import { industryLabel } from '../../../shared/reference/industries';
import { SeriesLegend } from '../../common/ChartLegend';
import { downloadCsv, downloadPng } from '../../common/chart-export';
import { sessionQueries } from '../../common/session';
import { axisTick, formatTooltip, langOf } from '../../format';
import { errorMessage } from '../../i18n';
import { type ExportOutcome, useCompareExportMutation, useCompareSetMutation } from './mutations';
import { compareQueries, peers } from './queries';

function addFromHash(): string | null {
  return /[?&]add=(E[0-9A-Z]{18})/.exec(location.hash)?.[1] ?? null;
}
/** `peers=1` (from a case): compare the enterprise with its closest peers rather than the kept set. */
const peersFromHash = () => /[?&]peers=1(&|$)/.test(location.hash);

export function CompareView() {
  const { t, i18n } = useTranslation();
  const prefs = useQuery(sessionQueries.prefs());
  const save = useCompareSetMutation();
  const [ids, setIds] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Once, when the preferences arrive (withPeers only calls stable setters and the mutation).
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (ids !== null || !prefs.data) return;
    const start = prefs.data.compareSet ?? [];
    const add = addFromHash();
    const withPeersOf = add && peersFromHash();
    // Consumed once: a later visit (Back, a remount) shows the kept set, not this request again.
    if (add) history.replaceState(null, '', '#/compare');
    if (withPeersOf) {
      setIds([add]);
      void withPeers(add);
    } else if (add && !start.includes(add)) update([add, ...start].slice(0, COMPARE_MAX));
    else setIds(start);
  }, [prefs.data, ids]);

  const update = (next: string[]) => {
    setError(null);
    setIds(next);
    save.mutate(next);
  };
  const current = ids ?? [];
  const cmp = useQuery({ ...compareQueries.compare(current), enabled: current.length >= COMPARE_MIN });
  const exporter = useCompareExportMutation();
  const [exported, setExported] = useState<ExportOutcome | null>(null);
  const exportAs = (as: 'pdf' | 'png') => {
    setExported(null);
    exporter.mutate(
      { ids: current, lang: i18n.language === 'en' ? 'en' : 'zh-CN', as },
      { onSuccess: (r) => setExported(r) },
    );
  };
  const canExport = !!cmp.data && current.length >= COMPARE_MIN && !exporter.isPending;

  async function withPeers(first: string) {
    try {
      const r = await peers(first);
      update([first, ...r.items.map((p) => p.id).filter((p) => p !== first)].slice(0, COMPARE_MAX));
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  const addPeers = () => {
    const first = current[0];
    if (first) void withPeers(first);
  };

  return (
    <section className="page compare" aria-labelledby="compare-heading">
      <h2 id="compare-heading">{t('compare.heading')}</h2>
      <EnterpriseSearch current={current} onAdd={(id) => update([...current, id])} />
      <div className="chosen no-print" data-testid="compare-set">
        <p>{t('compare.chosen', { n: current.length, max: COMPARE_MAX })}</p>
        <ul>
          {current.map((id) => (
            <li key={id}>
              {cmp.data?.enterprises.find((e) => e.id === id)?.name ?? id}{' '}
              <button
                type="button"
                aria-label={t('compare.remove', { id })}
                onClick={() => update(current.filter((x) => x !== id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <button type="button" disabled={current.length === 0} onClick={addPeers} data-testid="add-peers">
          {t('compare.addPeers')}
        </button>{' '}
        <button type="button" disabled={!cmp.data} onClick={() => window.print()}>
          {t('compare.print')}
        </button>{' '}
        <button type="button" disabled={!canExport} onClick={() => exportAs('pdf')} data-testid="export-pdf">
          {t('compare.exportPdf')}
        </button>{' '}
        <button type="button" disabled={!canExport} onClick={() => exportAs('png')} data-testid="export-png">
          {t('compare.exportPng')}
        </button>
        <ExportStatus pending={exporter.isPending} exported={exported} />
      </div>
      {exporter.isError && <p role="alert">{errorMessage(exporter.error)}</p>}
      {error && <p role="alert">{error}</p>}
      {current.length === 1 && <p>{t('compare.needTwo')}</p>}
      {cmp.isError && <p role="alert">{errorMessage(cmp.error)}</p>}
      {cmp.data && <CompareTable data={cmp.data} />}
    </section>
  );
}

/** The comparison: metrics side by side (with percentiles, score reasons and data dates), CSV, and the trends. */
function CompareTable({ data }: { data: Compare }) {
  const { t } = useTranslation();
  const ents = data.enterprises;
  const csv = () =>
    downloadCsv(
      'comparison.csv',
      [t('compare.metric'), ...ents.flatMap((e) => [e.name, `${e.name} ${t('compare.percentile')}`])],
      data.metrics.map((m) => [
        t(`compare.metrics.${m.key}`),
        ...m.values.flatMap((v) => [v.value, v.percentile == null ? null : String(v.percentile)]),
      ]),
    );
  // One shared axis for every small chart: the largest monthly figure of any enterprise.
  const max = trendAxisMax(ents);
  return (
    <>
      <MetricsTable data={data} />
      <div className="panel-tools no-print">
        <button type="button" onClick={csv}>
          {t('dash.exportCsv')}
        </button>
      </div>
      <h3>{t('compare.trends')}</h3>
      <div className="small-multiples">
        {ents.map((e) => (
          <TrendChart key={e.id} e={e} max={max} />
        ))}
      </div>
    </>
  );
}

/** The metrics side by side, with percentiles; the score's reasons; where each enterprise's data comes from. */
function MetricsTable({ data }: { data: Compare }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const ents = data.enterprises;
  /** The ratio features without a base for enterprise i, read from the metrics (null = no figure). */
  const noBase = (i: number) => ratiosWithoutBase(data, i);
  // The same labels and formatting as the exported PDF (format.ts).
  const labels = t('compare', { returnObjects: true }) as unknown as CompareLabels;
  /** A metric's value as shown: the shared formatting (as in the PDF), industries by name, months and days in units. */
  const shown = (m: Compare['metrics'][number], value: string | null) => {
    if (value != null && m.key === 'industryCode') return industryLabel(value, lang);
    if (value != null && m.unit === 'months') return t('case.months', { n: value });
    if (value != null && m.unit === 'days') return t('compareDesk.days', { n: value });
    if (value != null && m.unit === 'yuan') return `${metricValue(value, m.unit, labels)} ${t('case.yuan')}`;
    return metricValue(value, m.unit, labels);
  };
  return (
    <div className="table-scroll">
      <table className="data-table compare-table" data-testid="compare-table">
        <caption>{t('compare.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('compare.metric')}</th>
            {ents.map((e) => (
              <th key={e.id} scope="col">
                {e.name}
                <div className="muted small">{e.uscc}</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.metrics.map((m) => (
            <tr key={m.key} className={m.differs ? 'differs' : undefined} data-testid={`metric-${m.key}`}>
              <th scope="row">
                {m.key === 'industryCode' ? t('compareDesk.industry') : t(`compare.metrics.${m.key}`)}
                {m.differs && <span className="badge">{t('compare.differs')}</span>}
              </th>
              {m.values.map((v, i) => (
                <td key={ents[i]!.id} className="num">
                  {shown(m, v.value)}
                  {v.percentile != null && (
                    <span className="muted small" title={t('compare.percentileHint')}>
                      {' '}
                      {percentileText(v.percentile)}
                    </span>
                  )}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">{t('compare.reasons')}</th>
            {ents.map((e, i) => (
              <td key={e.id}>
                <ul className="reasons">
                  {e.score.reasonCodes.map((r) => (
                    <li key={r.code}>{reasonText({ code: r.code, text: { zh: r.zh, en: r.en } }, lang, noBase(i))}</li>
                  ))}
                </ul>
                <span className="muted small">
                  PD {e.score.pd}% · {e.score.modelVersion}
                </span>
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t('compare.dataDates')}</th>
            {ents.map((e) => (
              <td key={e.id} className="small" data-testid="data-dates">
                {Object.entries(e.dataDates).map(([k, d]) => (
                  <div key={k}>
                    {sourceLabel(k, labels)}: {d}
                  </div>
                ))}
                <div className="muted">
                  {t('compare.source')}: {t(`compareDesk.sourceNames.${e.source}`, { defaultValue: e.source })} ·{' '}
                  {t('compare.peerGroup', { n: e.peerGroup.size, basis: t(`compare.basis.${e.peerGroup.basis}`) })}
                </div>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** One enterprise's monthly sales and inflow, on the axis all the small charts share. */
function TrendChart({ e, max }: { e: Compare['enterprises'][number]; max: number }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  /** A point's exact figure from the response, with its unit (and in 万元 / 10k yuan when large). */
  const trendTooltip = (v: unknown, _n: unknown, item: { dataKey?: unknown; payload?: unknown }) => {
    const exact = (item.payload as { exact?: Record<string, string> } | undefined)?.exact?.[String(item.dataKey)];
    return formatTooltip(exact ?? (v == null ? null : String(v)), 'yuan', i18n.language);
  };
  return (
    <figure className="small-chart" data-testid="trend-chart">
      <figcaption>
        {e.name}{' '}
        <span className="muted">{lang === 'en' ? `(${t('dash.units.yuan')})` : `（${t('dash.units.yuan')}）`}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart
          data={e.series.map((m) => ({
            month: m.month,
            sales: Number(m.vatSales),
            inflow: Number(m.settlementInflow),
            exact: { sales: m.vatSales, inflow: m.settlementInflow },
          }))}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" tick={{ fontSize: 10 }} />
          {/* Compact ticks in the UI's language, as on the dashboards: 85万 / 850K. */}
          <YAxis domain={[0, max]} tickFormatter={(v: number) => axisTick(v, 'yuan', i18n.language)} width={56} />
          <Tooltip formatter={trendTooltip} />
          <Legend content={<SeriesLegend />} />
          <Line dataKey="sales" name={t('compare.vatSales')} stroke="#2563eb" dot={false} isAnimationActive={false} />
          <Line dataKey="inflow" name={t('compare.inflow')} stroke="#16a34a" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <button
        type="button"
        className="no-print"
        onClick={(ev) =>
          void downloadPng((ev.currentTarget.parentElement as HTMLElement) ?? null, e.name, `trend-${e.id}.png`)
        }
      >
        {t('dash.exportPng')}
      </button>
    </figure>
  );
}

/** Finds enterprises by name or USCC and adds one to the set (up to COMPARE_MAX, no repeats). */
function EnterpriseSearch({ current, onAdd }: { current: readonly string[]; onAdd: (id: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const found = useQuery({ ...compareQueries.search(search), enabled: search.length > 0 });
  return (
    <>
      <form
        className="filters no-print"
        aria-label={t('compare.search')}
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(text.trim());
        }}
      >
        <label>
          {t('compare.search')}
          <input value={text} onChange={(e) => setText(e.target.value)} data-testid="compare-search" />
        </label>
        <button type="submit">{t('compare.find')}</button>
      </form>
      {found.isError && <p role="alert">{errorMessage(found.error)}</p>}
      {found.data && (
        <ul className="results no-print" data-testid="compare-results">
          {found.data.items.length === 0 && <li>{t('compare.noResults')}</li>}
          {found.data.items.map((e) => (
            <li key={e.id}>
              {e.name} <span className="muted">{e.uscc}</span>{' '}
              <button
                type="button"
                disabled={current.includes(e.id) || current.length >= COMPARE_MAX}
                onClick={() => onAdd(e.id)}
              >
                {t('compare.add')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Where the export is: running, saved (Electron) or downloaded (browser mode). */
function ExportStatus({ pending, exported }: { pending: boolean; exported: ExportOutcome | null }) {
  const { t } = useTranslation();
  return (
    <p role="status" aria-live="polite" data-testid="export-status">
      {pending
        ? t('compare.exporting')
        : exported?.kind === 'saved'
          ? t('compare.exportSaved', { path: exported.path })
          : exported?.kind === 'downloaded'
            ? t('compare.exportDownloaded', { file: exported.file })
            : null}
    </p>
  );
}
