import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MonitoringRun } from '../../../shared/monitoring/api';
import { beijingDateTime } from '../../format';
import { errorMessage } from '../../i18n';
import { monitoringQueries, useStartRun } from './queries';
import { latestOf, runMessage } from './run-message';
import './monitoring.css';

/**
 * 贷后监测任务 for supervisors: start the monitoring job now, watch the run in progress (loans done of
 * the total, signals raised and cleared, how long it has taken) and read the latest runs.
 */
export function MonitoringView() {
  const { t } = useTranslation();
  const q = useQuery(monitoringQueries.runs());
  const start = useStartRun();
  const runs = q.data?.runs ?? [];
  const current = runs.find((r) => r.status === 'running');
  const startError = start.error as { code?: string } | null;
  const started = start.data && !startError ? start.data : null;
  const startedRun = useQuery(monitoringQueries.run(started?.id ?? null));

  return (
    <section className="page monitoring" aria-labelledby="monitoring-heading" data-testid="monitoring">
      <h2 id="monitoring-heading">{t('monitoring.heading')}</h2>
      <p>{t('monitoring.intro')}</p>
      <p>
        <button
          type="button"
          data-testid="monitoring-start"
          disabled={start.isPending || Boolean(current)}
          onClick={() => start.mutate()}
        >
          {start.isPending ? t('monitoring.starting') : t('monitoring.start')}
        </button>{' '}
        <button type="button" data-testid="monitoring-refresh" onClick={() => q.refetch()}>
          {t('monitoring.refresh')}
        </button>
      </p>
      {started && (
        <StartedRun
          run={latestOf(
            started,
            startedRun.data,
            runs.find((r) => r.id === started.id),
          )}
        />
      )}
      {startError && (
        <p role="alert" data-testid="monitoring-start-error">
          {startError.code === 'monitoring.run_in_progress' ? t('monitoring.inProgress') : errorMessage(startError)}
        </p>
      )}
      {q.error && <p role="alert">{errorMessage(q.error)}</p>}
      {q.isLoading && <p aria-live="polite">{t('monitoring.loading')}</p>}
      {current && <Current run={current} />}
      {q.data && runs.length === 0 && <p data-testid="monitoring-none">{t('monitoring.none')}</p>}
      {runs.length > 0 && <Runs runs={runs} />}
    </section>
  );
}

/** A count with the language's digit grouping (6,177 — a bare 12345 reads as a raw value). */
const count = (n: number, lang: string) => n.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN');

function Duration({ seconds }: { seconds: number }) {
  const { t } = useTranslation();
  return <>{t('monitoring.duration', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 })}</>;
}

/** The run started from this panel, as it goes: running with progress, then done with figures or failed with the reason. */
function StartedRun({ run }: { run: MonitoringRun }) {
  const { t, i18n } = useTranslation();
  const m = runMessage(run);
  const values = Object.fromEntries(
    Object.entries(m.values).map(([k, v]) => [k, typeof v === 'number' ? count(v, i18n.language) : v]),
  );
  if (m.key === 'failed' && !values.reason) values.reason = t('monitoring.run.noReason');
  return (
    <p role={m.role} data-testid="monitoring-started" data-status={run.status}>
      {t(`monitoring.run.${m.key}`, values)}
    </p>
  );
}

function Current({ run }: { run: MonitoringRun }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const total = Math.max(run.loansTotal, run.loansDone);
  return (
    <section aria-labelledby="monitoring-current" className="monitoring-current" data-testid="monitoring-current">
      <h3 id="monitoring-current">{t('monitoring.current')}</h3>
      <p>
        <progress max={Math.max(1, total)} value={run.loansDone} aria-label={t('monitoring.col.progress')} />{' '}
        <span data-testid="monitoring-progress">
          {t('monitoring.progress', { done: count(run.loansDone, lang), total: count(total, lang) })}
        </span>
        {run.stale && <> {t('monitoring.stale')}</>}
      </p>
      <p>
        {t('monitoring.col.duration')}: <Duration seconds={run.durationSeconds} /> · {t('monitoring.col.raised')}:{' '}
        {count(run.signalsRaised, lang)} · {t('monitoring.col.cleared')}: {count(run.signalsCleared, lang)}
      </p>
    </section>
  );
}

function Runs({ runs }: { runs: MonitoringRun[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section aria-labelledby="monitoring-runs">
      <h3 id="monitoring-runs">{t('monitoring.lastRuns')}</h3>
      <table className="monitoring-table" data-testid="monitoring-runs">
        <thead>
          <tr>
            <th scope="col">{t('monitoring.col.started')}</th>
            <th scope="col">{t('monitoring.col.trigger')}</th>
            <th scope="col">{t('monitoring.col.requestedBy')}</th>
            <th scope="col">{t('monitoring.col.status')}</th>
            <th scope="col">{t('monitoring.col.progress')}</th>
            <th scope="col">{t('monitoring.col.duration')}</th>
            <th scope="col">{t('monitoring.col.raised')}</th>
            <th scope="col">{t('monitoring.col.cleared')}</th>
            <th scope="col">{t('monitoring.col.rules')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid="monitoring-run" data-status={r.status}>
              <td>{beijingDateTime(r.startedAt)}</td>
              <td>{t(`monitoring.trigger.${r.trigger}`)}</td>
              <td>{r.requestedBy?.name ?? t('monitoring.system')}</td>
              <td>
                {t(`monitoring.status.${r.status}`)}
                {r.status === 'failed' && (
                  <span className="monitoring-failed" title={r.error ?? undefined}>
                    {' '}
                    {t('monitoring.failedNote')}
                  </span>
                )}
              </td>
              <td>
                {count(r.loansDone, lang)} / {count(Math.max(r.loansTotal, r.loansDone), lang)}
              </td>
              <td>
                <Duration seconds={r.durationSeconds} />
              </td>
              <td data-testid="monitoring-raised">{count(r.signalsRaised, lang)}</td>
              <td data-testid="monitoring-cleared">{count(r.signalsCleared, lang)}</td>
              <td>{r.ruleVersion}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
