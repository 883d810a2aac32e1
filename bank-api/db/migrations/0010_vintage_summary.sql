-- Vintage curves (portfolio.vintage, bank-api/dashboards/summaries.ts vintageFromSummaries): loans by
-- filter dimensions and disbursement month (whole months of each cohort's denominators), rebuilt by
-- refreshLoanSummaries and marked stale with the other loan summaries. The partial months at the
-- cut-offs read `loans` (loans_disbursed_cover_idx) and the numerators read the loans more than 30 days
-- past due through the partial index below.
CREATE TABLE loan_vintage_summary (
  branch_id       text NOT NULL,
  product_code    text NOT NULL,
  industry_code   text NOT NULL,
  disbursed_month date NOT NULL,
  n               bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS loans_over30_disbursed_idx ON loans (disbursed_on)
  INCLUDE (branch_id, product_code, industry_code, days_past_due) WHERE days_past_due > 30;
