/**
 * Queue cursors: opaque, bound to the sort they were issued for, checked strictly before anything
 * reaches SQL. Paging through every sort on a seeded bank gives the one-page list exactly, on each engine.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_SORTS } from '../../shared/api/applications';
import { signIn } from '../../test/helpers/api';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { ApiProblem } from '../http/problems';
import { seedApplications } from '../seed/applications';
import { seedSandbox } from '../seed/sandbox';
import { decodeCursor, encodeCursor } from './queue';
import { sandboxProfileProvider } from './sandbox-provider';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ApiProblem ? `${e.status} ${e.code}` : String(e);
  }
  return 'accepted';
};

describe('queue cursors (no database)', () => {
  it('reads back what it writes, for every sort', () => {
    const keys = { amount: '1234500', slaDueAt: 'infinity', '-slaDueAt': '-infinity', submittedAt: '1764460800123456' };
    for (const sort of QUEUE_SORTS) {
      const key = keys[sort as keyof typeof keys] ?? '0';
      const c = { sort, key, id: 'APP202611300000001' };
      expect(decodeCursor(encodeCursor(c), sort)).toEqual(c);
    }
  });

  it('refuses a genuine cursor under another sort with bad_cursor', () => {
    const c = encodeCursor({ sort: 'amount', key: '100', id: 'APP202611300000001' });
    expect(code(() => decodeCursor(c, '-amount'))).toBe('400 bad_cursor');
    expect(code(() => decodeCursor(c, 'submittedAt'))).toBe('400 bad_cursor');
  });

  it.each([
    ['not base64 JSON', 'abc'],
    ['an old two-element cursor', b64(['2026-11-30 10:00:00+08', 'APP1'])],
    ['another version', b64([2, 'amount', '100', 'APP202611300000001'])],
    ['a sort the API does not have', b64([1, 'evil', '100', 'APP202611300000001'])],
    ['a key that is not a number', b64([1, 'amount', '1); DROP TABLE applications; --', 'APP202611300000001'])],
    ['a key too large for bigint', b64([1, 'amount', '99999999999999999999', 'APP202611300000001'])],
    ['a negative time', b64([1, 'submittedAt', '-1', 'APP202611300000001'])],
    ['a time past 9999', b64([1, 'submittedAt', '253402300800000000', 'APP202611300000001'])],
    ['a date string as a time key', b64([1, 'submittedAt', '2026-13-45 99:99:99+00', 'APP202611300000001'])],
    ['infinity where the sort never has it', b64([1, 'submittedAt', 'infinity', 'APP202611300000001'])],
    ['the other infinity', b64([1, 'slaDueAt', '-infinity', 'APP202611300000001'])],
    ['an id with a NUL', b64([1, 'amount', '100', 'APP\u00002026'])],
    ['a non-string id', b64([1, 'amount', '100', 7])],
    ['extra elements', b64([1, 'amount', '100', 'APP202611300000001', 'x'])],
    ['padding', `${b64([1, 'amount', '100', 'APP202611300000001'])}=`],
    ['characters outside base64url', `${b64([1, 'amount', '100', 'APP202611300000001'])}!`],
  ])('refuses %s with bad_cursor', (_, cursor) => {
    const sort = (() => {
      try {
        const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
        return Array.isArray(raw) && QUEUE_SORTS.includes(raw[1]) ? raw[1] : 'amount';
      } catch {
        return 'amount';
      }
    })();
    expect(code(() => decodeCursor(cursor, sort))).toBe('400 bad_cursor');
  });
});

describe.each(testEngines())('queue paging on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    await seedSandbox(tdb.db, {
      size: 'small',
      asOf: '2026-11-27',
      counts: { enterprises: 150, loans: 200, applications: 60 },
      assignApplications: async (requests, d) => {
        await seedApplications(d, sandboxProfileProvider(), requests);
      },
    });
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: sandboxProfileProvider() });
    as = await signIn(app, ['supervisor1']);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const list = async (qs: string) => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/applications?${qs}`, headers: as('supervisor1') });
    return r;
  };

  it.each(QUEUE_SORTS)('pages through sort %s exactly as one page lists it', async (sort) => {
    const all = (await list(`sort=${sort}&limit=500`)).json();
    expect(all.total).toBeGreaterThan(20);
    if (sort.endsWith('amount')) {
      // In money order, not as text ("1000000.00" before "200000.00" would be text order).
      const fen = all.items.map((i: { amount: string }) => BigInt(i.amount.replace('.', '')));
      const sorted = [...fen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(fen).toEqual(sort === 'amount' ? sorted : sorted.reverse());
    }
    // Cases without an SLA sort at the infinities: the pages must cross from finite keys to them.
    if (sort.includes('sla'))
      expect(all.items.some((i: { slaDueAt: string | null }) => i.slaDueAt === null)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await list(`sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(all.items.map((i: { id: string }) => i.id));
  });

  it('answers a cursor reused with another sort, or forged, with a 400 bad_cursor problem', async () => {
    const first = (await list('sort=-submittedAt&limit=3')).json();
    expect(first.nextCursor).toEqual(expect.any(String));
    for (const qs of [
      `sort=submittedAt&cursor=${first.nextCursor}`,
      `sort=amount&cursor=${first.nextCursor}`,
      `sort=-submittedAt&cursor=${b64([1, '-submittedAt', '2026-13-45 99:99:99+00', 'APP1234'])}`,
      `sort=-submittedAt&cursor=${b64([1, '-submittedAt', '9223372036854775807', 'APP1234'])}`,
      'sort=amount&cursor=abc',
    ]) {
      const r = await list(qs);
      expect(r.statusCode, qs).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ code: 'bad_cursor', errors: [{ path: 'query.cursor' }] });
    }
  });
});
