/**
 * The portfolio trend's classes come from the classification history (issue 17.4), on PGlite and
 * PostgreSQL: each month-end's NPL ratio and class shares equal a hand count over loan_classifications;
 * a month-end without a run has no point and the note names it; a run and then a reviewer's override
 * change the next read; the filters and the branch scope apply as on the other portfolio panels; a point
 * drills into the loans of that class at that period; fresh and stale loan summaries read the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/api/auth';
import type { Dashboard, Panel } from '../../shared/api/dashboards';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { userById } from '../auth/sessions';
import { decideClassification, runMonthEnd } from '../classification/service';
import { historyPeriods } from '../seed/classification-history';
import { seedSandbox } from '../seed/sandbox';
import { percent } from './engine';
import { dashboard, drill } from './service';
import { loanSummariesFresh, refreshLoanSummaries } from './summaries';

const AS_OF = '2026-11-27';
const RANGE = { from: '2025-11-01', to: AS_OF };
/** The latest month-end before the data date: the seed leaves it for a run. */
const OCT = '2026-10-31';
const NPL = ['substandard', 'doubtful', 'loss'];
const SHARES: Record<string, string> = {
  normal: 'normalShare',
  special_mention: 'specialMentionShare',
  substandard: 'substandardShare',
  doubtful: 'doubtfulShare',
  loss: 'lossShare',
};

interface Scope {
  branches: string[];
  productCode?: string;
  industry?: string;
}

const trend = (d: Dashboard): Panel => d.panels.find((p) => p.id === 'portfolio.trend')!;
const point = (p: Panel, key: string) => p.rows.find((r) => r.key === key)!.values;

describe.each(testEngines())('portfolio trend from the classification history on %s', (engine) => {
  let tdb: TestDatabase;
  let sup: User;
  let senior: User;
  let approver: User;
  let branches: string[];

  /** Balance per class at a period, counted by hand over loan_classifications within the filters. */
  async function handCount(period: string, s: Scope): Promise<Map<string, bigint>> {
    const r = await tdb.db.query<{ cls: string; fen: string }>(
      `SELECT coalesce(c.final, c.proposed) AS cls, sum(c.balance_fen)::text AS fen
       FROM loan_classifications c JOIN loans l ON l.id = c.loan_id
       WHERE c.period = $1 AND c.branch_id = ANY($2)
         AND ($3::text IS NULL OR l.product_code = $3) AND ($4::text IS NULL OR l.industry_code LIKE $4 || '%')
       GROUP BY 1`,
      [period, s.branches, s.productCode ?? null, s.industry ?? null],
    );
    return new Map(r.rows.map((x) => [x.cls, BigInt(x.fen)]));
  }

  /** Every figure of the trend's classes against the hand count, at every point. */
  async function expectHandCount(p: Panel, s: Scope, withRun: string[]) {
    let checked = 0;
    for (const row of p.rows) {
      const v = row.values;
      if (!withRun.includes(row.key)) {
        expect(v.nplRatio, `${row.key} has no run`).toBeNull();
        for (const k of Object.values(SHARES)) expect(v[k]).toBeNull();
        continue;
      }
      const byClass = await handCount(row.key, s);
      const all = [...byClass.values()].reduce((a, b) => a + b, 0n);
      const npl = NPL.reduce((a, c) => a + (byClass.get(c) ?? 0n), 0n);
      expect(v.nplRatio, `${row.key} NPL ratio`).toBe(percent(npl, all));
      for (const [c, k] of Object.entries(SHARES))
        expect(v[k], `${row.key} ${c}`).toBe(percent(byClass.get(c) ?? 0n, all));
      if (all > 0n) checked++;
    }
    return checked;
  }

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    await seedSandbox(tdb.db, {
      size: 'small',
      asOf: AS_OF,
      counts: { enterprises: 120, loans: 900, applications: 0 },
    });
    sup = (await userById(tdb.db, 'u-supervisor1'))!;
    senior = (await userById(tdb.db, 'u-senior1'))!;
    approver = (await userById(tdb.db, 'u-approver1'))!;
    branches = (await tdb.db.query<{ id: string }>('SELECT id FROM branches')).rows.map((r) => r.id);
  }, 300_000);
  afterAll(async () => {
    await tdb?.drop();
  });

  it('the seed records 12 month-ends, confirmed by reviewers, under the rules’ version', async () => {
    const periods = historyPeriods(AS_OF);
    expect(periods).toHaveLength(12);
    expect(periods[11]).toBe('2026-09-30');
    const r = await tdb.db.query<{ period: string; n: string; unreviewed: string; npl: string }>(
      `SELECT to_char(period, 'YYYY-MM-DD') AS period, count(*)::text AS n,
              count(*) FILTER (WHERE status <> 'confirmed' OR reviewer_id IS NULL)::text AS unreviewed,
              count(*) FILTER (WHERE final IN ('substandard','doubtful','loss'))::text AS npl
       FROM loan_classifications GROUP BY 1 ORDER BY 1`,
    );
    expect(r.rows.map((x) => x.period)).toEqual(periods);
    for (const x of r.rows) {
      expect(Number(x.n)).toBeGreaterThan(100);
      expect(x.unreviewed).toBe('0');
    }
    expect(r.rows.some((x) => Number(x.npl) > 0)).toBe(true);
  });

  it('each month-end’s NPL ratio and class shares equal a hand count; months without a run have no point', async () => {
    const d = await dashboard(tdb.db, sup, 'portfolio', RANGE);
    const p = trend(d);
    const withRun = historyPeriods(AS_OF).filter((x) => p.rows.some((r) => r.key === x));
    expect(withRun.length).toBeGreaterThanOrEqual(10);
    expect(await expectHandCount(p, { branches }, withRun)).toBe(withRun.length);
    // The data date and the latest month-end have no run: no point, and the note names them.
    expect(point(p, OCT).nplRatio).toBeNull();
    expect(point(p, AS_OF).nplRatio).toBeNull();
    // No run is not "none classified": the counts and balances of the classes are blank too.
    for (const k of ['classified', 'recorded', 'recordedNpl', 'recordedNormal', 'normalShare'])
      expect(point(p, AS_OF)[k], k).toBeNull();
    const note = p.notes.find((n) => n.en.startsWith('No classification run'));
    expect(note?.en).toContain(`${OCT}, ${AS_OF}`);
    expect(note?.zh).toContain(`${OCT}、${AS_OF}`);
    // The ratios are percents, the amounts behind them money; the loans on the book stay as they were.
    for (const k of ['nplRatio', ...Object.values(SHARES)])
      expect(p.series.find((s) => s.key === k)?.unit).toBe('percent');
    expect(p.series.find((s) => s.key === 'recordedNpl')?.unit).toBe('yuan');
    expect(Number(point(p, AS_OF).loans)).toBeGreaterThan(0);
  });

  it('a run, then an override, change the next read', async () => {
    await runMonthEnd(tdb.db, null, OCT, new Date());
    const afterRun = trend(await dashboard(tdb.db, sup, 'portfolio', RANGE));
    expect(point(afterRun, OCT).nplRatio).not.toBeNull();
    expect(afterRun.notes.find((n) => n.en.startsWith('No classification run'))?.en).not.toContain(OCT);
    await expectHandCount(afterRun, { branches }, [...historyPeriods(AS_OF), OCT]);

    // approver1 (Shanghai) overrides a normal proposal to doubtful: the NPL ratio at October rises.
    const target = (
      await tdb.db.query<{ id: string; loan_id: string }>(
        `SELECT c.id::text AS id, c.loan_id FROM loan_classifications c
         WHERE c.period = $1 AND c.status = 'proposed' AND c.proposed = 'normal' AND c.branch_id LIKE 'SH%'
         ORDER BY c.balance_fen DESC LIMIT 1`,
        [OCT],
      )
    ).rows[0];
    expect(target, 'a normal proposal in Shanghai').toBeDefined();
    await decideClassification(tdb.db, approver, target!.id, {
      action: 'override',
      final: 'doubtful',
      reason: '现场检查发现经营严重恶化',
    });
    // The summary the fresh path reads was rebuilt in the decision's transaction: it equals the history.
    const grouped = (from: string) =>
      tdb.db.query(
        `SELECT branch_id, product_code, industry_code, class, loans::text, balance_fen::text FROM ${from}
         ORDER BY 1, 2, 3, 4`,
        [OCT],
      );
    expect((await grouped('loan_classification_trend WHERE period = $1')).rows).toEqual(
      (
        await grouped(`(SELECT c.branch_id, l.product_code, l.industry_code, coalesce(c.final, c.proposed) AS class,
              count(*) AS loans, sum(c.balance_fen) AS balance_fen
            FROM loan_classifications c JOIN loans l ON l.id = c.loan_id WHERE c.period = $1 GROUP BY 1, 2, 3, 4) h`)
      ).rows,
    );
    const afterOverride = trend(await dashboard(tdb.db, sup, 'portfolio', RANGE));
    expect(Number(point(afterOverride, OCT).nplRatio)).toBeGreaterThan(Number(point(afterRun, OCT).nplRatio));
    await expectHandCount(afterOverride, { branches }, [...historyPeriods(AS_OF), OCT]);

    // The point drills into the loans of that class at that period: the overridden loan among them.
    const listed = await drill(tdb.db, sup, 'portfolio', {
      ...RANGE,
      panel: 'portfolio.trend',
      row: OCT,
      series: 'doubtfulShare',
      limit: 500,
    });
    const want = (
      await tdb.db.query<{ loan_id: string }>(
        `SELECT loan_id FROM loan_classifications WHERE period = $1 AND coalesce(final, proposed) = 'doubtful' ORDER BY loan_id`,
        [OCT],
      )
    ).rows.map((r) => r.loan_id);
    expect(listed.total).toBe(want.length);
    expect(listed.items.map((i) => i.id).sort()).toEqual(want);
    expect(want).toContain(target!.loan_id);
    const classified = await drill(tdb.db, sup, 'portfolio', {
      ...RANGE,
      panel: 'portfolio.trend',
      row: OCT,
      series: 'classified',
      limit: 1,
    });
    expect(String(classified.total)).toBe(point(afterOverride, OCT).classified);
  });

  it('branch, product and industry filters and the branch scope apply as on the other panels', async () => {
    const sample = (
      await tdb.db.query<{ product_code: string; industry: string }>(
        `SELECT l.product_code, substr(l.industry_code, 1, 1) AS industry FROM loan_classifications c
         JOIN loans l ON l.id = c.loan_id WHERE c.period = '2026-09-30'
         GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
      )
    ).rows[0]!;
    const periods = [...historyPeriods(AS_OF), OCT];
    const sh = ['SH', 'SH-PD', 'SH-XH'];
    const cases: [Record<string, string>, Scope][] = [
      [{ branchId: 'SH-PD' }, { branches: ['SH-PD'] }],
      [{ productCode: sample.product_code }, { branches, productCode: sample.product_code }],
      [{ industry: sample.industry }, { branches, industry: sample.industry }],
      [
        { branchId: 'HZ', productCode: sample.product_code },
        { branches: ['HZ', 'HZ-XH'], productCode: sample.product_code },
      ],
    ];
    for (const [query, scope] of cases) {
      const p = trend(await dashboard(tdb.db, sup, 'portfolio', { ...RANGE, ...query }));
      const kpi = (await dashboard(tdb.db, sup, 'portfolio', { ...RANGE, ...query })).panels[0]!;
      expect(kpi.id).toBe('portfolio.kpi');
      const known = periods.filter((x) => p.rows.some((r) => r.key === x));
      expect(await expectHandCount(p, scope, known), JSON.stringify(query)).toBeGreaterThan(0);
    }
    // The senior approver's scope is the Shanghai sub-tree: the same trend as the supervisor's SH filter.
    const mine = trend(await dashboard(tdb.db, senior, 'portfolio', RANGE));
    const shTrend = trend(await dashboard(tdb.db, sup, 'portfolio', { ...RANGE, branchId: 'SH' }));
    expect(mine).toEqual(shTrend);
    await expectHandCount(mine, { branches: sh }, periods);
  });

  it('reads the same whether the loan summaries are fresh or stale', async () => {
    await refreshLoanSummaries(tdb.db);
    const asOf = (await dashboard(tdb.db, sup, 'portfolio', RANGE)).dataAsOf!;
    expect(await loanSummariesFresh(tdb.db, asOf)).toBe(true);
    const fresh = trend(await dashboard(tdb.db, sup, 'portfolio', RANGE));
    await tdb.db.query('UPDATE loans SET balance_fen = balance_fen WHERE id = (SELECT min(id) FROM loans)');
    expect(await loanSummariesFresh(tdb.db, asOf)).toBe(false);
    const stale = trend(await dashboard(tdb.db, sup, 'portfolio', RANGE));
    expect(stale).toEqual(fresh);
    expect(fresh.rows.filter((r) => r.values.nplRatio != null).length).toBeGreaterThan(10);
  });
});
