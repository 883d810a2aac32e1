import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { type Database, openDatabase } from '../db/database';

const ASOF = beijingDate(new Date());

async function listen(app: FastifyInstance) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

async function token(base: string, username: string) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-pass' }),
  });
  return ((await r.json()) as { token: string }).token;
}

/** Opens the SSE stream and collects `data:` events until `count` arrive or the timeout passes. */
function collect(base: string, tok: string, count: number, timeoutMs = 8000) {
  const ctrl = new AbortController();
  const events: { id: string; status: string; branchId: string }[] = [];
  const ready = new Promise<void>((resolveReady) => {
    const done = (async () => {
      const res = await fetch(`${base}/api/v1/events`, {
        headers: { authorization: `Bearer ${tok}` },
        signal: ctrl.signal,
      });
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      resolveReady();
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buf += dec.decode(value, { stream: true });
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)));
          if (events.length >= count) ctrl.abort();
        }
      }
    })().catch(() => {});
    void done;
  });
  const finished = new Promise<typeof events>((resolve) => {
    const t = setTimeout(() => {
      ctrl.abort();
      resolve(events);
    }, timeoutMs);
    ctrl.signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve(events);
    });
  });
  return { ready, finished };
}

async function submit(base: string, tok: string, uscc: string) {
  const r = await fetch(`${base}/api/v1/applications`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${tok}`,
      'idempotency-key': `k-${Math.random().toString(36).slice(2)}`,
    },
    body: JSON.stringify({
      uscc,
      productCode: 'LDD',
      amount: '200000.00',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      purpose: '周转',
      channel: 'branch',
    }),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { application: { id: string } }).application.id;
}

describe('queue events (server-sent)', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    base = await listen(app);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('streams a new application to an approver in scope, and not to one outside it', async () => {
    const sh = findCase(
      { productCode: 'LDD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'fast' && p.region.startsWith('31'),
    );
    const inScope = collect(base, await token(base, 'approver1'), 1);
    const hz = collect(base, await token(base, 'approver2'), 1, 2500);
    await Promise.all([inScope.ready, hz.ready]);
    await new Promise((r) => setTimeout(r, 200));
    const id = await submit(base, await token(base, 'rm1'), sh.uscc);
    const got = await inScope.finished;
    expect(got.map((e) => e.id)).toContain(id);
    // approver2 works in Pudong only; a case of another sub-branch never reaches them.
    const other = await hz.finished;
    const branch = got[0]!.branchId;
    if (branch !== 'SH-PD') expect(other.map((e) => e.id)).not.toContain(id);
  });

  it('refuses the stream without a session', async () => {
    const r = await fetch(`${base}/api/v1/events`);
    expect(r.status).toBe(401);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('queue events across two API instances on one PostgreSQL', () => {
  let tdb: TestDatabase;
  let second: Database;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    second = await openDatabase({ databaseUrl: tdb.url });
    a = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    b = await buildApp({ db: second, logLevel: 'silent', profiles: testProfileProvider() });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await tdb?.drop();
  });

  it('an application created on instance A reaches an SSE client of instance B (LISTEN/NOTIFY)', async () => {
    const baseA = await listen(a);
    const baseB = await listen(b);
    const c = findCase(
      { productCode: 'LDD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (x, p) => x.tier === 'fast' && p.region.startsWith('31'),
      300,
    );
    const onB = collect(baseB, await token(baseB, 'supervisor1'), 1);
    await onB.ready;
    await new Promise((r) => setTimeout(r, 300));
    const id = await submit(baseA, await token(baseA, 'rm1'), c.uscc);
    expect((await onB.finished).map((e) => e.id)).toContain(id);
  });
});
if (!TEST_DATABASE_URL)
  console.warn('SKIPPED cross-instance event test: TEST_DATABASE_URL is not set (needs PostgreSQL LISTEN/NOTIFY).');
