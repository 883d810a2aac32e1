/**
 * The dashboards' one aggregation engine. A panel is declared once as SQL predicates: the rows (a GROUP BY
 * expression, or explicit cells each with its own predicate) and the series (count, sum, percentile… each
 * with a FILTER predicate). The same declarations build the aggregate query and the drill-down query, so
 * a figure and the list behind it are computed from exactly the same rows.
 */
import type { Panel, Unit } from '../../shared/api/dashboards';
import { divRoundHalfUp, formatMoney } from '../../shared/money/money';
import type { Queryable } from '../db/database';
import { ApiProblem } from '../http/problems';
import type { Filters } from './filters';

type Bi = { zh: string; en: string };

/** Collects query parameters; `p(v)` returns its placeholder. */
export class Params {
  readonly values: unknown[] = [];
  p = (v: unknown): string => {
    this.values.push(v);
    return `$${this.values.length}`;
  };
}

export type Sql = (p: Params['p'], f: Filters) => string;
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
export type SeriesDef = SeriesBase &
  (
    | { kind: 'count'; pred?: CellSql; distinct?: boolean; where?: Sql; group?: Sql }
    | { kind: 'sum'; col: string; pred?: CellSql }
    | { kind: 'percentile'; q: number; expr: CellSql; pred?: CellSql }
    /** Any aggregate returning text, given the FILTER clause to put after each aggregate call; drills into `pred`. */
    | { kind: 'agg'; agg: (filter: string) => string; pred?: CellSql }
    /** num / den × 100 with two places, exact; drills into `num`. */
    | { kind: 'ratio'; num: string; den: string }
    /** (num − den) / den × 100: growth of `num` over `den`. */
    | { kind: 'growth'; num: string; den: string }
    /** This row's `of` as a percent of the whole panel's `of` (before any row limit). */
    | { kind: 'share'; of: string }
  );
/** A predicate that may depend on the cell's row (cells mode). */
export type CellSql = (p: Params['p'], f: Filters, row: CellRow | null) => string;

export interface CellRow {
  key: string;
  label?: Bi | null;
  pred: Sql;
  /**
   * The row as the drill-down's predicate on the dataset's own alias, for a row whose `pred` reads the
   * panel's CTEs: with it the drill-down is a plain predicate on the table (no semi-join on the id).
   * `summaries`: whether the loan summaries are fresh, so exact, and may be read. Must select exactly
   * the rows `pred` selects; the panel's `where` and series predicates must not read its CTEs either.
   */
  drillPred?: (p: Params['p'], f: Filters, summaries: boolean) => string;
  /** Free values the series predicates read (e.g. a month-end). */
  vars?: Record<string, string | number>;
}

export interface PanelDef {
  id: string;
  dataset: Dataset;
  chart: Panel['chart'];
  /** CTEs (without WITH) the FROM clause needs. */
  with?: Sql;
  /** FROM clause; the dataset's table is aliased `a` (applications) or `l` (loans). */
  from?: Sql;
  /** The panel's cohort, ANDed to the scope and filter predicate. */
  where: Sql;
  rows:
    | {
        mode: 'group';
        expr: Sql;
        /** Fixed keys, in order (missing ones show zero). */
        keys?: (f: Filters) => string[];
        /** Order by this series descending and keep the first `limit` rows (and a `_top` row adding them up). */
        top?: { series: string; limit: number; totalRow?: boolean };
        label?: (key: string) => Bi | null;
      }
    | { mode: 'cells'; cells: (f: Filters) => CellRow[] };
  series: SeriesDef[];
  notes?: Bi[];
  /**
   * A row of a group-mode panel as a predicate on the dataset's own alias, for a panel whose `from`
   * multiplies or joins rows: with it the drill-down reads the table alone (no semi-join on the id,
   * which the planner estimates badly over a million loans). Must select exactly the rows that
   * `(rows.expr) = row` selects through `from`; the panel's `where` and series predicates must read
   * only the table too.
   */
  drillRow?: (p: Params['p'], f: Filters, row: string) => string;
  /** Drill-down order (default: id). */
  drillOrder?: string;
  /**
   * A summary of the dataset that the aggregates may read instead (bank-api/dashboards/summaries.ts): a
   * FROM clause aliased `l` whose rows carry the columns the panel's predicates and sums name, plus `n`,
   * the number of loans in the row. Counts become sums of `n`; the drill-down always reads the dataset.
   */
  summary?: {
    from: Sql;
    with?: Sql;
    /** The rows as read from the summary, or null when the summary cannot answer these filters exactly. */
    rows?: (f: Filters) => PanelDef['rows'] | null;
  };
  /** Loads labels for row keys (e.g. names from the database). */
  labels?: (q: Queryable, keys: string[]) => Promise<Map<string, Bi>>;
}

export const TOP_ROW = '_top';
const ID = { applications: 'a.id', loans: 'l.id' } as const;
const TABLE = { applications: 'applications a', loans: 'loans l' } as const;

/** Scope and filters as a predicate on the dataset's own columns. */
export function baseWhere(ds: Dataset, p: Params['p'], f: Filters): string {
  const t = ds === 'applications' ? 'a' : 'l';
  const c = [`${t}.branch_id = ANY(${p(f.branches)})`];
  if (f.productCode) c.push(`${t}.product_code = ${p(f.productCode)}`);
  if (ds === 'applications') {
    if (f.tier) c.push(`a.tier = ${p(f.tier)}`);
    if (f.industry)
      c.push(
        `EXISTS (SELECT 1 FROM enterprises fe WHERE fe.id = a.enterprise_id AND fe.industry_code LIKE ${p(`${f.industry}%`)})`,
      );
  } else if (f.industry) c.push(`l.industry_code LIKE ${p(`${f.industry}%`)}`);
  return c.join(' AND ');
}

const withClause = (def: PanelDef, p: Params['p'], f: Filters) => (def.with ? `WITH ${def.with(p, f)} ` : '');
const fromClause = (def: PanelDef, p: Params['p'], f: Filters) => (def.from ? def.from(p, f) : TABLE[def.dataset]);

/** The panel as the aggregate query reads it: over its summary when one is declared and usable. */
function aggSource(def: PanelDef, useSummary: boolean, f: Filters): PanelDef & { summed: boolean } {
  if (!useSummary || !def.summary) return { ...def, summed: false };
  const { from, with: w } = def.summary;
  const rows = def.summary.rows ? def.summary.rows(f) : def.rows;
  if (!rows) return { ...def, summed: false };
  const { with: _w, ...rest } = def;
  return { ...rest, rows, from, ...(w ? { with: w } : {}), summed: true };
}

function aggSql(
  s: SeriesDef,
  p: Params['p'],
  f: Filters,
  row: CellRow | null,
  rowPred: string | null,
  summed = false,
): string | null {
  const preds = [rowPred, 'pred' in s && s.pred ? s.pred(p, f, row) : null].filter(Boolean);
  const filter = preds.length ? ` FILTER (WHERE ${preds.join(' AND ')})` : '';
  switch (s.kind) {
    case 'count':
      if (summed && !s.distinct) return `COALESCE(sum(l.n)${filter}, 0)::text`;
      return `count(${s.distinct ? 'DISTINCT ' : ''}${s.distinct ? '__ID__' : '*'})${filter}::text`;
    case 'sum':
      return `COALESCE(sum(${s.col})${filter}, 0)::text`;
    case 'percentile':
      return `round((percentile_cont(${s.q}) WITHIN GROUP (ORDER BY ${s.expr(p, f, row)})${filter})::numeric, 1)::text`;
    case 'agg':
      return `(${s.agg(filter)})`;
    default:
      return null;
  }
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

/** Series whose raw value is a fen sum (kept raw for ratios, formatted at the end). */
const isAggregate = (s: SeriesDef) => s.kind !== 'ratio' && s.kind !== 'growth' && s.kind !== 'share';

export async function runPanel(
  q: Queryable,
  declared: PanelDef,
  f: Filters,
  opts: { summaries?: boolean } = {},
): Promise<Panel> {
  const { summed, ...def } = aggSource(declared, opts.summaries ?? false, f);
  const rowsOut: { key: string; label: Bi | null; raw: Record<string, string | null> }[] = [];
  const aggs = def.series.filter(isAggregate);
  const totals: Record<string, string | null> = {};
  if (def.rows.mode === 'cells') {
    const cells = def.rows.cells(f);
    const P = new Params();
    const cols: string[] = [];
    cells.forEach((c, i) => {
      const rp = c.pred(P.p, f);
      aggs.forEach((s, j) => {
        cols.push(`${aggSql(s, P.p, f, c, rp, summed)!.replace('__ID__', ID[def.dataset])} AS c${i}_${j}`);
      });
    });
    const sql = `${withClause(def, P.p, f)}SELECT ${cols.join(', ') || '1'} FROM ${fromClause(def, P.p, f)} WHERE ${baseWhere(def.dataset, P.p, f)} AND ${def.where(P.p, f)}`;
    const r = (await q.query<Record<string, string | null>>(sql, P.values)).rows[0] ?? {};
    cells.forEach((c, i) => {
      const raw: Record<string, string | null> = {};
      aggs.forEach((s, j) => {
        raw[s.key] = r[`c${i}_${j}`] ?? null;
      });
      rowsOut.push({ key: c.key, label: c.label ?? null, raw });
    });
  } else {
    const g = def.rows;
    // One query per distinct (cohort, row expression): most series share the panel's.
    const groups = new Map<string, SeriesDef[]>();
    for (const s of aggs) {
      const k = s.kind === 'count' && (s.where || s.group) ? s.key : '';
      groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    const byKey = new Map<string, Record<string, string | null>>();
    const order: string[] = [];
    for (const [k, ss] of groups) {
      const P = new Params();
      const own = k ? (ss[0] as Extract<SeriesDef, { kind: 'count' }>) : null;
      const expr = (own?.group ?? g.expr)(P.p, f);
      const cols = ss.map(
        (s, j) => `${aggSql(s, P.p, f, null, null, summed)!.replace('__ID__', ID[def.dataset])} AS s${j}`,
      );
      const where = `${baseWhere(def.dataset, P.p, f)} AND ${(own?.where ?? def.where)(P.p, f)}`;
      const topIdx = g.top && !own ? ss.findIndex((s) => s.key === g.top!.series) : -1;
      const tail = topIdx >= 0 ? `ORDER BY t.s${topIdx}::numeric DESC, t.k LIMIT ${g.top!.limit}` : 'ORDER BY t.k';
      const sql = `${withClause(def, P.p, f)}SELECT * FROM (SELECT (${expr})::text AS k, ${cols.join(', ')} FROM ${fromClause(def, P.p, f)} WHERE ${where} GROUP BY 1) t ${tail}`;
      for (const r of (await q.query<Record<string, string | null>>(sql, P.values)).rows) {
        const key = r.k ?? '';
        if (!byKey.has(key)) {
          byKey.set(key, {});
          order.push(key);
        }
        ss.forEach((s, j) => {
          byKey.get(key)![s.key] = r[`s${j}`] ?? null;
        });
      }
    }
    const keys = g.keys ? g.keys(f) : order;
    const labels = def.labels ? await def.labels(q, keys) : new Map<string, Bi>();
    for (const key of keys) {
      const raw = byKey.get(key) ?? {};
      for (const s of aggs) if (raw[s.key] == null && s.kind !== 'percentile' && s.kind !== 'agg') raw[s.key] = '0';
      rowsOut.push({ key, label: labels.get(key) ?? g.label?.(key) ?? null, raw });
    }
    if (def.series.some((s) => s.kind === 'share')) {
      // Panel totals (before the row limit): the denominators of shares, and the `_top` row's comparison.
      const P = new Params();
      const sums = aggs.filter((s) => s.kind === 'count' || s.kind === 'sum');
      const cols = sums.map(
        (s, j) => `${aggSql(s, P.p, f, null, null, summed)!.replace('__ID__', ID[def.dataset])} AS s${j}`,
      );
      const sql = `${withClause(def, P.p, f)}SELECT ${cols.join(', ')} FROM ${fromClause(def, P.p, f)} WHERE ${baseWhere(def.dataset, P.p, f)} AND ${def.where(P.p, f)}`;
      const r = (await q.query<Record<string, string | null>>(sql, P.values)).rows[0] ?? {};
      sums.forEach((s, j) => {
        totals[s.key] = r[`s${j}`] ?? '0';
      });
    }
    if (g.top?.totalRow) {
      const raw: Record<string, string | null> = {};
      for (const s of aggs) {
        if (s.kind === 'count' || s.kind === 'sum')
          raw[s.key] = rowsOut.reduce((acc, r) => acc + big(r.raw[s.key]), 0n).toString();
      }
      rowsOut.push({ key: TOP_ROW, label: null, raw });
    }
  }
  return buildPanel(declared, rowsOut, totals);
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

const bad = (detail: string) => new ApiProblem(400, 'validation_failed', 'Request validation failed', detail);

/**
 * The predicate selecting exactly the rows behind one figure, on the dataset's own alias: its clauses
 * themselves when they read only that table, else `<id> IN (…)` over the panel's CTEs and FROM.
 */
export function drillPredicate(
  def: PanelDef,
  f: Filters,
  row: string,
  seriesKey: string,
  P: Params,
  opts: { summaries?: boolean } = {},
): string {
  const target = drillTarget(def, seriesKey);
  if (!def.series.some((s) => s.key === seriesKey))
    throw bad(`query.series: panel ${def.id} has no series ${seriesKey}`);
  if (!target) throw bad(`query.series: ${seriesKey} of ${def.id} is not a list of rows and cannot be drilled`);
  const s = def.series.find((x) => x.key === target)!;
  const clauses = [baseWhere(def.dataset, P.p, f)];
  let cell: CellRow | null = null;
  /** Whether the row's clause reads only the dataset's table (not the panel's `from` or CTEs). */
  let rowOnTable = !def.from;
  if (def.rows.mode === 'cells') {
    cell = def.rows.cells(f).find((c) => c.key === row) ?? null;
    if (!cell) throw bad(`query.row: panel ${def.id} has no row ${row}`);
    clauses.push(def.where(P.p, f), cell.drillPred ? cell.drillPred(P.p, f, !!opts.summaries) : cell.pred(P.p, f));
  } else {
    const own = s.kind === 'count' && (s.where || s.group) ? s : null;
    // Built only where used: each call may add a parameter.
    const group = own?.group ?? def.rows.expr;
    const expr = () => group(P.p, f);
    const where = (own?.where ?? def.where)(P.p, f);
    clauses.push(where);
    if (row === TOP_ROW && def.rows.top?.totalRow) {
      const topKey = def.rows.top.series;
      const top = def.series.find((x) => x.key === topKey)!;
      const agg = aggSql(top, P.p, f, null, null)!.replace('__ID__', ID[def.dataset]);
      const e = expr();
      clauses.push(
        `(${e})::text IN (SELECT t.k FROM (SELECT (${e})::text AS k, ${agg} AS v FROM ${fromClause(def, P.p, f)} WHERE ${baseWhere(def.dataset, P.p, f)} AND ${where} GROUP BY 1) t ORDER BY t.v::numeric DESC, t.k LIMIT ${def.rows.top.limit})`,
      );
    } else if (def.drillRow && !own) {
      clauses.push(def.drillRow(P.p, f, row));
      rowOnTable = true;
    } else clauses.push(`(${expr()})::text = ${P.p(row)}`);
  }
  if ('pred' in s && s.pred) clauses.push(s.pred(P.p, f, cell));
  // Clauses on the table alone are the predicate themselves (a semi-join on the id would read the
  // cohort twice, and the planner estimates it badly over a million loans).
  const noCte = !def.with || !!cell?.drillPred;
  if (noCte && rowOnTable) return `(${clauses.join(' AND ')})`;
  return `${ID[def.dataset]} IN (${withClause(def, P.p, f)}SELECT ${ID[def.dataset]} FROM ${fromClause(def, P.p, f)} WHERE ${clauses.join(' AND ')})`;
}
