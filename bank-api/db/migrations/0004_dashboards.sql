-- Indexes behind the dashboards (bank-api/dashboards) and enterprise comparison.
-- Process dashboard: the submission cohort per branch, and the decided-per-day series.
CREATE INDEX IF NOT EXISTS applications_branch_submitted_idx ON applications (branch_id, submitted_at);
CREATE INDEX IF NOT EXISTS applications_decided_idx ON applications (decided_at) WHERE decided_at IS NOT NULL;
-- Workload per staff member over a period.
CREATE INDEX IF NOT EXISTS decisions_actor_created_idx ON decisions (actor_id, created_at) WHERE actor_id IS NOT NULL;
-- Portfolio: book per branch with the columns its aggregates read (index-only scans on PostgreSQL).
CREATE INDEX IF NOT EXISTS loans_book_idx ON loans (branch_id, product_code, industry_code)
  INCLUDE (balance_fen, principal_fen, classification, days_past_due) WHERE balance_fen > 0;
-- Early warning: the few loans with signals, ranked.
CREATE INDEX IF NOT EXISTS loans_warning_idx ON loans (branch_id, days_past_due DESC)
  WHERE cardinality(warning_signals) > 0;
-- Overdue loans (trend and vintage numerators).
CREATE INDEX IF NOT EXISTS loans_overdue_idx ON loans (branch_id, days_past_due) WHERE days_past_due > 0;
