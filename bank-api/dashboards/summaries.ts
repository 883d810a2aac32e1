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
 * - Drill-downs always read `loans`. Fresh summaries hold exactly the rows `loans` holds, so a figure
 *   still equals the total, balance or distinct borrowers of its drill-down.
 */
import type { Panel } from '../../shared/api/dashboards';
import { addMonthsClamped, formatCivilDate, parseCivilDate } from '../../shared/calendar/civil-date';
import type { Database, Queryable } from '../db/database';
import { baseWhere, buildPanel, type PanelDef, Params } from './engine';
import type { Filters } from './filters';
import { loanDataAsOf } from './filters';
import { VINTAGE_MOB } from './portfolio';
import { INCLUSIVE_MAX_CREDIT_FEN, yearAgo } from './regulatory';

const NPL_CLASSES = "('substandard','doubtful','loss')";
const onBookAt = (d: string) =>
  `(l.disbursed_on <= '${d}'::date AND (l.maturity_date > '${d}'::date OR l.balance_fen > 0))`;

/** Rebuilds every loan summary for the current loan data date. */

/** The later / earlier of two YYYY-MM-DD days (ISO dates order as strings; Math.max would make NaN). */
const laterDay = (a: string, b: string) => (a > b ? a : b);
const earlierDay = (a: string, b: string) => (a < b ? a : b);

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
      INSERT INTO loan_inclusive_enterprises
        SELECT l2.enterprise_id FROM loans l2 JOIN enterprises e2 ON e2.id = l2.enterprise_id
        WHERE e2.size_class IN ('micro','small') AND l2.balance_fen > 0
        GROUP BY l2.enterprise_id HAVING sum(l2.principal_fen) <= ${INCLUSIVE_MAX_CREDIT_FEN};
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
      UPDATE loan_summary_state SET stale = false, as_of = '${asOf}', refreshed_at = now() WHERE id = 1;
    `);
  });
  await db.query(
    'ANALYZE loan_book_summary, loan_borrower_summary, loan_regulatory_summary, loan_regulatory_borrowers, loan_trend_summary, loan_vintage_summary',
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

const firstOfMonth = (d: string) => `${d.slice(0, 8)}01`;
const nextMonth = (d: string) => {
  const c = parseCivilDate(firstOfMonth(d));
  return formatCivilDate(c.month === 12 ? { year: c.year + 1, month: 1, day: 1 } : { ...c, month: c.month + 1 });
};

/**
 * The regulatory indicators panel from the summaries: the same series as `regulatory.indicators`, the
 * period figures as whole months from the summary plus the partial months at the period's edges from
 * `loans` (index-only on loans_disbursed_cover_idx).
 */
export async function regulatoryFromSummaries(q: Queryable, def: PanelDef, f: Filters): Promise<Panel> {
  // Whole months inside [from, to]: [wholeFrom, wholeTo).
  const wholeFrom = f.from.endsWith('-01') ? f.from : nextMonth(f.from);
  const dayAfterTo = formatCivilDate(
    (() => {
      const t = new Date(`${f.to}T00:00:00Z`);
      t.setUTCDate(t.getUTCDate() + 1);
      return parseCivilDate(t.toISOString().slice(0, 10));
    })(),
  );
  const wholeTo = dayAfterTo.endsWith('-01') ? dayAfterTo : firstOfMonth(f.to);
  const hasWhole = wholeFrom < wholeTo;
  const P = new Params();
  const p = P.p;
  const base = baseWhere('loans', p, f);
  const rows = [
    ['inclusive', 'l.inclusive'],
    ['all', 'true'],
  ] as const;
  const whole = hasWhole
    ? `l.disbursed_month >= ${p(wholeFrom)}::date AND l.disbursed_month < ${p(wholeTo)}::date`
    : 'false';
  // The days outside whole months, as ranges [lo, hi) of disbursement dates (each an index range scan).
  const edges: [string, string][] = hasWhole
    ? (
        [
          [f.from, wholeFrom],
          [wholeTo, dayAfterTo],
        ] as [string, string][]
      ).filter(([lo, hi]) => lo < hi)
    : [[f.from, dayAfterTo]];
  const cols: string[] = [];
  rows.forEach(([key, rp]) => {
    const w = (pred: string) => `FILTER (WHERE ${rp} AND ${pred})`;
    cols.push(
      `(SELECT json_build_array(
         COALESCE(sum(l.balance_fen) ${w('l.book')}, 0)::text,
         COALESCE(sum(l.balance_fen) ${w('l.book AND l.npl')}, 0)::text,
         COALESCE(sum(l.principal_fen) ${w('l.on_now')}, 0)::text,
         COALESCE(sum(l.principal_fen) ${w('l.on_year_ago')}, 0)::text,
         COALESCE(sum(l.n) ${w(whole)}, 0)::text,
         COALESCE(sum(l.principal_rate) ${w(whole)}, 0)::text,
         COALESCE(sum(l.principal_fen) ${w(whole)}, 0)::text)
       FROM loan_regulatory_summary l WHERE ${base}) AS ${key}_sums`,
      // Distinct borrowers: one group per enterprise (a hash aggregate), then count the groups.
      `(SELECT json_build_array(count(*) FILTER (WHERE b.now)::text, count(*) FILTER (WHERE b.ago)::text)
       FROM (SELECT bool_or(l.on_now) AS now, bool_or(l.on_year_ago) AS ago FROM loan_regulatory_borrowers l
             WHERE ${base} AND ${rp} GROUP BY l.enterprise_id) b) AS ${key}_borrowers`,
      ...edges.map(
        ([lo, hi], k) =>
          `(SELECT json_build_array(count(*)::text, COALESCE(sum(l.principal_fen * l.annual_rate), 0)::text,
                                COALESCE(sum(l.principal_fen), 0)::text)
       FROM loans l ${key === 'inclusive' ? 'JOIN loan_inclusive_enterprises i ON i.enterprise_id = l.enterprise_id' : ''}
       WHERE ${base} AND l.disbursed_on >= ${p(lo)}::date AND l.disbursed_on < ${p(hi)}::date) AS ${key}_edge${k}`,
      ),
    );
  });
  const r = (await q.query<Record<string, string[]>>(`SELECT ${cols.join(', ')}`, P.values)).rows[0]!;
  const exact = (
    await q.query<Record<string, string | null>>(
      `SELECT ${rows
        .map(([key], i) => {
          const s = r[`${key}_sums`]!;
          const e = edges.map((_, k) => r[`${key}_edge${k}`]!);
          const num = [s[5]!, ...e.map((x) => x[1]!)].map(p2).join(' + ');
          const den = [s[6]!, ...e.map((x) => x[2]!)].map(p2).join(' + ');
          return `round((${num}) / NULLIF(${den}, 0), 2)::text AS r${i}`;
        })
        .join(', ')}`,
    )
  ).rows[0]!;
  return buildPanel(
    def,
    rows.map(([key], i) => {
      const s = r[`${key}_sums`]!;
      const b = r[`${key}_borrowers`]!;
      const edgeCount = edges.reduce((acc, _, k) => acc + BigInt(r[`${key}_edge${k}`]![0]!), 0n);
      return {
        key,
        label: null,
        raw: {
          balance: s[0]!,
          nplBalance: s[1]!,
          principalNow: s[2]!,
          principalYearAgo: s[3]!,
          borrowersNow: b[0]!,
          borrowersYearAgo: b[1]!,
          disbursedInPeriod: (BigInt(s[4]!) + edgeCount).toString(),
          avgRate: exact[`r${i}`] ?? null,
        },
      };
    }),
  );
}

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const quarterOf = (d: string) => `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
const quarterStart = (d: string) =>
  `${d.slice(0, 4)}-${String(Math.floor((Number(d.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
const addMonths1 = (d: string, k: number) => {
  let x = d;
  for (let i = 0; i < k; i++) x = nextMonth(x);
  return x;
};

/**
 * The vintage panel from the summaries: the same rows and series as `portfolio.vintage`. Denominators
 * (loans disbursed in a date range) are whole months from loan_vintage_summary plus the partial months at
 * the cut-offs from `loans` (index-only on loans_disbursed_cover_idx); numerators only count loans more
 * than 30 days past due, read from `loans` with the panel's own predicates (loans_over30_disbursed_idx).
 */
export async function vintageFromSummaries(q: Queryable, def: PanelDef, f: Filters): Promise<Panel> {
  const end = addDays(f.to, 1); // exclusive
  const cutoff = (k: number) => formatCivilDate(addMonthsClamped(parseCivilDate(f.dataAsOf), -k));
  // Exclusive upper bounds of each mob's observable loans.
  const obsEnd = new Map(VINTAGE_MOB.map((k) => [k, addDays(cutoff(k), 1)]));
  const cuts = [...new Set([f.from, end, ...obsEnd.values()])].filter((d) => !d.endsWith('-01'));
  const P = new Params();
  const p = P.p;
  const base = baseWhere('loans', p, f);
  const cols = [
    `(SELECT COALESCE(json_agg(json_build_array(to_char(m, 'YYYY-MM-DD'), n::text)), '[]') FROM (SELECT l.disbursed_month AS m, sum(l.n) AS n FROM loan_vintage_summary l WHERE ${base} GROUP BY 1) t) AS months`,
    ...cuts.map(
      (d, i) =>
        `(SELECT count(*)::text FROM loans l WHERE ${base} AND l.disbursed_on >= ${p(firstOfMonth(d))}::date AND l.disbursed_on < ${p(d)}::date) AS cut${i}`,
    ),
  ];
  const r = (await q.query<Record<string, unknown>>(`SELECT ${cols.join(', ')}`, P.values)).rows[0]!;
  const months = new Map((r.months as [string, string][]).map(([m, n]) => [m, BigInt(n)]));
  const partial = new Map(cuts.map((d, i) => [d, BigInt(r[`cut${i}`] as string)]));
  // Loans disbursed before `d` (within the filters).
  const before = (d: string) => {
    const m0 = firstOfMonth(d);
    let acc = partial.get(d) ?? 0n;
    for (const [m, n] of months) if (m < m0) acc += n;
    return acc;
  };
  const between = (a: string, b: string) => (a < b ? before(b) - before(a) : 0n);
  // Numerators: the loans more than 30 days past due, by the panel's own predicates.
  const P2 = new Params();
  const nums = def.series.filter((s) => /^mob\d+_n$/.test(s.key));
  const sql = `SELECT to_char(l.disbursed_on, 'YYYY-"Q"Q') AS k, ${nums
    .map((s, j) => `count(*) FILTER (WHERE ${'pred' in s && s.pred ? s.pred(P2.p, f, null) : 'true'})::text AS s${j}`)
    .join(
      ', ',
    )} FROM loans l WHERE ${baseWhere('loans', P2.p, f)} AND ${def.where(P2.p, f)} AND l.days_past_due > 30 GROUP BY 1`;
  const numRows = new Map((await q.query<Record<string, string>>(sql, P2.values)).rows.map((x) => [x.k!, x] as const));
  const out: { key: string; label: null; raw: Record<string, string | null> }[] = [];
  for (let qs = quarterStart(f.from); qs < end; qs = addMonths1(qs, 3)) {
    const lo = laterDay(qs, f.from);
    const qe = addMonths1(qs, 3);
    const hi = earlierDay(qe, end);
    const loans = between(lo, hi);
    if (loans === 0n) continue;
    const key = quarterOf(qs);
    const raw: Record<string, string | null> = { loans: loans.toString() };
    const nr = numRows.get(key);
    for (const k of VINTAGE_MOB) {
      const oe = obsEnd.get(k)!;
      raw[`mob${k}_d`] = between(lo, earlierDay(oe, hi)).toString();
      const j = nums.findIndex((s) => s.key === `mob${k}_n`);
      raw[`mob${k}_n`] = nr ? (nr[`s${j}`] ?? '0') : '0';
    }
    out.push({ key, label: null, raw });
  }
  return buildPanel(def, out);
}

/** A numeric literal from a numeric's text (digits, sign and point only). */
function p2(v: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(v)) throw new Error(`not a number: ${v}`);
  return `${v}::numeric`;
}
