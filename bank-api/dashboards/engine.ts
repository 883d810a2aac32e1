/**
 * The dashboards' one aggregation engine. A panel is declared once as SQL predicates: the rows (a GROUP BY
 * expression, or explicit cells each with its own predicate) and the series (count, sum, percentile… each
 * with a FILTER predicate). The same declarations build the aggregate query and the drill-down query, so
 * a figure and the list behind it are computed from exactly the same rows.
 */
import type { Panel, Unit } from '../../shared/api/dashboards';
import { divRoundHalfUp, formatMoney } from '../../shared/money/money';
import type { Queryable } from '../db/database';
import { badRequest } from '../http/problems';
import type { Filters } from './filters';
import { type Compiled, compileSql, joinSql, type Sql, sql, sqlAlias, sqlNumber } from './sql';

type Bi = { zh: string; en: string };

/** A fragment of the panel's SQL for the filters: a predicate, an expression, a FROM clause… */
export type Fragment = (f: Filters) => Sql;
/** A fragment that may depend on the cell's row (cells mode). */
export type CellFragment = (f: Filters, row: CellRow | null) => Sql;
export type Dataset = 'applications' | 'loans';

interface SeriesBase {
  key: string;
  unit: Unit;
  label?: Bi;
  plotted?: boolean;
  /** The figure counts distinct enterprises among its rows: its drill-down reports that count too. */
  countsEnterprises?: boolean;
}
/** An aggregate over the panel's rows; `where`/`group` replace the panel's cohort and row expression. */
export type AggregateSeries = SeriesBase &
  (
    | { kind: 'count'; pred?: CellFragment; distinct?: boolean; where?: Fragment; group?: Fragment }
    | { kind: 'sum'; col: Sql; pred?: CellFragment }
    | { kind: 'percentile'; q: number; expr: CellFragment; pred?: CellFragment }
    /** Any aggregate returning text, given the FILTER clause to put after each aggregate call; drills into `pred`. */
    | { kind: 'agg'; agg: (filter: Sql) => Sql; pred?: CellFragment }
  );
/** A figure derived from the aggregates once they are read. */
export type DerivedSeries = SeriesBase &
  /** num / den × 100 with two places, exact; drills into `num`. */
  (
    | { kind: 'ratio'; num: string; den: string }
    /** (num − den) / den × 100: growth of `num` over `den`. */
    | { kind: 'growth'; num: string; den: string }
    /** This row's `of` as a percent of the whole panel's `of` (before any row limit). */
    | { kind: 'share'; of: string }
  );
export type SeriesDef = AggregateSeries | DerivedSeries;

export interface CellRow {
  key: string;
  label?: Bi | null;
  pred: Fragment;
  /**
   * The row as the drill-down's predicate on the dataset's own alias, for a row whose `pred` reads the
   * panel's CTEs: with it the drill-down is a plain predicate on the table (no semi-join on the id).
   * `summaries`: whether the loan summaries are fresh, so exact, and may be read. Must select exactly
   * the rows `pred` selects; the panel's `where` and series predicates must not read its CTEs either.
   */
  drillPred?: (f: Filters, summaries: boolean) => Sql;
  /** Free values the series predicates read (e.g. a month-end). */
  vars?: Record<string, string | number>;
}

export type PanelRows =
  | {
      mode: 'group';
      expr: Fragment;
      /** Fixed keys, in order (missing ones show zero). */
      keys?: (f: Filters) => string[];
      /** Order by this series descending and keep the first `limit` rows (and a `_top` row adding them up). */
      top?: { series: string; limit: number; totalRow?: boolean };
      label?: (key: string) => Bi | null;
    }
  | { mode: 'cells'; cells: (f: Filters) => CellRow[] };

/**
 * How a panel reads the loan summaries (bank-api/dashboards/summaries.ts) while they are fresh; the
 * drill-down always reads the dataset.
 */
export type PanelSummary =
  /**
   * The aggregates read a summary instead: a FROM clause aliased `l` whose rows carry the columns the
   * panel's predicates and sums name, plus `n`, the number of loans in the row. Counts become sums of `n`.
   */
  | {
      from: Fragment;
      with?: Fragment;
      /** The rows as read from the summary, or null when the summary cannot answer these filters exactly. */
      rows?: (f: Filters) => PanelRows | null;
    }
  /** The panel reads the summaries itself (figures the generic aggregates cannot take from a summary). */
  | { read: (q: Queryable, def: PanelDef, f: Filters) => Promise<Panel> };

export interface PanelDef {
  id: string;
  dataset: Dataset;
  chart: Panel['chart'];
  /** CTEs (without WITH) the FROM clause needs. */
  with?: Fragment;
  /** FROM clause; the dataset's table is aliased `a` (applications) or `l` (loans). */
  from?: Fragment;
  /** The panel's cohort, ANDed to the scope and filter predicate. */
  where: Fragment;
  rows: PanelRows;
  series: SeriesDef[];
  notes?: Bi[];
  /**
   * What depends on the data beyond the figures (e.g. which month-ends have no classification run): the
   * panel as computed in, the panel as served out — figures that do not exist there blanked, notes added.
   */
  finish?: (q: Queryable, f: Filters, panel: Panel) => Promise<Panel>;
  /**
   * A row of a group-mode panel as a predicate on the dataset's own alias, for a panel whose `from`
   * multiplies or joins rows: with it the drill-down reads the table alone (no semi-join on the id,
   * which the planner estimates badly over a million loans). Must select exactly the rows that
   * `(rows.expr) = row` selects through `from`; the panel's `where` and series predicates must read
   * only the table too.
   */
  drillRow?: (f: Filters, row: string) => Sql;
  /** Drill-down order (default: id). */
  drillOrder?: Sql;
  summary?: PanelSummary;
  /** Loads labels for row keys (e.g. names from the database). */
  labels?: (q: Queryable, keys: string[]) => Promise<Map<string, Bi>>;
}

/** Whether the loan summaries hold exactly the loans (so a panel may read them). */
export interface SummaryState {
  summaries?: boolean;
}

export const TOP_ROW = '_top';
const ID_COLUMN = { applications: sql`a.id`, loans: sql`l.id` } as const;
const TABLE = { applications: sql`applications a`, loans: sql`loans l` } as const;
const EMPTY = sql``;

/** Scope and filters as a predicate on the dataset's own columns. */
export function baseWhere(dataset: Dataset, f: Filters): Sql {
  const table = dataset === 'applications' ? sql`a` : sql`l`;
  const clauses = [sql`${table}.branch_id = ANY(${f.branches})`];
  if (f.productCode) clauses.push(sql`${table}.product_code = ${f.productCode}`);
  if (dataset === 'applications') {
    if (f.tier) clauses.push(sql`a.tier = ${f.tier}`);
    if (f.industry)
      clauses.push(
        sql`EXISTS (SELECT 1 FROM enterprises fe WHERE fe.id = a.enterprise_id AND fe.industry_code LIKE ${`${f.industry}%`})`,
      );
  } else if (f.industry) clauses.push(sql`l.industry_code LIKE ${`${f.industry}%`}`);
  return joinSql(clauses, ' AND ');
}

const withClause = (def: PanelDef, f: Filters) => (def.with ? sql`WITH ${def.with(f)} ` : EMPTY);
const fromClause = (def: PanelDef, f: Filters) => (def.from ? def.from(f) : TABLE[def.dataset]);

/** The panel as its aggregates read it: over its summary when one is declared and the summaries are fresh. */
export function aggregateSource(def: PanelDef, f: Filters, state: SummaryState): PanelDef & { summed: boolean } {
  const summary = def.summary;
  if (!state.summaries || !summary || !('from' in summary)) return { ...def, summed: false };
  const rows = summary.rows ? summary.rows(f) : def.rows;
  if (!rows) return { ...def, summed: false };
  const { with: _cte, ...rest } = def;
  return { ...rest, rows, from: summary.from, ...(summary.with ? { with: summary.with } : {}), summed: true };
}

export const isAggregate = (s: SeriesDef): s is AggregateSeries =>
  s.kind !== 'ratio' && s.kind !== 'growth' && s.kind !== 'share';

/** Where an aggregate is computed: the dataset (its id column) and whether rows are summary rows of `n` loans. */
interface AggregateContext {
  f: Filters;
  dataset: Dataset;
  summed: boolean;
}

/** One aggregate as a select-list expression returning text, filtered to the cell's row and the series' predicate. */
export function aggregateSql(s: AggregateSeries, ctx: AggregateContext, row: CellRow | null, rowPred: Sql | null): Sql {
  const preds = [rowPred, s.pred ? s.pred(ctx.f, row) : null].filter((x): x is Sql => x !== null);
  const filter = preds.length ? sql` FILTER (WHERE ${joinSql(preds, ' AND ')})` : EMPTY;
  switch (s.kind) {
    case 'count':
      if (ctx.summed && !s.distinct) return sql`COALESCE(sum(l.n)${filter}, 0)::text`;
      return sql`count(${s.distinct ? sql`DISTINCT ${ID_COLUMN[ctx.dataset]}` : sql`*`})${filter}::text`;
    case 'sum':
      return sql`COALESCE(sum(${s.col})${filter}, 0)::text`;
    case 'percentile':
      return sql`round((percentile_cont(${sqlNumber(s.q)}) WITHIN GROUP (ORDER BY ${s.expr(ctx.f, row)})${filter})::numeric, 1)::text`;
    case 'agg':
      return sql`(${s.agg(filter)})`;
  }
}

/** A query of a panel's plan, with the series it reads (columns `c<row>_<series>` for cells, `k`, `s<j>` else). */
export type PanelQuery = Compiled &
  (
    | { role: 'cells'; cells: CellRow[]; series: AggregateSeries[] }
    /** `own`: a count with its own cohort or row expression, read by a query of its own. */
    | { role: 'group'; series: AggregateSeries[]; own: boolean }
    /** The panel's totals before any row limit: the denominators of shares. */
    | { role: 'totals'; series: AggregateSeries[] }
  );

/** How a panel is computed: by its summary reader, or by these queries over the dataset (or its summary). */
export type PanelPlan =
  | { kind: 'summaryReader'; read: (q: Queryable, def: PanelDef, f: Filters) => Promise<Panel> }
  | { kind: 'queries'; source: PanelDef & { summed: boolean }; queries: PanelQuery[] };

/** The panel's plan for the filters: pure, no database; every filter value a parameter. */
export function compilePanel(def: PanelDef, f: Filters, state: SummaryState = {}): PanelPlan {
  if (state.summaries && def.summary && 'read' in def.summary) return { kind: 'summaryReader', read: def.summary.read };
  const source = aggregateSource(def, f, state);
  const queries = source.rows.mode === 'cells' ? [compileCells(source, source.rows, f)] : compileGroups(source, f);
  return { kind: 'queries', source, queries };
}

function compileCells(
  def: PanelDef & { summed: boolean },
  rows: Extract<PanelRows, { mode: 'cells' }>,
  f: Filters,
): PanelQuery {
  const cells = rows.cells(f);
  const series = def.series.filter(isAggregate);
  const ctx = { f, dataset: def.dataset, summed: def.summed };
  const columns = cells.flatMap((cell, i) => {
    const rowPred = cell.pred(f);
    return series.map((s, j) => sql`${aggregateSql(s, ctx, cell, rowPred)} AS ${sqlAlias(`c${i}_${j}`)}`);
  });
  const select = columns.length ? joinSql(columns, ', ') : sql`1`;
  const statement = sql`${withClause(def, f)}SELECT ${select} FROM ${fromClause(def, f)} WHERE ${baseWhere(def.dataset, f)} AND ${def.where(f)}`;
  return { role: 'cells', cells, series, ...compileSql(statement) };
}

/** A count with its own cohort or row expression. */
const ownCohort = (s: AggregateSeries) => s.kind === 'count' && !!(s.where || s.group);

function compileGroups(def: PanelDef & { summed: boolean }, f: Filters): PanelQuery[] {
  const rows = def.rows as Extract<PanelRows, { mode: 'group' }>;
  const aggregates = def.series.filter(isAggregate);
  const ctx = { f, dataset: def.dataset, summed: def.summed };
  const selectList = (series: AggregateSeries[]) =>
    joinSql(
      series.map((s, j) => sql`${aggregateSql(s, ctx, null, null)} AS ${sqlAlias(`s${j}`)}`),
      ', ',
    );
  // One query per distinct (cohort, row expression): most series share the panel's.
  const shared = aggregates.filter((s) => !ownCohort(s));
  const batches = [...(shared.length ? [shared] : []), ...aggregates.filter(ownCohort).map((s) => [s])];
  // (Keeps the declaration order of the first series of each batch, as the rows are read in that order.)
  batches.sort((a, b) => aggregates.indexOf(a[0]!) - aggregates.indexOf(b[0]!));
  const queries: PanelQuery[] = batches.map((series) => {
    const own = series[0]!.kind === 'count' && ownCohort(series[0]!) ? series[0] : null;
    const expr = (own?.group ?? rows.expr)(f);
    const where = (own?.where ?? def.where)(f);
    const topIndex = rows.top && !own ? series.findIndex((s) => s.key === rows.top!.series) : -1;
    const order =
      topIndex >= 0
        ? sql`ORDER BY t.${sqlAlias(`s${topIndex}`)}::numeric DESC, t.k LIMIT ${sqlNumber(rows.top!.limit)}`
        : sql`ORDER BY t.k`;
    const statement = sql`${withClause(def, f)}SELECT * FROM (SELECT (${expr})::text AS k, ${selectList(series)} FROM ${fromClause(def, f)} WHERE ${baseWhere(def.dataset, f)} AND ${where} GROUP BY 1) t ${order}`;
    return { role: 'group', series, own: !!own, ...compileSql(statement) };
  });
  if (def.series.some((s) => s.kind === 'share')) {
    const sums = aggregates.filter((s) => s.kind === 'count' || s.kind === 'sum');
    const statement = sql`${withClause(def, f)}SELECT ${selectList(sums)} FROM ${fromClause(def, f)} WHERE ${baseWhere(def.dataset, f)} AND ${def.where(f)}`;
    queries.push({ role: 'totals', series: sums, ...compileSql(statement) });
  }
  return queries;
}

/** num / den as a percent with two places, half-up; null when den is zero. */
export function percent(num: bigint, den: bigint): string | null {
  if (den === 0n) return null;
  const cents = divRoundHalfUp(num * 10_000n, den);
  const neg = cents < 0n;
  const a = neg ? -cents : cents;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}
const big = (v: string | null | undefined) => (v == null ? 0n : BigInt(v));

function present(s: SeriesDef, raw: string | null): string | null {
  if (raw == null) return null;
  if (s.kind === 'sum' && s.unit === 'yuan') return formatMoney(BigInt(raw));
  return raw;
}

function derive(def: PanelDef, values: Record<string, string | null>, totals: Record<string, string | null>) {
  for (const s of def.series) {
    if (s.kind === 'ratio') values[s.key] = percent(big(values[s.num]), big(values[s.den]));
    else if (s.kind === 'growth') values[s.key] = percent(big(values[s.num]) - big(values[s.den]), big(values[s.den]));
    else if (s.kind === 'share') values[s.key] = percent(big(values[s.of]), big(totals[s.of]));
  }
}

type RawRow = { key: string; label: Bi | null; raw: Record<string, string | null> };
type ResultRow = Record<string, string | null>;

/** A panel's figures: its plan compiled, its queries run, their rows shaped into the panel. */
export async function runPanel(q: Queryable, def: PanelDef, f: Filters, state: SummaryState = {}): Promise<Panel> {
  const panel = await computePanel(q, def, f, state);
  return def.finish ? def.finish(q, f, panel) : panel;
}

async function computePanel(q: Queryable, def: PanelDef, f: Filters, state: SummaryState): Promise<Panel> {
  const plan = compilePanel(def, f, state);
  if (plan.kind === 'summaryReader') return plan.read(q, def, f);
  const results: ResultRow[][] = [];
  for (const query of plan.queries) results.push((await q.query<ResultRow>(query.sql, query.params)).rows);
  const { source } = plan;
  if (source.rows.mode === 'cells') return buildPanel(def, cellRows(plan.queries[0]!, results[0]!));
  const { rows, totals } = await groupRows(q, source, f, plan.queries, results);
  return buildPanel(def, rows, totals);
}

/** The cells query's one row, as one raw row per cell. */
function cellRows(query: PanelQuery, result: ResultRow[]): RawRow[] {
  if (query.role !== 'cells') throw new Error(`expected the cells query, got ${query.role}`);
  const values = result[0] ?? {};
  return query.cells.map((cell, i) => {
    const raw: ResultRow = {};
    query.series.forEach((s, j) => {
      raw[s.key] = values[`c${i}_${j}`] ?? null;
    });
    return { key: cell.key, label: cell.label ?? null, raw };
  });
}

/** The group queries' rows merged by key (fixed keys, or the order they came in), labelled; totals; the top row. */
async function groupRows(
  q: Queryable,
  def: PanelDef,
  f: Filters,
  queries: PanelQuery[],
  results: ResultRow[][],
): Promise<{ rows: RawRow[]; totals: ResultRow }> {
  const rowsDef = def.rows as Extract<PanelRows, { mode: 'group' }>;
  const aggregates = def.series.filter(isAggregate);
  const byKey = new Map<string, ResultRow>();
  const totals: ResultRow = {};
  queries.forEach((query, i) => {
    for (const r of results[i]!) {
      if (query.role === 'totals') {
        query.series.forEach((s, j) => {
          totals[s.key] = r[`s${j}`] ?? '0';
        });
        continue;
      }
      const key = r.k ?? '';
      const raw = byKey.get(key) ?? {};
      byKey.set(key, raw);
      query.series.forEach((s, j) => {
        raw[s.key] = r[`s${j}`] ?? null;
      });
    }
  });
  const keys = rowsDef.keys ? rowsDef.keys(f) : [...byKey.keys()];
  const labels = def.labels ? await def.labels(q, keys) : new Map<string, Bi>();
  const rows: RawRow[] = keys.map((key) => {
    const raw = byKey.get(key) ?? {};
    for (const s of aggregates) if (raw[s.key] == null && s.kind !== 'percentile' && s.kind !== 'agg') raw[s.key] = '0';
    return { key, label: labels.get(key) ?? rowsDef.label?.(key) ?? null, raw };
  });
  if (rowsDef.top?.totalRow) rows.push(topRow(aggregates, rows));
  return { rows, totals };
}

/** The `_top` row: the kept rows' counts and sums added up. */
function topRow(aggregates: AggregateSeries[], rows: RawRow[]): RawRow {
  const raw: ResultRow = {};
  for (const s of aggregates) {
    if (s.kind === 'count' || s.kind === 'sum')
      raw[s.key] = rows.reduce((acc, r) => acc + big(r.raw[s.key]), 0n).toString();
  }
  return { key: TOP_ROW, label: null, raw };
}

/** The panel from the raw aggregate values of its rows (fen sums and counts as text): ratios derived, money formatted. */
export function buildPanel(
  def: PanelDef,
  rowsOut: { key: string; label: Bi | null; raw: Record<string, string | null> }[],
  totals: Record<string, string | null> = {},
): Panel {
  const aggs = def.series.filter(isAggregate);
  return {
    id: def.id,
    chart: def.chart,
    series: def.series.map((s) => ({
      key: s.key,
      unit: s.unit,
      label: s.label ?? null,
      plotted: s.plotted ?? true,
      drill: drillTarget(def, s.key),
    })),
    rows: rowsOut.map((r) => {
      const values: Record<string, string | null> = { ...r.raw };
      derive(def, values, totals);
      for (const s of aggs) values[s.key] = present(s, r.raw[s.key] ?? null);
      return { key: r.key, label: r.label, values };
    }),
    notes: def.notes ?? [],
  };
}

/** The series a click on `key` lists the rows of (a ratio's numerator), or null. */
export function drillTarget(def: PanelDef, key: string): string | null {
  const s = def.series.find((x) => x.key === key);
  if (!s) return null;
  if (s.kind === 'ratio' || s.kind === 'growth') return drillTarget(def, s.num);
  if (s.kind === 'share') return drillTarget(def, s.of);
  if (s.kind === 'count' && s.distinct) return def.dataset === 'applications' ? key : null;
  return key;
}

const bad = (detail: string) => badRequest('validation_failed', detail);

/** The figure a drill-down lists: a row of a panel and one of its series. */
export interface DrillTarget {
  row: string;
  series: string;
}

/**
 * The predicate selecting exactly the rows behind one figure, on the dataset's own alias: its clauses
 * themselves when they read only that table, else `<id> IN (…)` over the panel's CTEs and FROM.
 */
export function drillPredicate(def: PanelDef, f: Filters, target: DrillTarget, state: SummaryState = {}): Sql {
  const s = drilledSeries(def, target.series);
  const clauses = [baseWhere(def.dataset, f)];
  let cell: CellRow | null = null;
  /** Whether the row's clause reads only the dataset's table (not the panel's `from` or CTEs). */
  let rowOnTable = !def.from;
  if (def.rows.mode === 'cells') {
    cell = def.rows.cells(f).find((c) => c.key === target.row) ?? null;
    if (!cell) throw bad(`query.row: panel ${def.id} has no row ${target.row}`);
    clauses.push(def.where(f), cell.drillPred ? cell.drillPred(f, !!state.summaries) : cell.pred(f));
  } else {
    const row = groupRowClause(def, def.rows, f, s, target.row);
    clauses.push(...row.clauses);
    rowOnTable ||= row.onTable;
  }
  if (s.pred) clauses.push(s.pred(f, cell));
  // Clauses on the table alone are the predicate themselves (a semi-join on the id would read the
  // cohort twice, and the planner estimates it badly over a million loans).
  const noCte = !def.with || !!cell?.drillPred;
  const predicate = joinSql(clauses, ' AND ');
  if (noCte && rowOnTable) return sql`(${predicate})`;
  const id = ID_COLUMN[def.dataset];
  return sql`${id} IN (${withClause(def, f)}SELECT ${id} FROM ${fromClause(def, f)} WHERE ${predicate})`;
}

/** The drill-down predicate as a statement's WHERE clause: pure, no database. */
export function compileDrill(def: PanelDef, f: Filters, target: DrillTarget, state: SummaryState = {}): Compiled {
  return compileSql(drillPredicate(def, f, target, state));
}

/** The aggregate series a click on `key` lists the rows of, or a 400 when it names none. */
function drilledSeries(def: PanelDef, key: string): AggregateSeries {
  if (!def.series.some((s) => s.key === key)) throw bad(`query.series: panel ${def.id} has no series ${key}`);
  const target = drillTarget(def, key);
  if (!target) throw bad(`query.series: ${key} of ${def.id} is not a list of rows and cannot be drilled`);
  return def.series.find((x) => x.key === target) as AggregateSeries;
}

/** A group-mode row as clauses: the cohort, then the row (the `_top` row: the keys of the kept rows). */
function groupRowClause(
  def: PanelDef,
  rows: Extract<PanelRows, { mode: 'group' }>,
  f: Filters,
  s: AggregateSeries,
  row: string,
): { clauses: Sql[]; onTable: boolean } {
  const own = s.kind === 'count' && ownCohort(s) ? s : null;
  const expr = () => (own?.group ?? rows.expr)(f);
  const where = (own?.where ?? def.where)(f);
  if (row === TOP_ROW && rows.top?.totalRow) {
    const topKey = rows.top.series;
    const top = def.series.find((x) => x.key === topKey) as AggregateSeries;
    const agg = aggregateSql(top, { f, dataset: def.dataset, summed: false }, null, null);
    const e = expr();
    const kept = sql`(${e})::text IN (SELECT t.k FROM (SELECT (${e})::text AS k, ${agg} AS v FROM ${fromClause(def, f)} WHERE ${baseWhere(def.dataset, f)} AND ${where} GROUP BY 1) t ORDER BY t.v::numeric DESC, t.k LIMIT ${sqlNumber(rows.top.limit)})`;
    return { clauses: [where, kept], onTable: false };
  }
  if (def.drillRow && !own) return { clauses: [where, def.drillRow(f, row)], onTable: true };
  return { clauses: [where, sql`(${expr()})::text = ${row}`], onTable: false };
}
