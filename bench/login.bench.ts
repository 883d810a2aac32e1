import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../bank-api/server';
import type { BenchModule } from './run';
import { ms, percentile, sample } from './stats';

/** Login round trip over real HTTP on the embedded database, against a /healthz round trip as reference. */
const bench: BenchModule = {
  title: 'Bank API login round trip (embedded PGlite, loopback HTTP)',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'ws-bench-login-'));
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', seedSize: 'none' });
    try {
      const login = () =>
        fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '1' },
          body: JSON.stringify({ username: 'approver1', password: 'demo-pass' }),
        }).then((r) => r.text());
      const health = () => fetch(`${server.url}/healthz`).then((r) => r.text());
      await sample(5, health);
      const ref = await sample(50, health);
      // The login limit is 10/min per address and name: stay under it.
      const samples = await sample(9, login);
      const p50 = percentile(samples, 50);
      const r50 = percentile(ref, 50);
      return [
        {
          name: 'login p50',
          value: ms(p50),
          reference: `/healthz p50 ${ms(r50)}`,
          ratio: `${(p50 / r50).toFixed(1)}× (scrypt N=2^15 dominates, by design)`,
        },
        { name: 'login p99 (9 samples)', value: ms(percentile(samples, 99)) },
      ];
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
export default bench;
