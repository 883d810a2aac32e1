/**
 * The loans area (issue 17 item 2): `#/loans` finds a loan by its number or its borrower's name,
 * `#/loans?officer=<user id>` lists the loans of a service officer's clients, and `#/loans/<id>` is the
 * loan page (LoanPage.tsx). The dashboards' drill-down rows and the RM's repayment reminders link here.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOAN_ID_PATTERN } from '../../../shared/api/loans';
import { loanLink } from '../../common/links';
import { yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { LoanPage } from './LoanPage';
import { loanQueries } from './queries';
import { loansRoute, type LoansRoute as Route } from './route';
import './loans.css';

export function LoansView() {
  const [route, setRoute] = useState(() => loansRoute(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(loansRoute(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route.loanId !== null ? <LoanPage loanId={route.loanId} /> : <LoanFinder route={route} />;
}

function LoanFinder({ route }: { route: Route }) {
  const { t, i18n } = useTranslation();
  const inputId = useId();
  const [text, setText] = useState(route.q);
  useEffect(() => setText(route.q), [route.q]);
  const q = route.q.trim();
  const by = route.officer ? { officer: route.officer } : q.length >= 2 ? { q } : null;
  const found = useQuery({ ...loanQueries.search(by ?? {}), enabled: by !== null });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    // A whole loan number opens the loan; anything else searches.
    location.hash = LOAN_ID_PATTERN.test(v) && /^LN/.test(v) ? loanLink(v) : `#/loans?q=${encodeURIComponent(v)}`;
  };

  return (
    <section className="page loans" aria-labelledby="loans-heading" data-testid="loans-finder">
      <h2 id="loans-heading">
        {route.officer
          ? route.officerName
            ? t('loans.officerHeading', { name: route.officerName })
            : t('loans.officerHeadingUnknown')
          : t('loans.heading')}
      </h2>
      <form className="loans-find" onSubmit={submit} aria-label={t('loans.heading')}>
        <label htmlFor={inputId}>{t('loans.findLabel')}</label>
        <input
          id={inputId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={60}
          data-testid="loans-find-input"
        />
        <button type="submit" disabled={text.trim().length < 2} data-testid="loans-find">
          {t('loans.find')}
        </button>
      </form>
      <p className="muted small">{t('loans.findHint')}</p>
      {by && found.isPending && <p aria-busy="true">{t('loans.loading')}</p>}
      {found.isError && <p role="alert">{errorMessage(found.error)}</p>}
      {found.data &&
        (found.data.items.length === 0 ? (
          <p data-testid="loans-no-results">{t('loans.noResults')}</p>
        ) : (
          <>
            <p>{t('loans.results', { count: found.data.items.length })}</p>
            <table className="data-table" data-testid="loans-results">
              <thead>
                <tr>
                  <th scope="col">{t('loans.col.id')}</th>
                  <th scope="col">{t('loans.col.enterprise')}</th>
                  <th scope="col">{t('loans.col.product')}</th>
                  <th scope="col">{t('loans.col.balance')}</th>
                  <th scope="col">{t('loans.col.dpd')}</th>
                  <th scope="col">{t('loans.col.classification')}</th>
                  <th scope="col">{t('loans.col.disbursedOn')}</th>
                </tr>
              </thead>
              <tbody>
                {found.data.items.map((l) => (
                  <tr key={l.id} data-testid="loans-result">
                    <td>
                      <a href={loanLink(l.id)} aria-label={t('loans.link', { id: l.id })}>
                        {l.id}
                      </a>
                    </td>
                    <td>{l.enterpriseName}</td>
                    <td>{t(`product.${l.productCode}`, { defaultValue: t('loans.none') })}</td>
                    <td className="num">{yuan(l.balance, i18n.language)}</td>
                    <td className="num">{l.daysPastDue}</td>
                    <td>{t(`loans.class.${l.classification}`)}</td>
                    <td>{l.disbursedOn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ))}
    </section>
  );
}
