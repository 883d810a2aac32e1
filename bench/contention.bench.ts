/**
 * Desks under a supervisor's dashboards (issue 13, item 7). Two approvers read their queue page and a
 * case in a loop (with 20 ms between reads, as people at a desk do); the figure is the p50/p99 of those
 * reads alone, and while a supervisor pulls dashboards — one at a time, and all four at once (the way
 * a dashboards screen and its comparison load). Real app (buildApp) over real HTTP, small sandbox seed.
 *
 * Embedded PGlite runs one statement at a time: the dashboards' statements queue with the desks'. The
 * adapter's priority gate (bank-api/db/pglite.ts) puts dashboard statements (Database.background) behind
 * desk work. "FIFO" rows run the dashboards as desk work (the engine's queue as it was before the gate:
 * first come, first served); "priority" rows are what the API does. On PostgreSQL (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL: a database `ws_bench_contention` is created there, seeded, and dropped) the pool
 * runs statements side by side, so it has no gate.
 *
 *   BENCH_CONTENTION_DATA_DIR  PGlite folder seeded once and reused (default <tmp>/ws-bench-contention)
 *   BENCH_CONTENTION_READS     reads per approver per phase, at most (default 150)
 *   BENCH_CONTENTION_PHASE_S   seconds per phase, at most (default 10; each figure says how many reads)
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../bank-api/app';
import type { Database } from '../bank-api/db/database';
import { prepareDatabase } from '../bank-api/server';
import { DASHBOARDS } from '../shared/api/dashboards';
import { beijingDate } from '../shared/calendar';
import { signIn } from '../test/helpers/api';
import type { BenchFigure, BenchModule } from './run';
import { ms, percentile } from './stats';

const READS = Number(process.env.BENCH_CONTENTION_READS ?? 150);
/** A phase ends after this long even when the reads are slow (a queue that waits seconds per read). */
const PHASE_MS = Number(process.env.BENCH_CONTENTION_PHASE_S ?? 10) * 1000;
const APPROVERS = ['approver1', 'approver2'] as const;
const quiet = { line: () => {}, human: false };

type Load = 'alone' | 'one dashboard at a time' | 'four dashboards at once';

/** The database as it was before the gate knew about background work: everything first come, first served. */
const fifo = (db: Database): Database => ({ ...db, background: undefined });

async function phase(db: Database, load: Load): Promise<number[]> {
  console.error(`  … approvers' reads, ${load}`);
  const app = await buildApp({ db, logLevel: 'silent', loginAttemptsPerMinute: 1000 });
  try {
    const as = await signIn(app, [...APPROVERS, 'supervisor1']);
    // Real HTTP (not app.inject): each request arrives through the event loop's I/O, as in production.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const get = async (u: string, path: string) => {
      const r = await fetch(`${base}${path}`, { headers: as(u) });
      const text = await r.text();
      if (r.status !== 200) throw new Error(`${u} ${path}: ${r.status} ${text.slice(0, 200)}`);
      return text;
    };
    const from = beijingDate(Date.now() - 364 * 86_400_000);
    let stop = false;
    const supervisor = async () => {
      while (!stop) {
        const ids = load === 'four dashboards at once' ? DASHBOARDS : [DASHBOARDS[0]!];
        await Promise.all(ids.map((d) => get('supervisor1', `/api/v1/dashboards/${d}?from=${from}`)));
      }
    };
    const latencies: number[] = [];
    const approver = async (u: string) => {
      const ids = (JSON.parse(await get(u, '/api/v1/applications?limit=50')) as { items: { id: string }[] }).items.map(
        (i) => i.id,
      );
      const end = performance.now() + PHASE_MS;
      for (let i = 0; i < READS && performance.now() < end; i++) {
        const t0 = performance.now();
        await get(u, i % 2 === 0 ? '/api/v1/applications?limit=50' : `/api/v1/applications/${ids[i % ids.length]}`);
        latencies.push(performance.now() - t0);
        await new Promise((res) => setTimeout(res, 20));
      }
    };
    // Warm the dashboards' path once.
    await get('supervisor1', `/api/v1/dashboards/${DASHBOARDS[0]}?from=${from}`);
    const sup = load === 'alone' ? Promise.resolve() : supervisor();
    await Promise.all(APPROVERS.map(approver));
    stop = true;
    await sup;
    return latencies.sort((a, b) => a - b);
  } finally {
    await app.close();
  }
}

async function runOn(label: string, db: Database, modes: { name: string; db: Database }[]): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const alone = await phase(db, 'alone');
  const ref99 = percentile(alone, 99);
  figures.push({
    name: `[${label}] approvers' reads alone (queue page / case; ${alone.length} reads) p50 / p99`,
    value: `${ms(percentile(alone, 50))} / ${ms(ref99)}`,
  });
  for (const load of ['one dashboard at a time', 'four dashboards at once'] as const) {
    for (const m of modes) {
      const t = await phase(m.db, load);
      figures.push({
        name: `[${label}${m.name ? `, ${m.name}` : ''}] approvers' reads while a supervisor pulls ${load} (${t.length} reads): p50 / p99`,
        value: `${ms(percentile(t, 50))} / ${ms(percentile(t, 99))}`,
        reference: `alone p50 / p99 ${ms(percentile(alone, 50))} / ${ms(ref99)}`,
        ratio: `${(percentile(t, 50) / percentile(alone, 50)).toFixed(1)}× p50, ${(percentile(t, 99) / ref99).toFixed(1)}× p99`,
      });
    }
  }
  return figures;
}

const bench: BenchModule = {
  title: 'Desks under dashboards: approvers’ read latency while a supervisor pulls dashboards',
  async run() {
    const figures: BenchFigure[] = [];
    const dir = process.env.BENCH_CONTENTION_DATA_DIR ?? join(tmpdir(), 'ws-bench-contention');
    const t0 = performance.now();
    console.error(`  … PGlite: small sandbox seed in ${dir} (seeded once, minutes on a busy machine)`);
    const lite = await prepareDatabase({ port: 0, host: '127.0.0.1', dataDir: dir, seedSize: 'small' }, quiet);
    try {
      figures.push({
        name: '[PGlite] data',
        value: `small sandbox seed in ${dir} (ready in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      });
      figures.push(
        ...(await runOn('PGlite', lite, [
          { name: 'FIFO (before)', db: fifo(lite) },
          { name: 'priority gate (after)', db: lite },
        ])),
      );
    } finally {
      await lite.close();
    }

    const server = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
    if (!server) {
      figures.push({ name: 'PostgreSQL run', value: 'skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)' });
      return figures;
    }
    const name = 'ws_bench_contention';
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: server });
      c.on('error', () => {});
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end().catch(() => {});
      }
    };
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(server);
    u.pathname = `/${name}`;
    try {
      const t1 = performance.now();
      const db = await prepareDatabase(
        { port: 0, host: '127.0.0.1', dataDir: dir, databaseUrl: u.toString(), seedSize: 'small' },
        quiet,
      );
      try {
        figures.push({
          name: '[PostgreSQL] data',
          value: `small sandbox seed (seeded in ${((performance.now() - t1) / 1000).toFixed(0)} s)`,
        });
        figures.push(...(await runOn('PostgreSQL', db, [{ name: '', db }])));
      } finally {
        await db.close();
      }
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    return figures;
  },
};
export default bench;
