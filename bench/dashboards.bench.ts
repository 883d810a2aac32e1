/**
 * Dashboards (SPEC §6: every dashboard query over 1,000,000 loans under 500 ms on PostgreSQL). Each
 * dashboard is computed as supervisor1 (whole bank) and for one branch sub-tree, on the `large` sandbox
 * loan book, on PostgreSQL and on embedded PGlite; the reference is a plain `count(*)` over the loans in
 * the same run.
 *
 * Seeding a million loans takes minutes, so it is done once into a database named by the environment
 * and reused by later runs:
 *   BENCH_DASHBOARDS_DATA_DIR      PGlite folder (default: <tmp>/ws-bench-dashboards-large)
 *   BENCH_DASHBOARDS_DATABASE_URL  PostgreSQL database the bench may fill (the PostgreSQL half is skipped without it)
 *   BENCH_DASHBOARDS_APPLICATIONS  applications submitted through the workflow on first seeding (default 10,000)
 *   BENCH_DASHBOARDS_ENGINES       pglite,postgres (default both)
 *   BENCH_DASHBOARDS_LOANS         loans on first seeding (default: the large size's million), for a quicker look
 * Approval accuracy (portfolio by grade, tier, channel, score band), turnaround to disbursement and the
 * RM's repayment reminders (issue 16 items 4 and 5) are timed on their own too, against the same count(*).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userById } from '../bank-api/auth/sessions';
import { accuracyPanels } from '../bank-api/dashboards/accuracy';
import { runPanel } from '../bank-api/dashboards/engine';
import { loanDataAsOf, resolveFilters } from '../bank-api/dashboards/filters';
import { dashboard, drill } from '../bank-api/dashboards/service';
import { loanSummariesFresh, refreshLoanSummaries } from '../bank-api/dashboards/summaries';
import { turnaroundPanels } from '../bank-api/dashboards/turnaround';
import { type Database, openDatabase } from '../bank-api/db/database';
import { migrate } from '../bank-api/db/migrate';
import { repaymentReminders } from '../bank-api/routes/repayments';
import { seedApplications } from '../bank-api/seed/applications';
import { seedOrganisation } from '../bank-api/seed/organisation';
import { syncProducts } from '../bank-api/seed/products';
import { seedSandbox } from '../bank-api/seed/sandbox';
import { sandboxProfileProvider } from '../bank-api/workflow/sandbox-provider';
import { DASHBOARDS } from '../shared/api/dashboards';
import { beijingDate } from '../shared/calendar';
import type { BenchFigure, BenchModule } from './run';
import { ms, percentile, sample } from './stats';

const RUNS = Number(process.env.BENCH_DASHBOARDS_RUNS ?? 5);
const APPLICATIONS = Number(process.env.BENCH_DASHBOARDS_APPLICATIONS ?? 10_000);
const LOANS = process.env.BENCH_DASHBOARDS_LOANS ? Number(process.env.BENCH_DASHBOARDS_LOANS) : null;

async function prepare(db: Database, label: string): Promise<string> {
  await migrate(db);
  await db.tx(async (q) => {
    await seedOrganisation(q);
    await syncProducts(q);
  });
  const t0 = performance.now();
  const r = await seedSandbox(db, {
    size: 'large',
    asOf: beijingDate(new Date()),
    counts: { applications: APPLICATIONS, ...(LOANS ? { loans: LOANS } : {}) },
    assignApplications: async (requests, d) => {
      await seedApplications(d, sandboxProfileProvider(), requests);
    },
  });
  if (r.seeded) {
    await db.query('ANALYZE');
    return `seeded now in ${((performance.now() - t0) / 1000).toFixed(0)} s (${label})`;
  }
  // A database seeded before the loan summaries existed (migration 0007) gets them once.
  const asOf = await loanDataAsOf(db, new Date());
  if (!(await loanSummariesFresh(db, asOf))) {
    const t1 = performance.now();
    await refreshLoanSummaries(db);
    return `reused; loan summaries rebuilt in ${((performance.now() - t1) / 1000).toFixed(1)} s`;
  }
  return 'reused';
}

async function runOn(label: string, db: Database): Promise<BenchFigure[]> {
  const seeded = await prepare(db, label);
  const counts = (
    await db.query<{ loans: number; apps: number }>(
      'SELECT (SELECT count(*)::int FROM loans) AS loans, (SELECT count(*)::int FROM applications) AS apps',
    )
  ).rows[0]!;
  const sup = (await userById(db, 'u-supervisor1'))!;
  const ref = await sample(RUNS, () => db.query('SELECT count(*) FROM loans'));
  const refP50 = percentile(ref, 50);
  const figures: BenchFigure[] = [
    {
      name: `[${label}] data`,
      value: `${counts.loans.toLocaleString('en')} loans, ${counts.apps.toLocaleString('en')} applications (${seeded})`,
    },
  ];
  const from = beijingDate(Date.now() - 364 * 86_400_000);
  for (const scope of [{}, { branchId: 'SH' }] as const) {
    for (const id of DASHBOARDS) {
      await dashboard(db, sup, id, { from, ...scope }); // warm
      const times = await sample(RUNS, () => dashboard(db, sup, id, { from, ...scope }));
      const p50 = percentile(times, 50);
      figures.push({
        name: `[${label}] ${id} dashboard, ${'branchId' in scope ? 'branch SH sub-tree' : 'whole bank'} (p50 / max of ${RUNS})`,
        value: `${ms(p50)} / ${ms(times[times.length - 1]!)}`,
        reference: `count(*) over loans ${ms(refP50)}`,
        ratio: `${(p50 / refP50).toFixed(1)}×`,
        target: label === 'PostgreSQL' ? '< 500 ms (SPEC §6)' : 'none (SPEC §6 sets PostgreSQL)',
      });
    }
  }
  for (const scope of [{}, { branchId: 'SH' }] as const) {
    const q = { from, panel: 'portfolio.kpi', row: 'book', series: 'loans', limit: 50, ...scope };
    await drill(db, sup, 'portfolio', q); // warm
    const drillTimes = await sample(RUNS, () => drill(db, sup, 'portfolio', q));
    figures.push({
      name: `[${label}] drill-down: first 50 of the ${'branchId' in scope ? 'branch SH sub-tree' : 'whole'} book (count + balance + page; p50 of ${RUNS})`,
      value: ms(percentile(drillTimes, 50)),
      reference: `count(*) over loans ${ms(refP50)}`,
      ratio: `${(percentile(drillTimes, 50) / refP50).toFixed(1)}×`,
      target: label === 'PostgreSQL' ? '< 500 ms (SPEC §6)' : 'none (SPEC §6 sets PostgreSQL)',
    });
  }
  figures.push(...(await accuracyFigures(label, db, from, refP50)));
  // Every drillable figure of each dashboard (whole bank; up to 12 per panel), first page of 50.
  for (const id of DASHBOARDS) {
    const d = await dashboard(db, sup, id, { from });
    const times: number[] = [];
    let worst = '';
    for (const p of d.panels) {
      const cells = p.rows.flatMap((r) =>
        p.series
          .filter((s) => s.drill === s.key && r.values[s.key] != null)
          .map((s) => ({ row: r.key, series: s.key })),
      );
      for (const c of cells.slice(0, 12)) {
        const q = { from, panel: p.id, ...c, limit: 50 };
        await drill(db, sup, id, q); // warm
        const t0 = performance.now();
        await drill(db, sup, id, q);
        const t = performance.now() - t0;
        if (t > Math.max(0, ...times)) worst = `${p.id} ${c.row}/${c.series}`;
        times.push(t);
      }
    }
    times.sort((a, b) => a - b);
    figures.push({
      name: `[${label}] ${id}: every drill-down's first page, whole bank (${times.length} figures; p50 / max)`,
      value: `${ms(percentile(times, 50))} / ${ms(times[times.length - 1] ?? 0)} (max: ${worst})`,
      target: label === 'PostgreSQL' ? '< 500 ms (SPEC §6)' : 'none (SPEC §6 sets PostgreSQL)',
    });
  }
  return figures;
}

/**
 * Issue 16 items 4 and 5 on their own: each approval-accuracy panel from the loan summaries and from
 * the loans (stale summaries), each turnaround panel, and rm1's repayment reminders (30 working days).
 */
async function accuracyFigures(label: string, db: Database, from: string, refP50: number): Promise<BenchFigure[]> {
  const sup = (await userById(db, 'u-supervisor1'))!;
  const rm = (await userById(db, 'u-rm1'))!;
  const out: BenchFigure[] = [];
  const target = label === 'PostgreSQL' ? '< 500 ms (SPEC §6)' : 'none (SPEC §6 sets PostgreSQL)';
  const time = async (name: string, fn: () => Promise<unknown>) => {
    await fn(); // warm
    const times = await sample(RUNS, fn);
    const p50 = percentile(times, 50);
    out.push({
      name: `[${label}] ${name} (p50 / max of ${RUNS})`,
      value: `${ms(p50)} / ${ms(times[times.length - 1]!)}`,
      reference: `count(*) over loans ${ms(refP50)}`,
      ratio: `${(p50 / refP50).toFixed(1)}×`,
      target,
    });
  };
  const portfolio = await resolveFilters(db, sup, 'portfolio', { from });
  const fresh = await loanSummariesFresh(db, portfolio.dataAsOf);
  for (const def of accuracyPanels) {
    if (fresh)
      await time(`${def.id}, whole bank, from the loan summaries`, () =>
        runPanel(db, def, portfolio, { summaries: true }),
      );
    await time(`${def.id}, whole bank, from the loans`, () => runPanel(db, def, portfolio, { summaries: false }));
  }
  const processFilters = await resolveFilters(db, sup, 'process', { from });
  for (const def of turnaroundPanels) await time(`${def.id}, whole bank`, () => runPanel(db, def, processFilters));
  const linked = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM loans WHERE application_id IS NOT NULL');
  out.push({ name: `[${label}] loans linked to their applications`, value: String(linked.rows[0]!.n) });
  let rows = 0;
  await time('repayment reminders, rm1, 30 working days', async () => {
    const r = await repaymentReminders(db, rm, 30);
    rows = r.dueTotal + r.pastDueTotal;
  });
  out.push({ name: `[${label}] rm1's reminders (due + past due)`, value: String(rows) });
  return out;
}

const bench: BenchModule = {
  title: 'Dashboards on the large sandbox book',
  async run() {
    const engines = (process.env.BENCH_DASHBOARDS_ENGINES ?? 'pglite,postgres').split(',');
    const figures: BenchFigure[] = [];
    if (engines.includes('postgres')) {
      const url = process.env.BENCH_DASHBOARDS_DATABASE_URL;
      if (!url) {
        figures.push({
          name: 'PostgreSQL run',
          value: 'skipped: set BENCH_DASHBOARDS_DATABASE_URL=postgres://… (a database the bench may fill)',
        });
      } else {
        const db = await openDatabase({ databaseUrl: url });
        try {
          figures.push(...(await runOn('PostgreSQL', db)));
        } finally {
          await db.close();
        }
      }
    }
    if (engines.includes('pglite')) {
      const dir = process.env.BENCH_DASHBOARDS_DATA_DIR ?? join(tmpdir(), 'ws-bench-dashboards-large');
      const db = await openDatabase({ dataDir: dir });
      try {
        figures.push(...(await runOn('PGlite', db)));
      } finally {
        await db.close();
      }
    }
    return figures;
  },
};
export default bench;
