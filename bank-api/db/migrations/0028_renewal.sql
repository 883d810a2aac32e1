-- Renewal (续贷) and top-up (增额) from a loan (issue 17.5): an application is a new need, a renewal of a
-- loan, or a top-up on one; a renewal or top-up names its loan and keeps the 无还本续贷 answer
-- (shared/credit/renewal.ts: rule version, conditions, reasons) it was started with.
-- Loans gain the day they were written off (核销): such a loan cannot be renewed or topped up.

ALTER TABLE applications ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'new'
  CHECK (kind IN ('new', 'renewal', 'top_up'));
ALTER TABLE applications ADD COLUMN IF NOT EXISTS renewal_of_loan_id text REFERENCES loans (id);
ALTER TABLE applications ADD COLUMN IF NOT EXISTS renewal_eligibility jsonb;
ALTER TABLE applications ADD CONSTRAINT applications_renewal_link_chk
  CHECK ((kind = 'new') = (renewal_of_loan_id IS NULL));
CREATE INDEX IF NOT EXISTS applications_renewal_idx ON applications (renewal_of_loan_id, submitted_at)
  WHERE renewal_of_loan_id IS NOT NULL;

ALTER TABLE loans ADD COLUMN IF NOT EXISTS written_off_on date;
