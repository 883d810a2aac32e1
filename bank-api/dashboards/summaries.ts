/**
 * Loan summaries (migration 0007): exact counts and fen sums of `loans`, grouped by what the loan
 * dashboards filter and group by, so a dashboard over a million loans reads a few thousand rows.
 *
 * - `refreshLoanSummaries(q)` rebuilds them in one transaction, with writes to `loans` locked out; the
 *   sandbox seed calls it after inserting loans. Whoever changes loans later calls it again (or leaves the
 *   summaries stale: see below).
 * - A statement trigger marks them stale on any write to `loans` (or to an enterprise's size class).
 *   Stale summaries — or summaries computed for another data date — are never read: the dashboards then
 *   compute from `loans` directly (slower, same figures).
 * - Two panels read the summaries through a hook of their own (`summary.read`: the regulatory indicators
 *   in regulatory.ts, the vintage in portfolio.ts); the others name a summary as their FROM clause.
 * - Drill-downs always read `loans`. Fresh summaries hold exactly the rows `loans` holds, so a figure
 *   still equals the total, balance or distinct borrowers of its drill-down.
 */
import type { Database, Queryable } from '../db/database';
import { ACCURACY_SUMMARY_REFRESH } from './accuracy';
import { loanDataAsOf } from './filters';
import { INCLUSIVE_SELECT_TEXT, yearAgo } from './regulatory';

const NPL_CLASSES = "('substandard','doubtful','loss')";
const onBookAt = (d: string) =>
  `(l.disbursed_on <= '${d}'::date AND (l.maturity_date > '${d}'::date OR l.balance_fen > 0))`;

/** Rebuilds every loan summary for the current loan data date. */
export async function refreshLoanSummaries(db: Database, now = new Date()): Promise<void> {
  await db.tx(async (q) => {
    await q.query('LOCK TABLE loans IN SHARE MODE');
    const asOf = await loanDataAsOf(q, now);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`bad data date ${asOf}`);
    const ago = yearAgo(asOf);
    await q.exec(`
      DELETE FROM loan_book_summary; DELETE FROM loan_borrower_summary; DELETE FROM loan_inclusive_enterprises;
      DELETE FROM loan_regulatory_summary; DELETE FROM loan_regulatory_borrowers; DELETE FROM loan_trend_summary;
      DELETE FROM loan_vintage_summary;
      INSERT INTO loan_vintage_summary
        SELECT branch_id, product_code, industry_code, date_trunc('month', disbursed_on)::date, count(*)
        FROM loans GROUP BY 1, 2, 3, 4;
      INSERT INTO loan_trend_summary
        SELECT l.branch_id, l.product_code, l.industry_code,
               (date_trunc('month', l.disbursed_on) + interval '1 month' - interval '1 day')::date,
               CASE WHEN l.balance_fen > 0 THEN NULL ELSE date_trunc('month', l.maturity_date)::date END,
               sum(l.balance_fen), ${onBookAt(asOf)}, l.days_past_due, count(*)
        FROM loans l
        GROUP BY l.branch_id, l.product_code, l.industry_code, 4, 5, l.balance_fen > 0, 7, l.days_past_due;
      INSERT INTO loan_book_summary
        SELECT branch_id, product_code, industry_code, classification,
               CASE WHEN days_past_due > 90 THEN 91 WHEN days_past_due > 30 THEN 31 WHEN days_past_due > 0 THEN 1 ELSE 0 END,
               warning_signals, count(*), sum(balance_fen), sum(principal_fen)
        FROM loans WHERE balance_fen > 0 GROUP BY 1, 2, 3, 4, 5, 6;
      INSERT INTO loan_borrower_summary
        SELECT enterprise_id, branch_id, product_code, industry_code, count(*), sum(balance_fen)
        FROM loans WHERE balance_fen > 0 GROUP BY 1, 2, 3, 4;
      INSERT INTO loan_inclusive_enterprises ${INCLUSIVE_SELECT_TEXT};
      INSERT INTO loan_regulatory_summary
        SELECT i.enterprise_id IS NOT NULL, l.branch_id, l.product_code, l.industry_code, l.balance_fen > 0,
               l.classification IN ${NPL_CLASSES}, ${onBookAt(asOf)}, ${onBookAt(ago)},
               date_trunc('month', l.disbursed_on)::date,
               count(*), sum(l.balance_fen), sum(l.principal_fen), sum(l.principal_fen * l.annual_rate)
        FROM loans l LEFT JOIN loan_inclusive_enterprises i ON i.enterprise_id = l.enterprise_id
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
      INSERT INTO loan_regulatory_borrowers
        SELECT l.enterprise_id, bool_or(i.enterprise_id IS NOT NULL), l.branch_id, l.product_code, l.industry_code,
               bool_or(${onBookAt(asOf)}), bool_or(${onBookAt(ago)})
        FROM loans l LEFT JOIN loan_inclusive_enterprises i ON i.enterprise_id = l.enterprise_id
        WHERE ${onBookAt(asOf)} OR ${onBookAt(ago)}
        GROUP BY l.enterprise_id, l.branch_id, l.product_code, l.industry_code;
      ${ACCURACY_SUMMARY_REFRESH}
      UPDATE loan_summary_state SET stale = false, as_of = '${asOf}', refreshed_at = now() WHERE id = 1;
    `);
  });
  await db.query(
    'ANALYZE loan_book_summary, loan_borrower_summary, loan_regulatory_summary, loan_regulatory_borrowers, loan_trend_summary, loan_vintage_summary, loan_accuracy_summary',
  );
}

/** Whether the summaries hold exactly the loans, for this data date. */
export async function loanSummariesFresh(q: Queryable, dataAsOf: string): Promise<boolean> {
  const r = await q.query<{ stale: boolean; as_of: string | null }>(
    "SELECT stale, to_char(as_of, 'YYYY-MM-DD') AS as_of FROM loan_summary_state WHERE id = 1",
  );
  const s = r.rows[0];
  return !!s && !s.stale && s.as_of === dataAsOf;
}
