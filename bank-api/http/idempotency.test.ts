import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { idempotent, PURGE_EVERY_MS } from './idempotency';
import { ApiProblem } from './problems';

const HOUR = 3_600_000;
const T0 = new Date('2026-06-01T02:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

describe.each(testEngines())('idempotency keys on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, { seed: false });
  }, 60_000);
  afterAll(async () => t?.drop());

  /** Runs a counted write under the key: how many times the write itself ran is the proof. */
  let runs = 0;
  const write = (key: string, body: unknown, now: Date, windowHours = 24, user = 'u-a') =>
    idempotent(
      t.db,
      user,
      key,
      body,
      async () => {
        runs++;
        return { run: runs };
      },
      { status: 201, now, windowHours },
    );
  const keys = async (user: string) =>
    (
      await t.db.query<{ key: string }>('SELECT key FROM idempotency_keys WHERE user_id = $1 ORDER BY key', [user])
    ).rows.map((r) => r.key);

  it('replays the first answer within the window and refuses the key for another request', async () => {
    runs = 0;
    const first = await write('key-inside-1', { a: 1 }, at(0));
    const again = await write('key-inside-1', { a: 1 }, at(23));
    expect(first).toEqual({ status: 201, body: { run: 1 }, replayed: false });
    expect(again).toEqual({ status: 201, body: { run: 1 }, replayed: true });
    expect(runs).toBe(1);
    const other = await write('key-inside-1', { a: 2 }, at(23)).catch((e) => e);
    expect(other).toBeInstanceOf(ApiProblem);
    expect((other as ApiProblem).status).toBe(422);
    expect((other as ApiProblem).code).toBe('idempotency_key_reused');
  });

  it('treats a key reused after the window as a new request, with the same body or another', async () => {
    runs = 0;
    await write('key-expiring', { a: 1 }, at(0));
    const same = await write('key-expiring', { a: 1 }, at(25));
    expect(same).toEqual({ status: 201, body: { run: 2 }, replayed: false });
    const other = await write('key-expiring', { a: 2 }, at(50));
    expect(other).toEqual({ status: 201, body: { run: 3 }, replayed: false });
    // The new use starts a new window: inside it the key replays again.
    expect(await write('key-expiring', { a: 2 }, at(51))).toEqual({ status: 201, body: { run: 3 }, replayed: true });
  });

  it("purges the writer's expired keys on write, not other users' and not live ones", async () => {
    await write('old-key-1', {}, at(100), 24, 'u-purge');
    await write('old-key-2', {}, at(101), 24, 'u-purge');
    await write('live-key-1', {}, at(120), 24, 'u-purge');
    await write('other-user-old', {}, at(100), 24, 'u-other');
    expect(await keys('u-purge')).toEqual(['live-key-1', 'old-key-1', 'old-key-2']);
    await write('new-key-1', {}, at(126), 24, 'u-purge');
    expect(await keys('u-purge')).toEqual(['live-key-1', 'new-key-1']);
    expect(await keys('u-other')).toEqual(['other-user-old']);
  });

  it('purges a user at most once per PURGE_EVERY_MS; between purges an expired key is still taken over', async () => {
    runs = 0;
    const w = 0.01; // 36 s
    await write('burst-a', { a: 1 }, at(700), w, 'u-burst'); // the user's first write here: purges (nothing)
    await write('burst-z', { z: 1 }, at(700), w, 'u-burst');
    const oneMinuteLater = new Date(at(700).getTime() + 60_000);
    const again = await write('burst-a', { a: 1 }, oneMinuteLater, w, 'u-burst');
    expect(again.replayed).toBe(false); // burst-a had expired: taken over by the claim, run anew
    expect(runs).toBe(3);
    // No purge within PURGE_EVERY_MS: the expired burst-z is still there.
    expect(await keys('u-burst')).toEqual(['burst-a', 'burst-z']);
    await write('burst-b', {}, new Date(at(700).getTime() + PURGE_EVERY_MS + 1), w, 'u-burst');
    expect(await keys('u-burst')).toEqual(['burst-b']);
  });

  it('honours the window it is given', async () => {
    runs = 0;
    await write('short-window', { a: 1 }, at(200), 1);
    expect((await write('short-window', { a: 1 }, at(200.5), 1)).replayed).toBe(true);
    expect((await write('short-window', { a: 1 }, at(201.5), 1)).replayed).toBe(false);
  });
});
