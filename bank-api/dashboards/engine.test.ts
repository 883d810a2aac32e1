/**
 * The dashboards engine's compile step, without a database: every panel and drill-down compiles to text
 * whose placeholders are $1…$n in order, one per parameter, none inside a quoted literal, with no filter
 * or request value spliced into the text; filters become the expected predicates; the loan summaries are
 * read (by a summary FROM clause or a panel's own hook) only while fresh. dashboards.test.ts runs the
 * same panels on PGlite and PostgreSQL against figures recomputed from the rows.
 */
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../http/problems';
import { compileDrill, compilePanel, type PanelDef, type PanelPlan, runPanel } from './engine';
import type { Filters } from './filters';
import { PANELS } from './service';
import { compileSql, joinSql, rawSql, sql, sqlAlias, sqlNumber } from './sql';

/** Filter values distinctive enough that finding one in SQL text means it was spliced in. */
const FILTERS: Filters = {
  from: '2023-11-17',
  to: '2024-02-13',
  fromTs: '2023-11-16T16:00:00.000Z',
  toTs: '2024-02-13T16:00:00.000Z',
  branchId: 'br-zz-9',
  branches: ['br-zz-9', 'br-zz-10'],
  productCode: 'PROD-QX',
  tier: 'standard',
  industry: 'C17',
  at: '2024-02-13T07:31:42.123Z',
  dataAsOf: '2024-02-09',
};
const SPLICE_PROBES = ['br-zz', 'PROD-QX', 'C17', '2023-11', '2024-02', '2023-1', '2024-0', 'T16:00', 'T07:31'];

const panels = Object.values(PANELS).flat();
const find = (id: string) => panels.find((p) => p.id === id)!;
const queriesOf = (plan: PanelPlan) => {
  if (plan.kind !== 'queries') throw new Error(`expected queries, got ${plan.kind}`);
  return plan.queries;
};

/** Placeholders $1…$n each once and in order, none in a quoted literal, and no probe value in the text. */
function expectWellFormed(statement: { sql: string; params: unknown[] }) {
  const numbers = [...statement.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  expect(numbers).toEqual(statement.params.map((_, i) => i + 1));
  const unquoted = statement.sql.replace(/'[^']*'/g, "''");
  expect([...unquoted.matchAll(/\$(\d+)/g)].length).toBe(numbers.length);
  for (const probe of SPLICE_PROBES) expect(statement.sql).not.toContain(probe);
}

describe('sql fragments', () => {
  it('number parameters in order through nested fragments', () => {
    const inner = sql`b = ${2} AND c = ${'x'}`;
    const outer = sql`SELECT * FROM t WHERE a = ${1} AND (${inner}) AND d = ANY(${['p', 'q']})`;
    expect(compileSql(outer)).toEqual({
      sql: 'SELECT * FROM t WHERE a = $1 AND (b = $2 AND c = $3) AND d = ANY($4)',
      params: [1, 2, 'x', ['p', 'q']],
    });
  });

  it('join with a separator, reuse a fragment as new parameters, and carry trusted text without values', () => {
    const pred = sql`x > ${5}`;
    expect(compileSql(joinSql([pred, rawSql('y IS NULL'), pred], ' OR '))).toEqual({
      sql: 'x > $1 OR y IS NULL OR x > $2',
      params: [5, 5],
    });
    expect(compileSql(joinSql([], ', '))).toEqual({ sql: '', params: [] });
    expect(compileSql(sql`LIMIT ${sqlNumber(10)}`)).toEqual({ sql: 'LIMIT 10', params: [] });
  });

  it('treat an interpolated string as a value, never as text', () => {
    const hostile = "'; DROP TABLE loans; --";
    expect(compileSql(sql`a.status = ${hostile}`)).toEqual({ sql: 'a.status = $1', params: [hostile] });
  });

  it('refuse aliases and numbers that are not plain', () => {
    expect(() => sqlAlias('s1; DROP')).toThrow(/alias/);
    expect(() => sqlNumber(Number.NaN)).toThrow(/finite/);
    expect(compileSql(sqlAlias('c0_1')).sql).toBe('c0_1');
  });
});

describe('compilePanel', () => {
  it.each(panels.map((p) => [p.id, p] as const))('%s: parameters numbered right, no value spliced', (_id, def) => {
    for (const summaries of [false, true]) {
      const plan = compilePanel(def, FILTERS, { summaries });
      if (plan.kind === 'summaryReader') continue;
      expect(plan.queries.length).toBeGreaterThan(0);
      for (const query of plan.queries) {
        expectWellFormed(query);
        expect(query.params).toContainEqual(FILTERS.branches);
      }
    }
  });

  it('turn the filters into predicates on the dataset: scope, product, industry prefix, tier', () => {
    const [loans] = queriesOf(compilePanel(find('portfolio.kpi'), FILTERS));
    expect(loans!.sql).toContain(
      'FROM loans l WHERE l.branch_id = ANY($1) AND l.product_code = $2 AND l.industry_code LIKE $3 AND l.balance_fen > 0',
    );
    expect(loans!.params).toEqual([FILTERS.branches, 'PROD-QX', 'C17%']);
    const [apps] = queriesOf(compilePanel(find('process.funnel'), FILTERS));
    expect(apps!.sql).toContain(
      'WHERE a.branch_id = ANY($1) AND a.product_code = $2 AND a.tier = $3 AND EXISTS (SELECT 1 FROM enterprises fe WHERE fe.id = a.enterprise_id AND fe.industry_code LIKE $4) AND a.submitted_at >= $5 AND a.submitted_at < $6',
    );
    expect(apps!.params).toEqual([FILTERS.branches, 'PROD-QX', 'standard', 'C17%', FILTERS.fromTs, FILTERS.toTs]);
    const bare = { ...FILTERS, productCode: null, tier: null, industry: null };
    const [scoped] = queriesOf(compilePanel(find('process.funnel'), bare));
    expect(scoped!.sql).toContain('WHERE a.branch_id = ANY($1) AND a.submitted_at >= $2 AND a.submitted_at < $3');
  });

  it('read a summary FROM clause only while the summaries are fresh (counts become sums of n)', () => {
    const [fresh] = queriesOf(compilePanel(find('portfolio.kpi'), FILTERS, { summaries: true }));
    expect(fresh!.sql).toContain('FROM loan_book_summary l');
    expect(fresh!.sql).toContain('COALESCE(sum(l.n) FILTER (WHERE true), 0)::text AS c0_0');
    const [stale] = queriesOf(compilePanel(find('portfolio.kpi'), FILTERS, { summaries: false }));
    expect(stale!.sql).toContain('FROM loans l');
    expect(stale!.sql).toContain('count(*) FILTER (WHERE true)::text AS c0_0');
    expect(stale!.sql).not.toContain('summary');
  });

  it('read the loans when the summary cannot answer the filters (a trend point mid-month in the past)', () => {
    const plan = compilePanel(find('portfolio.trend'), { ...FILTERS, to: '2024-01-15' }, { summaries: true });
    expect(plan.kind === 'queries' && plan.source.summed).toBe(false);
    expect(queriesOf(plan)[0]!.sql).toContain('FROM loans l');
    const monthEnd = compilePanel(find('portfolio.trend'), { ...FILTERS, to: '2024-01-31' }, { summaries: true });
    expect(queriesOf(monthEnd)[0]!.sql).toContain('FROM loan_trend_summary l');
  });

  it('choose a panel’s own summary hook while fresh, its queries over the loans while stale', () => {
    // The regulatory indicators read the loans (their balances at the start of the year are not summarised).
    expect(compilePanel(find('regulatory.indicators'), FILTERS, { summaries: true }).kind).toBe('queries');
    for (const id of ['portfolio.vintage']) {
      expect(compilePanel(find(id), FILTERS, { summaries: true }).kind).toBe('summaryReader');
      const stale = queriesOf(compilePanel(find(id), FILTERS, { summaries: false }));
      expect(stale.every((q) => !q.sql.includes('summary'))).toBe(true);
    }
    const [indicators] = queriesOf(compilePanel(find('regulatory.indicators'), FILTERS));
    expect(indicators!.sql.startsWith('WITH incl AS (SELECT l2.enterprise_id FROM loans l2')).toBe(true);
  });

  it('compile one query per cohort in group mode, the row limit as ORDER BY … LIMIT, and the totals for shares', () => {
    const daily = queriesOf(compilePanel(find('process.daily'), FILTERS));
    expect(daily.map((q) => q.role === 'group' && q.series.map((s) => s.key))).toEqual([['in'], ['decided']]);
    expect(daily[1]!.sql).toContain('a.decided_at >= $5 AND a.decided_at < $6');
    const top = queriesOf(compilePanel(find('portfolio.topBorrowers'), FILTERS));
    expect(top.map((q) => q.role)).toEqual(['group', 'totals']);
    expect(top[0]!.sql).toMatch(/ORDER BY t\.s1::numeric DESC, t\.k LIMIT 10$/);
    const reasons = queriesOf(compilePanel(find('process.declineReasons'), FILTERS));
    expect(reasons[0]!.sql).toContain('count(DISTINCT a.id)::text AS s0');
  });

  it('write a code constant inside a literal as text (the vintage interval), not as a parameter', () => {
    const [vintage] = queriesOf(compilePanel(find('portfolio.vintage'), FILTERS));
    expect(vintage!.sql).toContain("(l.disbursed_on + interval '36 months')::date");
  });
});

describe('compileDrill', () => {
  it('lists a group row through the table alone when the panel says how (warning signal)', () => {
    const drill = compileDrill(find('warning.bySignal'), FILTERS, { row: 'sales_drop', series: 'balance' });
    expect(drill).toEqual({
      sql: '(l.branch_id = ANY($1) AND l.product_code = $2 AND l.industry_code LIKE $3 AND l.balance_fen > 0 AND cardinality(l.warning_signals) > 0 AND $4 = ANY(l.warning_signals))',
      params: [FILTERS.branches, 'PROD-QX', 'C17%', 'sales_drop'],
    });
  });

  it('reads the inclusive set from the summaries only while they are fresh', () => {
    const target = { row: 'inclusive', series: 'balance' };
    const fresh = compileDrill(find('regulatory.indicators'), FILTERS, target, { summaries: true });
    expect(fresh.sql).toContain('l.enterprise_id IN (SELECT enterprise_id FROM loan_inclusive_enterprises)');
    const stale = compileDrill(find('regulatory.indicators'), FILTERS, target, { summaries: false });
    expect(stale.sql).toContain('(l.enterprise_id IN (SELECT l2.enterprise_id FROM loans l2');
    expect(stale.sql).toContain(') IS TRUE AND l.balance_fen > 0)');
    for (const d of [fresh, stale]) expectWellFormed(d);
  });

  it('passes the requested row as a parameter, and semi-joins on the id through a multiplying FROM', () => {
    const hostile = "x' OR '1'='1";
    const drill = compileDrill(find('process.returnReasons'), FILTERS, { row: hostile, series: 'applications' });
    expect(drill.sql.startsWith('a.id IN (SELECT a.id FROM applications a JOIN decisions d')).toBe(true);
    expect(drill.sql).toContain('(r.code)::text = $7)');
    expect(drill.params.at(-1)).toBe(hostile);
    expectWellFormed(drill);
  });

  it('lists the top row as the keys of the kept rows', () => {
    const drill = compileDrill(find('portfolio.topBorrowers'), FILTERS, { row: '_top', series: 'balance' });
    expect(drill.sql).toContain(
      '(l.enterprise_id)::text IN (SELECT t.k FROM (SELECT (l.enterprise_id)::text AS k, COALESCE(sum(l.balance_fen), 0)::text AS v FROM loans l WHERE',
    );
    expect(drill.sql).toContain('ORDER BY t.v::numeric DESC, t.k LIMIT 10)');
    expectWellFormed(drill);
  });

  it('compiles every drillable figure of every panel well formed', () => {
    for (const def of panels) {
      const rows = def.rows.mode === 'cells' ? def.rows.cells(FILTERS).map((c) => c.key) : ['k1'];
      for (const s of def.series) {
        for (const row of rows) {
          try {
            expectWellFormed(compileDrill(def, FILTERS, { row, series: s.key }));
          } catch (e) {
            if (!(e instanceof ApiProblem)) throw e; // a figure that is not a list of rows
          }
        }
      }
    }
  });

  it('refuses an unknown series or row, and a figure that is not a list of rows', () => {
    const def = find('portfolio.kpi');
    expect(() => compileDrill(def, FILTERS, { row: 'book', series: 'nope' })).toThrow(/has no series nope/);
    expect(() => compileDrill(def, FILTERS, { row: 'nope', series: 'loans' })).toThrow(/has no row nope/);
    const workload = find('process.workload');
    expect(() => compileDrill(workload, FILTERS, { row: 'u1', series: 'cases' })).not.toThrow();
    const distinctLoans: PanelDef = { ...def, series: [{ key: 'n', kind: 'count', unit: 'count', distinct: true }] };
    expect(() => compileDrill(distinctLoans, FILTERS, { row: 'book', series: 'n' })).toThrow(/cannot be drilled/);
  });
});

describe('runPanel', () => {
  it('runs the compiled queries and shapes their rows: fixed keys zero-filled, ratios derived, money formatted', async () => {
    const seen: { sql: string; params: unknown[] }[] = [];
    const q = {
      query: async (text: string, params: unknown[] = []) => {
        seen.push({ sql: text, params });
        return { rows: [{ k: 'normal', s0: '3', s1: '150000' }] };
      },
    };
    const def = find('portfolio.classification');
    const panel = await runPanel(q as never, def, FILTERS, { summaries: false });
    expect(seen).toEqual(queriesOf(compilePanel(def, FILTERS)).map(({ sql: text, params }) => ({ sql: text, params })));
    expect(panel.rows.map((r) => r.key)).toEqual(['normal', 'special_mention', 'substandard', 'doubtful', 'loss']);
    expect(panel.rows[0]!.values).toMatchObject({ loans: '3', balance: '1500.00' });
    expect(panel.rows[1]!.values).toMatchObject({ loans: '0', balance: '0.00' });
  });

  it('hands the panel to its summary hook while fresh', async () => {
    const q = {
      query: async () => {
        throw new Error('the hook should have read');
      },
    };
    const def = find('portfolio.vintage');
    const read = async () => ({ id: 'hooked', chart: 'kpi' as const, series: [], rows: [], notes: [] });
    const hooked: PanelDef = { ...def, summary: { read } };
    expect((await runPanel(q as never, hooked, FILTERS, { summaries: true })).id).toBe('hooked');
    await expect(runPanel(q as never, hooked, FILTERS, { summaries: false })).rejects.toThrow(/hook should have/);
  });
});
