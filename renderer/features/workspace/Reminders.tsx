/**
 * Repayment reminders (还款提醒, issue 16 item 5) in the relationship manager's workspace: my clients'
 * instalments due in the next N bank working days (5 by default) and their loans past due, from
 * GET /api/v1/workspace/repayments through IPC workspace.repayments.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REMINDER_DEFAULT_DAYS, REMINDER_MAX_DAYS } from '../../../shared/api/repayments';
import { PRODUCTS } from '../../../shared/credit/products';
import { loanLink } from '../../common/links';
import { langOf, yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { workspaceQueries } from './queries';

export function Reminders() {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [days, setDays] = useState(REMINDER_DEFAULT_DAYS);
  const inputId = useId();
  const q = useQuery(workspaceQueries.repayments(days));
  const product = (code: string) => PRODUCTS.find((p) => p.code === code)?.name[lang] ?? code;
  const derived = t('accuracy.reminders.scheduleDerived');
  const data = q.data;

  return (
    <section aria-labelledby="ws-reminders" data-testid="ws-reminders">
      <h3 id="ws-reminders">{t('accuracy.reminders.heading')}</h3>
      <p>
        <label htmlFor={inputId}>{t('accuracy.reminders.window')}</label>{' '}
        <select id={inputId} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[1, 3, 5, 10, 20, REMINDER_MAX_DAYS].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        {data && (
          <span className="muted small">
            {' '}
            {t('accuracy.reminders.windowHint', { days: data.days, asOf: data.asOf })}
          </span>
        )}
      </p>
      {q.isPending ? (
        <p>{t('accuracy.reminders.loading')}</p>
      ) : q.isError || !data ? (
        <p role="alert">{t('accuracy.reminders.failed', { message: errorMessage(q.error ?? new Error('?')) })}</p>
      ) : (
        <>
          <h4>{t('accuracy.reminders.due', { count: data.dueTotal })}</h4>
          {data.due.length === 0 ? (
            <p>{t('accuracy.reminders.noDue', { days: data.days })}</p>
          ) : (
            <table className="table" data-testid="ws-reminders-due">
              <thead>
                <tr>
                  <th scope="col">{t('accuracy.reminders.col.dueDate')}</th>
                  <th scope="col">{t('accuracy.reminders.col.workingDaysLeft')}</th>
                  <th scope="col">{t('accuracy.reminders.col.enterprise')}</th>
                  <th scope="col">{t('accuracy.reminders.col.loan')}</th>
                  <th scope="col">{t('accuracy.reminders.col.product')}</th>
                  <th scope="col">{t('accuracy.reminders.col.period')}</th>
                  <th scope="col">{t('accuracy.reminders.col.amountDue')}</th>
                  <th scope="col">{t('accuracy.reminders.col.principal')}</th>
                  <th scope="col">{t('accuracy.reminders.col.interest')}</th>
                </tr>
              </thead>
              <tbody>
                {data.due.map((d) => (
                  <tr key={`${d.loanId}-${d.period}`} data-testid="ws-reminder-due">
                    <td>{d.dueDate}</td>
                    <td className="num">{d.workingDaysLeft}</td>
                    <td>{d.enterpriseName}</td>
                    <td title={d.schedule === 'derived' ? derived : undefined}>
                      <a href={loanLink(d.loanId)} data-testid="ws-reminder-loan">
                        {d.loanId}
                      </a>
                      {d.schedule === 'derived' ? ' *' : ''}
                    </td>
                    <td>{product(d.productCode)}</td>
                    <td className="num">{d.period}</td>
                    <td className="num">{yuan(d.amountDue, i18n.language)}</td>
                    <td className="num">{yuan(d.principal, i18n.language)}</td>
                    <td className="num">{yuan(d.interest, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h4>{t('accuracy.reminders.pastDue', { count: data.pastDueTotal })}</h4>
          {data.pastDue.length === 0 ? (
            <p>{t('accuracy.reminders.noPastDue')}</p>
          ) : (
            <table className="table" data-testid="ws-reminders-past-due">
              <thead>
                <tr>
                  <th scope="col">{t('accuracy.reminders.col.daysPastDue')}</th>
                  <th scope="col">{t('accuracy.reminders.col.overdueSince')}</th>
                  <th scope="col">{t('accuracy.reminders.col.enterprise')}</th>
                  <th scope="col">{t('accuracy.reminders.col.loan')}</th>
                  <th scope="col">{t('accuracy.reminders.col.product')}</th>
                  <th scope="col">{t('accuracy.reminders.col.dueDate')}</th>
                  <th scope="col">{t('accuracy.reminders.col.amountDue')}</th>
                  <th scope="col">{t('accuracy.reminders.col.balance')}</th>
                </tr>
              </thead>
              <tbody>
                {data.pastDue.map((p) => (
                  <tr key={p.loanId} data-testid="ws-reminder-past-due">
                    <td className="num">{p.daysPastDue}</td>
                    <td>{p.overdueSince}</td>
                    <td>{p.enterpriseName}</td>
                    <td title={p.schedule === 'derived' ? derived : undefined}>
                      <a href={loanLink(p.loanId)} data-testid="ws-reminder-loan">
                        {p.loanId}
                      </a>
                      {p.schedule === 'derived' ? ' *' : ''}
                    </td>
                    <td>{product(p.productCode)}</td>
                    <td>{p.dueDate ?? '—'}</td>
                    <td className="num">{p.amountDue ? yuan(p.amountDue, i18n.language) : '—'}</td>
                    <td className="num">{yuan(p.balance, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {[...data.due, ...data.pastDue].some((x) => x.schedule === 'derived') && (
            <p className="muted small">* {derived}</p>
          )}
        </>
      )}
    </section>
  );
}
