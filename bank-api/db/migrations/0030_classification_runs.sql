-- The month-end classification run as a background job (issue 17): POST /api/v1/classifications/runs
-- answers 202 with a run; the run proposes in batches of debtors (enterprise id order), and each batch's
-- proposals, the run's cursor (the batch's last enterprise id), its counters and heartbeat commit in one
-- transaction that first checks this instance still holds the run (holder) and that the cursor is where it
-- left it. One run at a time (the partial unique index below; on PostgreSQL the claim also takes an
-- advisory transaction lock); a run whose heartbeat is stale (its process died) is taken over by the next
-- claim and resumed after its cursor, so no batch is done twice (and (loan, period) is unique besides).

CREATE TABLE classification_runs (
  id                 text PRIMARY KEY,               -- CR-<yyyymmddhhmmss>-<random>
  period             date NOT NULL,                  -- the month-end
  requested_by       text REFERENCES users (id),     -- the supervisor who started it
  rule_version       text NOT NULL,                  -- shared/credit/classification CLASSIFICATION_RULES.version
  status             text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  holder             text,                           -- the API instance working on it (null: free to resume)
  started_at         timestamptz NOT NULL,
  finished_at        timestamptz,
  heartbeat_at       timestamptz,
  loans_total        integer NOT NULL DEFAULT 0,     -- active loans at the period when the run started
  loans_done         integer NOT NULL DEFAULT 0,
  proposed           integer NOT NULL DEFAULT 0,     -- proposals this run inserted (the rest already existed)
  cursor             text,                           -- the last enterprise id whose batch is committed
  error              text
);
CREATE INDEX classification_runs_started_idx ON classification_runs (started_at DESC, id DESC);
CREATE INDEX classification_runs_period_idx ON classification_runs (period, started_at DESC);
CREATE UNIQUE INDEX classification_runs_one_running_idx ON classification_runs ((status)) WHERE status = 'running';

-- The run reads a batch of debtors' active loans by enterprise range; on a book where most loans are paid
-- off, the plain enterprise index sends it to every paid-off loan's row as well (the bench on the large
-- seed: 56 % of the rows read were filtered out).
CREATE INDEX IF NOT EXISTS loans_active_enterprise_idx ON loans (enterprise_id) WHERE balance_fen > 0;
