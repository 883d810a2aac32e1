import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  DisbursedLoan,
  DisbursementCondition,
  DisbursementDetail,
  DisbursementDocument,
  EvidenceProblemWire,
} from '../../../shared/api/disbursement';
import type { ConditionEvidence, LoanCondition } from '../../../shared/credit/loan-conditions';
import { formatMoney, tryParseMoney } from '../../../shared/money';
import { loanLink } from '../../common/links';
import { beijingDateTime, percent, yuan } from '../../format';
import { DocumentLink } from './EvidenceDocument';
import { EvidenceForm } from './EvidenceForm';
import { problemMessage } from './messages';
import { useConfirm, usePrepare, useSendBack } from './mutations';
import { disbursementQueries } from './queries';

/** An account number as read back: groups of four, as on a bank card. */
export const groupedAccount = (a: string) => a.replace(/(\d{4})(?=\d)/g, '$1 ');

/** Outcomes the answer may name that have words of their own (anything else: the state speaks for itself). */
const OUTCOMES = new Set(['recorded', 'evidence_recorded', 'prepared', 'sent_back', 'disbursed']);

export function CasePanel({ applicationId, userId }: { applicationId: string; userId: string | null }) {
  const { t } = useTranslation();
  const q = useQuery(disbursementQueries.case(applicationId));
  const [done, setDone] = useState<string | null>(null);
  const d = q.data;
  if (q.isPending) return <p aria-busy="true">{t('disbursement.loading')}</p>;
  if (q.error || !d) return <p role="alert">{problemMessage(q.error, t)}</p>;
  const unsatisfied = d.conditions.filter((c) => !c.satisfied).length;
  const onDone = (outcome: string) =>
    setDone(OUTCOMES.has(outcome) ? (outcome === 'evidence_recorded' ? 'recorded' : outcome) : null);

  return (
    <article className="disb-case" aria-labelledby="disb-case-heading" data-testid="disbursement-case">
      <h3 id="disb-case-heading">
        {t('disbursement.caseHeading', { enterprise: d.enterpriseName, id: d.applicationId })}
      </h3>
      <p role="status" className="disb-done" data-testid="disbursement-done">
        {done ? t(`disbursement.done.${done}`) : ''}
      </p>
      {d.loan && <LoanCard loan={d.loan} />}
      <Terms d={d} />
      {d.disbursementStatus === 'sent_back' && d.sendBackReason && (
        <p className="disb-note warn" role="note" data-testid="disbursement-sent-back">
          {t('disbursement.sentBack', {
            name: d.sentBackByName ?? t('disbursement.none'),
            time: beijingDateTime(d.sentBackAt),
            reason: d.sendBackReason,
          })}
        </p>
      )}
      <section aria-labelledby="disb-conditions-heading">
        <h4 id="disb-conditions-heading">{t('disbursement.conditions.heading', { count: d.conditions.length })}</h4>
        {d.conditions.length === 0 && <p>{t('disbursement.conditions.none')}</p>}
        <ol className="disb-conditions">
          {d.conditions.map((c) => (
            <ConditionItem key={c.index} c={c} d={d} onDone={onDone} />
          ))}
        </ol>
      </section>
      {d.disbursementStatus !== 'disbursed' && (
        <>
          <MakerStep d={d} userId={userId} unsatisfied={unsatisfied} onDone={onDone} />
          <CheckerStep d={d} userId={userId} onDone={onDone} />
        </>
      )}
    </article>
  );
}

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="fact-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function Terms({ d }: { d: DisbursementDetail }) {
  const { t, i18n } = useTranslation();
  const none = t('disbursement.none');
  return (
    <section aria-labelledby="disb-terms-heading">
      <h4 id="disb-terms-heading">{t('disbursement.terms.heading')}</h4>
      <dl className="facts">
        <Fact label={t('disbursement.terms.uscc')}>{d.uscc}</Fact>
        <Fact label={t('disbursement.terms.product')}>
          {t(`product.${d.productCode}`, { defaultValue: d.productName })}
        </Fact>
        <Fact label={t('disbursement.terms.amount')} testId="disbursement-amount">
          {yuan(d.amount, i18n.language)}
        </Fact>
        <Fact label={t('disbursement.terms.rate')}>{percent(d.annualRate)}</Fact>
        <Fact label={t('disbursement.terms.term')}>{t('disbursement.terms.termMonths', { n: d.termMonths })}</Fact>
        <Fact label={t('disbursement.terms.method')}>{t(`method.${d.repaymentMethod}`)}</Fact>
        <Fact label={t('disbursement.terms.contract')}>{d.contractId ?? none}</Fact>
        <Fact label={t('disbursement.terms.contractsSigned')}>
          {d.contractsSigned ? t('disbursement.terms.signedYes') : t('disbursement.terms.signedNo')}
        </Fact>
        <Fact label={t('disbursement.terms.state')} testId="disbursement-state">
          {t(`disbursement.state.${d.disbursementStatus}`)}
        </Fact>
        <Fact label={t('disbursement.terms.maker')} testId="disbursement-maker-name">
          {d.makerName ?? none}
        </Fact>
        <Fact label={t('disbursement.terms.preparedAt')}>{beijingDateTime(d.preparedAt)}</Fact>
        <Fact label={t('disbursement.terms.checker')}>{d.checkerName ?? none}</Fact>
      </dl>
    </section>
  );
}

/** The condition's parameters in words. */
function ConditionParams({ c }: { c: LoanCondition }) {
  const { t } = useTranslation();
  const lines: string[] = [];
  if (c.type === 'entrusted_payment' && c.params.payeeName)
    lines.push(t('disbursement.conditions.payeeName', { name: c.params.payeeName }));
  if (c.type === 'mortgage_registration')
    lines.push(t('disbursement.conditions.collateral', { collateral: c.params.collateral }));
  if (c.type === 'guarantee_signed')
    lines.push(t('disbursement.conditions.guarantor', { guarantor: c.params.guarantor }));
  if (c.text) lines.push(c.type === 'other' ? c.text : t('disbursement.conditions.text', { text: c.text }));
  if (lines.length === 0) return null;
  return (
    <ul className="disb-params">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

export function ProblemList({
  problems,
  id,
}: {
  problems: readonly Pick<EvidenceProblemWire, 'code' | 'facts'>[];
  id?: string;
}) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <ul className="disb-problems" id={id}>
      {problems.map((p) => {
        const { code } = p;
        const facts = p.facts ?? {};
        return (
          <li key={code} className="error">
            {t(`disbursement.problem.${code}`, { ...facts, defaultValue: t('disbursement.conditions.notSatisfied') })}
          </li>
        );
      })}
    </ul>
  );
}

function ConditionItem({
  c,
  d,
  onDone,
}: {
  c: DisbursementCondition;
  d: DisbursementDetail;
  onDone: (outcome: string) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const headingId = useId();
  const showForm = d.mayRecord && (editing || !c.evidence);
  return (
    <li
      className={`disb-condition ${c.satisfied ? 'ok' : 'open'}`}
      aria-labelledby={headingId}
      data-testid={`disbursement-condition-${c.index}`}
      data-type={c.condition.type}
    >
      <div className="disb-condition-head">
        <h5 id={headingId}>{t(`disbursement.type.${c.condition.type}`)}</h5>
        <span className="muted small">{t(`disbursement.conditions.source.${c.source}`)}</span>
        <span className={`disb-badge ${c.satisfied ? 'disb-ok' : 'disb-open'}`} data-testid="condition-state">
          {c.satisfied
            ? t('disbursement.conditions.satisfied')
            : c.evidence
              ? t('disbursement.conditions.notSatisfied')
              : t('disbursement.conditions.missing')}
        </span>
      </div>
      <ConditionParams c={c.condition} />
      {c.evidence && !showForm && (
        <>
          <EvidenceSummary
            evidence={c.evidence}
            loanAmount={d.amount}
            document={c.document}
            applicationId={d.applicationId}
          />
          {c.recordedAt && (
            <p className="muted small">
              {t('disbursement.conditions.recordedBy', {
                name: c.recordedByName ?? t('disbursement.none'),
                time: beijingDateTime(c.recordedAt),
              })}
            </p>
          )}
          {c.evidence && <ProblemList problems={c.problems.filter((p) => p.code !== 'evidence.missing')} />}
          {d.mayRecord && (
            <button type="button" onClick={() => setEditing(true)} data-testid="condition-edit">
              {t('disbursement.evidence.edit')}
              <span className="sr-only">: {t(`disbursement.type.${c.condition.type}`)}</span>
            </button>
          )}
        </>
      )}
      {showForm && (
        <EvidenceForm
          c={c}
          d={d}
          onCancel={c.evidence ? () => setEditing(false) : undefined}
          onSaved={(outcome) => {
            setEditing(false);
            onDone(outcome);
          }}
        />
      )}
    </li>
  );
}

/** The evidence as recorded, read back (the checker's view, and the maker's after saving). */
export function EvidenceSummary({
  evidence,
  loanAmount,
  document,
  applicationId,
}: {
  evidence: ConditionEvidence;
  loanAmount: string;
  /** The file the evidence names, with the case it belongs to (to download it). */
  document?: DisbursementDocument | null;
  applicationId?: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const file =
    document && applicationId ? (
      <Fact label={t('disbursement.evidence.fileOnRecord')} testId="evidence-file">
        <DocumentLink applicationId={applicationId} doc={document} />
      </Fact>
    ) : null;
  switch (evidence.kind) {
    case 'payees': {
      const sum = evidence.payees.reduce((s, p) => s + (tryParseMoney(p.amount) ?? 0n), 0n);
      return (
        <table className="disb-table disb-payees" data-testid="evidence-payees">
          <caption className="sr-only">{t('disbursement.evidence.payees')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('disbursement.evidence.payeeNameField')}</th>
              <th scope="col">{t('disbursement.evidence.account')}</th>
              <th scope="col">{t('disbursement.evidence.bank')}</th>
              <th scope="col" className="num">
                {t('disbursement.evidence.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {evidence.payees.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the payees are an ordered list without ids.
              <tr key={i}>
                <td>{p.name}</td>
                <td className="disb-mono">{groupedAccount(p.account)}</td>
                <td>{p.bank}</td>
                <td className="num">{yuan(p.amount, lang)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={4}>
                {t('disbursement.evidence.sumLine', {
                  sum: yuan(formatMoney(sum), lang),
                  loan: yuan(loanAmount, lang),
                })}
              </td>
            </tr>
          </tfoot>
        </table>
      );
    }
    case 'registration':
      return (
        <dl className="facts two">
          <Fact label={t('disbursement.evidence.certificateNo')} testId="evidence-certificate">
            {evidence.certificateNo}
          </Fact>
          {file}
        </dl>
      );
    case 'document':
      return (
        <dl className="facts two">
          {(evidence.reference || !file) && (
            <Fact label={t('disbursement.evidence.reference')} testId="evidence-reference">
              {evidence.reference ?? t('disbursement.none')}
            </Fact>
          )}
          {file}
          {evidence.note && <Fact label={t('disbursement.evidence.note')}>{evidence.note}</Fact>}
        </dl>
      );
    case 'account':
      return (
        <dl className="facts two">
          <Fact label={t('disbursement.evidence.settlementAccount')} testId="evidence-account">
            <span className="disb-mono">{groupedAccount(evidence.account)}</span>
          </Fact>
        </dl>
      );
  }
}

function MakerStep({
  d,
  userId,
  unsatisfied,
  onDone,
}: {
  d: DisbursementDetail;
  userId: string | null;
  unsatisfied: number;
  onDone: (outcome: string) => void;
}) {
  const { t } = useTranslation();
  const prepare = usePrepare(onDone);
  const [comment, setComment] = useState('');
  const commentId = useId();
  if (d.disbursementStatus === 'prepared') {
    if (d.makerId !== userId) return null;
    return (
      <section className="disb-step" aria-labelledby="disb-maker-heading" data-testid="disbursement-maker-step">
        <h4 id="disb-maker-heading">{t('disbursement.maker.heading')}</h4>
        <p>{t('disbursement.maker.waiting', { time: beijingDateTime(d.preparedAt) })}</p>
      </section>
    );
  }
  if (!d.mayRecord && !d.mayPrepare) return null;
  const ready = unsatisfied === 0 && d.mayPrepare;
  return (
    <section className="disb-step" aria-labelledby="disb-maker-heading" data-testid="disbursement-maker-step">
      <h4 id="disb-maker-heading">{t('disbursement.maker.heading')}</h4>
      <p data-testid="disbursement-readiness">
        {unsatisfied === 0 ? t('disbursement.maker.ready') : t('disbursement.maker.notReady', { n: unsatisfied })}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!ready) return;
          prepare.mutate({
            applicationId: d.applicationId,
            version: d.version,
            ...(comment.trim() ? { comment: comment.trim() } : {}),
          });
        }}
      >
        <label htmlFor={commentId}>{t('disbursement.maker.comment')}</label>
        <textarea
          id={commentId}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={2}
          maxLength={500}
        />
        <div className="disb-actions">
          <button type="submit" disabled={!ready || prepare.isPending} data-testid="disbursement-prepare">
            {prepare.isPending ? t('disbursement.maker.submitting') : t('disbursement.maker.submit')}
          </button>
        </div>
        {prepare.error && <p role="alert">{problemMessage(prepare.error, t)}</p>}
      </form>
    </section>
  );
}

function CheckerStep({
  d,
  userId,
  onDone,
}: {
  d: DisbursementDetail;
  userId: string | null;
  onDone: (outcome: string) => void;
}) {
  const { t } = useTranslation();
  const confirm = useConfirm(onDone);
  const sendBack = useSendBack(onDone);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const commentId = useId();
  const reasonId = useId();
  const reasonErrId = useId();
  if (d.disbursementStatus !== 'prepared') return null;
  // The bank API refuses the maker and anyone who recorded evidence as checker (maker ≠ checker).
  const own = userId !== null && (d.makerId === userId || d.conditions.some((c) => c.recordedBy === userId));
  if (own)
    return (
      <section className="disb-step" aria-labelledby="disb-checker-heading" data-testid="disbursement-checker-step">
        <h4 id="disb-checker-heading">{t('disbursement.checker.heading')}</h4>
        <p className="disb-note warn" role="note" data-testid="disbursement-own-case">
          {t('disbursement.checker.ownCase')}
        </p>
      </section>
    );
  if (!d.mayDisburse && !d.maySendBack) return null;
  const busy = confirm.isPending || sendBack.isPending;
  const target = { applicationId: d.applicationId, version: d.version };
  return (
    <section className="disb-step" aria-labelledby="disb-checker-heading" data-testid="disbursement-checker-step">
      <h4 id="disb-checker-heading">{t('disbursement.checker.heading')}</h4>
      <p>{t('disbursement.checker.intro', { maker: d.makerName ?? t('disbursement.none') })}</p>
      {d.mayDisburse && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            confirm.mutate({ ...target, ...(comment.trim() ? { comment: comment.trim() } : {}) });
          }}
        >
          <label htmlFor={commentId}>{t('disbursement.checker.comment')}</label>
          <textarea
            id={commentId}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            rows={2}
            maxLength={500}
          />
          <div className="disb-actions">
            <button type="submit" disabled={busy} data-testid="disbursement-confirm">
              {confirm.isPending ? t('disbursement.checker.confirming') : t('disbursement.checker.confirm')}
            </button>
          </div>
          {confirm.error && <p role="alert">{problemMessage(confirm.error, t)}</p>}
        </form>
      )}
      {d.maySendBack && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setReasonMissing(true);
              return;
            }
            sendBack.mutate({ ...target, reason: reason.trim() });
          }}
        >
          <label htmlFor={reasonId}>{t('disbursement.checker.reason')}</label>
          <textarea
            id={reasonId}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              if (e.target.value.trim()) setReasonMissing(false);
            }}
            rows={2}
            maxLength={500}
            aria-invalid={reasonMissing || undefined}
            aria-describedby={reasonMissing ? reasonErrId : undefined}
            data-testid="disbursement-reason"
          />
          {reasonMissing && (
            <p id={reasonErrId} className="error">
              {t('disbursement.checker.reasonRequired')}
            </p>
          )}
          <div className="disb-actions">
            <button type="submit" disabled={busy} data-testid="disbursement-send-back">
              {sendBack.isPending ? t('disbursement.checker.sendingBack') : t('disbursement.checker.sendBack')}
            </button>
          </div>
          {sendBack.error && <p role="alert">{problemMessage(sendBack.error, t)}</p>}
        </form>
      )}
    </section>
  );
}

function LoanCard({ loan }: { loan: DisbursedLoan }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const first = loan.schedule[0];
  const firstPayment = first
    ? formatMoney((tryParseMoney(first.principal) ?? 0n) + (tryParseMoney(first.interest) ?? 0n))
    : null;
  return (
    <section className="disb-loan" aria-labelledby="disb-loan-heading" data-testid="disbursement-loan">
      <h4 id="disb-loan-heading">{t('disbursement.loan.heading')}</h4>
      <dl className="facts">
        <Fact label={t('disbursement.loan.id')} testId="loan-id">
          <a href={loanLink(loan.id)} data-testid="disbursement-loan-link" title={t('disbursement.loan.open')}>
            {loan.id}
          </a>
        </Fact>
        <Fact label={t('disbursement.loan.amount')} testId="loan-amount">
          {yuan(loan.principal, lang)}
        </Fact>
        <Fact label={t('disbursement.loan.rate')} testId="loan-rate">
          {percent(loan.annualRate)}
        </Fact>
        <Fact label={t('disbursement.loan.lpr')}>
          {t('disbursement.loan.lprValue', { lpr: loan.lprPercent, bp: loan.spreadBp })}
        </Fact>
        <Fact label={t('disbursement.loan.disbursedOn')}>{loan.disbursedOn}</Fact>
        <Fact label={t('disbursement.loan.maturity')}>{loan.maturityDate}</Fact>
        <Fact label={t('disbursement.loan.firstDue')} testId="loan-first-due">
          {first?.dueDate ?? t('disbursement.none')}
        </Fact>
        <Fact label={t('disbursement.loan.firstPayment')}>
          {firstPayment ? yuan(firstPayment, lang) : t('disbursement.none')}
        </Fact>
      </dl>
    </section>
  );
}
