/**
 * One loan (贷款详情, issue 17 item 2) from GET /api/v1/loans/{id} through IPC loans.get: its terms, the
 * repayment schedule with each instalment paid, not yet due or overdue, days past due, the classification
 * history, warning signals on a timeline, the application it came from (a link to the case), its contract
 * and its service officer (a link to the loans of the clients they serve); and the renewal panel.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LOAN_ID_PATTERN, type LoanDetail, type LoanSignal } from '../../../shared/api/loans';
import { caseLink } from '../../common/links';
import { beijingDateTime, percent, yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { loanQueries } from './queries';
import { RenewalPanel } from './RenewalPanel';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

export function LoanPage({ loanId }: { loanId: string }) {
  const { t } = useTranslation();
  const valid = LOAN_ID_PATTERN.test(loanId);
  const q = useQuery({ ...loanQueries.loan(loanId), enabled: valid });
  const back = (
    <p>
      <a href="#/loans">{t('loans.back')}</a>
    </p>
  );
  if (!valid)
    return (
      <section className="page loans" data-testid="loan-page">
        <p role="alert">{t('loans.badId')}</p>
        {back}
      </section>
    );
  if (q.isPending)
    return (
      <section className="page loans" data-testid="loan-page">
        <p aria-busy="true">{t('loans.loading')}</p>
      </section>
    );
  if (q.isError || !q.data) {
    const status = (q.error as { status?: number } | null)?.status;
    return (
      <section className="page loans" data-testid="loan-page">
        <p role="alert" data-testid="loan-error">
          {status === 404 ? t('loans.notFound') : errorMessage(q.error)}
        </p>
        {back}
      </section>
    );
  }
  const l = q.data;
  return (
    <article className="page loans" aria-labelledby="loan-heading" data-testid="loan-page">
      <header className="loan-head">
        <h2 id="loan-heading" data-testid="loan-heading">
          {t('loans.pageHeading', { enterprise: l.enterprise.name, id: l.id })}
        </h2>
        <span className={`loan-status loan-status-${l.status}`} data-testid="loan-status">
          {t(`loans.status.${l.status}`)}
        </span>
        <span className="muted small">{t('loans.asOf', { date: l.asOf })}</span>
      </header>
      {back}
      <div className="loan-grid">
        <Terms l={l} />
        <Application l={l} />
      </div>
      <Schedule l={l} />
      <div className="loan-grid">
        <Classifications l={l} />
        <Signals signals={l.signals} />
      </div>
      <RenewalPanel loanId={l.id} />
    </article>
  );
}

function Terms({ l }: { l: LoanDetail }) {
  const { t, i18n } = useTranslation();
  const none = t('loans.none');
  const officer = l.serviceOfficer;
  return (
    <section aria-labelledby="loan-terms-heading">
      <h3 id="loan-terms-heading">{t('loans.terms.heading')}</h3>
      <dl className="facts">
        <Fact label={t('loans.terms.product')}>{t(`product.${l.productCode}`, { defaultValue: none })}</Fact>
        <Fact label={t('loans.terms.principal')} testId="loan-principal">
          {yuan(l.principal, i18n.language)}
        </Fact>
        <Fact label={t('loans.terms.balance')} testId="loan-balance">
          {yuan(l.balance, i18n.language)}
        </Fact>
        <Fact label={t('loans.terms.rate')}>
          {percent(l.annualRate)}
          {' · '}
          {l.lprPercent !== null && l.spreadBp !== null
            ? t('loans.terms.lprSpread', { lpr: percent(l.lprPercent), bp: l.spreadBp })
            : t('loans.terms.noLpr')}
        </Fact>
        <Fact label={t('loans.terms.term')}>
          {l.termMonths !== null ? t('loans.terms.termMonths', { n: l.termMonths }) : none}
        </Fact>
        <Fact label={t('loans.terms.method')}>
          {l.repaymentMethod ? t(`method.${l.repaymentMethod}`, { defaultValue: none }) : none}
        </Fact>
        <Fact label={t('loans.terms.disbursedOn')}>{l.disbursedOn}</Fact>
        <Fact label={t('loans.terms.maturity')}>{l.maturityDate}</Fact>
        <Fact label={t('loans.terms.dpd')} testId="loan-dpd">
          {l.daysPastDue > 0 && l.overdueSince
            ? t('loans.terms.dpdSince', { n: l.daysPastDue, date: l.overdueSince })
            : t('loans.terms.dpdValue', { n: l.daysPastDue })}
        </Fact>
        <Fact label={t('loans.terms.maxDpd')}>{t('loans.terms.dpdValue', { n: l.maxDaysPastDue })}</Fact>
        <Fact label={t('loans.terms.classification')} testId="loan-classification">
          {t(`loans.class.${l.classification}`)}
        </Fact>
        <Fact label={t('loans.terms.uscc')}>{l.enterprise.uscc}</Fact>
        <Fact label={t('loans.terms.legalRep')}>
          {t('loans.terms.legalRepValue', { name: l.enterprise.legalRepName, id: l.enterprise.legalRepId })}
        </Fact>
        <Fact label={t('loans.terms.contract')} testId="loan-contract">
          {l.contractId ?? none}
        </Fact>
        <Fact label={t('loans.terms.officer')} testId="loan-officer">
          {officer ? (
            <a
              href={`#/loans?officer=${encodeURIComponent(officer.id)}&name=${encodeURIComponent(officer.name)}`}
              data-testid="loan-officer-link"
            >
              {t('loans.terms.officerLink', { name: officer.name })}
            </a>
          ) : (
            t('loans.terms.noOfficer')
          )}
        </Fact>
      </dl>
    </section>
  );
}

function Application({ l }: { l: LoanDetail }) {
  const { t } = useTranslation();
  const a = l.application;
  return (
    <section aria-labelledby="loan-app-heading" data-testid="loan-application">
      <h3 id="loan-app-heading">{t('loans.application.heading')}</h3>
      {!a ? (
        <p>{t('loans.application.none')}</p>
      ) : (
        <dl className="facts">
          <Fact label={t('loans.application.id')}>
            <a href={caseLink(a.id)} data-testid="loan-application-link">
              {a.id}
            </a>{' '}
            <span className="muted small">({t('loans.application.open')})</span>
          </Fact>
          <Fact label={t('loans.application.grade')}>
            {a.grade ? t('loans.application.gradeValue', { grade: a.grade }) : t('loans.application.noGrade')}
          </Fact>
          <Fact label={t('loans.application.tier')}>
            {t(`loans.tier.${a.tier}`, { defaultValue: t('loans.none') })}
          </Fact>
          <Fact label={t('loans.application.channel')}>
            {t(`channel.${a.channel}`, { defaultValue: t('loans.none') })}
          </Fact>
          <Fact label={t('loans.application.decidedBy')}>
            {a.decidedByName ??
              (a.decidedAutomatically ? t('loans.application.decidedAutomatically') : t('loans.none'))}
          </Fact>
          <Fact label={t('loans.application.decidedAt')}>{beijingDateTime(a.decidedAt)}</Fact>
        </dl>
      )}
    </section>
  );
}

function Schedule({ l }: { l: LoanDetail }) {
  const { t, i18n } = useTranslation();
  const s = l.schedule;
  return (
    <section aria-labelledby="loan-schedule-heading" data-testid="loan-schedule">
      <h3 id="loan-schedule-heading">{t('loans.schedule.heading')}</h3>
      <p className="muted small">{t(`loans.schedule.${s.source}`)}</p>
      {s.instalments.length > 0 && (
        <>
          <p data-testid="loan-schedule-summary">
            {t('loans.schedule.summary', {
              paid: s.paidCount,
              overdue: s.overdueCount,
              amount: yuan(s.overdueAmount, i18n.language),
            })}
            {s.next && (
              <>
                {' · '}
                {t('loans.schedule.next', { date: s.next.dueDate, amount: yuan(s.next.amount, i18n.language) })}
              </>
            )}
          </p>
          <div className="table-scroll schedule">
            <table className="data-table">
              <thead>
                <tr>
                  {(['period', 'dueDate', 'principal', 'interest', 'amount', 'state'] as const).map((c) => (
                    <th key={c} scope="col">
                      {t(`loans.schedule.col.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.instalments.map((i) => (
                  <tr
                    key={i.period}
                    className={`instalment-${i.state}`}
                    data-testid="loan-instalment"
                    data-state={i.state}
                  >
                    <td className="num">{i.period}</td>
                    <td>{i.dueDate}</td>
                    <td className="num">{yuan(i.principal, i18n.language)}</td>
                    <td className="num">{yuan(i.interest, i18n.language)}</td>
                    <td className="num">{yuan(i.amount, i18n.language)}</td>
                    <td>
                      <span className={`instalment-state instalment-state-${i.state}`}>
                        {t(`loans.schedule.state.${i.state}`)}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">{t('loans.schedule.stateNote')}</p>
        </>
      )}
    </section>
  );
}

function Classifications({ l }: { l: LoanDetail }) {
  const { t } = useTranslation();
  const h = l.classificationHistory;
  const none = t('loans.none');
  return (
    <section aria-labelledby="loan-class-heading" data-testid="loan-classifications">
      <h3 id="loan-class-heading">{t('loans.classification.heading')}</h3>
      {h.every((c) => c.status === 'current') && <p className="muted small">{t('loans.classification.currentOnly')}</p>}
      <table className="data-table">
        <thead>
          <tr>
            {(['period', 'proposed', 'classification', 'status', 'reviewer', 'reason', 'decidedAt'] as const).map(
              (c) => (
                <th key={c} scope="col">
                  {t(`loans.classification.col.${c}`)}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {h.map((c) => (
            <tr key={`${c.period}-${c.status}`} data-testid="loan-classification-entry">
              <td>{c.period}</td>
              <td>{t(`loans.class.${c.proposed}`)}</td>
              <td>{t(`loans.class.${c.classification}`)}</td>
              <td>{t(`loans.classification.status.${c.status}`)}</td>
              <td>{[c.reviewerName, c.secondReviewerName].filter(Boolean).join('、') || none}</td>
              <td>{c.reason ?? none}</td>
              <td>{beijingDateTime(c.decidedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const KNOWN_SIGNALS = new Set(['sales_drop', 'inflow_drop', 'new_court_case', 'overdue_elsewhere']);

/** What a rule saw and its threshold, when both are plain figures; nothing else (no field names on screen). */
function figures(observed: Record<string, unknown> | null): { value: string; threshold: string } | null {
  const plain = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && v.length <= 24) ? String(v) : null);
  const value = plain(observed?.value);
  const threshold = plain(observed?.threshold);
  return value !== null && threshold !== null ? { value, threshold } : null;
}

function Signals({ signals }: { signals: LoanSignal[] }) {
  const { t } = useTranslation();
  const fromRecord = signals.length > 0 && signals.every((s) => s.source === 'loan_record');
  return (
    <section aria-labelledby="loan-signals-heading" data-testid="loan-signals">
      <h3 id="loan-signals-heading">{t('loans.signals.heading')}</h3>
      {signals.length === 0 && <p>{t('loans.signals.none')}</p>}
      {fromRecord && <p className="muted small">{t('loans.signals.fromRecord')}</p>}
      <ol className="loan-timeline">
        {signals.map((s, i) => {
          const name = t(`loans.signals.code.${KNOWN_SIGNALS.has(s.code) ? s.code : 'other'}`);
          const seen = figures(s.observed);
          return (
            <li
              key={`${s.code}-${s.raisedAt ?? i}`}
              className={`loan-signal${s.clearedAt ? ' cleared' : ''}${s.severity ? ` severity-${s.severity}` : ''}`}
              data-testid="loan-signal"
            >
              <strong>{name}</strong>
              {s.severity && (
                <span className="muted">
                  {' · '}
                  {t('loans.signals.severityLabel', { level: t(`loans.signals.severity.${s.severity}`) })}
                </span>
              )}
              {s.raisedAt && (
                <div className="small">
                  {t('loans.signals.raised', { time: beijingDateTime(s.raisedAt) })}
                  {'，'}
                  {s.clearedAt
                    ? t('loans.signals.cleared', { time: beijingDateTime(s.clearedAt) })
                    : t('loans.signals.open')}
                  {s.ruleVersion && ` · ${t('loans.signals.rule', { version: s.ruleVersion })}`}
                </div>
              )}
              {seen && <div className="small muted">{t('loans.signals.observed', seen)}</div>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
