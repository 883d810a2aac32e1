import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DASHBOARDS, type DashboardId } from '../../../shared/api/dashboards';
import { beijingDate } from '../../../shared/calendar/business-calendar';
import { PRODUCTS } from '../../../shared/credit/products';
import { TIERS } from '../../../shared/workflow/status';
import { errorMessage } from '../../i18n';
import { linkedBoard, linkedDrill } from '../home/links';
import { DrillList } from './DrillList';
import { type DrillTarget, PanelCard } from './PanelCard';
import { type DashboardRequest, dashboardQueries } from './queries';

const SECTIONS = 'ACEFGHIKLMO'.split('');
type Filters = Omit<DashboardRequest, 'dashboard' | 'at'>;

function defaultFilters(): Filters {
  const to = beijingDate(Date.now());
  const from = beijingDate(Date.now() - 364 * 86_400_000);
  return { from, to };
}

export function DashboardsView() {
  const { t } = useTranslation();
  const [board, setBoard] = useState<DashboardId>(() => linkedBoard(location.hash) ?? 'process');
  const [filters, setFilters] = useState<Filters>(defaultFilters);
  const [target, setTarget] = useState<DrillTarget | null>(() => linkedDrill(location.hash, t));
  const [scope, setScope] = useState<string[]>([]);
  const request: DashboardRequest = { dashboard: board, ...filters };
  const q = useQuery({ ...dashboardQueries.get(request), placeholderData: keepPreviousData });
  if (q.data && !filters.branchId && scope.length === 0) setScope(q.data.branches);

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
      <div role="tablist" aria-label={t('dash.tabsLabel')} className="tabs">
        {DASHBOARDS.map((d) => (
          <button
            key={d}
            type="button"
            role="tab"
            aria-selected={d === board}
            data-testid={`tab-${d}`}
            onClick={() => {
              setTarget(null);
              setBoard(d);
              if (d !== 'process') set({ tier: undefined });
            }}
          >
            {t(`dash.tabs.${d}`)}
          </button>
        ))}
      </div>
      <form className="filters" aria-label={t('dash.filters')} onSubmit={(e) => e.preventDefault()}>
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
                {t(`dash.branches.${b}`, { defaultValue: b })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dash.product')}
          <select value={filters.productCode ?? ''} onChange={(e) => set({ productCode: e.target.value })}>
            <option value="">{t('dash.all')}</option>
            {PRODUCTS.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} {p.name.zh}
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
                {s} {t(`dash.industries.${s}`, { defaultValue: '' })}
              </option>
            ))}
          </select>
        </label>
      </form>
      {q.isError && <p role="alert">{errorMessage(q.error)}</p>}
      {q.data && (
        <>
          <p className="muted small" data-testid="dash-meta">
            {t('dash.generatedAt', { at: new Date(q.data.generatedAt).toLocaleString() })}
            {q.data.dataAsOf && ` · ${t('dash.dataAsOf', { date: q.data.dataAsOf })}`}
            {` · ${t('dash.covering', { branches: q.data.branches.join(', ') })}`}
          </p>
          {target && (
            <DrillList
              key={JSON.stringify(target)}
              target={target}
              request={request}
              at={q.data.generatedAt}
              onClose={() => setTarget(null)}
            />
          )}
          <div className="panels" aria-busy={q.isFetching}>
            {q.data.panels.map((p) => (
              <PanelCard key={`${q.data.dashboard}-${p.id}`} panel={p} onDrill={setTarget} />
            ))}
          </div>
        </>
      )}
      {q.isPending && <p aria-busy="true">{t('dash.loading')}</p>}
    </section>
  );
}
