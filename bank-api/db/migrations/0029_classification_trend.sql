-- The portfolio dashboard's month-end trend of the five-level classification (issue 17.4): the history in
-- loan_classifications (one row per loan and month-end, class = coalesce(final, proposed), balance as
-- recorded at the period) summed per period and by what the loan dashboards filter on. Branch as the
-- history recorded it; product and industry from the loan. Rebuilt one period at a time by
-- bank-api/dashboards/classification-trend.ts in the transaction that writes the history (the month-end
-- run's last step, each review decision), so it always holds exactly the history. A period with no rows
-- here had no classification run.
CREATE TABLE loan_classification_trend (
  period        date NOT NULL,
  branch_id     text NOT NULL,
  product_code  text NOT NULL,
  industry_code text NOT NULL,
  class         text NOT NULL CHECK (class IN ('normal', 'special_mention', 'substandard', 'doubtful', 'loss')),
  loans         bigint NOT NULL,
  balance_fen   bigint NOT NULL,
  PRIMARY KEY (period, branch_id, product_code, industry_code, class)
);
-- The history already recorded (a database classified before this migration).
INSERT INTO loan_classification_trend
  SELECT c.period, c.branch_id, l.product_code, l.industry_code, coalesce(c.final, c.proposed), count(*), sum(c.balance_fen)
  FROM loan_classifications c JOIN loans l ON l.id = c.loan_id
  GROUP BY 1, 2, 3, 4, 5;
