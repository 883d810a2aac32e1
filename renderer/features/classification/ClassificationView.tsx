import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/api/auth';
import {
  CLASS_VALUES,
  CLASSIFICATION_REVIEW_ROLES,
  CLASSIFICATION_RUN_ROLES,
  CLASSIFICATION_SECOND_ROLES,
  CLASSIFICATION_STATUSES,
  type ClassificationRow,
  type ClassificationRun,
  type ClassificationStatus,
} from '../../../shared/api/classifications';
import { beijingDate } from '../../../shared/calendar';
import { yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { recentMonthEnds } from './periods';
import { classificationQueries, useDecide, useRunMonthEnd } from './queries';
import './classification.css';

type LoanClass = (typeof CLASS_VALUES)[number];

/** A readable message for a refusal: the feature's words for its problem codes, else the app's message. */
function problemMessage(e: unknown, t: (k: string, o?: Record<string, unknown>) => string): string {
  const code = ((e ?? {}) as { code?: string }).code ?? '';
  const key = `classification.errors.${code.replace(/\./g, '_')}`;
  if (code && t(key, { defaultValue: '' })) return t(key);
  return errorMessage(e);
}

/** The period's latest month-end run: its progress while it runs, its figures when done. */
function RunState({ run }: { run: ClassificationRun }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => v.toLocaleString(i18n.language === 'en' ? 'en-US' : 'zh-CN');
  const duration = t('classification.run.duration', {
    minutes: Math.floor(run.durationSeconds / 60),
    seconds: run.durationSeconds % 60,
  });
  if (run.status === 'running') {
    return (
      <p role="status" className="cls-run" data-testid="classification-run-progress">
        <progress
          max={Math.max(1, run.loansTotal)}
          value={run.loansDone}
          aria-label={t('classification.run.progressLabel')}
        />{' '}
        {t('classification.run.progress', { done: n(run.loansDone), total: n(run.loansTotal), duration })}
        {run.stale && <> {t('classification.run.stale')}</>}
      </p>
    );
  }
  if (run.status === 'failed') {
    return (
      <p role="alert" data-testid="classification-run-failed">
        {t('classification.run.failed', { done: n(run.loansDone), total: n(run.loansTotal) })}
      </p>
    );
  }
  return (
    <p role="status" data-testid="classification-run-result">
      {t('classification.run.done', {
        period: run.period,
        loans: n(run.loansDone),
        proposed: n(run.proposed),
        existing: n(run.existing),
        version: run.ruleVersion,
      })}{' '}
      <span className="muted">{duration}</span>
    </p>
  );
}

/**
 * 五级分类复核: a month-end's proposals in my branch scope — the rules' class against the loan's class now,
 * the reasons in words — with the supervisor's month-end run and the reviewer's confirm / override (with a
 * reason) / second review. The bank API decides who may do what and refuses the rest.
 */
export function ClassificationView({ user }: { user: User }) {
  const { t } = useTranslation();
  const periods = recentMonthEnds(beijingDate(new Date()));
  const [period, setPeriod] = useState(periods[0]!);
  const [status, setStatus] = useState<ClassificationStatus | 'all'>('all');
  const [changed, setChanged] = useState(false);
  const list = useQuery(classificationQueries.list(period, status, changed));
  const run = useRunMonthEnd();
  const runs = useQuery(classificationQueries.runs(period));
  const latest = runs.data?.runs[0];
  const running = latest?.status === 'running';
  // When the period's run finishes, its proposals are read again: the run this panel started (its id from
  // the 202 — the run may be done before the panel ever reads it running), or one seen running here.
  const qc = useQueryClient();
  const [following, setFollowing] = useState<string | null>(null);
  const wasRunning = useRef(false);
  useEffect(() => {
    if (!latest) return;
    const followedDone = following !== null && latest.id === following && latest.status !== 'running';
    if (followedDone || (wasRunning.current && latest.status !== 'running')) {
      void qc.invalidateQueries({ queryKey: ['classification', 'list', period] });
      if (followedDone) setFollowing(null);
    }
    wasRunning.current = running;
  }, [latest, running, following, period, qc]);
  const mayRun = user.roles.some((r) => CLASSIFICATION_RUN_ROLES.includes(r));
  const mayReview = user.roles.some((r) => CLASSIFICATION_REVIEW_ROLES.includes(r));
  const maySecond = user.roles.some((r) => CLASSIFICATION_SECOND_ROLES.includes(r));
  const c = list.data?.counts;

  return (
    <section className="page classification" aria-labelledby="classification-heading">
      <h2 id="classification-heading">{t('classification.heading')}</h2>
      <p className="muted">{t('classification.intro')}</p>
      <div className="cls-filters">
        <label>
          {t('classification.period')}
          <select value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="classification-period">
            {periods.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('classification.status.label')}
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as ClassificationStatus | 'all')}
            data-testid="classification-status"
          >
            <option value="all">{t('classification.status.all')}</option>
            {CLASSIFICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`classification.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="cls-check">
          <input
            type="checkbox"
            checked={changed}
            onChange={(e) => setChanged(e.target.checked)}
            data-testid="classification-changed"
          />
          {t('classification.changedOnly')}
        </label>
        {mayRun && (
          <button
            type="button"
            disabled={run.isPending || running}
            onClick={() => run.mutate({ period }, { onSuccess: (r) => setFollowing(r.id) })}
            data-testid="classification-run"
          >
            {run.isPending || running ? t('classification.run.running') : t('classification.run.button')}
          </button>
        )}
      </div>
      {latest && <RunState run={latest} />}
      {run.error && <p role="alert">{problemMessage(run.error, t)}</p>}
      {list.error && <p role="alert">{problemMessage(list.error, t)}</p>}
      <p aria-live="polite" data-testid="classification-total">
        {list.isLoading ? t('classification.loading') : t('classification.total', { count: list.data?.total ?? 0 })}
        {c && (
          <span className="muted">
            {' · '}
            {t('classification.counts', {
              proposed: c.proposed ?? 0,
              awaiting: c.awaiting_second ?? 0,
              confirmed: c.confirmed ?? 0,
              overridden: c.overridden ?? 0,
            })}
          </span>
        )}
      </p>
      {list.data && list.data.rows.length === 0 && (
        <p data-testid="classification-empty">
          {t('classification.empty')} {t('classification.notRun')}
        </p>
      )}
      {list.data && list.data.rows.length > 0 && (
        <div className="table-scroll">
          <table className="cls-table" data-testid="classification-table">
            <caption className="sr-only">{t('classification.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('classification.col.loan')}</th>
                <th scope="col" className="num">
                  {t('classification.col.balance')}
                </th>
                <th scope="col" className="num">
                  {t('classification.col.dpd')}
                </th>
                <th scope="col">{t('classification.col.current')}</th>
                <th scope="col">{t('classification.col.proposed')}</th>
                <th scope="col">{t('classification.col.reasons')}</th>
                <th scope="col">{t('classification.col.status')}</th>
                <th scope="col">{t('classification.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.rows.map((r) => (
                <Row key={r.id} row={r} userId={user.id} mayReview={mayReview} maySecond={maySecond} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Row({
  row,
  userId,
  mayReview,
  maySecond,
}: {
  row: ClassificationRow;
  userId: string;
  mayReview: boolean;
  maySecond: boolean;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const cls = (c: string) => t(`classification.class.${c}`);
  const decide = useDecide();
  const [mode, setMode] = useState<'none' | 'override' | 'refuse'>('none');
  const [final, setFinal] = useState<LoanClass>(row.proposed);
  const [reason, setReason] = useState('');
  const changed = row.proposed !== row.previous;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'override') decide.mutate({ id: row.id, action: 'override', final, reason });
    if (mode === 'refuse') decide.mutate({ id: row.id, action: 'refuse', reason });
  };

  return (
    <tr
      data-testid={`classification-row-${row.loanId}`}
      data-status={row.status}
      className={changed ? 'cls-changed' : ''}
    >
      <td>
        <div>{row.enterpriseName}</div>
        <div className="muted small">{row.loanId}</div>
      </td>
      <td className="num nowrap">{yuan(row.balance, i18n.language)}</td>
      <td className="num nowrap">
        {t('classification.days', { count: row.daysPastDue })}
        <div className="muted small">{t('classification.onTime', { count: row.onTime })}</div>
      </td>
      <td className="nowrap">{cls(row.current)}</td>
      <td className="nowrap">
        <span className={`cls-badge cls-${row.proposed}`} data-testid="classification-proposed">
          {cls(row.proposed)}
        </span>
        {row.needsSecond && <div className="muted small">{t('classification.needsSecond')}</div>}
      </td>
      <td>
        <ul className="cls-reasons">
          {row.reasons.map((x) => (
            <li key={x.code}>{zh ? x.zh : x.en}</li>
          ))}
          {row.reviewFlags.map((f) => (
            <li key={`flag-${f}`} className="cls-flag">
              {t(`classification.flag.${f}`, { defaultValue: t('classification.flag.overdue_elsewhere') })}
            </li>
          ))}
        </ul>
      </td>
      <td>
        <span data-testid="classification-status-text">{t(`classification.status.${row.status}`)}</span>
        {row.final && <div className="small">{t('classification.final', { cls: cls(row.final) })}</div>}
        {row.reviewerName && <div className="muted small">{t('classification.by', { name: row.reviewerName })}</div>}
        {row.secondReviewerName && (
          <div className="muted small">{t('classification.secondBy', { name: row.secondReviewerName })}</div>
        )}
        {row.reason && <div className="muted small">{t('classification.reasonShown', { reason: row.reason })}</div>}
        {row.secondReason && (
          <div className="muted small">{t('classification.reasonShown', { reason: row.secondReason })}</div>
        )}
      </td>
      <td>
        {row.status === 'proposed' && mayReview && mode === 'none' && (
          <div className="cls-actions">
            <button
              type="button"
              disabled={decide.isPending}
              onClick={() => decide.mutate({ id: row.id, action: 'confirm' })}
              data-testid="classification-confirm"
            >
              {t('classification.confirm')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => setMode('override')}
              data-testid="classification-override"
            >
              {t('classification.override')}
            </button>
          </div>
        )}
        {row.status === 'awaiting_second' && maySecond && row.reviewerId !== userId && mode === 'none' && (
          <div className="cls-actions">
            <button
              type="button"
              disabled={decide.isPending}
              onClick={() => decide.mutate({ id: row.id, action: 'confirm' })}
              data-testid="classification-second-confirm"
            >
              {t('classification.secondConfirm')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => setMode('refuse')}
              data-testid="classification-refuse"
            >
              {t('classification.refuse')}
            </button>
          </div>
        )}
        {mode !== 'none' && (
          <form className="cls-form" onSubmit={submit}>
            {mode === 'override' && (
              <label>
                {t('classification.overrideTo')}
                <select
                  value={final}
                  onChange={(e) => setFinal(e.target.value as LoanClass)}
                  data-testid="classification-final"
                >
                  {CLASS_VALUES.map((v) => (
                    <option key={v} value={v}>
                      {cls(v)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              {mode === 'override' ? t('classification.reason') : t('classification.refuseReason')}
              <textarea
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                rows={2}
                maxLength={500}
                data-testid="classification-reason"
              />
            </label>
            <div className="cls-actions">
              <button type="submit" disabled={decide.isPending} data-testid="classification-submit">
                {mode === 'override' ? t('classification.submitOverride') : t('classification.submitRefuse')}
              </button>
              <button type="button" className="secondary" onClick={() => setMode('none')}>
                {t('classification.cancel')}
              </button>
            </div>
          </form>
        )}
        {decide.error && (
          <p role="alert" className="small">
            {problemMessage(decide.error, t)}
          </p>
        )}
        {decide.isSuccess && mode === 'none' && <p className="small">{t('classification.decided')}</p>}
      </td>
    </tr>
  );
}
