/**
 * Instant channel (SPEC §6: submit → decision p99 < 100 ms at 100 submissions/s, embedded database,
 * 2 cores) and queue first page. Real HTTP against a real server on the embedded database, and on
 * PostgreSQL too when BENCH_DATABASE_URL is set. The reference is a /healthz round trip in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedBankApi } from '../electron/services/embedded-api';
import { makeUscc } from '../shared/ids';
import type { BenchFigure, BenchModule } from './run';
import { ms, percentile, sample } from './stats';

const RATE_PER_S = 100;
const SUBMISSIONS = Number(process.env.BENCH_INSTANT_N ?? 1000);

async function login(base: string, username: string) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-pass' }),
  });
  return ((await r.json()) as { token: string }).token;
}

async function runOn(label: string, databaseUrl: string | undefined): Promise<BenchFigure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ws-bench-wf-'));
  // The API runs as its own process, as in production, so the load generator does not share its event loop.
  const server = await startEmbeddedBankApi({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? '',
    SEED_SIZE: 'none',
    LOG_LEVEL: 'silent',
  });
  try {
    const base = server.url;
    const token = await login(base, 'rm1');
    let n = 0;
    const submit = async () => {
      const i = n++;
      const r = await fetch(`${base}/api/v1/applications`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': `bench-${label}-${Date.now()}-${i}`,
        },
        body: JSON.stringify({
          uscc: makeUscc(`bench-${i}`),
          productCode: 'XMD',
          amount: '200000.00',
          termMonths: 12,
          repaymentMethod: 'equal_installment',
          purpose: '经营周转',
          channel: 'mobile',
        }),
      });
      const body = (await r.json()) as { decidedInstantly?: boolean };
      if (r.status !== 201) throw new Error(`submit failed: ${r.status} ${JSON.stringify(body)}`);
      return body.decidedInstantly === true;
    };
    const health = () => fetch(`${base}/healthz`).then((r) => r.text());
    await sample(20, submit);
    const ref = await sample(100, health);

    // Open loop at a fixed arrival rate: each submission starts on schedule, whether or not earlier ones finished.
    const latencies: number[] = [];
    let decided = 0;
    const t0 = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      const due = t0 + (i * 1000) / RATE_PER_S;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const start = performance.now();
      inflight.push(
        submit().then((d) => {
          latencies.push(performance.now() - start);
          if (d) decided++;
        }),
      );
    }
    await Promise.all(inflight);
    const elapsed = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);

    // Sustained rate: closed loop with 16 clients for a fixed count.
    const closedN = 600;
    let left = closedN;
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (left-- > 0) await submit();
      }),
    );
    const sustained = closedN / ((performance.now() - t1) / 1000);

    // Queue first page (on whatever this database holds: see queue figures on the seeded database below).
    const approver = await login(base, 'supervisor1');
    const page = await sample(50, () =>
      fetch(`${base}/api/v1/applications?limit=50`, { headers: { authorization: `Bearer ${approver}` } }).then((r) =>
        r.text(),
      ),
    );
    const r50 = percentile(ref, 50);
    return [
      {
        name: `[${label}] instant submit→decision p50 at ${RATE_PER_S}/s (${SUBMISSIONS} submissions, ${decided} decided by the system)`,
        value: ms(percentile(latencies, 50)),
        reference: `/healthz p50 ${ms(r50)}`,
        ratio: `${(percentile(latencies, 50) / r50).toFixed(1)}×`,
      },
      {
        name: `[${label}] instant submit→decision p99 at ${RATE_PER_S}/s`,
        value: ms(percentile(latencies, 99)),
        target: '< 100 ms (SPEC §6)',
      },
      { name: `[${label}] achieved arrival rate`, value: `${(SUBMISSIONS / elapsed).toFixed(1)}/s` },
      {
        name: `[${label}] sustained submissions (16 clients, closed loop)`,
        value: `${sustained.toFixed(0)}/s`,
        target: `≥ ${RATE_PER_S}/s`,
      },
      {
        name: `[${label}] queue first page (limit 50) p50 / p99`,
        value: `${ms(percentile(page, 50))} / ${ms(percentile(page, 99))}`,
        target: '< 200 ms on 100,000 applications (SPEC §6; see BENCH_LARGE_DATA_DIR)',
      },
    ];
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const bench: BenchModule = {
  title: 'Loan workflow: instant channel and queue',
  async run() {
    const figures = await runOn('PGlite', undefined);
    if (process.env.BENCH_DATABASE_URL) figures.push(...(await runOn('PostgreSQL', process.env.BENCH_DATABASE_URL)));
    else
      figures.push({
        name: 'PostgreSQL run',
        value: 'skipped: set BENCH_DATABASE_URL=postgres://… (a database the bench may fill)',
      });
    return figures;
  },
};
export default bench;
