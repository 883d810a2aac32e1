import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WarningBranchCount, WarningTaskSummary, WarningTaskView } from '../../../shared/api/warning-tasks';
import { WARNING_TASK_VIEWS } from '../../../shared/api/warning-tasks';
import { sessionQueries } from '../../common/session';
import { errorMessage } from '../../i18n';
import { linkedTask } from './links';
import { signalName } from './messages';
import { warningQueries } from './queries';
import { TaskPanel } from './TaskPanel';
import './warnings.css';

/**
 * 预警处置: a relationship manager's warning tasks (one per signal on a client they serve) and a
 * supervisor's view of the tasks of their branches — counts by branch, overdue first — with the chosen
 * task beside the list. Who may do what is the bank API's answer (mayRecord, mayConfirm).
 */
export function WarningsView() {
  const { t } = useTranslation();
  const session = useQuery(sessionQueries.current());
  const roles = session.data?.user?.roles ?? [];
  const supervisor = roles.includes('supervisor');
  const [view, setView] = useState<WarningTaskView>('active');
  const [branchId, setBranchId] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(() => linkedTask(location.hash));
  const list = useQuery(warningQueries.list(view, branchId));

  useEffect(() => {
    const onHash = () => setSelected(linkedTask(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const select = (id: string) => {
    setSelected(id);
    history.replaceState(null, '', `#/warnings/${id}`);
  };
  const branchName = list.data?.byBranch.find((b) => b.branchId === branchId)?.branchName ?? branchId;

  return (
    <section className="page warnings" aria-labelledby="warnings-heading">
      <h2 id="warnings-heading">{t('warnings.heading')}</h2>
      <p className="muted">{supervisor ? t('warnings.introSupervisor') : t('warnings.introOfficer')}</p>
      {list.data && <p className="muted small">{t('warnings.today', { date: list.data.today })}</p>}
      {supervisor && list.data && <BranchCounts rows={list.data.byBranch} selected={branchId} onSelect={setBranchId} />}
      <div className="wt-layout">
        <div className="wt-list">
          <div className="wt-filters">
            <label>
              {t('warnings.view.label')}
              <select
                value={view}
                onChange={(e) => setView(e.target.value as WarningTaskView)}
                data-testid="warnings-view"
              >
                {WARNING_TASK_VIEWS.map((v) => (
                  <option key={v} value={v}>
                    {t(`warnings.view.${v}`)}
                  </option>
                ))}
              </select>
            </label>
            {branchId && (
              <p>
                {t('warnings.branches.filtered', { name: branchName })}{' '}
                <button type="button" className="link" onClick={() => setBranchId(null)}>
                  {t('warnings.branches.clear')}
                </button>
              </p>
            )}
          </div>
          {list.error && <p role="alert">{errorMessage(list.error)}</p>}
          <p aria-live="polite" data-testid="warnings-total">
            {list.isLoading ? t('warnings.loading') : t('warnings.total', { count: list.data?.total ?? 0 })}
          </p>
          {list.data && <TaskTable items={list.data.items} selected={selected} onSelect={select} />}
        </div>
        <div className="wt-detail">
          {selected ? (
            <TaskPanel key={selected} taskId={selected} today={list.data?.today ?? null} />
          ) : (
            <p>{t('warnings.choose')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

function BranchCounts({
  rows,
  selected,
  onSelect,
}: {
  rows: WarningBranchCount[];
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="wt-table wt-branches" data-testid="warnings-branches">
        <caption>{t('warnings.branches.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('warnings.branches.branch')}</th>
            <th scope="col" className="num">
              {t('warnings.branches.open')}
            </th>
            <th scope="col" className="num">
              {t('warnings.branches.escalated')}
            </th>
            <th scope="col" className="num">
              {t('warnings.branches.awaiting')}
            </th>
            <th scope="col" className="num">
              {t('warnings.branches.overdue')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={5}>{t('warnings.empty')}</td>
            </tr>
          )}
          {rows.map((b) => (
            <tr key={b.branchId} aria-selected={selected === b.branchId} data-testid={`warnings-branch-${b.branchId}`}>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => onSelect(selected === b.branchId ? null : b.branchId)}
                  aria-label={t('warnings.branches.filter', { name: b.branchName })}
                >
                  {b.branchName}
                </button>
              </td>
              <td className="num">{b.open}</td>
              <td className="num">{b.escalated}</td>
              <td className="num">{b.awaitingConfirmation}</td>
              <td className={`num${b.overdue > 0 ? ' wt-overdue' : ''}`}>{b.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TaskTable({
  items,
  selected,
  onSelect,
}: {
  items: WarningTaskSummary[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return <p data-testid="warnings-empty">{t('warnings.empty')}</p>;
  return (
    <div className="table-scroll">
      <table className="wt-table" data-testid="warnings-list">
        <thead>
          <tr>
            <th scope="col">{t('warnings.col.enterprise')}</th>
            <th scope="col">{t('warnings.col.signal')}</th>
            <th scope="col">{t('warnings.col.due')}</th>
            <th scope="col">{t('warnings.col.status')}</th>
            <th scope="col">{t('warnings.col.officer')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr
              key={i.id}
              aria-selected={selected === i.id}
              data-testid={`warnings-row-${i.id}`}
              data-status={i.status}
              data-loan={i.loanId}
            >
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => onSelect(i.id)}
                  aria-label={t('warnings.open', { id: i.id })}
                >
                  {i.enterpriseName}
                </button>
                <div className="muted small">
                  {i.loanId} · {i.branchName}
                </div>
              </td>
              <td>
                {signalName(t, i.code)}{' '}
                <span className={`wt-sev wt-sev-${i.severity}`}>
                  {t('warnings.severityLabel', { level: t(`warnings.severity.${i.severity}`) })}
                </span>
              </td>
              <td className="nowrap">
                {i.dueOn}
                {i.overdue && <span className="wt-badge wt-overdue"> {t('warnings.overdue')}</span>}
              </td>
              <td>
                <span className={`wt-badge wt-status-${i.status}`}>{t(`warnings.status.${i.status}`)}</span>
              </td>
              <td>{i.officerName ?? t('warnings.noOfficer')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
