-- Approval accuracy (issue 16 item 4): the book by what the approval knew — grade, tier, channel and
-- score (loans' columns from 0021) — with the filter dimensions, five-level class and days past due as a
-- bucket representative (as loan_book_summary: 0; 1 for 1–30; 31 for 31–90; 91 for over 90). The score
-- is kept as its band's lower bound (shared/credit/score-bands.ts; the lowest band as -1), so the
-- panels' own band expression reads the summary as it reads the loans. Rebuilt by refreshLoanSummaries
-- and marked stale with the other loan summaries (0007's trigger on `loans`).
CREATE TABLE loan_accuracy_summary (
  branch_id       text NOT NULL,
  product_code    text NOT NULL,
  industry_code   text NOT NULL,
  grade           text,
  tier            text,
  channel         text,
  score           integer,
  classification  text NOT NULL,
  days_past_due   integer NOT NULL,
  n               bigint NOT NULL,
  balance_fen     bigint NOT NULL
);
CREATE INDEX loan_accuracy_summary_branch_idx ON loan_accuracy_summary (branch_id);
