-- Loan summaries behind the loan dashboards (bank-api/dashboards/summaries.ts). Exact fen sums and counts
-- of the loans table, grouped so that the panels' own predicates still hold on a summary row; the
-- drill-downs keep reading `loans`. refreshLoanSummaries(q) rebuilds them (the sandbox seed calls it at
-- the end); any write to `loans` (or to an enterprise's size class) marks them stale, and stale summaries
-- are never read: the dashboards then compute from `loans` directly until the next refresh.

-- The book (balance > 0) by the filter dimensions, five-level class, days past due as a bucket
-- representative (0; 1 for 1–30; 31 for 31–90; 91 for over 90: `> 0`, `> 30`, `> 90` keep their truth)
-- and warning signals.
CREATE TABLE loan_book_summary (
  branch_id       text NOT NULL,
  product_code    text NOT NULL,
  industry_code   text NOT NULL,
  classification  text NOT NULL,
  days_past_due   integer NOT NULL,
  warning_signals text[] NOT NULL,
  n               bigint NOT NULL,
  balance_fen     bigint NOT NULL,
  principal_fen   bigint NOT NULL
);
CREATE INDEX loan_book_summary_branch_idx ON loan_book_summary (branch_id);

-- The book per borrower (top borrowers).
CREATE TABLE loan_borrower_summary (
  enterprise_id   text NOT NULL,
  branch_id       text NOT NULL,
  product_code    text NOT NULL,
  industry_code   text NOT NULL,
  n               bigint NOT NULL,
  balance_fen     bigint NOT NULL
);
CREATE INDEX loan_borrower_summary_branch_idx ON loan_borrower_summary (branch_id);

-- Enterprises that count as inclusive (普惠) borrowers at refresh time.
CREATE TABLE loan_inclusive_enterprises (
  enterprise_id   text PRIMARY KEY
);

-- Regulatory: whether each loan was on the book at the data date and a year before it (state.as_of);
-- sums by inclusive flag, filter dimensions and disbursement month (period figures add whole months here
-- and read the partial months at the period's edges from `loans`)…
CREATE TABLE loan_regulatory_summary (
  inclusive        boolean NOT NULL,
  branch_id        text NOT NULL,
  product_code     text NOT NULL,
  industry_code    text NOT NULL,
  book             boolean NOT NULL,
  npl              boolean NOT NULL,
  on_now           boolean NOT NULL,
  on_year_ago      boolean NOT NULL,
  disbursed_month  date NOT NULL,
  n                bigint NOT NULL,
  balance_fen      bigint NOT NULL,
  principal_fen    bigint NOT NULL,
  principal_rate   numeric NOT NULL
);
-- …and the borrowers on the book then and now (distinct counts).
CREATE TABLE loan_regulatory_borrowers (
  enterprise_id    text NOT NULL,
  inclusive        boolean NOT NULL,
  branch_id        text NOT NULL,
  product_code     text NOT NULL,
  industry_code    text NOT NULL,
  on_now           boolean NOT NULL,
  on_year_ago      boolean NOT NULL
);

-- Month-end trend: disbursement month as its last day, maturity month as its first day (null on the
-- book), on the book at the data date (state.as_of), exact days past due.
CREATE TABLE loan_trend_summary (
  branch_id       text NOT NULL,
  product_code    text NOT NULL,
  industry_code   text NOT NULL,
  disbursed_on    date NOT NULL,
  maturity_date   date,
  balance_fen     bigint NOT NULL,
  on_now          boolean NOT NULL,
  days_past_due   integer NOT NULL,
  n               bigint NOT NULL
);

-- One row: whether the summaries match `loans`, and the data date they were computed for.
CREATE TABLE loan_summary_state (
  id            integer PRIMARY KEY CHECK (id = 1),
  stale         boolean NOT NULL,
  as_of         date,
  refreshed_at  timestamptz
);
INSERT INTO loan_summary_state (id, stale) VALUES (1, true);

CREATE FUNCTION loan_summaries_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE loan_summary_state SET stale = true WHERE id = 1 AND NOT stale;
  RETURN NULL;
END $$;
CREATE TRIGGER loans_summaries_stale AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON loans
  FOR EACH STATEMENT EXECUTE FUNCTION loan_summaries_mark_stale();
CREATE TRIGGER enterprises_summaries_stale AFTER UPDATE OF size_class ON enterprises
  FOR EACH STATEMENT EXECUTE FUNCTION loan_summaries_mark_stale();

-- The partial months at a period's edges (regulatory period figures), read from `loans` index-only.
CREATE INDEX IF NOT EXISTS loans_disbursed_cover_idx ON loans (disbursed_on)
  INCLUDE (enterprise_id, branch_id, product_code, industry_code, principal_fen, annual_rate);
