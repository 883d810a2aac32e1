import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisbursementQueueItem } from '../../../shared/api/disbursement';
import { sessionQueries } from '../../common/session';
import { beijingDateTime, yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { CasePanel } from './CasePanel';
import { linkedCase, linkedView } from './links';
import { disbursementQueries, type QueueView } from './queries';
import './disbursement.css';

/**
 * 放款审核: the signed cases in my scope awaiting disbursement, and the chosen case — its conditions with
 * the evidence recorded by the maker, and the maker's or checker's step. Who may do what is the bank
 * API's answer (mayRecord, mayPrepare, maySendBack, mayDisburse); it refuses the rest either way.
 */
export function DisbursementView() {
  const { t } = useTranslation();
  const session = useQuery(sessionQueries.current());
  const userId = session.data?.user?.id ?? null;
  const [view, setView] = useState<QueueView>(() => linkedView(location.hash));
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(() => linkedCase(location.hash));
  const queue = useQuery(disbursementQueries.queue(view, search.trim()));

  useEffect(() => {
    const onHash = () => setSelected(linkedCase(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const select = (id: string) => {
    setSelected(id);
    history.replaceState(null, '', `#/disbursement/${id}`);
  };

  return (
    <section className="page disbursement" aria-labelledby="disbursement-heading">
      <h2 id="disbursement-heading">{t('disbursement.heading')}</h2>
      <p className="muted">{t('disbursement.intro')}</p>
      <div className="disb-layout">
        <div className="disb-queue">
          <div className="disb-filters">
            <label>
              {t('disbursement.search')}
              <input
                type="search"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                data-testid="disbursement-search"
              />
            </label>
            <label>
              {t('disbursement.view.label')}
              <select
                value={view}
                onChange={(e) => setView(e.target.value as QueueView)}
                data-testid="disbursement-view"
              >
                <option value="open">{t('disbursement.view.open')}</option>
                <option value="prepared">{t('disbursement.view.prepared')}</option>
                <option value="all">{t('disbursement.view.all')}</option>
              </select>
            </label>
          </div>
          {queue.error && <p role="alert">{errorMessage(queue.error)}</p>}
          <p aria-live="polite" data-testid="disbursement-total">
            {queue.isLoading ? t('disbursement.loading') : t('disbursement.total', { count: queue.data?.total ?? 0 })}
          </p>
          {queue.data && <QueueTable items={queue.data.items} selected={selected} onSelect={select} />}
        </div>
        <div className="disb-detail">
          {selected ? (
            <CasePanel key={selected} applicationId={selected} userId={userId} />
          ) : (
            <p>{t('disbursement.chooseCase')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

function QueueTable({
  items,
  selected,
  onSelect,
}: {
  items: DisbursementQueueItem[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return <p data-testid="disbursement-empty">{t('disbursement.empty')}</p>;
  return (
    <div className="table-scroll">
      <table className="disb-table" data-testid="disbursement-queue">
        <caption className="sr-only">{t('disbursement.queueCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('disbursement.col.enterprise')}</th>
            <th scope="col" className="num">
              {t('disbursement.col.amount')}
            </th>
            <th scope="col">{t('disbursement.col.signedAt')}</th>
            <th scope="col">{t('disbursement.col.state')}</th>
            <th scope="col">{t('disbursement.col.preparedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr
              key={i.applicationId}
              aria-selected={selected === i.applicationId}
              data-testid={`disbursement-row-${i.applicationId}`}
              data-state={i.disbursementStatus}
            >
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => onSelect(i.applicationId)}
                  aria-label={t('disbursement.open', { id: i.applicationId })}
                >
                  {i.enterpriseName}
                </button>
                <div className="muted small">
                  {i.applicationId} · {t(`product.${i.productCode}`, { defaultValue: i.productCode })}
                </div>
              </td>
              <td className="num nowrap">{yuan(i.amount, i18n.language)}</td>
              <td className="nowrap">{beijingDateTime(i.signedAt).slice(0, 10)}</td>
              <td>
                <span className={`disb-badge disb-state-${i.disbursementStatus}`}>
                  {t(`disbursement.state.${i.disbursementStatus}`)}
                </span>
                <div className="muted small">
                  {t('disbursement.col.progress')}{' '}
                  {t('disbursement.progress', { done: i.evidenced, all: i.conditions })}
                </div>
              </td>
              <td>{i.makerName ?? t('disbursement.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
