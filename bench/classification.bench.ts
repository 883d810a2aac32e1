/**
 * The month-end classification run (issue 17.4): every active loan gets a proposal (rules of
 * shared/credit/classification.ts, debtor by debtor, inserted in batches), run as the API runs it — the
 * background job (bank-api/classification/job.ts: each batch commits its proposals with the run's cursor and
 * counters). Figures: time and loans per second of the whole run (read, rules, insert, progress, audit)
 * against the rules alone in memory on the same number of loans (the ratio is what the database costs),
 * and a second run of the same period (idempotent: nothing inserted).
 *
 * PGlite: a synthetic book of BENCH_CLASSIFICATION_LOANS loans (default 20,000; 1 in 5 past due, 1 in
 * 50 restructured). PostgreSQL: the `large` seed (1,000,000 loans) when BENCH_LARGE_DATABASE_URL is set,
 * else a synthetic book of BENCH_CLASSIFICATION_PG_LOANS (default 200,000) in a scratch database of the
 * server at TEST_DATABASE_URL (dropped afterwards), else skipped. BENCH_ENGINES=postgres (or pglite) runs
 * one engine only.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ClassificationJob } from '../bank-api/classification/job';
import { type Database, openDatabase } from '../bank-api/db/database';
import { migrate } from '../bank-api/db/migrate';
import { seedOrganisation } from '../bank-api/seed/organisation';
import { syncProducts } from '../bank-api/seed/products';
import { type LoanFacts, monthEndOnOrBefore, proposeAll } from '../shared/credit/classification';
import { openLargeSeed } from './large-seed';
import type { BenchFigure, BenchModule } from './run';

const N = Number(process.env.BENCH_CLASSIFICATION_LOANS ?? 20_000);

const PG_N = Number(process.env.BENCH_CLASSIFICATION_PG_LOANS ?? 200_000);

/** A scratch database on the server at `adminUrl`, and how to drop it. */
async function scratchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_cls_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function syntheticBook(n: number, databaseUrl?: string): Promise<Database> {
  const db = await openDatabase(databaseUrl ? { databaseUrl } : {});
  await migrate(db);
  await db.tx(async (q) => {
    await seedOrganisation(q);
    await syncProducts(q);
  });
  const debtors = Math.ceil(n / 3);
  await db.query(
    `INSERT INTO enterprises (id, uscc, name, legal_rep_name, legal_rep_id, industry_code, size_class, region, branch_id,
       established_date, tax_rating, annual_sales_fen, profile, data_as_of, source)
     SELECT 'EB' || i, '91310000B' || lpad(i::text, 9, '0'), '基准企业' || i, '张三', '310101198001010011', 'C34', 'small',
            '310115', 'SH-PD', '2015-06-01', 'A', 500000000, '{}', '2026-11-01', 'bench'
     FROM generate_series(1, $1) i`,
    [debtors],
  );
  await db.query(
    `INSERT INTO loans (id, enterprise_id, branch_id, product_code, industry_code, principal_fen, balance_fen, annual_rate,
       disbursed_on, maturity_date, days_past_due, max_dpd, classification, restructured_on)
     SELECT 'LB' || i, 'EB' || (1 + i % $2), 'SH-PD', 'LDD', 'C34', 100000000, 50000000 + i, 4.35,
            '2026-01-15', '2027-01-15', CASE WHEN i % 5 = 0 THEN (i % 400) ELSE 0 END, 0,
            CASE WHEN i % 5 = 0 AND i % 400 > 90 THEN 'substandard' ELSE 'normal' END,
            CASE WHEN i % 50 = 0 THEN DATE '2026-06-01' END
     FROM generate_series(1, $1) i`,
    [n, debtors],
  );
  await db.query(
    `INSERT INTO meta (key, value) VALUES ('sandbox_data', '{"asOf":"2026-11-30"}') ON CONFLICT (key) DO NOTHING`,
  );
  await db.query('ANALYZE');
  return db;
}

async function measure(engine: 'pglite' | 'postgres'): Promise<BenchFigure[]> {
  let scratch: { url: string; drop: () => Promise<void> } | null = null;
  let db: Database | null;
  if (engine === 'pglite') db = await syntheticBook(N);
  else if (process.env.BENCH_LARGE_DATABASE_URL) db = await openLargeSeed('postgres');
  else if (process.env.TEST_DATABASE_URL) {
    scratch = await scratchDatabase(process.env.TEST_DATABASE_URL);
    db = await syntheticBook(PG_N, scratch.url);
  } else db = null;
  if (!db) {
    return [
      {
        name: '[postgres] month-end classification',
        value: 'skipped: set BENCH_LARGE_DATABASE_URL (large seed) or TEST_DATABASE_URL (synthetic book)',
      },
    ];
  }
  try {
    const asOf = JSON.parse(
      (await db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'sandbox_data'")).rows[0]?.value ?? '{}',
    ).asOf as string;
    const period = monthEndOnOrBefore(asOf);
    await db.query('DELETE FROM loan_classifications WHERE period = $1', [period]);
    // A run left 'running' by an interrupted bench would hold the job.
    await db.query(`UPDATE classification_runs SET status = 'failed', holder = NULL WHERE status = 'running'`);
    const job = new ClassificationJob({ db, now: () => new Date(`${asOf}T12:00:00Z`) });
    const runOnce = async () => {
      const s = await job.start(null, period);
      if (s.kind !== 'started') throw new Error(`classification run not started: ${s.kind}`);
      const done = await s.done;
      if (!done) throw new Error('classification run stopped');
      return { period, loans: done.loansDone, proposed: done.proposed };
    };
    const t0 = performance.now();
    const r = await runOnce();
    const runMs = performance.now() - t0;
    const t1 = performance.now();
    const again = await runOnce();
    const againMs = performance.now() - t1;
    // The rules alone, in memory, on the same number of loans (shape of the synthetic book).
    const facts: LoanFacts[] = Array.from({ length: r.loans }, (_, i) => ({
      id: `L${i}`,
      enterpriseId: `E${i % Math.ceil(r.loans / 3)}`,
      retail: false,
      balanceFen: 50_000_000n + BigInt(i),
      daysPastDue: i % 5 === 0 ? i % 400 : 0,
      current: 'normal',
      restructuredOn: i % 50 === 0 ? '2026-06-01' : null,
      extendedOn: null,
      dueDates: [],
      overdueElsewhere: false,
      onTimeBefore: 0,
    }));
    const t2 = performance.now();
    proposeAll(facts, period);
    const rulesMs = performance.now() - t2;
    const perSec = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')} loans/s`;
    return [
      {
        name: `[${engine}] month-end run, ${r.loans.toLocaleString('en')} loans (${r.proposed.toLocaleString('en')} proposals)`,
        value: `${(runMs / 1000).toFixed(1)} s, ${perSec(r.loans, runMs)}`,
        reference: `rules alone in memory ${perSec(r.loans, rulesMs)}`,
        ratio: `${(runMs / Math.max(rulesMs, 0.001)).toFixed(1)}× the rules alone`,
      },
      {
        name: `[${engine}] second run of ${period} (idempotent: ${again.proposed} inserted)`,
        value: `${(againMs / 1000).toFixed(1)} s`,
        ratio: `${(againMs / runMs).toFixed(2)} of the first run`,
      },
    ];
  } finally {
    await db.close();
    await scratch?.drop();
  }
}

const bench: BenchModule = {
  title: 'Month-end five-level classification run',
  async run() {
    const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
    const out: BenchFigure[] = [];
    for (const e of engines) out.push(...(await measure(e)));
    return out;
  },
};
export default bench;
