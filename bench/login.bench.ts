import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../bank-api/app';
import type { LoginLimitOptions } from '../bank-api/routes/auth';
import { prepareDatabase } from '../bank-api/server';
import type { BenchModule } from './run';
import { ms, percentile, sample } from './stats';

/** Attackers' connections kept busy at once during the flood. */
const FLOOD_CONNECTIONS = Number(process.env.BENCH_LOGIN_FLOOD ?? 32);
const LEGIT_SAMPLES = 30;
/** The bound under test: the defaults, or BENCH_LOGIN_HASH_CONCURRENCY checks at once to compare. */
const BOUNDED: LoginLimitOptions = process.env.BENCH_LOGIN_HASH_CONCURRENCY
  ? { hashConcurrency: Number(process.env.BENCH_LOGIN_HASH_CONCURRENCY) }
  : {};
/** Fewer samples without the bound: each takes seconds there. */
const UNBOUNDED_SAMPLES = 10;

interface FloodResult {
  counts: Record<string, number>;
  busyMs: number[];
}

/**
 * Wrong passwords for random unknown names, each request from its own loopback address (127.x.y.z, so
 * no per-address or per-account budget stops it: a distributed flood, which only the hashing bound
 * meets). It runs in a worker thread so the attackers' own work is not on the server's event loop.
 */
const FLOOD_WORKER = `
const { request } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { port, connections } = workerData;
let running = true;
let n = 0;
const counts = {};
const busyMs = [];
const one = () => new Promise((resolve) => {
  const i = ++n;
  const body = JSON.stringify({ username: 'flood' + i, password: 'wrong' });
  const t = performance.now();
  const req = request({
    host: '127.0.0.1', port, path: '/api/v1/auth/login', method: 'POST', agent: false,
    localAddress: '127.' + (1 + (i % 250)) + '.' + ((i >> 8) & 255) + '.' + (1 + (i % 253)),
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  }, (res) => {
    res.resume();
    res.on('end', () => {
      counts[res.statusCode] = (counts[res.statusCode] || 0) + 1;
      if (res.statusCode === 503) busyMs.push(performance.now() - t);
      resolve();
    });
  });
  req.on('error', () => { counts.error = (counts.error || 0) + 1; resolve(); });
  req.end(body);
});
const loops = Array.from({ length: connections }, async () => { while (running) await one(); });
parentPort.on('message', async () => {
  running = false;
  await Promise.all(loops);
  parentPort.postMessage({ counts, busyMs });
});
`;

function startFlood(port: number, connections: number) {
  const worker = new Worker(FLOOD_WORKER, { eval: true, workerData: { port, connections } });
  return {
    async stop(): Promise<FloodResult> {
      const done = new Promise<FloodResult>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const result = await done;
      await worker.terminate();
      return result;
    },
  };
}

async function withApp<T>(
  db: Awaited<ReturnType<typeof prepareDatabase>>,
  loginLimits: LoginLimitOptions,
  fn: (port: number) => Promise<T>,
): Promise<T> {
  const app = await buildApp({ db, logLevel: 'silent', loginLimits });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  try {
    return await fn(typeof addr === 'object' && addr ? addr.port : 0);
  } finally {
    await app.close();
  }
}

const signIn = (port: number) => async () => {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'approver1', password: 'demo-pass' }),
  });
  await r.text();
  if (r.status !== 200) throw new Error(`legitimate sign-in answered ${r.status}`);
};

/**
 * A legitimate user's sign-in while a distributed flood of wrong guesses arrives, against the same
 * sign-in with no flood; and, as the before-picture, the flood with password checks unbounded.
 */
const bench: BenchModule = {
  title: 'Bank API sign-in under a login flood (embedded PGlite, loopback HTTP)',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'ws-bench-login-'));
    const db = await prepareDatabase(
      { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', seedSize: 'none' },
      { line: () => {}, human: false },
    );
    try {
      const bounded = await withApp(db, BOUNDED, async (port) => {
        const health = () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.text());
        await sample(5, health);
        const ref = await sample(50, health);
        // The first sign-in makes this address one where approver1 signed in (served first under load).
        await signIn(port)();
        const quiet = await sample(LEGIT_SAMPLES, signIn(port));
        const flood = startFlood(port, FLOOD_CONNECTIONS);
        await new Promise((r) => setTimeout(r, 500));
        const loud = await sample(LEGIT_SAMPLES, signIn(port));
        return { ref, quiet, loud, flood: await flood.stop() };
      });
      const unbounded = await withApp(db, { hashConcurrency: 1_000_000, hashQueuePerLane: 1_000_000 }, async (port) => {
        await signIn(port)();
        const flood = startFlood(port, FLOOD_CONNECTIONS);
        await new Promise((r) => setTimeout(r, 500));
        const loud = await sample(UNBOUNDED_SAMPLES, signIn(port));
        await flood.stop();
        return { loud };
      });
      const q99 = percentile(bounded.quiet, 99);
      const l99 = percentile(bounded.loud, 99);
      const u99 = percentile(unbounded.loud, 99);
      const c = bounded.flood.counts;
      const total = Object.values(c).reduce((a, b) => a + b, 0);
      return [
        {
          name: 'sign-in p50 without flood',
          value: ms(percentile(bounded.quiet, 50)),
          reference: `/healthz p50 ${ms(percentile(bounded.ref, 50))}`,
          ratio: `${(percentile(bounded.quiet, 50) / percentile(bounded.ref, 50)).toFixed(1)}× (scrypt N=2^15 dominates, by design)`,
        },
        {
          name: 'sign-in p50 during the flood',
          value: ms(percentile(bounded.loud, 50)),
          reference: `without flood p50 ${ms(percentile(bounded.quiet, 50))}`,
          ratio: `${(percentile(bounded.loud, 50) / percentile(bounded.quiet, 50)).toFixed(1)}×`,
        },
        {
          name: `sign-in p99 during a flood of ${FLOOD_CONNECTIONS} connections (${LEGIT_SAMPLES} samples)`,
          value: ms(l99),
          reference: `without flood p99 ${ms(q99)}`,
          ratio: `${(l99 / q99).toFixed(1)}×`,
        },
        {
          name: `flood answers (${total})`,
          value: Object.entries(c)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', '),
          reference: `busy (503) answered in p50 ${ms(
            percentile(
              bounded.flood.busyMs.sort((a, b) => a - b),
              50,
            ),
          )}`,
        },
        {
          name: `before: sign-in p99 during the same flood, password checks unbounded (${UNBOUNDED_SAMPLES} samples)`,
          value: ms(u99),
          reference: `bounded ${ms(l99)}`,
          ratio: `${(u99 / q99).toFixed(1)}× the quiet p99`,
        },
      ];
    } finally {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
export default bench;
