/**
 * Renewal (续贷) and top-up (增额) on the loan page (issue 17 item 5): the rules' answer on whether this
 * loan may be renewed without repaying the principal (无还本续贷), condition by condition in words; the
 * applications started from it, each a link to its case; and, for the relationship manager, the form that
 * starts a renewal or a top-up (amount, term, purpose) — submitted like any new application, into the
 * approvers' queue. Data through IPC renewal.eligibility / renewal.start (shared/ipc/channels/renewal.ts).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenewalEligibilityResponse, StartRenewalResponse } from '../../../shared/api/renewal';
import type { RenewalKind } from '../../../shared/credit/renewal';
import { formatMoney, tryParseMoney } from '../../../shared/money';
import { invoke } from '../../client/workstation';
import { caseLink } from '../../common/links';
import { sessionQueries } from '../../common/session';
import { beijingDateTime, yuan } from '../../format';
import { errorMessage, localMessage } from '../../i18n';
import './renewal.css';

const renewalQuery = (loanId: string) =>
  queryOptions({
    queryKey: ['renewal', 'eligibility', loanId],
    queryFn: () => invoke('renewal.eligibility', { loanId }),
    staleTime: 30_000,
  });

type Words = { zh: string; en: string };
const inLang = (w: Words, language: string) => (language.startsWith('en') ? w.en : w.zh);

/** A refusal from the bank in its own words (Chinese on a Chinese screen), else the app's message. */
const refusal = (e: unknown) => {
  const err = e as { status?: number };
  return err.status !== undefined && err.status >= 400 && err.status < 500
    ? localMessage(e) || errorMessage(e)
    : errorMessage(e);
};

export function RenewalPanel({ loanId }: { loanId: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery(renewalQuery(loanId));
  const session = useQuery(sessionQueries.current());
  const isRm = session.data?.user?.roles.includes('relationship_manager') ?? false;
  const [created, setCreated] = useState<StartRenewalResponse | null>(null);

  return (
    <section className="renewal-panel" aria-labelledby={`renewal-${loanId}`} data-testid="renewal-panel">
      <h3 id={`renewal-${loanId}`}>{t('renewal.heading')}</h3>
      {q.isPending ? (
        <p aria-busy="true">{t('renewal.loading')}</p>
      ) : q.isError || !q.data ? (
        <p role="alert" data-testid="renewal-error">
          {refusal(q.error)}
        </p>
      ) : (
        <>
          <Answer d={q.data} language={i18n.language} />
          <Earlier d={q.data} />
          {created && (
            <p role="status" className="renewal-created" data-testid="renewal-created">
              {t('renewal.created', {
                id: created.application.id,
                kind: t(`renewal.kind.${created.kind}`),
                status: t(`status.${created.application.status}`),
              })}{' '}
              <a href={caseLink(created.application.id)} data-testid="renewal-created-link">
                {t('renewal.open', { id: created.application.id })}
              </a>
            </p>
          )}
          {!q.data.eligibility.blocked &&
            (isRm ? (
              <StartForm d={q.data} onCreated={setCreated} />
            ) : (
              <p className="muted small">{t('renewal.form.onlyRm')}</p>
            ))}
        </>
      )}
    </section>
  );
}

function Answer({ d, language }: { d: RenewalEligibilityResponse; language: string }) {
  const { t } = useTranslation();
  const e = d.eligibility;
  const failed = e.noPrincipalRenewal.conditions.filter((c) => !c.passed);
  return (
    <>
      {e.blocked ? (
        <p role="alert" className="renewal-verdict renewal-no" data-testid="renewal-blocked">
          {t('renewal.blocked', { reason: inLang(e.blocked.reason, language) })}
        </p>
      ) : (
        <p
          className={`renewal-verdict ${e.noPrincipalRenewal.allowed ? 'renewal-yes' : 'renewal-no'}`}
          data-testid="renewal-verdict"
        >
          {e.noPrincipalRenewal.allowed ? t('renewal.allowed') : t('renewal.notAllowed', { count: failed.length })}
        </p>
      )}
      <table className="renewal-conditions" data-testid="renewal-conditions">
        <caption>{t('renewal.conditionsCaption')}</caption>
        <tbody>
          {e.noPrincipalRenewal.conditions.map((c) => (
            <tr key={c.code} className={c.passed ? 'renewal-met' : 'renewal-unmet'}>
              <th scope="row">{inLang(c.label, language)}</th>
              <td>{c.passed ? t('renewal.passed') : t('renewal.failed')}</td>
              <td>{c.reason ? inLang(c.reason, language) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('renewal.basis', { source: e.source, version: e.ruleVersion, date: e.asOf })}</p>
    </>
  );
}

function Earlier({ d }: { d: RenewalEligibilityResponse }) {
  const { t, i18n } = useTranslation();
  if (d.applications.length === 0) return null;
  return (
    <section aria-labelledby="renewal-earlier-heading">
      <h4 id="renewal-earlier-heading">{t('renewal.earlier.heading')}</h4>
      <ul className="renewal-earlier" data-testid="renewal-applications">
        {d.applications.map((a) => (
          <li key={a.id}>
            <a href={caseLink(a.id)}>{a.id}</a>{' '}
            {t('renewal.earlier.item', {
              kind: t(`renewal.kind.${a.kind}`),
              amount: yuan(a.amount, i18n.language),
              months: a.termMonths,
              status: t(`status.${a.status}`),
              date: beijingDateTime(a.submittedAt),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function StartForm({ d, onCreated }: { d: RenewalEligibilityResponse; onCreated: (r: StartRenewalResponse) => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const ids = useId();
  const [kind, setKind] = useState<RenewalKind>('renewal');
  const [amount, setAmount] = useState(d.defaults.amount);
  const [term, setTerm] = useState(String(d.defaults.termMonths));
  const [purpose, setPurpose] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { minTermMonths: min, maxTermMonths: max } = d.defaults;

  const start = useMutation({
    mutationFn: (req: { kind: RenewalKind; amount: string; termMonths: number; purpose?: string }) =>
      invoke('renewal.start', { loanId: d.loan.id, ...req }),
    onSuccess: (r) => {
      onCreated(r);
      setProblem(null);
    },
    onError: (e) => setProblem(refusal(e)),
    onSettled: () => qc.invalidateQueries({ queryKey: ['renewal', 'eligibility', d.loan.id] }),
  });

  const choose = (k: RenewalKind) => {
    setKind(k);
    setAmount(k === 'renewal' ? d.defaults.amount : '');
    setProblem(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fen = tryParseMoney(amount.trim());
    if (fen === null || fen <= 0n) return setProblem(t('renewal.form.badAmount'));
    const months = Number(term);
    if (!Number.isInteger(months) || months < min || months > max)
      return setProblem(t('renewal.form.badTerm', { min, max }));
    start.mutate({
      kind,
      amount: formatMoney(fen),
      termMonths: months,
      ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
    });
  };

  return (
    <form className="renewal-form" onSubmit={submit} aria-labelledby={`${ids}-h`} data-testid="renewal-form">
      <h4 id={`${ids}-h`}>{t('renewal.form.heading')}</h4>
      <fieldset>
        <legend>{t('renewal.kind.label')}</legend>
        {(['renewal', 'top_up'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name={`${ids}-kind`}
              value={k}
              checked={kind === k}
              onChange={() => choose(k)}
              data-testid={`renewal-kind-${k}`}
            />{' '}
            {t(`renewal.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${ids}-amount`}>{t('renewal.form.amount')}</label>
      <input
        id={`${ids}-amount`}
        inputMode="decimal"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        aria-describedby={`${ids}-amount-hint`}
        data-testid="renewal-amount"
      />
      <span id={`${ids}-amount-hint`} className="muted small">
        {kind === 'renewal'
          ? t('renewal.form.amountRenewalHint', { balance: yuan(d.loan.balance, i18n.language) })
          : t('renewal.form.amountTopUpHint')}
      </span>
      <label htmlFor={`${ids}-term`}>{t('renewal.form.term')}</label>
      <input
        id={`${ids}-term`}
        inputMode="numeric"
        value={term}
        onChange={(e) => setTerm(e.target.value)}
        aria-describedby={`${ids}-term-hint`}
        data-testid="renewal-term"
      />
      <span id={`${ids}-term-hint`} className="muted small">
        {t('renewal.form.termHint', { min, max })}
      </span>
      <label htmlFor={`${ids}-purpose`}>{t('renewal.form.purpose')}</label>
      <textarea
        id={`${ids}-purpose`}
        rows={2}
        maxLength={500}
        value={purpose}
        onChange={(e) => setPurpose(e.target.value)}
        data-testid="renewal-purpose"
      />
      {problem && (
        <p role="alert" className="renewal-problem" data-testid="renewal-problem">
          {problem}
        </p>
      )}
      <button type="submit" disabled={start.isPending} data-testid="renewal-submit">
        {start.isPending ? t('renewal.form.submitting') : t('renewal.form.submit')}
      </button>
    </form>
  );
}
