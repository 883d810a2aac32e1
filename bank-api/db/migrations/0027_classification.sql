-- Five-level classification with review (issue 17.4, 《商业银行金融资产风险分类办法》 2023): each
-- month-end the rules of shared/credit/classification.ts propose a class per active loan (one row per
-- loan and period, never deleted: the history); a reviewer confirms or overrides with a reason; an
-- upgrade out of non-performing waits for a second, different reviewer. On the final decision
-- loans.classification takes the decided class.

-- Markers the 2023 rules need and loans did not carry: restructuring (重组) and extension (展期), each
-- with the day it took effect; the observation period runs from there (the rules say how long).
ALTER TABLE loans ADD COLUMN IF NOT EXISTS restructured_on date;
ALTER TABLE loans ADD COLUMN IF NOT EXISTS extended_on date;

CREATE TABLE loan_classifications (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id            text NOT NULL REFERENCES loans (id),
  period             date NOT NULL,                  -- the month-end
  proposed           text NOT NULL CHECK (proposed IN ('normal', 'special_mention', 'substandard', 'doubtful', 'loss')),
  rule_reasons       jsonb NOT NULL,                 -- [{ code, facts }] from the rules (shared/credit/classification)
  final              text CHECK (final IN ('normal', 'special_mention', 'substandard', 'doubtful', 'loss')),
  status             text NOT NULL CHECK (status IN ('proposed', 'confirmed', 'overridden', 'awaiting_second')),
  reviewer_id        text REFERENCES users (id),
  second_reviewer_id text REFERENCES users (id),
  reason             text,                           -- the reviewer's reason (required to override)
  decided_at         timestamptz,
  -- What the rules saw and which rules they were.
  rule_version       text NOT NULL,
  previous           text NOT NULL,                  -- loans.classification when proposed
  days_past_due      integer NOT NULL,               -- at the period (an on-time period: 0)
  on_time            integer NOT NULL,               -- consecutive on-time month-ends up to this one
  floor              text NOT NULL,                  -- the class the rules require (no decision below it)
  balance_fen        bigint NOT NULL,
  branch_id          text NOT NULL REFERENCES branches (id),
  review_flags       text[] NOT NULL DEFAULT '{}',   -- signals for the reviewer (e.g. overdue elsewhere), no downgrade
  needs_second       boolean NOT NULL DEFAULT false, -- the proposal itself is an upgrade out of non-performing
  created_at         timestamptz NOT NULL,
  reviewed_at        timestamptz,                    -- the first reviewer's step
  second_reason      text,                           -- the second reviewer's reason when refusing the upgrade
  second_decided_at  timestamptz,
  UNIQUE (loan_id, period)
);
CREATE INDEX loan_classifications_period_idx ON loan_classifications (period, status, branch_id);
CREATE INDEX loan_classifications_loan_idx ON loan_classifications (loan_id, period DESC);
