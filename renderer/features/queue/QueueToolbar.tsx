import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { QUEUE_SORTS } from '../../../shared/api/applications';
import { PRODUCTS } from '../../../shared/credit/products';
import { QUEUE_COLUMNS, type QueueLayout } from '../../../shared/ipc/channels/queue';

const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
const CHANNELS = ['branch', 'mobile', 'online', 'partner'] as const;

type Filters = QueueLayout['filters'];
interface LayoutProps {
  layout: QueueLayout;
  onChange: (l: QueueLayout) => void;
}
interface FilterProps {
  f: Filters;
  setFilter: (patch: Partial<Filters>) => void;
}

export function QueueToolbar({
  layout,
  onChange,
  searchRef,
}: LayoutProps & {
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation();
  const f = layout.filters;
  const setFilter = (patch: Partial<Filters>) => {
    const filters = { ...f, ...patch };
    for (const k of Object.keys(filters) as (keyof typeof filters)[]) if (!filters[k]) delete filters[k];
    onChange({ ...layout, filters });
  };
  return (
    <div className="queue-toolbar">
      <ScopeChoice layout={layout} onChange={onChange} />
      <label className="search">
        <span className="sr-only">{t('queue.searchLabel')}</span>
        <input
          ref={searchRef}
          type="search"
          placeholder={t('queue.search')}
          aria-label={t('queue.search')}
          value={f.q ?? ''}
          maxLength={100}
          onChange={(e) => setFilter({ q: e.target.value })}
          data-testid="queue-search"
        />
      </label>
      <FilterSelects f={f} setFilter={setFilter} />
      <AmountRange f={f} setFilter={setFilter} />
      <SortSelect layout={layout} onChange={onChange} />
      <ColumnsMenu layout={layout} onChange={onChange} />
      <button type="button" className="secondary" onClick={() => onChange({ ...layout, filters: {} })}>
        {t('queue.clearFilters')}
      </button>
    </div>
  );
}

/** My cases or the whole branch. */
function ScopeChoice({ layout, onChange }: LayoutProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="scope">
      <legend className="sr-only">{t('queue.scope.label')}</legend>
      {(['mine', 'branch'] as const).map((s) => (
        <label key={s}>
          <input
            type="radio"
            name="queue-scope"
            value={s}
            checked={layout.scope === s}
            onChange={() => onChange({ ...layout, scope: s })}
            data-testid={`scope-${s}`}
          />
          {t(`queue.scope.${s}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** Product, SLA state, grade and channel. */
function FilterSelects({ f, setFilter }: FilterProps) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        <span className="sr-only">{t('queue.product')}</span>
        <select
          aria-label={t('queue.product')}
          value={f.productCode ?? ''}
          onChange={(e) => setFilter({ productCode: e.target.value })}
          data-testid="filter-product"
        >
          <option value="">{t('queue.anyProduct')}</option>
          {PRODUCTS.map((p) => (
            <option key={p.code} value={p.code}>
              {t(`product.${p.code}`, { defaultValue: p.code })}
            </option>
          ))}
        </select>
      </label>
      <select
        aria-label={t('queue.slaState')}
        value={f.slaState ?? ''}
        onChange={(e) => setFilter({ slaState: (e.target.value || undefined) as Filters['slaState'] })}
        data-testid="filter-sla"
      >
        <option value="">{t('queue.anySla')}</option>
        {(['on_track', 'due_soon', 'overdue'] as const).map((s) => (
          <option key={s} value={s}>
            {s === 'overdue' ? t('queue.overdue', { n: '' }).trim() : t(`sla.${s}`)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('queue.grade')}
        value={f.grade ?? ''}
        onChange={(e) => setFilter({ grade: (e.target.value || undefined) as Filters['grade'] })}
        data-testid="filter-grade"
      >
        <option value="">{t('queue.anyGrade')}</option>
        {GRADES.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
      <select
        aria-label={t('queue.channel')}
        value={f.channel ?? ''}
        onChange={(e) => setFilter({ channel: e.target.value })}
        data-testid="filter-channel"
      >
        <option value="">{t('queue.anyChannel')}</option>
        {CHANNELS.map((c) => (
          <option key={c} value={c}>
            {t(`channel.${c}`)}
          </option>
        ))}
      </select>
    </>
  );
}

/** The amount range, as typed (checked when applied). */
function AmountRange({ f, setFilter }: FilterProps) {
  const { t } = useTranslation();
  return (
    <>
      <input
        className="amount"
        inputMode="decimal"
        aria-label={t('queue.amountMin')}
        placeholder={t('queue.amountMin')}
        value={f.amountMin ?? ''}
        onChange={(e) => setFilter({ amountMin: e.target.value.trim() })}
      />
      <input
        className="amount"
        inputMode="decimal"
        aria-label={t('queue.amountMax')}
        placeholder={t('queue.amountMax')}
        value={f.amountMax ?? ''}
        onChange={(e) => setFilter({ amountMax: e.target.value.trim() })}
      />
    </>
  );
}

function SortSelect({ layout, onChange }: LayoutProps) {
  const { t } = useTranslation();
  return (
    <select
      aria-label={t('queue.sort')}
      value={layout.sort}
      onChange={(e) => onChange({ ...layout, sort: e.target.value as QueueLayout['sort'] })}
      data-testid="queue-sort"
    >
      {QUEUE_SORTS.map((s) => (
        <option key={s} value={s}>
          {t(`queue.sorts.${s}`)}
        </option>
      ))}
    </select>
  );
}

/** Which columns show (the enterprise always does), kept in their fixed order. */
function ColumnsMenu({ layout, onChange }: LayoutProps) {
  const { t } = useTranslation();
  return (
    <details className="columns-menu">
      <summary>{t('queue.columns')}</summary>
      <fieldset>
        <legend className="sr-only">{t('queue.columns')}</legend>
        {QUEUE_COLUMNS.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              checked={layout.columns.includes(c)}
              disabled={c === 'enterprise'}
              onChange={(e) =>
                onChange({
                  ...layout,
                  columns: e.target.checked
                    ? QUEUE_COLUMNS.filter((x) => x === c || layout.columns.includes(x))
                    : layout.columns.filter((x) => x !== c),
                })
              }
              data-testid={`column-${c}`}
            />
            {t(`queue.col.${c}`)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
