import type { MonitoringMessages } from './monitoring';

export const monitoringEn: MonitoringMessages = {
  monitoring: {
    heading: 'Post-loan monitoring',
    intro:
      "The monitoring job reads every borrower's outside data again (tax, credit bureau, courts, this bank's settlement accounts) and recomputes the early-warning signals under the rules in force: a new signal is recorded with the figures it saw, a signal that no longer holds is cleared. It runs every night by itself; you can also run it now.",
    start: 'Run now',
    starting: 'Starting…',
    run: {
      running:
        'The monitoring run has started ({{id}}) and is running: {{done}} of {{total}} loans done, {{minutes}} min {{seconds}} s so far.',
      runningStale:
        'Monitoring run {{id}} lost its heartbeat ({{done}} of {{total}} loans done); the next start resumes it.',
      done: 'Monitoring run {{id}} is done: {{done}} loans checked, {{raised}} signals raised, {{cleared}} cleared, in {{minutes}} min {{seconds}} s.',
      failed: 'Monitoring run {{id}} failed ({{done}} of {{total}} loans done): {{reason}}. You can run it again.',
      noReason: 'no reason recorded',
    },
    inProgress: 'A monitoring run is already in progress; wait for it to finish.',
    loading: 'Reading the monitoring runs…',
    none: 'The monitoring job has not run yet.',
    current: 'Current run',
    progress: 'Progress: {{done}} of {{total}} loans',
    lastRuns: 'Latest runs',
    refresh: 'Refresh',
    col: {
      started: 'Started',
      trigger: 'Started by',
      requestedBy: 'Requested by',
      status: 'Status',
      progress: 'Loans done',
      duration: 'Duration',
      raised: 'Signals raised',
      cleared: 'Signals cleared',
      rules: 'Rule version',
    },
    trigger: { schedule: 'Schedule', manual: 'By hand' },
    status: { running: 'Running', done: 'Done', failed: 'Failed' },
    stale: '(heartbeat lost; the next start resumes it)',
    system: 'System',
    duration: '{{minutes}} min {{seconds}} s',
    failedNote: 'This run did not finish; you can run the job again.',
  },
};
