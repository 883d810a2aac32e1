/**
 * The post-loan monitoring job (issue 17.1) over a seeded book: every active loan's borrower re-read
 * through the sandbox source adapters, the signal rules evaluated, signals raised into loan_signals and
 * loans.warning_signals kept in step, in batches with the run's cursor and heartbeat. Figures: loans per
 * second of a first run (every signal new) and of a second run (nothing changes: idempotent), against the
 * sources and rules alone in memory on the same borrowers (the ratio is what the database and batching
 * cost; the sandbox sources themselves are most of the time).
 *
 * The book: a sandbox seed of BENCH_MONITORING_LOANS loans (default 3,000) over a third as many
 * enterprises, on PGlite, and on PostgreSQL when TEST_DATABASE_URL or BENCH_MONITORING_DATABASE_URL is
 * set (a fresh database, dropped afterwards). BENCH_MONITORING_LARGE=1 runs it on the `large` seed
 * (1,000,000 loans, bench/large-seed.ts) instead — hours of sandbox profile generation on two cores.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../bank-api/db/database';
import { migrate } from '../bank-api/db/migrate';
import { MonitoringJob } from '../bank-api/monitoring/job';
import { seedOrganisation } from '../bank-api/seed/organisation';
import { syncProducts } from '../bank-api/seed/products';
import { seedSandbox } from '../bank-api/seed/sandbox';
import { sandboxProfileProvider } from '../bank-api/workflow/sandbox-provider';
import { beijingDate } from '../shared/calendar/business-calendar';
import { evaluateSignals } from '../shared/monitoring/evaluate';
import { openLargeSeed } from './large-seed';
import type { BenchFigure, BenchModule } from './run';

const N = Number(process.env.BENCH_MONITORING_LOANS ?? 3_000);
const PG_URL = process.env.BENCH_MONITORING_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function seededBook(engine: 'pglite' | 'postgres'): Promise<{ db: Database; drop: () => Promise<void> } | null> {
  if (process.env.BENCH_MONITORING_LARGE) {
    const db = await openLargeSeed(engine);
    return db ? { db, drop: () => db.close() } : null;
  }
  let db: Database;
  let drop = async () => {};
  if (engine === 'postgres') {
    if (!PG_URL) return null;
    const name = `bench_monitoring_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    db = await openDatabase({ databaseUrl: u.toString() });
    drop = async () => {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    db = await openDatabase({});
  }
  await migrate(db);
  await db.tx(async (q) => {
    await seedOrganisation(q);
    await syncProducts(q);
  });
  await seedSandbox(db, {
    size: 'small',
    asOf: beijingDate(Date.now()),
    counts: { enterprises: Math.max(10, Math.ceil(N / 3)), loans: N, applications: 0 },
  });
  return {
    db,
    drop: async () => {
      await db.close();
      await drop();
    },
  };
}

async function measure(engine: 'pglite' | 'postgres'): Promise<BenchFigure[]> {
  const t0 = performance.now();
  const book = await seededBook(engine);
  if (!book) {
    return [
      {
        name: `[${engine}] monitoring job`,
        value: 'skipped: set TEST_DATABASE_URL (or BENCH_MONITORING_DATABASE_URL)',
      },
    ];
  }
  const { db } = book;
  try {
    const seedSeconds = (performance.now() - t0) / 1000;
    const active = (
      await db.query<{ uscc: string }>(
        'SELECT e.uscc FROM loans l JOIN enterprises e ON e.id = l.enterprise_id WHERE l.balance_fen > 0 ORDER BY l.id',
      )
    ).rows;
    const profiles = sandboxProfileProvider();
    const asOf = beijingDate(Date.now());

    // Reference: the sources and the rules alone, in memory, for the same borrowers (once per borrower
    // per batch of 500 loans, as the job reads them; without the court look-back).
    const r0 = performance.now();
    for (let i = 0; i < active.length; i += 500) {
      for (const uscc of new Set(active.slice(i, i + 500).map((l) => l.uscc))) {
        const p = await profiles.profile(uscc, asOf);
        if (p) evaluateSignals(p);
      }
    }
    const refSeconds = (performance.now() - r0) / 1000;

    const job = new MonitoringJob({ db, profiles });
    const runOnce = async () => {
      const s = performance.now();
      const r = await job.start('manual', null);
      if (r.kind !== 'started') throw new Error(`monitoring run not started: ${r.kind}`);
      const run = await r.done;
      if (!run) throw new Error('monitoring run stopped');
      return { run, seconds: (performance.now() - s) / 1000 };
    };
    const first = await runOnce();
    const second = await runOnce();
    const perSec = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} loans/s`;
    const refRate = active.length / refSeconds;
    const out: BenchFigure[] = [
      {
        name: `[${engine}] book`,
        value: `${active.length.toLocaleString('en-US')} active loans, ${new Set(active.map((l) => l.uscc)).size} borrowers (seeded in ${seedSeconds.toFixed(0)} s)`,
      },
      {
        name: `[${engine}] first run (${first.run.signalsRaised} signals raised) time / rate`,
        value: `${first.seconds.toFixed(1)} s / ${perSec(first.run.loansDone, first.seconds)}`,
        reference: `sources + rules in memory ${perSec(active.length, refSeconds)}`,
        ratio: `${(first.run.loansDone / first.seconds / refRate).toFixed(2)}× the in-memory rate`,
      },
      {
        name: `[${engine}] second run (${second.run.signalsRaised} raised, ${second.run.signalsCleared} cleared) time / rate`,
        value: `${second.seconds.toFixed(1)} s / ${perSec(second.run.loansDone, second.seconds)}`,
        reference: `sources + rules in memory ${perSec(active.length, refSeconds)}`,
        ratio: `${(second.run.loansDone / second.seconds / refRate).toFixed(2)}× the in-memory rate`,
      },
      {
        name: `[${engine}] 1,000,000 loans at the second run's rate (extrapolated)`,
        value: `${(1_000_000 / (second.run.loansDone / second.seconds) / 60).toFixed(0)} min`,
      },
    ];
    return out;
  } finally {
    await book.drop();
  }
}

const bench: BenchModule = {
  title: 'Post-loan monitoring job',
  async run() {
    return [...(await measure('pglite')), ...(await measure('postgres'))];
  },
};
export default bench;
