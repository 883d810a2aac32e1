/**
 * The classification history summary (migration 0029) the portfolio trend reads: per month-end, branch,
 * product, industry and class, the loans and their balance as recorded in loan_classifications (the
 * class is the decision where there is one, else the rules' proposal). Writers of the history rebuild the
 * period they touched in their own transaction, so the summary never lags the history.
 */
import type { Queryable } from '../db/database';

/** A history row's class: the reviewer's decision where made, else the rules' proposal. */
export const HISTORY_CLASS = 'coalesce(c.final, c.proposed)';

const INSERT_TREND = `INSERT INTO loan_classification_trend (period, branch_id, product_code, industry_code, class, loans, balance_fen)
  SELECT c.period, c.branch_id, l.product_code, l.industry_code, ${HISTORY_CLASS}, count(*), sum(c.balance_fen)
  FROM loan_classifications c JOIN loans l ON l.id = c.loan_id`;

/**
 * Rebuilds one period's rows from loan_classifications, exactly, in the caller's transaction. With a loan
 * (a review decision changes one loan's class) only the rows of that loan's branch, product and industry
 * are rebuilt: the same result, without regrouping the whole book's history on every decision.
 */
export async function refreshClassificationTrend(q: Queryable, period: string, loanId?: string): Promise<void> {
  if (!loanId) {
    await q.query('DELETE FROM loan_classification_trend WHERE period = $1::date', [period]);
    await q.query(`${INSERT_TREND} WHERE c.period = $1::date GROUP BY 1, 2, 3, 4, 5`, [period]);
    return;
  }
  const g = (
    await q.query<{ branch_id: string; product_code: string; industry_code: string }>(
      `SELECT c.branch_id, l.product_code, l.industry_code
       FROM loan_classifications c JOIN loans l ON l.id = c.loan_id WHERE c.period = $1::date AND c.loan_id = $2`,
      [period, loanId],
    )
  ).rows[0];
  if (!g) return;
  const group = [period, g.branch_id, g.product_code, g.industry_code];
  await q.query(
    `DELETE FROM loan_classification_trend
     WHERE period = $1::date AND branch_id = $2 AND product_code = $3 AND industry_code = $4`,
    group,
  );
  await q.query(
    `${INSERT_TREND} WHERE c.period = $1::date AND c.branch_id = $2 AND l.product_code = $3 AND l.industry_code = $4
     GROUP BY 1, 2, 3, 4, 5`,
    group,
  );
}

/** Of these month-ends, those with a classification run (any history row, in any branch). */
export async function classifiedPeriods(q: Queryable, periods: readonly string[]): Promise<Set<string>> {
  if (periods.length === 0) return new Set();
  const r = await q.query<{ period: string }>(
    `SELECT to_char(p, 'YYYY-MM-DD') AS period FROM unnest($1::date[]) AS p
     WHERE EXISTS (SELECT 1 FROM loan_classification_trend t WHERE t.period = p)`,
    [periods],
  );
  return new Set(r.rows.map((x) => x.period));
}
