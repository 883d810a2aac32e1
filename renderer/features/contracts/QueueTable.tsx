import { useTranslation } from 'react-i18next';
import type { ContractQueueItem } from '../../../shared/api/contracts';
import { groupMoney } from '../../format';

/** The search box and the open/all choice above the queue. */
export function QueueFilters({
  search,
  onSearch,
  view,
  onView,
}: {
  search: string;
  onSearch: (s: string) => void;
  view: 'open' | 'all';
  onView: (v: 'open' | 'all') => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="contracts-filters">
      <label>
        {t('contracts.search')}
        <input type="search" value={search} onChange={(e) => onSearch(e.target.value)} data-testid="contracts-search" />
      </label>
      <label>
        {t('contracts.view')}
        <select value={view} onChange={(e) => onView(e.target.value as 'open' | 'all')}>
          <option value="open">{t('contracts.viewOpen')}</option>
          <option value="all">{t('contracts.viewAll')}</option>
        </select>
      </label>
    </div>
  );
}

/** The approved cases and their contract state; a contract officer also ticks cases for a batch. */
export function QueueTable({
  items,
  canWrite,
  selected,
  onSelect,
  checked,
  onToggle,
}: {
  items: ContractQueueItem[];
  canWrite: boolean;
  selected: string | null;
  onSelect: (id: string) => void;
  checked: Set<string>;
  onToggle: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <table className="contracts-table" data-testid="contracts-queue">
      <caption className="sr-only">{t('contracts.queueCaption')}</caption>
      <thead>
        <tr>
          {canWrite && (
            <th scope="col">
              <span className="sr-only">{t('contracts.selectForBatch')}</span>
            </th>
          )}
          <th scope="col">{t('contracts.applicationId')}</th>
          <th scope="col">{t('contracts.enterprise')}</th>
          <th scope="col">{t('contracts.product')}</th>
          <th scope="col" className="num">
            {t('contracts.amount')}
          </th>
          <th scope="col">{t('contracts.contractStatus')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr
            key={i.applicationId}
            aria-selected={selected === i.applicationId}
            data-testid={`contract-row-${i.applicationId}`}
          >
            {canWrite && (
              <td>
                <input
                  type="checkbox"
                  checked={checked.has(i.applicationId)}
                  disabled={i.contractStatus !== 'none'}
                  onChange={() => onToggle(i.applicationId)}
                  aria-label={t('contracts.selectCase', { id: i.applicationId })}
                />
              </td>
            )}
            <td>
              <button type="button" className="link" onClick={() => onSelect(i.applicationId)}>
                {i.applicationId}
              </button>
            </td>
            <td>{i.enterpriseName}</td>
            <td>{t(`product.${i.productCode}`, { defaultValue: i.productCode })}</td>
            <td className="num">{groupMoney(i.amount)}</td>
            <td>
              <span className={`badge badge-${i.contractStatus}`}>{t(`contracts.status.${i.contractStatus}`)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
