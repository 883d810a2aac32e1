import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTRACT_WRITE_ROLES } from '../../../shared/api/areas';
import type { ContractQueueItem } from '../../../shared/api/contracts';
import { linkedContract } from '../../common/links';
import { sessionQueries } from '../../common/session';
import { groupMoney } from '../../format';
import { errorMessage } from '../../i18n';
import { CaseContracts } from './CaseContracts';
import { useBatchStartMutation } from './mutations';
import { contractQueries } from './queries';
import './contracts.css';

function BatchProgress({ jobId, onDone }: { jobId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const q = useQuery(contractQueries.batch(jobId));
  const s = q.data;
  useEffect(() => {
    if (s?.finished) onDone();
  }, [s?.finished, onDone]);
  if (!s) return null;
  return (
    <div className="batch-progress" data-testid="batch-progress">
      <label>
        {t('contracts.batchProgress', { done: s.done, total: s.total, failed: s.failed })}
        <progress max={s.total} value={s.done} />
      </label>
      {s.items
        .filter((i) => i.state === 'failed')
        .map((i) => (
          <p key={i.applicationId} role="alert">
            {i.applicationId}: {i.error?.message}
          </p>
        ))}
    </div>
  );
}

/**
 * The contract officer's screen: approved cases awaiting contracts, and the chosen case's contracts. Other
 * roles that may read contract state (a supervisor) see it read-only: nothing that needs a contract officer
 * is offered or called (shared/api/areas.ts CONTRACT_WRITE_ROLES, as the bank API enforces).
 */
export function ContractsView() {
  const { t } = useTranslation();
  const session = useQuery(sessionQueries.current());
  const roles = session.data?.user?.roles ?? [];
  const canWrite = roles.some((r) => CONTRACT_WRITE_ROLES.includes(r));
  const [view, setView] = useState<'open' | 'all'>('open');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(() => linkedContract(location.hash));
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const onBatchDone = useCallback(() => setRunning(false), []);
  const queue = useQuery(contractQueries.queue(view, search.trim()));
  const batch = useBatchStartMutation();
  const toggle = (id: string) =>
    setChecked((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const items: ContractQueueItem[] = queue.data?.items ?? [];
  const eligible = items.filter((i) => i.contractStatus === 'none');

  return (
    <section className="page contracts" aria-labelledby="contracts-heading">
      <h2 id="contracts-heading">{t('contracts.heading')}</h2>
      {!canWrite && (
        <p className="read-only-note" role="note" data-testid="contracts-read-only">
          {t('contracts.readOnly')}
        </p>
      )}
      <div className="contracts-layout">
        <div className="contracts-queue">
          <div className="contracts-filters">
            <label>
              {t('contracts.search')}
              <input
                type="search"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                data-testid="contracts-search"
              />
            </label>
            <label>
              {t('contracts.view')}
              <select value={view} onChange={(e) => setView(e.target.value as 'open' | 'all')}>
                <option value="open">{t('contracts.viewOpen')}</option>
                <option value="all">{t('contracts.viewAll')}</option>
              </select>
            </label>
          </div>
          {queue.error && <p role="alert">{errorMessage(queue.error)}</p>}
          <p aria-live="polite">
            {queue.isLoading ? t('contracts.loading') : t('contracts.total', { count: queue.data?.total ?? 0 })}
          </p>
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
                        onChange={() => toggle(i.applicationId)}
                        aria-label={t('contracts.selectCase', { id: i.applicationId })}
                      />
                    </td>
                  )}
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(i.applicationId)}>
                      {i.applicationId}
                    </button>
                  </td>
                  <td>{i.enterpriseName}</td>
                  <td>{t(`product.${i.productCode}`, { defaultValue: i.productCode })}</td>
                  <td className="num">{groupMoney(i.amount)}</td>
                  <td>
                    <span className={`badge badge-${i.contractStatus}`}>
                      {t(`contracts.status.${i.contractStatus}`)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {canWrite && (
            <div className="batch-bar">
              <button
                type="button"
                onClick={() => setChecked(new Set(eligible.map((i) => i.applicationId)))}
                disabled={!eligible.length}
              >
                {t('contracts.selectAllEligible')}
              </button>
              <button
                type="button"
                data-testid="batch-generate"
                disabled={checked.size === 0 || batch.isPending || running}
                onClick={() =>
                  batch.mutate(
                    { applicationIds: [...checked] },
                    {
                      onSuccess: (s) => {
                        setJobId(s.jobId);
                        setRunning(true);
                        setChecked(new Set());
                      },
                    },
                  )
                }
              >
                {t('contracts.batchGenerate', { count: checked.size })}
              </button>
              {batch.error && <p role="alert">{errorMessage(batch.error)}</p>}
              {jobId && <BatchProgress key={jobId} jobId={jobId} onDone={onBatchDone} />}
            </div>
          )}
        </div>
        <div className="contracts-detail">
          {selected ? (
            <CaseContracts applicationId={selected} canWrite={canWrite} />
          ) : (
            <p>{t('contracts.chooseCase')}</p>
          )}
        </div>
      </div>
    </section>
  );
}
