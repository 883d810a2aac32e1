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
 * (1,000,000 loans, bench/large-seed.ts; PostgreSQL at BENCH_LARGE_DATABASE_URL) instead: one full run,
 * timed, with loans/s and borrowers/s — or, with BENCH_MONITORING_BATCHES=n, the first n batches of a run
 * (stopped there, marked failed) and the whole run extrapolated from their rate, labelled as such.
 * BENCH_ENGINES=postgres (or pglite) runs one engine only.
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
const LARGE = Boolean(process.env.BENCH_MONITORING_LARGE);
/** On the large book: stop the run after this many batches and extrapolate (0: the whole run). */
const LARGE_BATCHES = Number(process.env.BENCH_MONITORING_BATCHES ?? 0);
const PG_URL = process.env.BENCH_MONITORING_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function seededBook(engine: 'pglite' | 'postgres'): Promise<{ db: Database; drop: () => Promise<void> } | null> {
  if (LARGE) {
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
    const partial = LARGE && LARGE_BATCHES > 0;
    const batchSize = 500; // the job's default (DEFAULT_BATCH_SIZE)
    // The loans the measured run covers: all of them, or the first n batches' on the large book.
    const covered = partial ? active.slice(0, LARGE_BATCHES * batchSize) : active;
    const borrowers = new Set(covered.map((l) => l.uscc)).size;

    // Reference: the sources and the rules alone, in memory, once for each borrower of the covered loans
    // (without the court look-back) — the work no database or batching can avoid.
    const r0 = performance.now();
    for (const uscc of new Set(covered.map((l) => l.uscc))) {
      const p = await profiles.profile(uscc, asOf);
      if (p) evaluateSignals(p);
    }
    const refSeconds = (performance.now() - r0) / 1000;
    const perSec = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} loans/s`;
    const bPerSec = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} borrowers/s`;
    const refRate = covered.length / refSeconds;
    const reference = `sources + rules in memory, once per borrower: ${bPerSec(borrowers, refSeconds)} (${perSec(covered.length, refSeconds)})`;

    // A run left by an interrupted bench would hold the job.
    await db.query(
      `UPDATE monitoring_runs SET status = 'failed', finished_at = now(), error = 'bench: left running' WHERE status = 'running'`,
    );
    await db.query(
      "UPDATE monitoring_lock SET holder = NULL, run_id = NULL, expires_at = NULL WHERE name = 'monitoring'",
    );
    const job = new MonitoringJob({ db, profiles, ...(partial ? { haltAfterBatches: LARGE_BATCHES } : {}) });
    const runOnce = async () => {
      const s = performance.now();
      const r = await job.start('manual', null);
      if (r.kind !== 'started') throw new Error(`monitoring run not started: ${r.kind}`);
      const run = await r.done;
      const seconds = (performance.now() - s) / 1000;
      if (run) return { loansDone: run.loansDone, raised: run.signalsRaised, cleared: run.signalsCleared, seconds };
      if (!partial) throw new Error('monitoring run stopped');
      // Stopped after n batches (as a test halts it): read its counters, then mark it failed and free the lock.
      const row = (
        await db.query<{ loans_done: number; signals_raised: number; signals_cleared: number }>(
          'SELECT loans_done, signals_raised, signals_cleared FROM monitoring_runs WHERE id = $1',
          [r.run.id],
        )
      ).rows[0]!;
      await db.query(
        `UPDATE monitoring_runs SET status = 'failed', finished_at = now(), error = 'bench: stopped after ${LARGE_BATCHES} batches' WHERE id = $1`,
        [r.run.id],
      );
      await db.query(
        "UPDATE monitoring_lock SET holder = NULL, run_id = NULL, expires_at = NULL WHERE name = 'monitoring'",
      );
      return { loansDone: row.loans_done, raised: row.signals_raised, cleared: row.signals_cleared, seconds };
    };
    const first = await runOnce();
    const out: BenchFigure[] = [
      {
        name: `[${engine}] book`,
        value: `${active.length.toLocaleString('en-US')} active loans, ${new Set(active.map((l) => l.uscc)).size.toLocaleString('en-US')} borrowers (seeded or opened in ${seedSeconds.toFixed(0)} s)`,
      },
      {
        name: `[${engine}] ${partial ? `first ${LARGE_BATCHES} batches of a run (${first.loansDone.toLocaleString('en-US')} loans, ${borrowers.toLocaleString('en-US')} borrowers)` : 'first run'} (${first.raised} signals raised) time / rate`,
        value: `${first.seconds.toFixed(1)} s / ${perSec(first.loansDone, first.seconds)}, ${bPerSec(borrowers, first.seconds)}`,
        reference,
        ratio: `${(first.loansDone / first.seconds / refRate).toFixed(2)}× the in-memory rate`,
      },
    ];
    if (partial) {
      out.push({
        name: `[${engine}] whole run of ${active.length.toLocaleString('en-US')} loans at that rate (EXTRAPOLATED, not measured)`,
        value: `${(active.length / (first.loansDone / first.seconds) / 60).toFixed(0)} min`,
      });
      return out;
    }
    const second = await runOnce();
    out.push(
      {
        name: `[${engine}] second run (${second.raised} raised, ${second.cleared} cleared) time / rate`,
        value: `${second.seconds.toFixed(1)} s / ${perSec(second.loansDone, second.seconds)}, ${bPerSec(borrowers, second.seconds)}`,
        reference,
        ratio: `${(second.loansDone / second.seconds / refRate).toFixed(2)}× the in-memory rate`,
      },
      {
        name: `[${engine}] 1,000,000 loans at the second run's rate (extrapolated)`,
        value: `${(1_000_000 / (second.loansDone / second.seconds) / 60).toFixed(0)} min`,
      },
    );
    return out;
  } finally {
    await book.drop();
  }
}

const bench: BenchModule = {
  title: 'Post-loan monitoring job',
  async run() {
    const engines = (process.env.BENCH_ENGINES ?? (LARGE ? 'postgres' : 'pglite,postgres')).split(',') as (
      | 'pglite'
      | 'postgres'
    )[];
    const out: BenchFigure[] = [];
    for (const e of engines) out.push(...(await measure(e)));
    return out;
  },
};
export default bench;
