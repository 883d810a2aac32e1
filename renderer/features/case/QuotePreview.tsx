import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import { beijingDate } from '../../../shared/calendar';
import type { QuoteRequest } from '../../../shared/loan/quote';
import { formatMoney, tryParseMoney } from '../../../shared/money/money';
import { groupMoney, yuan } from '../../format';
import type { DecisionForm } from './decision-form';
import { caseQueries } from './queries';

/** The quote request for the terms in the form, or null while they are not valid. */
export function quoteRequestFor(
  form: Pick<DecisionForm, 'amount' | 'rate' | 'term' | 'method'>,
  today: string,
): QuoteRequest | null {
  const fen = tryParseMoney(form.amount.trim());
  const term = Number(form.term);
  if (
    fen === null ||
    fen <= 0n ||
    !/^\d{1,2}(\.\d{1,4})?$/.test(form.rate.trim()) ||
    !Number.isInteger(term) ||
    term < 1 ||
    term > 360
  )
    return null;
  if (!['equal_installment', 'equal_principal', 'interest_first'].includes(form.method)) return null;
  return {
    amount: formatMoney(fen),
    termMonths: term,
    repaymentMethod: form.method as QuoteRequest['repaymentMethod'],
    annualRate: form.rate.trim(),
    upfrontFee: '0.00',
    startDate: today,
  };
}

/** Pricing (LPR + spread) and the repayment schedule for the terms being considered, from POST /quotes. */
export function QuotePreview({
  d,
  form,
}: {
  d: ApplicationDetail;
  form: Pick<DecisionForm, 'amount' | 'rate' | 'term' | 'method'>;
}) {
  const { t, i18n } = useTranslation();
  const [req, setReq] = useState<QuoteRequest | null>(null);
  useEffect(() => {
    const h = setTimeout(() => setReq(quoteRequestFor(form, beijingDate(Date.now()))), 300);
    return () => clearTimeout(h);
  }, [form.amount, form.rate, form.term, form.method, form]);
  const q = useQuery(caseQueries.quote(req));
  const price = (d.assessment as { price?: { lpr?: string; spreadBp?: number; annualRate?: string } | null }).price;
  return (
    <section className="card" aria-labelledby="quote-h" data-testid="case-quote">
      <h3 id="quote-h">{t('case.pricing')}</h3>
      {price && (
        <p>
          {t('case.lpr')} {price.lpr}% + {t('case.spread')} {t('case.bp', { n: price.spreadBp })} = {t('case.rate')}{' '}
          {price.annualRate}%
        </p>
      )}
      {!req ? (
        <p className="muted">{t('case.quoteInvalid')}</p>
      ) : q.isPending ? (
        <p aria-busy="true">{t('case.quoteLoading')}</p>
      ) : q.data ? (
        <>
          <p>
            {t('case.totalInterest')}
            {t('case.colon')}
            <span className="num">{yuan(q.data.totalInterest, i18n.language)}</span> · {t('case.apr')}
            {t('case.colon')}
            <span data-testid="quote-apr">{q.data.aprNominal}%</span>
          </p>
          <div className="schedule-scroll">
            <table className="dense" data-testid="quote-schedule">
              <thead>
                <tr>
                  <th scope="col">{t('case.schedulePeriod')}</th>
                  <th scope="col">{t('case.dueDate')}</th>
                  <th scope="col">{t('case.principal')}</th>
                  <th scope="col">{t('case.interest')}</th>
                  <th scope="col">{t('case.payment')}</th>
                  <th scope="col">{t('case.balance')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.schedule.map((s) => (
                  <tr key={s.period}>
                    <td>{s.period}</td>
                    <td>{s.dueDate}</td>
                    <td className="num">{groupMoney(s.principal)}</td>
                    <td className="num">{groupMoney(s.interest)}</td>
                    <td className="num">{groupMoney(s.payment)}</td>
                    <td className="num">{groupMoney(s.balance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
