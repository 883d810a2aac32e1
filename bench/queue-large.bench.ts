/**
 * Queue first page from the API on the `large` seed (SPEC §6: under 200 ms on 100,000 applications),
 * for a supervisor (whole bank), an approver (branch sub-tree) and with filters; /healthz on the same
 * server is the reference. Set BENCH_SKIP_LARGE=1 to skip (seeding `large` takes minutes the first time).
 */
import { buildApp } from '../bank-api/app';
import { openLargeSeed } from './large-seed';
import type { BenchFigure, BenchModule } from './run';
import { ms, percentile, sample } from './stats';

async function measure(engine: 'pglite' | 'postgres'): Promise<BenchFigure[]> {
  const db = await openLargeSeed(engine);
  if (!db)
    return [
      {
        name: `[${engine}] queue on large seed`,
        value: 'skipped: set BENCH_LARGE_DATABASE_URL=postgres://… to include PostgreSQL',
      },
    ];
  const app = await buildApp({ db, logLevel: 'silent' });
  try {
    const total = (await db.query<{ n: number }>('SELECT count(*)::int n FROM applications')).rows[0]!.n;
    const token = async (u: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: u, password: 'demo-pass' },
          remoteAddress: `10.7.0.${u.length}`,
        })
      ).json().token as string;
    const sup = await token('supervisor1');
    const appr = await token('approver1');
    const get = (tok: string, url: string) => () =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tok}` } });
    const health = await sample(50, () => app.inject({ method: 'GET', url: '/healthz' }));
    const ref = percentile(health, 50);
    const cases: [string, () => Promise<unknown>][] = [
      ['supervisor, whole bank, by SLA', get(sup, '/api/v1/applications?limit=50')],
      [
        'approver1, branch sub-tree, open fast tier',
        get(appr, '/api/v1/applications?limit=50&tier=fast&status=in_review,returned'),
      ],
      ['approver1, text search', get(appr, '/api/v1/applications?limit=50&q=%E7%A7%91%E6%8A%80')],
      ['approver1, queue counts', get(appr, '/api/v1/applications/counts')],
    ];
    const out: BenchFigure[] = [];
    for (const [name, fn] of cases) {
      await sample(3, fn);
      const s = await sample(30, fn);
      out.push({
        name: `[${engine}] ${name} (${total} applications) p50 / p99`,
        value: `${ms(percentile(s, 50))} / ${ms(percentile(s, 99))}`,
        reference: `/healthz p50 ${ms(ref)}`,
        target: '< 200 ms (SPEC §6)',
      });
    }
    return out;
  } finally {
    await app.close();
    await db.close();
  }
}

const bench: BenchModule = {
  title: 'Queue first page on the large seed',
  async run() {
    if (process.env.BENCH_SKIP_LARGE)
      return [{ name: 'queue on large seed', value: 'skipped: BENCH_SKIP_LARGE is set' }];
    return [...(await measure('pglite')), ...(await measure('postgres'))];
  },
};
export default bench;
