/**
 * Every dashboard figure recomputed from the raw rows in plain TypeScript and compared, and every
 * drillable figure checked against its drill-down (count = rows listed, balance = their sum), on a
 * seeded sandbox bank — PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
 */

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/api/auth';
import type { Dashboard, DashboardId, Panel } from '../../shared/api/dashboards';
import { addMonthsClamped, formatCivilDate, parseCivilDate } from '../../shared/calendar/civil-date';
import { ratiosWithoutBase } from '../../shared/credit/features';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { formatMoney } from '../../shared/money/money';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { userById } from '../auth/sessions';
import { percent } from './engine';
import { dashboard, drill } from './service';
import { loanSummariesFresh, refreshLoanSummaries } from './summaries';
import { seedDashboardBank } from './test-seed';

const FROM = '2024-01-01';
const IDS: DashboardId[] = ['process', 'portfolio', 'warning', 'regulatory'];

interface AppRow {
  id: string;
  status: string;
  tier: string;
  branch_id: string;
  product_code: string;
  submitted_at: Date;
  decided_at: Date | null;
  sla_due_at: Date | null;
  instant: string | null;
}
interface LoanRow {
  id: string;
  application_id: string | null;
  enterprise_id: string;
  branch_id: string;
  product_code: string;
  industry_code: string;
  balance_fen: string;
  principal_fen: string;
  disbursed_on: string;
  maturity_date: string;
  days_past_due: number;
  classification: string;
  warning_signals: string[];
  size_class: string;
  uscc: string;
  balance_year_start_fen: string;
}

const APPROVED = new Set(['approved', 'auto_approved', 'contracting', 'signed', 'disbursed']);
const DECLINED = new Set(['declined', 'auto_declined']);
const NPL = new Set(['substandard', 'doubtful', 'loss']);
const bjDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const sumFen = (xs: LoanRow[], pick: (l: LoanRow) => string = (l) => l.balance_fen) =>
  xs.reduce((s, l) => s + BigInt(pick(l)), 0n);
const panel = (d: Dashboard, id: string) => d.panels.find((p) => p.id === id)!;
const val = (p: Panel, row: string, s: string) => p.rows.find((r) => r.key === row)?.values[s];
const monthsBefore = (date: string, k: number) => formatCivilDate(addMonthsClamped(parseCivilDate(date), -k));
const dayDiff = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

describe.each(testEngines())('dashboards on %s', (engine) => {
  let tdb: TestDatabase;
  let sup: User;
  let senior: User;
  let apps: AppRow[];
  let loans: LoanRow[];
  const boards = {} as Record<DashboardId, Dashboard>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const get = (user: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[user]}` } });

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    await seedDashboardBank(tdb.db);
    sup = (await userById(tdb.db, 'u-supervisor1'))!;
    senior = (await userById(tdb.db, 'u-senior1'))!;
    apps = (
      await tdb.db.query<AppRow>(
        `SELECT id, status, tier, branch_id, product_code, submitted_at, decided_at, sla_due_at,
                assessment->'instant'->>'outcome' AS instant FROM applications`,
      )
    ).rows.map((a) => ({
      ...a,
      submitted_at: new Date(a.submitted_at),
      decided_at: a.decided_at && new Date(a.decided_at),
      sla_due_at: a.sla_due_at && new Date(a.sla_due_at),
    }));
    loans = (
      await tdb.db.query<LoanRow>(
        `SELECT l.id, l.enterprise_id, l.branch_id, l.product_code, l.industry_code, l.balance_fen::text AS balance_fen,
                l.principal_fen::text AS principal_fen, to_char(l.disbursed_on, 'YYYY-MM-DD') AS disbursed_on,
                to_char(l.maturity_date, 'YYYY-MM-DD') AS maturity_date, l.days_past_due, l.classification,
                l.warning_signals, e.size_class, e.uscc,
                COALESCE(l.balance_year_start_fen, 0)::text AS balance_year_start_fen, l.application_id
         FROM loans l JOIN enterprises e ON e.id = l.enterprise_id`,
      )
    ).rows;
    for (const id of IDS) boards[id] = await dashboard(tdb.db, sup, id, { from: FROM });
    app = await buildApp({ db: tdb.db, logLevel: 'silent' });
    for (const [i, u] of ['supervisor1', 'approver1', 'senior1', 'contract1', 'rm1'].entries()) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: u, password: 'demo-pass' },
        remoteAddress: `10.9.0.${i + 1}`,
      });
      tokens[u] = r.json().token;
    }
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('seeds enough rows to mean something', () => {
    expect(apps.length).toBeGreaterThan(200);
    // The 3,000 synthetic loans of the book, plus one per seeded case disbursed through 放款审核.
    expect(loans.filter((l) => !l.application_id).length).toBe(3000);
    expect(loans.length).toBeGreaterThan(3000);
  });

  it('process figures equal a recount of the applications', () => {
    const d = boards.process;
    const inPeriod = apps.filter((a) => bjDay(a.submitted_at) >= FROM);
    const decided = (a: AppRow) => APPROVED.has(a.status) || DECLINED.has(a.status);
    const daily = panel(d, 'process.daily');
    for (const r of daily.rows) {
      expect(r.values.in).toBe(String(inPeriod.filter((a) => bjDay(a.submitted_at) === r.key).length));
      expect(r.values.decided).toBe(
        String(apps.filter((a) => decided(a) && a.decided_at && bjDay(a.decided_at) === r.key).length),
      );
    }
    const funnel = panel(d, 'process.funnel');
    expect(val(funnel, 'submitted', 'applications')).toBe(String(inPeriod.length));
    expect(val(funnel, 'decided', 'applications')).toBe(String(inPeriod.filter(decided).length));
    expect(val(funnel, 'approved', 'applications')).toBe(String(inPeriod.filter((a) => APPROVED.has(a.status)).length));
    expect(val(funnel, 'disbursed', 'applications')).toBe(
      String(inPeriod.filter((a) => a.status === 'disbursed').length),
    );
    for (const r of panel(d, 'process.status').rows)
      expect(r.values.applications).toBe(String(inPeriod.filter((a) => a.status === r.key).length));
    const instant = inPeriod.filter((a) => a.instant === 'approve' || a.instant === 'decline').length;
    expect(val(panel(d, 'process.automation'), 'all', 'automationRate')).toBe(
      percent(BigInt(instant), BigInt(inPeriod.length)),
    );
    for (const r of panel(d, 'process.approvalByTier').rows) {
      const t = inPeriod.filter((a) => a.tier === r.key);
      const dec = t.filter(decided).length;
      const ok = t.filter((a) => APPROVED.has(a.status)).length;
      expect([r.values.decided, r.values.approved, r.values.approvalRate]).toEqual([
        String(dec),
        String(ok),
        percent(BigInt(ok), BigInt(dec)),
      ]);
    }
    const at = Date.parse(d.generatedAt);
    for (const r of panel(d, 'process.breaches').rows) {
      const t = inPeriod.filter((a) => a.tier === r.key && a.sla_due_at);
      const br = t.filter((a) => (a.decided_at?.getTime() ?? at) > a.sla_due_at!.getTime()).length;
      expect([r.values.withSla, r.values.breached]).toEqual([String(t.length), String(br)]);
    }
    const turn = panel(d, 'process.turnaround');
    const fast = inPeriod
      .filter((a) => a.tier === 'fast' && decided(a))
      .map((a) => (a.decided_at!.getTime() - a.submitted_at.getTime()) / 3_600_000)
      .sort((x, y) => x - y);
    expect(val(turn, 'decision_fast', 'cases')).toBe(String(fast.length));
    if (fast.length > 1) {
      // percentile_cont: linear interpolation between the closest ranks.
      const pos = 0.5 * (fast.length - 1);
      const median =
        fast[Math.floor(pos)]! + (fast[Math.ceil(pos)]! - fast[Math.floor(pos)]!) * (pos - Math.floor(pos));
      expect(Number(val(turn, 'decision_fast', 'medianHours'))).toBeCloseTo(median, 1);
    }
  });

  it('portfolio figures equal a recount of the loans', () => {
    const d = boards.portfolio;
    const asOf = d.dataAsOf!;
    const book = loans.filter((l) => BigInt(l.balance_fen) > 0n);
    const kpi = panel(d, 'portfolio.kpi');
    expect(val(kpi, 'book', 'loans')).toBe(String(book.length));
    expect(val(kpi, 'book', 'balance')).toBe(formatMoney(sumFen(book)));
    expect(val(kpi, 'book', 'nplRatio')).toBe(
      percent(sumFen(book.filter((l) => NPL.has(l.classification))), sumFen(book)),
    );
    expect(val(kpi, 'book', 'over90Ratio')).toBe(
      percent(sumFen(book.filter((l) => l.days_past_due > 90)), sumFen(book)),
    );
    for (const r of panel(d, 'portfolio.classification').rows) {
      const c = book.filter((l) => l.classification === r.key);
      expect([r.values.loans, r.values.balance]).toEqual([String(c.length), formatMoney(sumFen(c))]);
    }
    for (const [id, key] of [
      ['portfolio.byBranch', (l: LoanRow) => l.branch_id],
      ['portfolio.byProduct', (l: LoanRow) => l.product_code],
      ['portfolio.byIndustry', (l: LoanRow) => l.industry_code[0]!],
    ] as const) {
      const p = panel(d, id);
      expect(p.rows.map((r) => r.key).sort()).toEqual([...new Set(book.map(key))].sort());
      for (const r of p.rows) {
        const g = book.filter((l) => key(l) === r.key);
        expect(r.values.balance).toBe(formatMoney(sumFen(g)));
        expect(r.values.share).toBe(percent(sumFen(g), sumFen(book)));
        expect(r.values.nplRatio).toBe(percent(sumFen(g.filter((l) => NPL.has(l.classification))), sumFen(g)));
        expect(r.values.over30Ratio).toBe(percent(sumFen(g.filter((l) => l.days_past_due > 30)), sumFen(g)));
      }
    }
    for (const r of panel(d, 'portfolio.trend').rows) {
      const m = r.key;
      const lag = dayDiff(m, asOf);
      const on = loans.filter((l) => l.disbursed_on <= m && (l.maturity_date > m || BigInt(l.balance_fen) > 0n));
      expect(r.values.loans).toBe(String(on.length));
      expect(r.values.over30).toBe(String(on.filter((l) => l.days_past_due - lag > 30).length));
      expect(r.values.over90).toBe(String(on.filter((l) => l.days_past_due - lag > 90).length));
    }
    for (const r of panel(d, 'portfolio.vintage').rows) {
      const cohort = loans.filter(
        (l) =>
          l.disbursed_on >= FROM &&
          `${l.disbursed_on.slice(0, 4)}-Q${Math.ceil(Number(l.disbursed_on.slice(5, 7)) / 3)}` === r.key,
      );
      expect(r.values.loans).toBe(String(cohort.length));
      for (const k of [3, 6, 12]) {
        const obs = cohort.filter((l) => l.disbursed_on <= monthsBefore(asOf, k));
        const bad = obs.filter((l) => {
          if (l.days_past_due <= 30) return false;
          const began = formatCivilDate(parseCivilDate(asOf)).valueOf();
          const start = new Date(Date.parse(began) - (l.days_past_due - 31) * 86_400_000).toISOString().slice(0, 10);
          return start <= formatCivilDate(addMonthsClamped(parseCivilDate(l.disbursed_on), k));
        });
        expect(r.values[`mob${k}`]).toBe(percent(BigInt(bad.length), BigInt(obs.length)));
      }
    }
    const top = panel(d, 'portfolio.topBorrowers');
    const byEnt = new Map<string, bigint>();
    for (const l of book) byEnt.set(l.enterprise_id, (byEnt.get(l.enterprise_id) ?? 0n) + BigInt(l.balance_fen));
    const ranked = [...byEnt.entries()]
      .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0] < b[0] ? -1 : 1))
      .slice(0, 10);
    expect(top.rows.slice(0, 10).map((r) => r.key)).toEqual(ranked.map((e) => e[0]));
    expect(val(top, '_top', 'share')).toBe(
      percent(
        ranked.reduce((s, e) => s + e[1], 0n),
        sumFen(book),
      ),
    );
  });

  it('early-warning and regulatory figures equal a recount of the loans', () => {
    const book = loans.filter((l) => BigInt(l.balance_fen) > 0n);
    for (const r of panel(boards.warning, 'warning.bySignal').rows) {
      const s = book.filter((l) => l.warning_signals.includes(r.key));
      expect([r.values.loans, r.values.balance]).toEqual([String(s.length), formatMoney(sumFen(s))]);
    }
    expect(val(panel(boards.warning, 'warning.ranked'), 'any', 'loans')).toBe(
      String(book.filter((l) => l.warning_signals.length > 0).length),
    );

    const d = boards.regulatory;
    const credit = new Map<string, bigint>();
    for (const l of book) credit.set(l.enterprise_id, (credit.get(l.enterprise_id) ?? 0n) + BigInt(l.principal_fen));
    // Micro and small enterprises and individual businesses (个体工商户, USCC 92…), total credit ≤ 10 million.
    const inclusive = (l: LoanRow) =>
      (l.size_class === 'micro' || l.size_class === 'small' || l.uscc.startsWith('92')) &&
      (credit.get(l.enterprise_id) ?? -1n) >= 0n &&
      credit.get(l.enterprise_id)! <= 1_000_000_000n;
    const ind = panel(d, 'regulatory.indicators');
    for (const [row, sel] of [
      ['inclusive', inclusive],
      ['all', () => true],
    ] as const) {
      const xs = loans.filter(sel);
      const b = xs.filter((l) => BigInt(l.balance_fen) > 0n);
      const atYearStart = xs.filter((l) => BigInt(l.balance_year_start_fen) > 0n);
      expect(val(ind, row, 'balance')).toBe(formatMoney(sumFen(b)));
      expect(val(ind, row, 'nplRatio')).toBe(percent(sumFen(b.filter((l) => NPL.has(l.classification))), sumFen(b)));
      // Balances against the start of the year (年初), borrowers with a balance now and then.
      const ys = sumFen(atYearStart, (l) => l.balance_year_start_fen);
      expect(ys).toBeGreaterThan(0n);
      expect(val(ind, row, 'growth')).toBe(percent(sumFen(b) - ys, ys));
      expect(val(ind, row, 'borrowersNow')).toBe(String(new Set(b.map((l) => l.enterprise_id)).size));
      expect(val(ind, row, 'borrowersYearStart')).toBe(String(new Set(atYearStart.map((l) => l.enterprise_id)).size));
    }
    const checks = panel(d, 'regulatory.checks');
    expect(val(checks, 'loanGrowth', 'met')).toBe(
      Number(val(ind, 'inclusive', 'growth')) >= Number(val(ind, 'all', 'growth')) ? 'true' : 'false',
    );
    // Presentation: borrower counts are counts of enterprises, not ratios; pass/fail is a check.
    expect(ind.series.find((s) => s.key === 'borrowersNow')?.unit).toBe('borrowers');
    expect(checks.series.find((s) => s.key === 'met')?.unit).toBe('check');
    expect(checks.rows.find((r) => r.key === 'borrowerGrowth')?.units).toEqual({
      value: 'borrowers',
      target: 'borrowers',
    });
    expect(checks.rows.find((r) => r.key === 'loanGrowth')?.units).toBeUndefined();
    expect(d.branchNames.HO?.zh).toBeTruthy();
  });

  it('loan dashboards read fresh summaries; once loans change they read the loans, with the same figures', async () => {
    expect(await loanSummariesFresh(tdb.db, boards.portfolio.dataAsOf!)).toBe(true);
    await tdb.db.query('UPDATE loans SET days_past_due = days_past_due WHERE false'); // any write marks them stale
    expect(await loanSummariesFresh(tdb.db, boards.portfolio.dataAsOf!)).toBe(false);
    for (const id of ['portfolio', 'warning', 'regulatory'] as const)
      expect((await dashboard(tdb.db, sup, id, { from: FROM })).panels, id).toEqual(boards[id].panels);
    // Periods of whole months, inside one month, and with partial months at both ends.
    const periods = [
      ['2025-03-01', '2025-05-31'],
      ['2025-03-17', '2025-03-20'],
      ['2024-12-31', '2026-01-01'],
    ] as const;
    const stale = [];
    for (const [from, to] of periods)
      for (const id of ['regulatory', 'portfolio'] as const)
        stale.push(await dashboard(tdb.db, sup, id, { from, to, productCode: loans[0]!.product_code }));
    await refreshLoanSummaries(tdb.db);
    expect(await loanSummariesFresh(tdb.db, boards.portfolio.dataAsOf!)).toBe(true);
    const fresh = [];
    for (const [from, to] of periods)
      for (const id of ['regulatory', 'portfolio'] as const)
        fresh.push(await dashboard(tdb.db, sup, id, { from, to, productCode: loans[0]!.product_code }));
    expect(fresh.map((d) => d.panels)).toEqual(stale.map((d) => d.panels));
  });

  it('every drillable figure lists exactly the rows behind it', async () => {
    let checked = 0;
    let balances = 0;
    for (const id of IDS) {
      const d = boards[id];
      for (const p of d.panels) {
        for (const s of p.series) {
          if (!s.drill || s.drill !== s.key) continue;
          let zeros = 0;
          for (const r of p.rows) {
            const v = r.values[s.key];
            // Empty figures are checked too, but a few per series are enough (a long period has many empty days).
            if (v == null || (/^0(\.00)?$/.test(v) && zeros++ >= 3)) continue;
            const res = await drill(tdb.db, sup, id, {
              from: FROM,
              at: d.generatedAt,
              panel: p.id,
              row: r.key,
              series: s.key,
              limit: 500,
            });
            const what = `${p.id} ${r.key} ${s.key}`;
            const borrowers = s.unit === 'borrowers';
            if (s.unit === 'count') expect(String(res.total), what).toBe(v);
            else if (borrowers) expect(String(res.enterprises), what).toBe(v);
            else if (s.unit === 'yuan' && s.key.toLowerCase().includes('balance')) expect(res.balance, what).toBe(v);
            if (!borrowers) expect(res.enterprises, what).toBeNull();
            if (s.unit === 'yuan' && s.key.toLowerCase().includes('balance')) balances++;
            if (res.total <= 500) expect(res.items.length, what).toBe(res.total);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(balances).toBeGreaterThan(20);
  }, 120_000);

  it('a drill-down page is the same read in balance-index order (big cohorts) or sorted (small ones)', async () => {
    const d = boards.portfolio;
    const targets = [
      { panel: 'portfolio.kpi', row: 'book', series: 'loans' },
      { panel: 'portfolio.classification', row: 'normal', series: 'balance' },
      { panel: 'portfolio.vintage', row: panel(d, 'portfolio.vintage').rows[0]!.key, series: 'loans' },
    ];
    for (const t of targets)
      for (const cursor of [undefined, '50']) {
        const q = { from: FROM, at: d.generatedAt, ...t, limit: 50, ...(cursor ? { cursor } : {}) };
        const sorted = await drill(tdb.db, sup, 'portfolio', q, undefined, Number.MAX_SAFE_INTEGER);
        const walked = await drill(tdb.db, sup, 'portfolio', q, undefined, 0);
        expect(walked, `${t.panel} ${t.row} ${cursor ?? 'first'}`).toEqual(sorted);
        expect(sorted.items.length).toBeGreaterThan(0);
      }
  });

  it('drill-downs list the same rows whether the loan summaries are fresh or stale', async () => {
    const d = boards.regulatory;
    const asOf = d.dataAsOf!;
    const targets = [
      ...panel(d, 'regulatory.indicators').series.flatMap((s) =>
        s.drill === s.key
          ? ['inclusive', 'all'].map((row) => ({ panel: 'regulatory.indicators', row, series: s.key }))
          : [],
      ),
    ];
    expect(targets.length).toBeGreaterThan(8);
    const run = (t: (typeof targets)[number]) =>
      drill(tdb.db, sup, 'regulatory', { from: FROM, at: d.generatedAt, ...t, limit: 500 });
    expect(await loanSummariesFresh(tdb.db, asOf)).toBe(true);
    const fresh = [];
    for (const t of targets) fresh.push(await run(t));
    // A write to the loans (even one that changes nothing) marks the summaries stale.
    await tdb.db.query('UPDATE loans SET balance_fen = balance_fen WHERE id = (SELECT min(id) FROM loans)');
    expect(await loanSummariesFresh(tdb.db, asOf)).toBe(false);
    try {
      const stale = [];
      for (const t of targets) stale.push(await run(t));
      expect(stale).toEqual(fresh);
      expect(fresh.some((r) => r.total > 0)).toBe(true);
    } finally {
      await refreshLoanSummaries(tdb.db);
    }
  });

  it('scoping: a Shanghai senior approver sees exactly the Shanghai sub-tree; other branches are refused', async () => {
    const mine = await dashboard(tdb.db, senior, 'portfolio', { from: FROM });
    const sh = await dashboard(tdb.db, sup, 'portfolio', { from: FROM, branchId: 'SH' });
    expect(mine.branches.sort()).toEqual(['SH', 'SH-PD', 'SH-XH']);
    expect(mine.panels).toEqual(sh.panels);
    const shBook = loans.filter((l) => l.branch_id.startsWith('SH') && BigInt(l.balance_fen) > 0n);
    expect(val(panel(mine, 'portfolio.kpi'), 'book', 'loans')).toBe(String(shBook.length));
    const pd = await dashboard(tdb.db, senior, 'portfolio', { from: FROM, branchId: 'SH-PD' });
    expect(Number(val(panel(pd, 'portfolio.kpi'), 'book', 'loans'))).toBe(
      shBook.filter((l) => l.branch_id === 'SH-PD').length,
    );
    await expect(dashboard(tdb.db, senior, 'portfolio', { branchId: 'HZ' })).rejects.toMatchObject({ status: 403 });
    await expect(
      drill(tdb.db, senior, 'portfolio', {
        branchId: 'HO',
        panel: 'portfolio.kpi',
        row: 'book',
        series: 'loans',
        limit: 5,
      }),
    ).rejects.toMatchObject({ status: 403 });
    const procSh = await dashboard(tdb.db, senior, 'process', { from: FROM });
    expect(val(panel(procSh, 'process.funnel'), 'submitted', 'applications')).toBe(
      String(apps.filter((a) => a.branch_id.startsWith('SH') && bjDay(a.submitted_at) >= FROM).length),
    );
  });

  it('refuses bad filters with a clear 400', async () => {
    const bad = [
      [{ from: '2026-02-01', to: '2026-01-01' }, /starts .* after it ends/],
      [{ from: '2019-01-01', to: '2025-01-01' }, /at most 1096 days/],
      [{ from: '2010-01-01', to: '2010-02-01' }, /before it/],
      [{ to: '2999-01-01' }, /in the future/],
      [{ from: '2026-02-30' }, /not a calendar date/],
      [{ productCode: 'NOPE' }, /no product NOPE/],
      [{ branchId: 'XX' }, /no branch XX/],
    ] as const;
    for (const [q, msg] of bad)
      await expect(dashboard(tdb.db, sup, 'process', q)).rejects.toMatchObject({
        status: 400,
        detail: expect.stringMatching(msg),
      });
    await expect(dashboard(tdb.db, sup, 'portfolio', { tier: 'fast' })).rejects.toMatchObject({ status: 400 });
    await expect(
      drill(tdb.db, sup, 'process', { panel: 'process.nope', row: 'x', series: 'y', limit: 5 }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      drill(tdb.db, sup, 'process', { panel: 'process.funnel', row: 'nope', series: 'applications', limit: 5 }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('over HTTP: problems for unknown filters and bad ranges, 403 for other roles and branches', async () => {
    const ok = await get('supervisor1', '/api/v1/dashboards/process?from=2026-01-01&branchId=SH');
    expect(ok.statusCode, ok.body).toBe(200);
    const unknown = await get('supervisor1', '/api/v1/dashboards/process?region=31');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json().detail).toMatch(/unknown field\(s\): region/);
    expect((await get('supervisor1', '/api/v1/dashboards/process?from=2026-03-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await get('supervisor1', '/api/v1/dashboards/process?from=yesterday')).statusCode).toBe(400);
    expect((await get('supervisor1', '/api/v1/dashboards/risk')).statusCode).toBe(400);
    expect((await get('approver1', '/api/v1/dashboards/process')).statusCode).toBe(403);
    expect((await get('contract1', '/api/v1/dashboards/portfolio')).statusCode).toBe(403);
    const out = await get('senior1', '/api/v1/dashboards/portfolio?branchId=HZ');
    expect(out.statusCode).toBe(403);
    expect(out.json().detail).toMatch(/outside your scope/);
    const drilled = await get(
      'supervisor1',
      '/api/v1/dashboards/warning/drill?panel=warning.ranked&row=any&series=loans&limit=5',
    );
    expect(drilled.statusCode, drilled.body).toBe(200);
    expect(drilled.json().items.length).toBeLessThanOrEqual(5);
  });

  it('over HTTP: compares 2–4 enterprises in scope with peers and percentiles; 1 or 5 is a clear 400', async () => {
    const sh = (
      await tdb.db.query<{ id: string }>("SELECT id FROM enterprises WHERE branch_id LIKE 'SH%' ORDER BY id LIMIT 5")
    ).rows.map((r) => r.id);
    const hz = (
      await tdb.db.query<{ id: string }>("SELECT id FROM enterprises WHERE branch_id LIKE 'HZ%' ORDER BY id LIMIT 1")
    ).rows[0]!.id;
    const peers = await get('approver1', `/api/v1/enterprises/${sh[0]}/peers?limit=3`);
    expect(peers.statusCode, peers.body).toBe(200);
    expect(peers.json().items).toHaveLength(3);
    const ids = [sh[0], ...peers.json().items.map((p: { id: string }) => p.id)];
    const cmp = await get('approver1', `/api/v1/enterprises/compare?ids=${ids.join(',')}`);
    expect(cmp.statusCode, cmp.body).toBe(200);
    const body = cmp.json();
    expect(body.enterprises.map((e: { id: string }) => e.id)).toEqual(ids);
    const sales = body.metrics.find((m: { key: string }) => m.key === 'annualSales');
    expect(sales.values).toHaveLength(4);
    for (const v of sales.values) expect(v.percentile).toBeGreaterThanOrEqual(0);
    expect(body.enterprises[0].dataDates).toHaveProperty('tax');
    const one = await get('approver1', `/api/v1/enterprises/compare?ids=${sh[0]}`);
    expect(one.statusCode).toBe(400);
    expect(one.json().detail).toMatch(/at least 2/);
    const five = await get('approver1', `/api/v1/enterprises/compare?ids=${sh.join(',')}`);
    expect(five.statusCode).toBe(400);
    expect(five.json().detail).toMatch(/at most 4/);
    const foreign = await get('approver1', `/api/v1/enterprises/compare?ids=${sh[0]},${hz}`);
    expect(foreign.statusCode).toBe(404);
    expect((await get('contract1', `/api/v1/enterprises/compare?ids=${sh[0]},${sh[1]}`)).statusCode).toBe(403);
    const found = await get('rm1', `/api/v1/enterprises?q=${encodeURIComponent(body.enterprises[1].name.slice(0, 4))}`);
    expect(found.statusCode).toBe(200);
  });

  it('a ratio without a base (no settlement inflow) has no figure and no percentile, not the engine’s cap', async () => {
    const rows = (
      await tdb.db.query<{ id: string; profile: EnterpriseProfile }>(
        "SELECT id, profile FROM enterprises WHERE branch_id LIKE 'SH%' ORDER BY id LIMIT 400",
      )
    ).rows;
    const without = rows.find((r) => ratiosWithoutBase(r.profile).has('inflowCvBp'));
    const withBase = rows.filter((r) => !ratiosWithoutBase(r.profile).has('inflowCvBp'));
    expect(without, 'the sandbox has enterprises with no settlement inflow').toBeDefined();
    const cmp = await get('approver1', `/api/v1/enterprises/compare?ids=${without!.id},${withBase[0]!.id}`);
    expect(cmp.statusCode, cmp.body).toBe(200);
    const cv = cmp.json().metrics.find((m: { key: string }) => m.key === 'inflowCv');
    expect(cv.values[0]).toEqual({ value: null, percentile: null });
    expect(cv.values[1].value).toMatch(/^\d+\.\d{2}$/);
    expect(cv.values[1].value).not.toBe('999.99');
    expect(cv.values[1].percentile).toBeGreaterThanOrEqual(0);
  });
});
