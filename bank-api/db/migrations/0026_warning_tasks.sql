-- 预警处置 (issue 17.3): each warning signal (loan_signals, 0025) opens exactly one task for the client's
-- service officer (enterprises.service_officer_id), due a number of bank working days after the signal was
-- raised (by severity; shared/credit/warning-disposition.ts). The officer records a verification (call,
-- visit or data: what, when, by whom) and a measure with a reason; the measures above the officer's role
-- wait for a supervisor's confirmation (awaiting_confirmation → closed, or back to open when rejected).
-- An open task past its due date is escalated. Every step is a row in warning_task_events (and an
-- audit_events entry).

CREATE TABLE warning_tasks (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  signal_id           bigint NOT NULL UNIQUE REFERENCES loan_signals (id),
  loan_id             text NOT NULL REFERENCES loans (id),
  enterprise_id       text NOT NULL REFERENCES enterprises (id),
  branch_id           text NOT NULL REFERENCES branches (id),
  officer_id          text REFERENCES users (id),     -- the service officer when the task opened (NULL: none)
  code                text NOT NULL,                  -- the signal's code
  severity            text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  run_id              text REFERENCES monitoring_runs (id),
  opened_at           timestamptz NOT NULL,
  due_on              date NOT NULL,                  -- bank working days after the signal's date
  status              text NOT NULL CHECK (status IN ('open', 'awaiting_confirmation', 'closed', 'escalated')),
  escalated_at        timestamptz,
  verification_kind   text CHECK (verification_kind IN ('call', 'visit', 'data')),
  verification_note   text,
  verified_on         date,                           -- when the call/visit/data check took place
  verified_by         text REFERENCES users (id),
  measure             text CHECK (measure IN ('observe', 'add_collateral', 'reduce_limit', 'early_recall', 'release')),
  measure_reason      text,
  measured_by         text REFERENCES users (id),
  measured_at         timestamptz,
  confirmed_by        text REFERENCES users (id),
  confirmed_at        timestamptz,
  confirmation_note   text,
  closed_at           timestamptz,
  version             integer NOT NULL DEFAULT 1,
  CHECK (measure IS NULL OR (measure_reason IS NOT NULL AND length(btrim(measure_reason)) > 0)),
  CHECK (status <> 'closed' OR (measure IS NOT NULL AND closed_at IS NOT NULL))
);
CREATE INDEX warning_tasks_officer_idx ON warning_tasks (officer_id, status, due_on);
CREATE INDEX warning_tasks_branch_idx ON warning_tasks (branch_id, status, due_on);
CREATE INDEX warning_tasks_due_idx ON warning_tasks (due_on) WHERE status = 'open';
CREATE INDEX warning_tasks_loan_idx ON warning_tasks (loan_id);

-- The task's history: opened, escalated, disposition recorded, confirmed, rejected — who, when, what.
CREATE TABLE warning_task_events (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id             bigint NOT NULL REFERENCES warning_tasks (id),
  at                  timestamptz NOT NULL,
  actor_id            text REFERENCES users (id),     -- NULL: the system (monitoring job, escalation sweep)
  action              text NOT NULL CHECK (action IN ('opened', 'escalated', 'disposition_recorded', 'confirmed', 'rejected')),
  from_status         text,
  to_status           text NOT NULL,
  details             jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX warning_task_events_task_idx ON warning_task_events (task_id, id);
