import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DASHBOARDS, type Dashboard, type DashboardId } from '../../../shared/api/dashboards';
import { beijingDate } from '../../../shared/calendar/business-calendar';
import {
  addMonthsClamped,
  formatCivilDate,
  fromDayNumber,
  parseCivilDate,
  toDayNumber,
} from '../../../shared/calendar/civil-date';
import { PRODUCTS } from '../../../shared/credit/products';
import { INDUSTRY_SECTIONS } from '../../../shared/reference/industries';
import { TIERS } from '../../../shared/workflow/status';
import { linkedBoard, linkedDrill } from '../../common/links';
import { beijingDateTime } from '../../format';
import { errorMessage } from '../../i18n';
import { DrillList } from './DrillList';
import { type DrillTarget, PanelCard } from './PanelCard';
import { type DashboardRequest, dashboardQueries } from './queries';

const SECTIONS = 'ACEFGHIKLMO'.split('');
type Filters = Omit<DashboardRequest, 'dashboard' | 'at'>;
type Bi = { zh: string; en: string };

const dayAfter = (d: string) => formatCivilDate(fromDayNumber(toDayNumber(parseCivilDate(d)) + 1));
/** `months` whole months back from `to`, inclusive of both ends ("近三个月" up to 5-20 starts 2-21). */
const monthsBack = (to: string, months: number) =>
  dayAfter(formatCivilDate(addMonthsClamped(parseCivilDate(to), -months)));

/** The period buttons, each a (from, to) up to today (Beijing date). */
export const PERIODS = {
  month: (today: string) => ({ from: `${today.slice(0, 8)}01`, to: today }),
  quarter: (today: string) => ({ from: monthsBack(today, 3), to: today }),
  ytd: (today: string) => ({ from: `${today.slice(0, 5)}01-01`, to: today }),
  year: (today: string) => ({ from: monthsBack(today, 12), to: today }),
} as const;
type PeriodKey = keyof typeof PERIODS;

/**
 * The default period is the last three months: the horizon a supervisor reviews (a quarter, as the
 * regulator's returns), long enough that approval rates, turnaround and contract stages have decided
 * cases behind them, and never nearly empty as 本月 is in a month's first days. One click gives 本月.
 */
export const DEFAULT_PERIOD: PeriodKey = 'quarter';

/**
 * The vintage curves read at least this many months of disbursements, whatever the period: a cohort
 * shows a point only once it is 3 months on book, so within a quarter's window there would be none.
 * A vintage is read against history (as a risk committee reads it: the last two years of cohorts), so
 * the panel keeps its own longer window, says so, and follows every other filter.
 */
export const VINTAGE_MONTHS = 24;
const VINTAGE_PANEL = 'portfolio.vintage';

function defaultFilters(): Filters {
  return PERIODS[DEFAULT_PERIOD](beijingDate(Date.now()));
}

export function DashboardsView() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [board, setBoard] = useState<DashboardId>(() => linkedBoard(location.hash) ?? 'process');
  const [filters, setFilters] = useState<Filters>(defaultFilters);
  const [target, setTarget] = useState<DrillTarget | null>(() => linkedDrill(location.hash, t));
  const [scope, setScope] = useState<string[]>([]);
  const [names, setNames] = useState<Record<string, Bi>>({});
  const request: DashboardRequest = { dashboard: board, ...filters };
  const q = useQuery({ ...dashboardQueries.get(request), placeholderData: keepPreviousData });
  // The vintage panel's own window: at least VINTAGE_MONTHS back from the period's end.
  const vintageTo = filters.to ?? beijingDate(Date.now());
  const vintageFrom = monthsBack(vintageTo, VINTAGE_MONTHS);
  const ownVintage = board === 'portfolio' && !(filters.from && filters.from <= vintageFrom);
  const vintageRequest: DashboardRequest = ownVintage ? { ...request, from: vintageFrom, to: vintageTo } : request;
  const vq = useQuery({ ...dashboardQueries.get(vintageRequest), enabled: ownVintage });
  const vintagePanel = vq.data?.panels.find((p) => p.id === VINTAGE_PANEL);
  if (q.data && !filters.branchId && scope.length === 0) {
    setScope(q.data.branches);
    setNames(q.data.branchNames);
  }
  const branchName = (id: string) => {
    const n = q.data?.branchNames[id] ?? names[id];
    return n ? (en ? n.en : n.zh) : id;
  };

  const set = (patch: Partial<Filters>) => {
    setTarget(null);
    setFilters((f) => {
      const next = { ...f, ...patch };
      for (const k of Object.keys(next) as (keyof Filters)[]) if (next[k] === '') delete next[k];
      return next;
    });
  };

  return (
    <section className="page dashboards" aria-labelledby="dash-heading">
      <h2 id="dash-heading">{t('nav.dashboards')}</h2>
      <BoardTabs
        board={board}
        onBoard={(d) => {
          setTarget(null);
          setBoard(d);
          if (d !== 'process') set({ tier: undefined });
        }}
      />
      <DashboardFilters board={board} filters={filters} set={set} scope={scope} branchName={branchName} />
      {q.isError && <p role="alert">{errorMessage(q.error)}</p>}
      {ownVintage && vq.isError && <p role="alert">{errorMessage(vq.error)}</p>}
      {q.data && (
        <>
          <DashMeta data={q.data} branchName={branchName} />
          {target && (
            <DrillList
              key={JSON.stringify(target)}
              target={target}
              request={target.panel === VINTAGE_PANEL ? vintageRequest : request}
              at={(target.panel === VINTAGE_PANEL && ownVintage ? vq.data : q.data)?.generatedAt ?? q.data.generatedAt}
              branchName={branchName}
              onClose={() => setTarget(null)}
            />
          )}
          <div className="panels" aria-busy={q.isFetching}>
            {q.data.panels.map((p) =>
              p.id === VINTAGE_PANEL && ownVintage ? (
                <PanelCard
                  key={`${q.data.dashboard}-${p.id}`}
                  panel={vintagePanel ?? p}
                  onDrill={setTarget}
                  window={{ from: vintageFrom, to: vintageTo }}
                  pending={!vintagePanel && !vq.isError}
                />
              ) : (
                <PanelCard key={`${q.data.dashboard}-${p.id}`} panel={p} onDrill={setTarget} />
              ),
            )}
          </div>
        </>
      )}
      {q.isPending && <p aria-busy="true">{t('dash.loading')}</p>}
    </section>
  );
}

/** One tab per dashboard. */
function BoardTabs({ board, onBoard }: { board: DashboardId; onBoard: (d: DashboardId) => void }) {
  const { t } = useTranslation();
  return (
    <div role="tablist" aria-label={t('dash.tabsLabel')} className="tabs">
      {DASHBOARDS.map((d) => (
        <button
          key={d}
          type="button"
          role="tab"
          aria-selected={d === board}
          data-testid={`tab-${d}`}
          onClick={() => onBoard(d)}
        >
          {t(`dash.tabs.${d}`)}
        </button>
      ))}
    </div>
  );
}

/** Period (buttons and dates), branch within the user's scope, product, tier (process only) and industry. */
function DashboardFilters({
  board,
  filters,
  set,
  scope,
  branchName,
}: {
  board: DashboardId;
  filters: Filters;
  set: (patch: Partial<Filters>) => void;
  scope: readonly string[];
  branchName: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <form className="filters" aria-label={t('dash.filters')} onSubmit={(e) => e.preventDefault()}>
      <PeriodFields filters={filters} set={set} />
      <label>
        {t('dash.branch')}
        <select
          value={filters.branchId ?? ''}
          onChange={(e) => set({ branchId: e.target.value })}
          data-testid="filter-branch"
        >
          <option value="">{t('dash.allInScope')}</option>
          {scope.map((b) => (
            <option key={b} value={b}>
              {branchName(b)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dash.product')}
        <select
          value={filters.productCode ?? ''}
          onChange={(e) => set({ productCode: e.target.value })}
          data-testid="filter-product"
        >
          <option value="">{t('dash.all')}</option>
          {PRODUCTS.map((p) => (
            <option key={p.code} value={p.code}>
              {en ? p.name.en : p.name.zh}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dash.tier')}
        <select
          value={filters.tier ?? ''}
          disabled={board !== 'process'}
          onChange={(e) => set({ tier: (e.target.value || undefined) as Filters['tier'] })}
        >
          <option value="">{t('dash.all')}</option>
          {TIERS.map((x) => (
            <option key={x} value={x}>
              {t(`dash.rows.${x}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dash.industry')}
        <select value={filters.industry ?? ''} onChange={(e) => set({ industry: e.target.value })}>
          <option value="">{t('dash.all')}</option>
          {SECTIONS.map((s) => (
            <option key={s} value={s}>
              {INDUSTRY_SECTIONS[s] ? (en ? INDUSTRY_SECTIONS[s].en : INDUSTRY_SECTIONS[s].zh) : s}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

/** The period: a button per preset (the chosen one pressed), and the dates themselves. */
function PeriodFields({ filters, set }: { filters: Filters; set: (patch: Partial<Filters>) => void }) {
  const { t } = useTranslation();
  const today = beijingDate(Date.now());
  const period = (Object.keys(PERIODS) as PeriodKey[]).find((k) => {
    const p = PERIODS[k](today);
    return p.from === filters.from && p.to === filters.to;
  });
  return (
    <>
      <fieldset className="periods">
        <legend>{t('dash.period')}</legend>
        {(Object.keys(PERIODS) as PeriodKey[]).map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={period === k}
            data-testid={`period-${k}`}
            onClick={() => set(PERIODS[k](beijingDate(Date.now())))}
          >
            {t(`dash.periods.${k}`)}
          </button>
        ))}
      </fieldset>
      <label>
        {t('dash.from')}
        <input
          type="date"
          value={filters.from ?? ''}
          onChange={(e) => set({ from: e.target.value })}
          data-testid="filter-from"
        />
      </label>
      <label>
        {t('dash.to')}
        <input
          type="date"
          value={filters.to ?? ''}
          onChange={(e) => set({ to: e.target.value })}
          data-testid="filter-to"
        />
      </label>
    </>
  );
}

/** When the figures were made, the data's date, and the branches covered (all when few, else the first and how many). */
function DashMeta({ data, branchName }: { data: Dashboard; branchName: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const covered = data.branches;
  const coveredText =
    covered.length <= 4
      ? covered.map(branchName).join(en ? ', ' : '、')
      : t('dash.branchesCount', {
          first: covered
            .slice(0, 3)
            .map(branchName)
            .join(en ? ', ' : '、'),
          count: covered.length,
        });
  return (
    <p className="muted small" data-testid="dash-meta" title={covered.map(branchName).join(en ? ', ' : '、')}>
      {t('dash.generatedAt', { at: beijingDateTime(data.generatedAt) })}
      {data.dataAsOf && ` · ${t('dash.dataAsOf', { date: data.dataAsOf })}`}
      {` · ${t('dash.covering', { branches: coveredText })}`}
    </p>
  );
}
