/**
 * New application (新建申请) in four short steps: enterprise (search by name or USCC, in my scope) →
 * product → terms (amount, term, method, purpose, a guarantor for a guaranteed product, an optional rate
 * exception) → the pre-approval answer, read BEFORE the submit button is offered. Submitting sends the
 * draft's id as the Idempotency-Key, so a retry never creates two applications.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateApplicationRequest } from '../../../shared/api/applications';
import type { EnterpriseSummary } from '../../../shared/api/enterprises';
import type { Preapproval } from '../../../shared/api/preapprovals';
import { invoke } from '../../client/workstation';
import { langOf, percent, yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { workspaceQueries } from './queries';

const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const MONEY = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
const RATE = /^(0|[1-9]\d{0,2})(\.\d{1,4})?$/;
const toMoney = (s: string) => (s.includes('.') ? s.padEnd(s.indexOf('.') + 3, '0') : `${s}.00`);
const newDraftId = () => `draft-${crypto.randomUUID()}`;

export function NewApplication() {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const qc = useQueryClient();
  const products = useQuery(workspaceQueries.products());
  const [step, setStep] = useState(1);
  const [draftId, setDraftId] = useState(newDraftId);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<EnterpriseSummary[] | null>(null);
  const [enterprise, setEnterprise] = useState<{ uscc: string; name: string } | null>(null);
  const [productCode, setProductCode] = useState('');
  const [amount, setAmount] = useState('');
  const [term, setTerm] = useState('12');
  const [method, setMethod] = useState('');
  const [purpose, setPurpose] = useState('');
  const [guarantor, setGuarantor] = useState('');
  const [rateOn, setRateOn] = useState(false);
  const [rate, setRate] = useState('');
  const [rateReason, setRateReason] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const product = products.data?.items.find((p) => p.code === productCode) ?? products.data?.items[0];
  const methods = product?.repaymentMethods ?? [];
  const chosenMethod = methods.includes(method) ? method : (methods[0] ?? '');

  const search = useMutation({ mutationFn: (text: string) => invoke('workspace.search', { q: text, limit: 20 }) });
  const request = (): CreateApplicationRequest => ({
    uscc: enterprise?.uscc ?? '',
    productCode: product?.code ?? '',
    amount: toMoney(amount.trim()),
    termMonths: Number(term),
    repaymentMethod: chosenMethod as CreateApplicationRequest['repaymentMethod'],
    purpose: purpose.trim(),
    channel: 'branch',
    ...(product?.guaranteeType === 'guarantee' && guarantor.trim() ? { guarantors: [{ name: guarantor.trim() }] } : {}),
    ...(rateOn ? { rateException: { annualRate: rate.trim(), reason: rateReason.trim() } } : {}),
  });
  const pre = useMutation({
    mutationFn: (r: CreateApplicationRequest) => {
      const { purpose: _p, channel: _c, ...body } = r;
      return invoke('workspace.preapprove', body);
    },
  });
  const submit = useMutation({
    mutationFn: (r: CreateApplicationRequest) => invoke('workspace.submit', { draftId, application: r }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['workspace'] });
      void qc.invalidateQueries({ queryKey: ['queue'] });
    },
  });

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    if (!q.trim()) return;
    search.mutate(q.trim(), { onSuccess: (r) => setFound(r.items) });
  };
  const toTerms = (e: FormEvent) => {
    e.preventDefault();
    setStep(3);
  };
  const toPreapproval = (e: FormEvent) => {
    e.preventDefault();
    const problem = !enterprise
      ? 'enterprise'
      : !MONEY.test(amount.trim())
        ? 'amount'
        : !/^\d{1,3}$/.test(term) || Number(term) < 1 || Number(term) > 360
          ? 'term'
          : !purpose.trim()
            ? 'purpose'
            : rateOn && !RATE.test(rate.trim())
              ? 'rate'
              : rateOn && !rateReason.trim()
                ? 'rateReason'
                : null;
    setInvalid(problem);
    if (problem) return;
    pre.reset();
    pre.mutate(request());
    setStep(4);
  };
  const again = () => {
    setStep(1);
    setDraftId(newDraftId());
    setEnterprise(null);
    setFound(null);
    pre.reset();
    submit.reset();
  };

  const stepKeys = ['enterprise', 'product', 'terms', 'preapproval'] as const;
  return (
    <section className="panel" aria-labelledby="new-app-heading" data-testid="new-application">
      <h3 id="new-app-heading">{t('workspace.newApplication')}</h3>
      <ol aria-label={t('workspace.steps.label')} className="steps">
        {stepKeys.map((k, i) => (
          <li key={k} aria-current={step === i + 1 ? 'step' : undefined}>
            {t(`workspace.steps.${k}`)}
          </li>
        ))}
      </ol>
      <p className="muted">{t('workspace.stepOf', { n: step })}</p>

      {step === 1 && (
        <div>
          <form onSubmit={onSearch}>
            <label>
              {t('workspace.search')}
              <input value={q} onChange={(e) => setQ(e.target.value)} maxLength={100} />
            </label>{' '}
            <button type="submit" disabled={search.isPending}>
              {t('workspace.searchButton')}
            </button>
          </form>
          {search.isError && <p role="alert">{errorMessage(search.error)}</p>}
          {found?.length === 0 && <p role="status">{t('workspace.noMatch')}</p>}
          {USCC.test(q.trim().toUpperCase()) && !found?.some((e) => e.uscc === q.trim().toUpperCase()) && (
            <p>
              <button
                type="button"
                onClick={() => {
                  const code = q.trim().toUpperCase();
                  setEnterprise({ uscc: code, name: code });
                  setStep(2);
                }}
              >
                {t('workspace.byCode', { uscc: q.trim().toUpperCase() })}
              </button>
            </p>
          )}
          {found && found.length > 0 && (
            <ul className="plain" data-testid="ws-search-results">
              {found.map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    aria-label={t('workspace.choose', { name: e.name })}
                    onClick={() => {
                      setEnterprise(e);
                      setStep(2);
                    }}
                  >
                    {e.name} · {e.uscc}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {step >= 2 && enterprise && (
        <p data-testid="ws-chosen">
          {t('workspace.chosen', {
            // A typed code has no name until the bank answers the pre-approval.
            name: pre.data?.enterpriseName ?? (enterprise.name === enterprise.uscc ? '—' : enterprise.name),
            uscc: enterprise.uscc,
          })}
        </p>
      )}

      {step === 2 && (
        <form onSubmit={toTerms}>
          <label>
            {t('workspace.product')}
            <select value={product?.code ?? ''} onChange={(e) => setProductCode(e.target.value)}>
              {products.data?.items.map((p) => (
                <option key={p.code} value={p.code}>
                  {lang === 'en' ? p.nameEn : p.name}
                </option>
              ))}
            </select>
          </label>
          {product && (
            <p className="muted">
              {t('workspace.productLimits', {
                min: yuan(product.minAmount, i18n.language),
                max: yuan(product.maxAmount, i18n.language),
                minTerm: product.minTermMonths,
                maxTerm: product.maxTermMonths,
              })}
            </p>
          )}
          <button type="button" onClick={() => setStep(1)}>
            {t('workspace.back')}
          </button>{' '}
          <button type="submit" disabled={!product}>
            {t('workspace.next')}
          </button>
        </form>
      )}

      {step === 3 && (
        <form onSubmit={toPreapproval} noValidate>
          <label>
            {t('workspace.amount')}
            <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" />
          </label>
          <label>
            {t('workspace.termMonths')}
            <input value={term} onChange={(e) => setTerm(e.target.value)} inputMode="numeric" />
          </label>
          <label>
            {t('workspace.method')}
            <select value={chosenMethod} onChange={(e) => setMethod(e.target.value)}>
              {methods.map((m) => (
                <option key={m} value={m}>
                  {t(`method.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('workspace.purpose')}
            <input value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={500} />
          </label>
          {product?.guaranteeType === 'guarantee' && (
            <label>
              {t('workspace.guarantor')}
              <input value={guarantor} onChange={(e) => setGuarantor(e.target.value)} maxLength={200} />
              <span className="muted">{t('workspace.guarantorHint')}</span>
            </label>
          )}
          <label>
            <input type="checkbox" checked={rateOn} onChange={(e) => setRateOn(e.target.checked)} />
            {t('workspace.rateException')}
          </label>
          {rateOn && (
            <>
              <label>
                {t('workspace.rate')}
                <input value={rate} onChange={(e) => setRate(e.target.value)} inputMode="decimal" />
              </label>
              <label>
                {t('workspace.rateReason')}
                <input value={rateReason} onChange={(e) => setRateReason(e.target.value)} maxLength={500} />
              </label>
            </>
          )}
          {invalid && <p role="alert">{t(`workspace.invalid.${invalid}`)}</p>}
          <button type="button" onClick={() => setStep(2)}>
            {t('workspace.back')}
          </button>{' '}
          <button type="submit">{t('workspace.next')}</button>
        </form>
      )}

      {step === 4 && (
        <div>
          {pre.isPending && <p role="status">{t('workspace.checking')}</p>}
          {pre.isError && <p role="alert">{errorMessage(pre.error)}</p>}
          {pre.data && <PreapprovalAnswer p={pre.data} />}
          {submit.isError && <p role="alert">{errorMessage(submit.error)}</p>}
          {submit.data ? (
            <p role="status" data-testid="ws-submitted">
              {t('workspace.submitted', {
                id: submit.data.application.id,
                status: t(`status.${submit.data.application.status}`),
              })}{' '}
              <a href={`#/queue/${submit.data.application.id}`}>{t('workspace.openCase')}</a>{' '}
              <button type="button" onClick={again}>
                {t('workspace.newApplication')}
              </button>
            </p>
          ) : (
            <p>
              <button type="button" onClick={() => setStep(3)} disabled={submit.isPending}>
                {t('workspace.back')}
              </button>{' '}
              <button type="button" disabled={!pre.data || submit.isPending} onClick={() => submit.mutate(request())}>
                {submit.isPending ? t('workspace.submitting') : t('workspace.submit')}
              </button>
            </p>
          )}
        </div>
      )}
    </section>
  );
}

/** The pre-approval answer: range, grade, rate, lane, blockers with fact and threshold, exceptions, materials. */
function PreapprovalAnswer({ p }: { p: Preapproval }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  return (
    <section aria-labelledby="pre-heading" data-testid="preapproval">
      <h4 id="pre-heading">
        {t('workspace.pre.heading')}: {p.eligible ? t('workspace.pre.eligible') : t('workspace.pre.notEligible')}
      </h4>
      <dl className="facts">
        <dt>{t('workspace.pre.range')}</dt>
        <dd data-testid="pre-range">
          {p.range
            ? `${yuan(p.range.minAmount, i18n.language)} – ${yuan(p.range.maxAmount, i18n.language)}`
            : t('workspace.pre.noRange')}
        </dd>
        <dt>{t('workspace.pre.grade')}</dt>
        <dd data-testid="pre-grade">{p.grade}</dd>
        <dt>{t('workspace.pre.rate')}</dt>
        <dd>{p.indicativeRate ? percent(p.indicativeRate) : '—'}</dd>
        <dt>{t('workspace.pre.tier')}</dt>
        <dd>{t(`tier.${p.tier}`)}</dd>
      </dl>
      {!p.range && <p>{p.rangeReason[lang]}</p>}
      {p.range && <p>{p.amountWithinRange ? t('workspace.pre.withinRange') : t('workspace.pre.outsideRange')}</p>}
      <h5>{t('workspace.pre.blockers')}</h5>
      {p.blockers.length === 0 ? (
        <p>{t('workspace.pre.noBlockers')}</p>
      ) : (
        <ul data-testid="pre-blockers">
          {p.blockers.map((b) => (
            <li key={b.id}>
              {b.rule[lang]} — {t('workspace.pre.seen')}: {b.seen[lang]}; {t('workspace.pre.threshold')}:{' '}
              {b.threshold[lang]}
            </li>
          ))}
        </ul>
      )}
      {p.policyExceptions.length > 0 && (
        <>
          <h5>{t('workspace.pre.exceptions')}</h5>
          <ul data-testid="pre-exceptions">
            {p.policyExceptions.map((e) => (
              <li key={e.code}>{e[lang]}</li>
            ))}
          </ul>
        </>
      )}
      <h5>{t('workspace.pre.materials')}</h5>
      <ul data-testid="pre-materials">
        {p.materials.map((m) => (
          <li key={m.code}>
            {lang === 'en' ? m.nameEn : m.name} (
            {m.electronic ? t('workspace.pre.electronic') : t('workspace.pre.upload')})
          </li>
        ))}
      </ul>
      <p className="muted">{t('workspace.pre.note')}</p>
    </section>
  );
}
