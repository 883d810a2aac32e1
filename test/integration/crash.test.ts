/**
 * "A killed server loses no committed decision and the audit chain still verifies" (SPEC §6): the real
 * `npm run api` program on an embedded database is SIGKILLed while requests are in flight, restarted on
 * the same data folder, and every answered request must still be there.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../../shared/ids';
import { startApiProcess } from '../helpers/api-process';

const dataDir = mkdtempSync(join(tmpdir(), 'ws-crash-'));

function startApi(): Promise<{ url: string; child: ChildProcess }> {
  return startApiProcess({ DATA_DIR: dataDir, SEED_SIZE: 'none', LOG_LEVEL: 'warn', DATABASE_URL: '' }, 90_000);
}

async function login(url: string, u: string) {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: u, password: 'demo-pass' }),
  });
  return ((await r.json()) as { token: string }).token;
}

describe('crash safety of the embedded database', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged application and a verifiable audit chain after SIGKILL', async () => {
    const first = await startApi();
    const token = await login(first.url, 'rm1');
    const acknowledged: string[] = [];
    const refused: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await fetch(`${first.url}/api/v1/applications`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'idempotency-key': `crash-${w}-${i}-xxxx`,
            },
            body: JSON.stringify({
              uscc: makeUscc(`crash-${w}-${i}`),
              productCode: 'XMD',
              amount: '100000.00',
              termMonths: 12,
              repaymentMethod: 'equal_installment',
              purpose: '周转',
              channel: 'mobile',
            }),
          });
          if (r.status === 201) acknowledged.push(((await r.json()) as { application: { id: string } }).application.id);
          else refused.push(`${r.status} ${(await r.text()).slice(0, 200)}`);
        } catch {
          return; // the server died under us
        }
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await new Promise((r) => setTimeout(r, 4000));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    if (first.child.exitCode === null && first.child.signalCode === null)
      await new Promise((r) => first.child.once('exit', r));
    expect(acknowledged.length, `refused: ${refused.slice(0, 3).join(' | ')}`).toBeGreaterThan(5);

    const second = await startApi();
    try {
      const sup = await login(second.url, 'supervisor1');
      const present = new Set<string>();
      let cursor: string | null = null;
      do {
        const page = (await (
          await fetch(`${second.url}/api/v1/applications?limit=500${cursor ? `&cursor=${cursor}` : ''}`, {
            headers: { authorization: `Bearer ${sup}` },
          })
        ).json()) as { items: { id: string }[]; nextCursor: string | null };
        for (const i of page.items) present.add(i.id);
        cursor = page.nextCursor;
      } while (cursor);
      const missing = acknowledged.filter((id) => !present.has(id));
      expect(missing, `acknowledged but lost: ${missing.join(', ')}`).toEqual([]);
      const verify = (await (
        await fetch(`${second.url}/api/v1/audit/verify`, { headers: { authorization: `Bearer ${sup}` } })
      ).json()) as { ok: boolean; events: number };
      expect(verify.ok).toBe(true);
      expect(verify.events).toBeGreaterThanOrEqual(acknowledged.length * 2);
    } finally {
      second.child.kill('SIGTERM');
    }
  }, 240_000);
});
