-- Issue 18, industry codes (GB/T 4754-2017). The negative list excluded 'R9042' (福利彩票服务) where it
-- meant the whole group 彩票活动 'R904' — sports lotteries (R9041) and other lotteries (R9049) passed. The
-- code was wrong from the start (the policy says 彩票活动), so the stored rule sets are corrected in place,
-- as shared/credit/negative-list.ts now reads; a published version's digest changes with its data, so
-- every cached parse is refreshed (bank-api/workflow/rule-sets.ts).
UPDATE rule_sets
   SET data = jsonb_set(
         data,
         '{negativeList}',
         (SELECT jsonb_agg(
                   CASE WHEN rule ->> 'id' = 'NEG_INDUSTRY'
                        THEN jsonb_set(rule, '{value}',
                               (SELECT jsonb_agg(CASE WHEN code = '"R9042"'::jsonb THEN '"R904"'::jsonb ELSE code END
                                                 ORDER BY ord)
                                  FROM jsonb_array_elements(rule -> 'value') WITH ORDINALITY AS v (code, ord)))
                        ELSE rule END
                   ORDER BY pos)
            FROM jsonb_array_elements(data -> 'negativeList') WITH ORDINALITY AS n (rule, pos)))
 WHERE EXISTS (
         SELECT 1 FROM jsonb_array_elements(data -> 'negativeList') AS n (rule)
          WHERE rule ->> 'id' = 'NEG_INDUSTRY' AND (rule -> 'value') @> '["R9042"]'::jsonb);

-- Issue 18, regulatory indicators: the growth of inclusive SME loans is measured on balances against the
-- start of the year (年初), so each loan carries its 年初余额 — its balance at the close of the previous
-- calendar year (the year of the loan book's data date), as the year-end ledger closed it; 0 for a loan
-- disbursed since. NULL where the figure is not known (a book loaded before this column: reload it).
ALTER TABLE loans ADD COLUMN balance_year_start_fen bigint CHECK (balance_year_start_fen >= 0);
