-- 放款审核 (issue 16.3/16.4): a signed case is disbursed by a maker (records the evidence for each of the
-- approval's conditions, then prepares) and a checker who is not the maker (confirms: signed → disbursed,
-- the loan created). Loans remember the application they came from: its grade, tier, channel, score,
-- terms, rate (LPR + spread) and the repayment schedule as stored rows.

ALTER TABLE loans ADD COLUMN IF NOT EXISTS grade text;
ALTER TABLE loans ADD COLUMN IF NOT EXISTS tier text;
ALTER TABLE loans ADD COLUMN IF NOT EXISTS channel text;
ALTER TABLE loans ADD COLUMN IF NOT EXISTS score integer;
ALTER TABLE loans ADD COLUMN IF NOT EXISTS term_months integer;
ALTER TABLE loans ADD COLUMN IF NOT EXISTS repayment_method text;
ALTER TABLE loans ADD COLUMN IF NOT EXISTS lpr_percent numeric(9, 4);
ALTER TABLE loans ADD COLUMN IF NOT EXISTS spread_bp integer;
-- [{ period, dueDate, principal, interest }] with amounts as yuan strings (shared/loan/schedule.ts rows).
ALTER TABLE loans ADD COLUMN IF NOT EXISTS schedule jsonb;
ALTER TABLE loans ADD COLUMN IF NOT EXISTS contract_id text;
ALTER TABLE loans ADD COLUMN IF NOT EXISTS disbursement_id text;

-- At most one loan per application (a disbursement creates exactly one).
CREATE UNIQUE INDEX IF NOT EXISTS loans_application_idx ON loans (application_id) WHERE application_id IS NOT NULL;

-- One row per case in 放款审核: open (evidence being recorded) → prepared (maker done) → disbursed
-- (checker confirmed), or sent_back (checker returned it to the maker; it is prepared again from there).
CREATE TABLE disbursements (
  id                 text PRIMARY KEY,            -- FK-<application id>
  application_id     text NOT NULL UNIQUE REFERENCES applications (id),
  status             text NOT NULL CHECK (status IN ('open', 'prepared', 'disbursed', 'sent_back')),
  maker_id           text REFERENCES users (id),  -- who prepared it (last)
  prepared_at        timestamptz,
  checker_id         text REFERENCES users (id),  -- who confirmed it
  disbursed_at       timestamptz,
  disbursed_on       date,                        -- the bank working day of the drawdown
  sent_back_by       text REFERENCES users (id),
  sent_back_at       timestamptz,
  send_back_reason   text,
  loan_id            text REFERENCES loans (id),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  version            integer NOT NULL DEFAULT 1
);
CREATE INDEX disbursements_status_idx ON disbursements (status, updated_at);

-- The evidence for one condition (its index in the disbursement's condition list), who recorded it and when.
CREATE TABLE disbursement_evidence (
  application_id     text NOT NULL REFERENCES disbursements (application_id),
  condition_index    integer NOT NULL CHECK (condition_index >= 0),
  condition_type     text NOT NULL,
  evidence           jsonb NOT NULL,              -- shared/credit/loan-conditions ConditionEvidence
  recorded_by        text NOT NULL REFERENCES users (id),
  recorded_at        timestamptz NOT NULL,
  PRIMARY KEY (application_id, condition_index)
);
