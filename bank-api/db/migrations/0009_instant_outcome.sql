-- The instant channel's outcome as a plain column: the automation figures filter on it for every
-- dashboard, and reading it out of the assessment jsonb cost a detoast per row.
ALTER TABLE applications
  ADD COLUMN instant_outcome text GENERATED ALWAYS AS (assessment -> 'instant' ->> 'outcome') STORED;
CREATE INDEX applications_instant_idx ON applications (instant_outcome, submitted_at);
