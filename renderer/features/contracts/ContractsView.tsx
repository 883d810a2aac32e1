import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTRACT_WRITE_ROLES } from '../../../shared/api/areas';
import type { ContractQueueItem } from '../../../shared/api/contracts';
import { linkedContract } from '../../common/links';
import { sessionQueries } from '../../common/session';
import { errorMessage } from '../../i18n';
import { BatchBar } from './BatchBar';
import { CaseContracts } from './CaseContracts';
import { LprStaleBanner } from './LprStaleBanner';
import { QueueFilters, QueueTable } from './QueueTable';
import { contractQueries } from './queries';
import './contracts.css';

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
  const queue = useQuery(contractQueries.queue(view, search.trim()));
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
      <LprStaleBanner />
      {!canWrite && (
        <p className="read-only-note" role="note" data-testid="contracts-read-only">
          {t('contracts.readOnly')}
        </p>
      )}
      <div className="contracts-layout">
        <div className="contracts-queue">
          <QueueFilters search={search} onSearch={setSearch} view={view} onView={setView} />
          {queue.error && <p role="alert">{errorMessage(queue.error)}</p>}
          <p aria-live="polite">
            {queue.isLoading ? t('contracts.loading') : t('contracts.total', { count: queue.data?.total ?? 0 })}
          </p>
          <QueueTable
            items={items}
            canWrite={canWrite}
            selected={selected}
            onSelect={setSelected}
            checked={checked}
            onToggle={toggle}
          />
          {canWrite && <BatchBar eligible={eligible} checked={checked} setChecked={setChecked} />}
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
