import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WarningTaskDetail } from '../../../shared/api/warning-tasks';
import {
  VERIFICATION_KINDS,
  type VerificationKind,
  WARNING_MEASURES,
  type WarningMeasure,
} from '../../../shared/credit/warning-disposition';
import { beijingDateTime, yuan } from '../../format';
import { historyAction } from './history';
import { className, problemMessage, signalName } from './messages';
import { useConfirmMeasure, useDispose } from './mutations';
import { warningQueries } from './queries';

/** One warning task: the signal and the loan, what was done, the officer's form or the supervisor's step. */
export function TaskPanel({ taskId, today }: { taskId: string; today: string | null }) {
  const { t, i18n } = useTranslation();
  const q = useQuery(warningQueries.task(taskId));
  const [done, setDone] = useState<string | null>(null);
  const d = q.data;
  if (q.isPending) return <p aria-busy="true">{t('warnings.loading')}</p>;
  if (q.error || !d) return <p role="alert">{problemMessage(q.error, t)}</p>;
  const observed = d.signal.observed as { value?: unknown; threshold?: unknown };
  const lang = i18n.language;

  return (
    <article className="wt-task" aria-labelledby="wt-task-heading" data-testid="warning-task" data-status={d.status}>
      <h3 id="wt-task-heading">
        {t('warnings.task.heading', { id: d.id })} · {d.enterpriseName}
      </h3>
      <p role="status" className="wt-done" data-testid="warning-done">
        {done ? t(`warnings.done.${done}`) : ''}
      </p>
      <p>
        <span className={`wt-badge wt-status-${d.status}`} data-testid="warning-status">
          {t(`warnings.status.${d.status}`)}
        </span>{' '}
        {d.overdue && <span className="wt-badge wt-overdue">{t('warnings.overdue')}</span>}
      </p>
      <dl className="wt-facts">
        <Fact label={t('warnings.col.signal')}>
          {signalName(t, d.signal.code)} ·{' '}
          {t('warnings.severityLabel', { level: t(`warnings.severity.${d.severity}`) })}
          {typeof observed.value === 'number' && typeof observed.threshold === 'number' && (
            <div className="muted small">
              {t('warnings.task.observed', { value: observed.value, threshold: observed.threshold })}
            </div>
          )}
        </Fact>
        <Fact label={t('warnings.task.raisedAt')}>{beijingDateTime(d.signal.raisedAt)}</Fact>
        <Fact label={t('warnings.task.dueOn')} testId="warning-due">
          {d.dueOn}
        </Fact>
        <Fact label={t('warnings.task.loan')}>
          <a href={`#/loans/${encodeURIComponent(d.loanId)}`} data-testid="warning-loan-link">
            {d.loanId}
          </a>
        </Fact>
        <Fact label={t('warnings.task.balance')}>
          {yuan(d.loan.balance, lang)} / {yuan(d.loan.principal, lang)}
        </Fact>
        <Fact label={t('warnings.task.maturity')}>{d.loan.maturityDate}</Fact>
        <Fact label={t('warnings.task.dpd')}>{d.loan.daysPastDue}</Fact>
        <Fact label={t('warnings.task.classification')}>{className(t, d.loan.classification)}</Fact>
        <Fact label={t('warnings.task.branch')}>{d.branchName}</Fact>
        <Fact label={t('warnings.task.officer')}>{d.officerName ?? t('warnings.noOfficer')}</Fact>
      </dl>
      {d.signal.clearedAt && (
        <p className="muted">{t('warnings.task.cleared', { at: beijingDateTime(d.signal.clearedAt) })}</p>
      )}

      <section aria-labelledby="wt-done-heading">
        <h4 id="wt-done-heading">{t('warnings.task.verification')}</h4>
        {d.verification ? (
          <p data-testid="warning-verification">
            {t(`warnings.kind.${d.verification.kind}`)} · {d.verification.on} ·{' '}
            {d.verification.byName ?? t('warnings.system')}
            <br />
            <span className="wt-text">{d.verification.note}</span>
          </p>
        ) : (
          <p>{t('warnings.task.none')}</p>
        )}
        <h4>{t('warnings.task.disposition')}</h4>
        {d.disposition ? (
          <p data-testid="warning-measure">
            <strong>{t(`warnings.measure.${d.disposition.measure}`)}</strong> (
            {d.disposition.needsConfirmation ? t('warnings.task.needsConfirmation') : t('warnings.task.alone')}) ·{' '}
            {t('warnings.task.by', {
              name: d.disposition.byName ?? t('warnings.system'),
              at: beijingDateTime(d.disposition.at),
            })}
            <br />
            <span className="wt-text">{d.disposition.reason}</span>
          </p>
        ) : (
          <p>{t('warnings.task.none')}</p>
        )}
        {d.confirmation && (
          <>
            <h4>{t('warnings.task.confirmation')}</h4>
            <p data-testid="warning-confirmation">
              {t('warnings.task.by', {
                name: d.confirmation.byName ?? t('warnings.system'),
                at: beijingDateTime(d.confirmation.at),
              })}
              {d.confirmation.note && (
                <>
                  <br />
                  <span className="wt-text">{d.confirmation.note}</span>
                </>
              )}
            </p>
          </>
        )}
      </section>

      {d.mayRecord && <DispositionForm d={d} today={today} onDone={setDone} />}
      {d.status === 'awaiting_confirmation' && <ConfirmStep d={d} onDone={setDone} />}

      <section aria-labelledby="wt-history-heading">
        <h4 id="wt-history-heading">{t('warnings.task.history')}</h4>
        <ol className="wt-history" data-testid="warning-history">
          {d.history.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only and read whole.
            <li key={i} data-action={h.action}>
              <span className="nowrap">{beijingDateTime(h.at)}</span> · {historyAction(t, h)} ·{' '}
              {h.actorName ?? t('warnings.system')}
              {h.reassignment?.reason && (
                <>
                  <br />
                  <span className="wt-text">{h.reassignment.reason}</span>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
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

/** The service officer's step: how the warning was verified, the measure and its reason. */
function DispositionForm({
  d,
  today,
  onDone,
}: {
  d: WarningTaskDetail;
  today: string | null;
  onDone: (o: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [kind, setKind] = useState<VerificationKind>(d.verification?.kind ?? 'visit');
  const [on, setOn] = useState(d.verification?.on ?? today ?? '');
  const [note, setNote] = useState(d.verification?.note ?? '');
  const [measure, setMeasure] = useState<WarningMeasure | ''>('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const dispose = useDispose(onDone);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!note.trim() || !measure || reason.trim().length < 2 || !on) {
      setMissing(true);
      return;
    }
    setMissing(false);
    dispose.mutate({
      taskId: d.id,
      version: d.version,
      verification: { kind, on, note: note.trim() },
      measure,
      reason: reason.trim(),
    });
  };
  return (
    <form className="wt-form" onSubmit={submit} aria-labelledby={`${id}-h`} data-testid="warning-form">
      <h4 id={`${id}-h`}>{t('warnings.form.heading')}</h4>
      <fieldset>
        <legend>{t('warnings.form.kind')}</legend>
        {VERIFICATION_KINDS.map((k) => (
          <label key={k} className="wt-radio">
            <input
              type="radio"
              name={`${id}-kind`}
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
              data-testid={`warning-kind-${k}`}
            />
            {t(`warnings.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <label className="wt-field">
        {t('warnings.form.on')}
        <input
          type="date"
          value={on}
          max={today ?? undefined}
          onChange={(e) => setOn(e.target.value)}
          data-testid="warning-on"
        />
      </label>
      <label className="wt-field">
        {t('warnings.form.note')}
        <textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={3}
          maxLength={1000}
          data-testid="warning-note"
        />
      </label>
      <label className="wt-field">
        {t('warnings.form.measure')}
        <select
          value={measure}
          onChange={(e) => setMeasure(e.target.value as WarningMeasure | '')}
          data-testid="warning-measure-select"
        >
          <option value="">{t('warnings.form.choose')}</option>
          {WARNING_MEASURES.map((m) => (
            <option key={m} value={m}>
              {t(`warnings.measure.${m}`)}
              {d.measuresNeedingConfirmation.includes(m) ? ` (${t('warnings.task.needsConfirmation')})` : ''}
            </option>
          ))}
        </select>
      </label>
      {measure && (
        <p className="muted" data-testid="warning-measure-hint">
          {d.measuresNeedingConfirmation.includes(measure)
            ? t('warnings.form.willConfirm')
            : t('warnings.form.willClose')}
        </p>
      )}
      <label className="wt-field">
        {t('warnings.form.reason')}
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={1000}
          aria-describedby={`${id}-reason-hint`}
          data-testid="warning-reason"
        />
      </label>
      <p id={`${id}-reason-hint`} className="muted small">
        {t('warnings.form.reasonHint')}
      </p>
      {missing && <p role="alert">{t('warnings.form.missing')}</p>}
      {dispose.error && <p role="alert">{problemMessage(dispose.error, t)}</p>}
      <button type="submit" disabled={dispose.isPending} data-testid="warning-submit">
        {dispose.isPending ? t('warnings.form.submitting') : t('warnings.form.submit')}
      </button>
    </form>
  );
}

/** The supervisor's step: confirm the measure, or reject it with a reason. */
function ConfirmStep({ d, onDone }: { d: WarningTaskDetail; onDone: (o: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [note, setNote] = useState('');
  const [needNote, setNeedNote] = useState(false);
  const confirm = useConfirmMeasure(onDone);
  if (!d.mayConfirm) {
    return null;
  }
  const send = (decision: 'confirm' | 'reject') => {
    if (decision === 'reject' && !note.trim()) {
      setNeedNote(true);
      return;
    }
    setNeedNote(false);
    confirm.mutate({
      taskId: d.id,
      version: d.version,
      decision,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  return (
    <section className="wt-form" aria-labelledby={`${id}-h`} data-testid="warning-confirm">
      <h4 id={`${id}-h`}>{t('warnings.confirm.heading')}</h4>
      <label className="wt-field">
        {t('warnings.confirm.note')}
        <textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          maxLength={1000}
          data-testid="warning-confirm-note"
        />
      </label>
      {needNote && <p role="alert">{t('warnings.confirm.noteRequired')}</p>}
      {confirm.error && <p role="alert">{problemMessage(confirm.error, t)}</p>}
      <div className="wt-actions">
        <button
          type="button"
          onClick={() => send('confirm')}
          disabled={confirm.isPending}
          data-testid="warning-confirm-yes"
        >
          {confirm.isPending ? t('warnings.confirm.working') : t('warnings.confirm.confirm')}
        </button>
        <button
          type="button"
          onClick={() => send('reject')}
          disabled={confirm.isPending}
          data-testid="warning-confirm-no"
        >
          {t('warnings.confirm.reject')}
        </button>
      </div>
    </section>
  );
}
