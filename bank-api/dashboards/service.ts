/** Dashboards and their drill-downs: the panels of each dashboard, run within the caller's filters. */
import type { z } from 'zod';
import type { User } from '../../shared/api/auth';
import type {
  Dashboard,
  DashboardId,
  DashboardQuerySchema,
  DrillQuerySchema,
  DrillResult,
} from '../../shared/api/dashboards';
import { formatMoney } from '../../shared/money/money';
import { inBackground, type Queryable, type QueryResult } from '../db/database';
import { validationFailed } from '../http/problems';
import { accuracyPanels } from './accuracy';
import { drillPredicate, drillTarget, type PanelDef, runPanel } from './engine';
import { type Filters, resolveFilters } from './filters';
import { branchLabels } from './labels';
import { portfolioPanels } from './portfolio';
import { processPanels } from './process';
import { regulatoryChecks, regulatoryPanels } from './regulatory';
import { compileSql, type Sql, sql, sqlNumber } from './sql';
import { loanSummariesFresh } from './summaries';
import { turnaroundPanels } from './turnaround';
import { warningPanels } from './warning';

export const PANELS: Readonly<Record<DashboardId, readonly PanelDef[]>> = {
  process: [...processPanels, ...turnaroundPanels],
  portfolio: [...portfolioPanels, ...accuracyPanels],
  warning: warningPanels,
  regulatory: regulatoryPanels,
};

export function findPanel(dashboard: DashboardId, id: string): PanelDef {
  const def = PANELS[dashboard].find((p) => p.id === id);
  if (!def) {
    throw validationFailed('query.panel', `dashboard ${dashboard} has no panel ${id}`, {
      errors: [{ path: 'query.panel', message: `known panels: ${PANELS[dashboard].map((p) => p.id).join(', ')}` }],
    });
  }
  return def;
}

function echo(f: Filters): Dashboard['filters'] {
  return {
    from: f.from,
    to: f.to,
    branchId: f.branchId,
    productCode: f.productCode,
    tier: f.tier,
    industry: f.industry,
  };
}

export async function dashboard(
  q: Queryable,
  user: User,
  id: DashboardId,
  query: z.output<typeof DashboardQuerySchema>,
  now = new Date(),
): Promise<Dashboard> {
  q = inBackground(q); // on the embedded engine, behind the desks' reads and writes
  const f = await resolveFilters(q, user, id, query, now);
  // Loan dashboards read the loan summaries when they hold exactly the loans (else the loans themselves).
  const summaries = id !== 'process' && (await loanSummariesFresh(q, f.dataAsOf));
  const panels = [];
  // (Panels with a summary hook read the summaries their own way: the engine chooses it while they are fresh.)
  for (const def of PANELS[id]) panels.push(await runPanel(q, def, f, { summaries }));
  if (id === 'regulatory') panels.push(regulatoryChecks(panels[0]!));
  const names = await branchLabels(q, f.branches);
  return {
    dashboard: id,
    generatedAt: f.at,
    dataAsOf: id === 'process' ? null : f.dataAsOf,
    filters: echo(f),
    branches: f.branches,
    branchNames: Object.fromEntries(f.branches.map((b) => [b, names.get(b) ?? { zh: b, en: b }])),
    panels,
  };
}

/** A drill-down cohort up to this many loans is sorted rather than read in balance-index order. */
const SMALL_COHORT = 100_000;

export async function drill(
  q: Queryable,
  user: User,
  id: DashboardId,
  query: z.output<typeof DrillQuerySchema>,
  now = new Date(),
  /** Tests move the cohort size below which the page is sorted rather than read in index order. */
  smallCohort = SMALL_COHORT,
): Promise<DrillResult> {
  q = inBackground(q); // on the embedded engine, behind the desks' reads and writes
  const { panel, row, series, limit, cursor, ...filters } = query;
  const f = await resolveFilters(q, user, id, filters, now);
  const def = findPanel(id, panel);
  const summaries = def.dataset === 'loans' && (await loanSummariesFresh(q, f.dataAsOf));
  const offset = cursor ? Number(cursor) : 0;
  const cohort: Cohort = {
    def,
    pred: drillPredicate(def, f, { row, series }, { summaries }),
    base: { panel, row, series },
    offset,
    limit,
    page: sql`LIMIT ${sqlNumber(limit)} OFFSET ${sqlNumber(offset)}`,
    run: <T extends Record<string, unknown>>(statement: Sql) => {
      const { sql: text, params } = compileSql(statement);
      return q.query<T>(text, params);
    },
  };
  return def.dataset === 'applications' ? drillApplications(cohort) : drillLoans(cohort, series, smallCohort);
}

/** One drill-down: the panel's cell as a predicate, the page asked for, and how to run a statement. */
interface Cohort {
  def: PanelDef;
  pred: Sql;
  base: { panel: string; row: string; series: string };
  offset: number;
  limit: number;
  page: Sql;
  run: <T extends Record<string, unknown>>(statement: Sql) => Promise<QueryResult<T>>;
}

/** The applications behind an application panel's cell, a page at a time in submission order (or the panel's own). */
async function drillApplications({ def, pred, base, offset, limit, page, run }: Cohort): Promise<DrillResult> {
  const t = await run<{ n: number }>(sql`SELECT count(*)::int AS n FROM applications a WHERE ${pred}`);
  const rows = await run<Record<string, string | null>>(
    sql`SELECT a.id, a.enterprise_id, a.enterprise_name, a.product_code, a.tier, a.status, a.branch_id, a.amount_fen::text AS amount_fen,
            a.submitted_at, a.decided_at, a.sla_due_at
     FROM applications a WHERE ${pred} ORDER BY ${def.drillOrder ?? sql`a.submitted_at, a.id`} ${page}`,
  );
  const total = t.rows[0]!.n;
  return {
    kind: 'applications',
    ...base,
    total,
    balance: null,
    enterprises: null,
    nextCursor: offset + limit < total ? String(offset + limit) : null,
    items: rows.rows.map((r) => ({
      id: String(r.id),
      enterpriseId: String(r.enterprise_id),
      enterpriseName: String(r.enterprise_name),
      productCode: String(r.product_code),
      tier: String(r.tier),
      status: String(r.status),
      branchId: String(r.branch_id),
      amount: formatMoney(BigInt(r.amount_fen!)),
      submittedAt: new Date(r.submitted_at!).toISOString(),
      decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
      slaDueAt: r.sla_due_at ? new Date(r.sla_due_at).toISOString() : null,
    })),
  };
}

/** The loans behind a loan panel's cell: totals (balance, distinct borrowers where counted), then a page by balance (or the panel's own order). */
async function drillLoans(
  { def, pred, base, offset, limit, page, run }: Cohort,
  series: string,
  smallCohort: number,
): Promise<DrillResult> {
  // Totals first: distinct borrowers are counted (one hashed pass per enterprise) only for a figure
  // that counts them.
  const target = def.series.find((s) => s.key === drillTarget(def, series));
  const t = target?.countsEnterprises
    ? await run<{ n: number; balance: string; enterprises: number | null }>(
        sql`SELECT COALESCE(sum(e.n), 0)::int AS n, COALESCE(sum(e.balance), 0)::text AS balance, count(*)::int AS enterprises
         FROM (SELECT l.enterprise_id, count(*) AS n, sum(l.balance_fen) AS balance FROM loans l WHERE ${pred} GROUP BY l.enterprise_id) e`,
      )
    : await run<{ n: number; balance: string; enterprises: number | null }>(
        sql`SELECT count(*)::int AS n, COALESCE(sum(l.balance_fen), 0)::text AS balance, NULL::int AS enterprises FROM loans l WHERE ${pred}`,
      );
  const total = t.rows[0]!.n;
  // The page, knowing the count: a big cohort walks loans_balance_order_idx from the top; a small one is
  // read through its own predicate's index and sorted (OFFSET 0 keeps the planner from walking the
  // balance index past a million loans to find a few — its estimates for stacked range predicates are
  // guesses); an empty one needs no query.
  const small = total <= smallCohort;
  const rows =
    offset >= total
      ? { rows: [] as Record<string, unknown>[] }
      : await run<Record<string, unknown>>(
          sql`SELECT l.id, l.enterprise_id, e.name AS enterprise_name, l.product_code, l.branch_id, l.industry_code,
            l.principal_fen::text AS principal_fen, l.balance_fen::text AS balance_fen, l.annual_rate::text AS annual_rate,
            to_char(l.disbursed_on, 'YYYY-MM-DD') AS disbursed_on, to_char(l.maturity_date, 'YYYY-MM-DD') AS maturity_date,
            l.days_past_due, l.classification, l.warning_signals
     FROM ${small ? sql`(SELECT * FROM loans l WHERE ${pred} OFFSET 0) l` : sql`loans l`} JOIN enterprises e ON e.id = l.enterprise_id
     ${small ? sql`` : sql`WHERE ${pred}`} ORDER BY ${def.drillOrder ?? sql`l.balance_fen DESC, l.id`} ${page}`,
        );
  return {
    kind: 'loans',
    ...base,
    total,
    balance: formatMoney(BigInt(t.rows[0]!.balance)),
    enterprises: t.rows[0]!.enterprises,
    nextCursor: offset + limit < total ? String(offset + limit) : null,
    items: rows.rows.map((r) => ({
      id: String(r.id),
      enterpriseId: String(r.enterprise_id),
      enterpriseName: String(r.enterprise_name),
      productCode: String(r.product_code),
      branchId: String(r.branch_id),
      industryCode: String(r.industry_code),
      principal: formatMoney(BigInt(String(r.principal_fen))),
      balance: formatMoney(BigInt(String(r.balance_fen))),
      annualRate: String(r.annual_rate),
      disbursedOn: String(r.disbursed_on),
      maturityDate: String(r.maturity_date),
      daysPastDue: Number(r.days_past_due),
      classification: String(r.classification),
      warningSignals: (r.warning_signals as string[]) ?? [],
    })),
  };
}
