import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleSetSummary } from '../../../shared/api/rule-sets';
import { sessionQueries } from '../../common/session';
import { beijingDateTime } from '../../format';
import { errorMessage } from '../../i18n';
import { ruleQueries, useCreateDraft } from './queries';
import { VersionPanel } from './VersionPanel';
import './rules.css';

/**
 * Rule-set publishing (规则版本发布) for supervisors: the versions, a draft's editor, its replay over the
 * last decided cases, and the four-eyes submit / approve / reject. The bank API enforces all of it.
 */
export function RulesView() {
  const { t } = useTranslation();
  const session = useQuery(sessionQueries.current());
  const userId = session.data?.user?.id ?? '';
  const list = useQuery(ruleQueries.list());
  const create = useCreateDraft();
  const [selected, setSelected] = useState<string | null>(null);
  const items: RuleSetSummary[] = list.data?.items ?? [];
  const inForce = items.find((i) => i.version === list.data?.inForce);

  return (
    <section className="page rules" aria-labelledby="rules-heading">
      <h2 id="rules-heading">{t('rules.heading')}</h2>
      <p className="rules-intro">{t('rules.intro')}</p>
      {list.error && <p role="alert">{errorMessage(list.error)}</p>}
      {list.isLoading && <p aria-live="polite">{t('rules.loading')}</p>}
      {inForce && (
        <p data-testid="rules-in-force">
          {t('rules.inForce', { version: inForce.version, date: inForce.effectiveFrom })}
        </p>
      )}
      <p>
        <button
          type="button"
          data-testid="rules-new-draft"
          disabled={create.isPending}
          onClick={() => create.mutate({}, { onSuccess: (d) => setSelected(d.version) })}
        >
          {create.isPending ? t('rules.creating') : t('rules.newDraft')}
        </button>
      </p>
      {create.error && <p role="alert">{errorMessage(create.error)}</p>}
      <div className="rules-layout">
        <div className="rules-list">
          <table className="rules-table" data-testid="rules-versions">
            <caption>{t('rules.versions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rules.col.version')}</th>
                <th scope="col">{t('rules.col.status')}</th>
                <th scope="col">{t('rules.col.effectiveFrom')}</th>
                <th scope="col">{t('rules.col.author')}</th>
                <th scope="col">{t('rules.col.approver')}</th>
                <th scope="col">{t('rules.col.updatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr key={v.version} aria-selected={v.version === selected} data-testid={`rules-row-${v.version}`}>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(v.version)}>
                      {v.version}
                    </button>
                  </td>
                  <td>
                    <span className={`badge badge-${v.status}`}>{t(`rules.status.${v.status}`)}</span>
                    {v.inForce && <span className="badge badge-in-force">{t('rules.inForceBadge')}</span>}
                  </td>
                  <td>{v.effectiveFrom}</td>
                  <td>{v.authorName ?? '—'}</td>
                  <td>{v.approverName ?? '—'}</td>
                  <td>{beijingDateTime(v.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="rules-detail">
          {selected ? (
            <VersionPanel key={selected} version={selected} userId={userId} today={list.data?.today ?? ''} />
          ) : (
            <p>{t('rules.chooseVersion')}</p>
          )}
        </div>
      </div>
    </section>
  );
}
