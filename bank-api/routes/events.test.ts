import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { SessionService, sessionTokenHash } from '../auth/sessions';
import { type Database, openDatabase } from '../db/database';
import { registerRoutes } from '../http/routes';
import { EventHub } from '../workflow/events';
import { authRoutes } from './auth';
import { type EventStreamOptions, eventRoutes, SSE_STREAMS_PER_USER } from './events';

const ASOF = beijingDate(new Date());

async function listen(app: FastifyInstance) {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
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

/**
 * The bank API's real sign-in and event routes on their own, with the stream options a test needs (the
 * heartbeat in particular): buildApp keeps the 15 s default.
 */
async function streamApp(db: Database, opts: EventStreamOptions) {
  const app = Fastify({ forceCloseConnections: true });
  const sessions = new SessionService(db);
  const hub = new EventHub();
  await hub.start(db);
  app.addHook('onClose', () => hub.stop());
  registerRoutes(app, [...authRoutes(sessions), ...eventRoutes(db, hub, opts)], (t) => sessions.resolve(t));
  return app;
}

interface SseBlock {
  event: string | null;
  data: string | null;
  comment: string | null;
}

/** Opens the SSE stream and records every block until the server ends it (or the test aborts it). */
async function openStream(base: string, tok: string) {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/v1/events`, {
    headers: { authorization: `Bearer ${tok}` },
    signal: ctrl.signal,
  });
  const blocks: SseBlock[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const wake = () => {
    for (const w of [...waiters]) {
      if (w.test()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  let endedByServer = false;
  const ended =
    res.status !== 200
      ? Promise.resolve(blocks)
      : (async () => {
          const reader = res.body!.getReader();
          const dec = new TextDecoder();
          let buf = '';
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buf += dec.decode(value, { stream: true });
              for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
                const lines = buf.slice(0, i).split('\n');
                buf = buf.slice(i + 2);
                const field = (name: string) =>
                  lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
                blocks.push({ event: field('event'), data: field('data'), comment: field('') });
                wake();
              }
            }
            endedByServer = true;
          } catch {
            // aborted by the test
          }
          wake();
          return blocks;
        })();
  const heartbeats = () => blocks.filter((b) => b.comment === 'heartbeat').length;
  return {
    status: res.status,
    res,
    blocks,
    ended,
    get endedByServer() {
      return endedByServer;
    },
    /** Resolves once `n` heartbeats have arrived in all. */
    heartbeats: (n: number) =>
      new Promise<void>((resolve) => {
        waiters.push({ test: () => heartbeats() >= n, resolve });
        wake();
      }),
    heartbeatCount: heartbeats,
    close: () => ctrl.abort(),
  };
}

async function logout(base: string, tok: string) {
  const r = await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${tok}` } });
  expect(r.status).toBe(200);
}

const endReason = (blocks: SseBlock[]) => {
  const last = blocks.at(-1);
  return last?.event === 'stream.end' ? (JSON.parse(last.data ?? '{}') as { reason: string }).reason : null;
};

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

  it("streams a case's events to its service officer (首席服务官) booked at another sub-branch, and not to that sub-branch's other staff", async () => {
    const pd = findCase(
      { productCode: 'LDD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'fast' && p.region === '310115',
    );
    const id = await submit(base, await token(base, 'rm1'), pd.uscc);
    const row = (
      await tdb.db.query<{ enterprise_id: string; branch_id: string; version: number }>(
        'SELECT enterprise_id, branch_id, version FROM applications WHERE id = $1',
        [id],
      )
    ).rows[0]!;
    expect(row.branch_id).toBe('SH-PD');
    const sup = await token(base, 'supervisor1');
    const moved = await fetch(`${base}/api/v1/enterprises/${row.enterprise_id}/service-officer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sup}` },
      body: JSON.stringify({ userId: 'u-rm2', reason: '客户迁至徐汇支行服务' }),
    });
    expect(moved.status).toBe(200);
    // rm2 works at SH-XH: only as the client's service officer may they follow this SH-PD case.
    const officer = collect(base, await token(base, 'rm2'), 1);
    const stranger = collect(base, await token(base, 'rm3'), 1, 2500);
    await Promise.all([officer.ready, stranger.ready]);
    await new Promise((r) => setTimeout(r, 200));
    const claim = await fetch(`${base}/api/v1/applications/${id}/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(base, 'approver1')}`, 'if-match': `"${row.version}"` },
    });
    expect(claim.status).toBe(200);
    const got = await officer.finished;
    expect(got.map((e) => e.id)).toContain(id);
    expect((got.find((e) => e.id === id) as { enterpriseId?: string }).enterpriseId).toBe(row.enterprise_id);
    expect((await stranger.finished).map((e) => e.id)).not.toContain(id);
  });

  it("ends a stream as soon as its session signs out, and only that session's streams", async () => {
    // No heartbeat within the test: the stream can only end because the sign-out was announced.
    const quiet = await streamApp(tdb.db, { heartbeatMs: 3_600_000 });
    try {
      const qbase = await listen(quiet);
      const signingOut = await token(qbase, 'approver1');
      const other = await token(qbase, 'approver1');
      const a = await openStream(qbase, signingOut);
      const b = await openStream(qbase, other);
      expect([a.status, b.status]).toEqual([200, 200]);
      await logout(qbase, signingOut);
      await a.ended;
      expect(a.endedByServer).toBe(true);
      expect(endReason(a.blocks)).toBe('session_ended');
      expect(a.heartbeatCount()).toBe(0);
      // The same user's other session keeps its stream, and the ended token cannot open a new one.
      expect(b.endedByServer).toBe(false);
      expect((await openStream(qbase, signingOut)).status).toBe(401);
      b.close();
      await b.ended;
    } finally {
      await quiet.close();
    }
  });

  it('ends a stream at the first heartbeat after its session expired', async () => {
    const quick = await streamApp(tdb.db, { heartbeatMs: 100 });
    try {
      const qbase = await listen(quick);
      const tok = await token(qbase, 'approver2');
      const s = await openStream(qbase, tok);
      expect(s.status).toBe(200);
      await s.heartbeats(2); // a live session's stream stays open across heartbeats
      expect(s.endedByServer).toBe(false);
      await tdb.db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [
        sessionTokenHash(tok),
      ]);
      await s.ended;
      expect(s.endedByServer).toBe(true);
      expect(endReason(s.blocks)).toBe('session_ended');
    } finally {
      await quick.close();
    }
  });

  it(`holds at most ${SSE_STREAMS_PER_USER} streams per user, refusing one more with a 429 problem`, async () => {
    const tok = await token(base, 'supervisor1');
    const open = [];
    for (let i = 0; i < SSE_STREAMS_PER_USER; i++) open.push(await openStream(base, tok));
    expect(open.map((s) => s.status)).toEqual(open.map(() => 200));
    const refused = await openStream(base, await token(base, 'supervisor1'));
    expect(refused.status).toBe(429);
    expect(refused.res.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.res.json()).toMatchObject({
      status: 429,
      code: 'too_many_streams',
      limit: SSE_STREAMS_PER_USER,
    });
    // Another user is not affected by this one's streams.
    const someoneElse = await openStream(base, await token(base, 'approver1'));
    expect(someoneElse.status).toBe(200);
    someoneElse.close();
    // Closing one frees its place (once the server has seen the close).
    open.pop()!.close();
    let again = await openStream(base, tok);
    for (let i = 0; again.status === 429 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = await openStream(base, tok);
    }
    expect(again.status).toBe(200);
    for (const s of [...open, again]) s.close();
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

  it('a sign-out on instance A ends the stream it opened on instance B at once', async () => {
    const quietB = await streamApp(second, { heartbeatMs: 3_600_000 });
    try {
      const baseA = await listen(a);
      const baseB = await listen(quietB);
      const tok = await token(baseA, 'approver1');
      const s = await openStream(baseB, tok);
      expect(s.status).toBe(200);
      await logout(baseA, tok);
      await s.ended;
      expect(s.endedByServer).toBe(true);
      expect(endReason(s.blocks)).toBe('session_ended');
    } finally {
      await quietB.close();
    }
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
