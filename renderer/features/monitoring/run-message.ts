/**
 * What the panel says about the run the supervisor just started, following the run as it goes: running
 * with its progress, then done with its figures or failed with its reason — never the 202's "started"
 * once the run is over. The run is the latest read of it (GET /api/v1/monitoring/runs/{id}, polled while
 * it runs), else its row in the list, else the 202 answer itself.
 */
import type { MonitoringRun } from '../../../shared/monitoring/api';

export interface RunMessage {
  /** i18n key under monitoring.run. */
  key: 'running' | 'runningStale' | 'done' | 'failed';
  role: 'status' | 'alert';
  values: Record<string, string | number>;
}

/** The freshest view of the started run: its own read, its row in the list, or the start answer. */
export function latestOf(started: MonitoringRun, ...reads: (MonitoringRun | null | undefined)[]): MonitoringRun {
  const views = [started, ...reads.filter((r): r is MonitoringRun => Boolean(r) && r!.id === started.id)];
  // A finished view wins over a running one; among running views the one furthest on.
  const finished = views.find((r) => r.status !== 'running');
  if (finished) return finished;
  return views.reduce((a, b) => (b.loansDone >= a.loansDone ? b : a));
}

export function runMessage(run: MonitoringRun): RunMessage {
  const total = Math.max(run.loansTotal, run.loansDone);
  const base = {
    id: run.id,
    done: run.loansDone,
    total,
    minutes: Math.floor(run.durationSeconds / 60),
    seconds: run.durationSeconds % 60,
  };
  switch (run.status) {
    case 'running':
      return { key: run.stale ? 'runningStale' : 'running', role: 'status', values: base };
    case 'done':
      return {
        key: 'done',
        role: 'status',
        values: { ...base, raised: run.signalsRaised, cleared: run.signalsCleared },
      };
    case 'failed':
      return { key: 'failed', role: 'alert', values: { ...base, reason: run.error ?? '' } };
  }
}
