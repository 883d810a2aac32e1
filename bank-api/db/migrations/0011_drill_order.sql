-- Loan drill-downs list the largest balances first (bank-api/dashboards/service.ts `drill`): with this
-- index the first page of a broad cohort (the whole book, a big branch) reads the top of the index
-- instead of sorting every loan in the cohort.
CREATE INDEX IF NOT EXISTS loans_balance_order_idx ON loans (balance_fen DESC, id);
