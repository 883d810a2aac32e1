-- Post-loan monitoring job (issue 17.1): a run re-reads each active borrower (loans with a balance)
-- through the source adapters, recomputes the warning signals with the versioned rules of
-- shared/monitoring and stores each signal with the figures it saw. One run at a time across API
-- instances (advisory lock on PostgreSQL; the lock row below on both engines); a crashed run (status
-- running, stale heartbeat) is resumed from its cursor (the last loan id done, loans in id order).

CREATE TABLE monitoring_runs (
  id                 text PRIMARY KEY,               -- MR-<yyyymmddhhmmss>-<random>
  trigger            text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  requested_by       text REFERENCES users (id),     -- the supervisor of a manual run
  rule_version       text NOT NULL,                  -- shared/monitoring SIGNAL_RULES_VERSION
  status             text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  started_at         timestamptz NOT NULL,
  finished_at        timestamptz,
  heartbeat_at       timestamptz,
  loans_total        integer NOT NULL DEFAULT 0,
  loans_done         integer NOT NULL DEFAULT 0,
  signals_raised     integer NOT NULL DEFAULT 0,
  signals_cleared    integer NOT NULL DEFAULT 0,
  cursor             text,                           -- the last loan id whose batch is committed
  error              text
);
CREATE INDEX monitoring_runs_started_idx ON monitoring_runs (started_at DESC, id DESC);
-- At most one run in progress (the database says so, whatever the instances think).
CREATE UNIQUE INDEX monitoring_runs_one_running_idx ON monitoring_runs ((status)) WHERE status = 'running';

-- One signal on one loan from when it was raised to when a later run no longer saw it.
CREATE TABLE loan_signals (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id            text NOT NULL REFERENCES loans (id),
  enterprise_id      text NOT NULL,
  code               text NOT NULL,
  severity           text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  rule_version       text NOT NULL,
  observed           jsonb NOT NULL,                 -- { field, value, threshold, ... } the rule saw
  observed_at        timestamptz NOT NULL,
  run_id             text REFERENCES monitoring_runs (id),
  raised_at          timestamptz NOT NULL,
  cleared_at         timestamptz,
  cleared_run_id     text REFERENCES monitoring_runs (id)
);
CREATE UNIQUE INDEX loan_signals_open_idx ON loan_signals (loan_id, code) WHERE cleared_at IS NULL;
CREATE INDEX loan_signals_loan_idx ON loan_signals (loan_id, raised_at);
CREATE INDEX loan_signals_run_idx ON loan_signals (run_id);

-- The single-runner lock row: the instance holding the lease runs the job (PGlite and PostgreSQL alike;
-- PostgreSQL additionally takes pg_try_advisory_lock for the run's duration).
CREATE TABLE monitoring_lock (
  name               text PRIMARY KEY,
  holder             text,
  run_id             text,
  expires_at         timestamptz
);
INSERT INTO monitoring_lock (name) VALUES ('monitoring');
