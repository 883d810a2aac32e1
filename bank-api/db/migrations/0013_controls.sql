-- Issue 14. Controls the bank API enforces. Columns shared by escalation, pricing authority, policy
-- exceptions and claims (bank-api/workflow/plan.ts, create.ts, queue.ts).

-- Where an escalated case waits: a senior approver's lane or the credit committee. NULL for a case
-- that was never escalated (a committee-tier case by routing is not "escalated").
ALTER TABLE applications ADD COLUMN escalated_to text
  CHECK (escalated_to IS NULL OR escalated_to IN ('senior_approver', 'committee'));

-- Policy exceptions raised at submission from the data (related party, restricted industry, guarantor
-- missing, a rate exception asked by the RM): [{ code, zh, en, facts }].
ALTER TABLE applications ADD COLUMN policy_exceptions jsonb NOT NULL DEFAULT '[]';

-- A pricing exception (定价授权): the proposed terms outside the product's floor/cap or the grade's
-- spread band, why, who asked, and which role may grant it. NULL when the price is within authority.
ALTER TABLE applications ADD COLUMN pricing_exception jsonb;

-- Claims: assignee_id says who holds the case; claim_activity_at is the last activity of the holder
-- (claim, draft, note, decision step). A claim lapses after a working time without activity.
ALTER TABLE applications ADD COLUMN claim_activity_at timestamptz;

CREATE INDEX applications_escalated_idx ON applications (escalated_to, status, sla_due_at, id)
  WHERE escalated_to IS NOT NULL;
