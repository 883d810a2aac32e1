/**
 * The relationship manager's workspace (客户经理工作台): my applications by status (returned first), my
 * clients, repayment reminders (Reminders.tsx), and a new application as a short step-by-step form that shows the pre-approval answer
 * before submitting (NewApplication.tsx).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationSummary } from '../../../shared/api/applications';
import { beijingDateTime, yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { NewApplication } from './NewApplication';
import { workspaceQueries } from './queries';
import { Reminders } from './Reminders';

/** Status order on the workspace: what needs the RM first. */
const STATUS_ORDER = ['returned', 'in_review', 'escalated', 'committee', 'approved', 'auto_approved', 'contracting'];
const rank = (s: string) => {
  const i = STATUS_ORDER.indexOf(s);
  return i < 0 ? STATUS_ORDER.length : i;
};

export function WorkspaceView() {
  const { t, i18n } = useTranslation();
  const [drafting, setDrafting] = useState(false);
  const apps = useQuery(workspaceQueries.applications());
  const items = apps.data?.items ?? [];
  const groups = new Map<string, ApplicationSummary[]>();
  for (const a of [...items].sort((x, y) => rank(x.status) - rank(y.status))) {
    groups.set(a.status, [...(groups.get(a.status) ?? []), a]);
  }
  const clients = new Map<string, { name: string; uscc: string; n: number }>();
  for (const a of items) {
    const c = clients.get(a.enterpriseId) ?? { name: a.enterpriseName, uscc: a.uscc, n: 0 };
    c.n++;
    clients.set(a.enterpriseId, c);
  }

  return (
    <section className="page" aria-labelledby="workspace-heading" data-testid="workspace">
      <h2 id="workspace-heading">{t('workspace.heading')}</h2>
      <p>
        <button type="button" onClick={() => setDrafting((d) => !d)} aria-expanded={drafting}>
          {drafting ? t('workspace.closeForm') : t('workspace.newApplication')}
        </button>
      </p>
      {drafting && <NewApplication />}

      <Reminders />

      <h3 id="ws-apps">{t('workspace.myApplications')}</h3>
      {apps.isPending ? (
        <p>{t('workspace.loading')}</p>
      ) : apps.isError ? (
        <p role="alert">{errorMessage(apps.error)}</p>
      ) : items.length === 0 ? (
        <p>{t('workspace.noApplications')}</p>
      ) : (
        [...groups.entries()].map(([status, list]) => (
          <section key={status} aria-label={t(`status.${status}`)} data-testid={`ws-status-${status}`}>
            <h4>
              {t(`status.${status}`)} · {t('workspace.count', { count: list.length })}
            </h4>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('workspace.col.id')}</th>
                  <th scope="col">{t('workspace.col.enterprise')}</th>
                  <th scope="col">{t('workspace.col.amount')}</th>
                  <th scope="col">{t('workspace.col.submitted')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((a) => (
                  <tr key={a.id} data-testid="ws-application">
                    <td>
                      <a href={`#/queue/${a.id}`}>{a.id}</a>
                    </td>
                    <td>{a.enterpriseName}</td>
                    <td className="num">{yuan(a.amount, i18n.language)}</td>
                    <td>{beijingDateTime(a.submittedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      )}

      <h3>{t('workspace.myClients')}</h3>
      {clients.size === 0 ? (
        <p>{t('workspace.noClients')}</p>
      ) : (
        <table className="table" data-testid="ws-clients">
          <thead>
            <tr>
              <th scope="col">{t('workspace.col.enterprise')}</th>
              <th scope="col">{t('workspace.col.uscc')}</th>
              <th scope="col">{t('workspace.col.applications')}</th>
            </tr>
          </thead>
          <tbody>
            {[...clients.values()].map((c) => (
              <tr key={c.uscc}>
                <td>{c.name}</td>
                <td>{c.uscc}</td>
                <td className="num">{c.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
