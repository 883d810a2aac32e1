import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/i18n/en';
import { zhCN } from '../../../shared/i18n/zh-CN';
import type { MonitoringRun } from '../../../shared/monitoring/api';
import { latestOf, runMessage } from './run-message';

const run = (o: Partial<MonitoringRun> = {}): MonitoringRun => ({
  id: 'MR-20261130150000-abc123',
  trigger: 'manual',
  requestedBy: { id: 'u-supervisor1', name: '吴主管' },
  ruleVersion: 'SR-2026.1',
  status: 'running',
  startedAt: '2026-11-30T15:00:00+08:00',
  finishedAt: null,
  heartbeatAt: null,
  durationSeconds: 0,
  loansTotal: 6177,
  loansDone: 0,
  signalsRaised: 0,
  signalsCleared: 0,
  stale: false,
  error: null,
  ...o,
});

describe('the started run’s message follows the run', () => {
  it('says running with the progress, then done with the figures — not “started” once it is over', () => {
    const started = run();
    const midway = run({ loansDone: 2500, durationSeconds: 75 });
    expect(runMessage(latestOf(started, midway, null))).toEqual({
      key: 'running',
      role: 'status',
      values: { id: started.id, done: 2500, total: 6177, minutes: 1, seconds: 15 },
    });
    const finished = run({
      status: 'done',
      loansDone: 6177,
      durationSeconds: 190,
      signalsRaised: 41,
      signalsCleared: 7,
      finishedAt: '2026-11-30T15:03:10+08:00',
    });
    // The list still shows it running (read earlier) while the run's own read says done: done wins.
    const m = runMessage(latestOf(started, finished, midway));
    expect(m.key).toBe('done');
    expect(m.values).toMatchObject({ done: 6177, total: 6177, raised: 41, cleared: 7, minutes: 3, seconds: 10 });
  });

  it('says failed with the reason as an alert; a stale heartbeat is said while running', () => {
    const m = runMessage(run({ status: 'failed', loansDone: 900, error: 'source timeout at E0042' }));
    expect(m).toMatchObject({ key: 'failed', role: 'alert', values: { reason: 'source timeout at E0042', done: 900 } });
    expect(runMessage(run({ stale: true, loansDone: 10 })).key).toBe('runningStale');
  });

  it('ignores a read of another run, and a running read behind the one already seen', () => {
    const started = run({ loansDone: 100 });
    const other = run({ id: 'MR-20261129150000-zzz999', status: 'done' });
    expect(latestOf(started, other).status).toBe('running');
    expect(latestOf(started, run({ loansDone: 50 })).loansDone).toBe(100);
  });

  it('has words in both languages for every message, naming the figures', () => {
    for (const words of [zhCN.monitoring.run, en.monitoring.run]) {
      for (const k of ['running', 'runningStale', 'done', 'failed'] as const) expect(words[k]).toContain('{{id}}');
      expect(words.done).toContain('{{raised}}');
      expect(words.done).toContain('{{cleared}}');
      expect(words.failed).toContain('{{reason}}');
      expect(words.running).toContain('{{done}}');
    }
  });
});
