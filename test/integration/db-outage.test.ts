/**
 * The bank API survives any database outage (issue 13): on a throwaway PostgreSQL cluster of its own,
 * the real `npm run api` program serves traffic while (a) every one of its connections is terminated
 * and (b) the server is stopped with `pg_ctl stop -m immediate` and started again. The process stays
 * up, answers 503 problem documents (never 500) while the database is away, /readyz says so and then
 * recovers by itself, the LISTEN connection is re-established (an event after recovery reaches an SSE
 * subscriber), and every write acknowledged with a 2xx is in the database afterwards.
 *
 * PostgreSQL only: skipped, with the reason printed, when TEST_DATABASE_URL is not set (the machine
 * then may have no PostgreSQL binaries either; .ci/run sets it).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inBackground } from '../../bank-api/db/database';
import { migrate } from '../../bank-api/db/migrate';
import { openPglite, PriorityGate } from '../../bank-api/db/pglite';
import { isConnectionError, openPostgres } from '../../bank-api/db/postgres';
import { EventHub, publishQueueEvent, type QueueEvent } from '../../bank-api/workflow/events';
import { makeUscc } from '../../shared/ids';
import { startApiProcess } from '../helpers/api-process';
import { testEngines } from '../helpers/test-db';

const onPostgres = testEngines().includes('postgres');

const pgBin = () => {
  const dirs = readdirSync('/usr/lib/postgresql')
    .map((v) => join('/usr/lib/postgresql', v, 'bin'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return dirs[dirs.length - 1]!;
};
const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root). */
function pgTool(tool: string, args: string[]) {
  const bin = join(pgBin(), tool);
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A cluster of our own on a free port, trust auth on loopback only. */
class Cluster {
  dir = '';
  port = 0;
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
  async init() {
    this.dir = mkdtempSync(join(tmpdir(), 'ws-outage-pg-'));
    this.port = await freePort();
    if (asRoot) chownSync(this.dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
    pgTool('initdb', ['-D', this.dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    this.start();
  }
  start() {
    pgTool('pg_ctl', [
      '-D',
      this.dir,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-o',
      `-p ${this.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }
  stop(mode: 'immediate' | 'fast') {
    pgTool('pg_ctl', ['-D', this.dir, '-m', mode, '-w', 'stop']);
  }
  async admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: this.url });
    c.on('error', () => {});
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => {});
    }
  }
  /** pg_terminate_backend on every client backend but our own; how many were terminated. */
  terminateAll() {
    return this.admin(async (c) => {
      const r = await c.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
         WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      return r.rows[0]!.n;
    });
  }
  destroy() {
    if (!this.dir) return;
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function startApi(databaseUrl: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  return startApiProcess({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SEED_SIZE: 'none',
    LOG_LEVEL: 'error',
    PG_CONNECT_TIMEOUT_MS: '2000',
    LOGIN_ATTEMPTS_PER_MINUTE: '100',
  });
}

/** An SSE subscription: collects the raw stream text until closed. */
function subscribe(url: string, token: string) {
  const ac = new AbortController();
  let text = '';
  let ended = false;
  const done = (async () => {
    const r = await fetch(`${url}/api/v1/events`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: ac.signal,
    });
    if (r.status !== 200) throw new Error(`events: ${r.status} ${await r.text()}`);
    const decoder = new TextDecoder();
    for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk);
  })()
    .catch(() => {})
    .finally(() => {
      ended = true;
    });
  return {
    get text() {
      return text;
    },
    get ended() {
      return ended;
    },
    async close() {
      ac.abort();
      await done;
    },
  };
}

describe.skipIf(!onPostgres)('database outage on PostgreSQL', () => {
  const cluster = new Cluster();
  let dataDir = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ws-outage-data-'));
    await cluster.init();
  }, 60_000);
  afterAll(() => {
    cluster.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the adapter and event hub: LISTEN comes back by itself after its backend is terminated, and says so', async () => {
    const db = await openPostgres(cluster.url);
    const hub = new EventHub();
    try {
      // publishQueueEvent reads the case's enterprise from `applications` in its NOTIFY statement.
      await migrate(db);
      await hub.start(db);
      const got: QueueEvent[] = [];
      let resyncs = 0;
      hub.subscribe((e) => got.push(e));
      hub.onResync(() => resyncs++);
      const event = (id: string): QueueEvent => ({
        type: 'application.updated',
        id,
        status: 'in_review',
        tier: 'standard',
        branchId: 'SH',
        version: 1,
      });
      await publishQueueEvent(db, event('before'));
      await until('the first event', async () => got.some((e) => e.id === 'before'));

      expect(await cluster.terminateAll()).toBeGreaterThanOrEqual(2); // the pool's connection and LISTEN's
      await until('LISTEN to be re-established', async () => resyncs === 1);
      expect(hub.listening).toBe(true);
      expect(await db.readiness!()).toMatchObject({ database: 'up', listen: 'up' });
      // A query on the pool works again (its terminated idle connection was dropped, not reused).
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await publishQueueEvent(db, event('after'));
      await until('an event after recovery', async () => got.some((e) => e.id === 'after'));

      // A transaction whose connection is lost mid-way rolls back: nothing of it is written.
      await db.exec('CREATE TABLE outage_probe (v int)');
      const err = await db
        .tx(async (q) => {
          await q.query('INSERT INTO outage_probe VALUES (1)');
          await cluster.terminateAll();
          await q.query('INSERT INTO outage_probe VALUES (2)');
        })
        .catch((e) => e);
      expect(err).toMatchObject({ name: 'DatabaseUnavailable', code: 'database_unavailable' });
      expect(
        (
          await until('the pool to answer', () =>
            db.query<{ n: number }>('SELECT count(*)::int AS n FROM outage_probe'),
          )
        ).rows[0]!.n,
      ).toBe(0);
    } finally {
      await hub.stop();
      await db.close();
    }
  }, 30_000);

  it('dropping a database under an open adapter (as test teardown does) raises no unhandled error', async () => {
    await cluster.admin((c) => c.query('CREATE DATABASE outage_drop'));
    const db = await openPostgres(cluster.url.replace(/\/postgres$/, '/outage_drop'));
    const hub = new EventHub();
    await hub.start(db);
    await db.query('SELECT 1'); // an idle pooled connection, and the LISTEN one
    await cluster.admin((c) => c.query('DROP DATABASE outage_drop WITH (FORCE)'));
    // Both connections were terminated: an unheard 'error' event would fail this test as unhandled.
    await until('the LISTEN loss to be noticed', async () => !hub.listening);
    await expect(db.query('SELECT 1')).rejects.toBeDefined();
    await hub.stop();
    await db.close();
    await db.close(); // twice is harmless
  }, 30_000);

  it('the API: 503 not 500 while away, /readyz 503 then 200, recovery without restart, no acknowledged write lost', async () => {
    const api = await startApi(cluster.url, dataDir);
    const { url, child } = api;
    let exited: number | null | string = null;
    child.once('exit', (code, signal) => {
      exited = code ?? signal;
    });
    try {
      const login = async (u: string) => {
        const r = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: u, password: 'demo-pass' }),
        });
        expect(r.status).toBe(200);
        return ((await r.json()) as { token: string }).token;
      };
      const rm = await login('rm1');
      const sup = await login('supervisor1');

      // Traffic: two writers (submissions with idempotency keys) and a queue reader, all the time.
      const acknowledged = new Map<string, string>(); // idempotency key → application id
      const unanswered: { key: string; body: string }[] = [];
      const statuses: { status: number; type: string | null; code?: string }[] = [];
      let stop = false;
      let n = 0;
      const record = async (r: Response) => {
        const type = r.headers.get('content-type');
        const body = r.status >= 400 ? ((await r.json().catch(() => ({}))) as { code?: string }) : null;
        statuses.push({ status: r.status, type, ...(body?.code ? { code: body.code } : {}) });
        return body;
      };
      const submit = async (key: string, body: string) => {
        const r = await fetch(`${url}/api/v1/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${rm}`, 'idempotency-key': key },
          body,
        });
        if (r.status === 201) {
          acknowledged.set(key, ((await r.json()) as { application: { id: string } }).application.id);
          statuses.push({ status: 201, type: r.headers.get('content-type') });
        } else {
          await record(r);
          unanswered.push({ key, body });
        }
      };
      const writer = async (w: number) => {
        while (!stop) {
          const i = n++;
          const body = JSON.stringify({
            uscc: makeUscc(`outage-${w}-${i}`),
            productCode: 'XMD',
            amount: '100000.00',
            termMonths: 12,
            repaymentMethod: 'equal_installment',
            purpose: '周转',
            channel: 'mobile',
          });
          await submit(`outage-${w}-${i}-key`, body).catch(() => {});
          await sleep(20);
        }
      };
      const reader = async () => {
        while (!stop) {
          const r = await fetch(`${url}/api/v1/applications?limit=20`, {
            headers: { authorization: `Bearer ${sup}` },
          }).catch(() => null);
          if (r) await record(r);
          await sleep(20);
        }
      };
      const traffic = [writer(0), writer(1), reader()];
      const ready = () => fetch(`${url}/readyz`);

      await sleep(800);
      const beforeOutage = acknowledged.size;
      expect(beforeOutage).toBeGreaterThan(0);

      // (a) Every connection of the API terminated: it reconnects by itself.
      expect(await cluster.terminateAll()).toBeGreaterThanOrEqual(2);
      await until('/readyz 200 after terminated connections', async () => (await ready()).status === 200);
      const afterTerminate = acknowledged.size;
      await until('writes to go through again', async () => acknowledged.size > afterTerminate);

      // An SSE subscriber from before the stop.
      const early = subscribe(url, sup);
      await until('the early stream to open', async () => early.text.includes('connected'));

      // (b) The server stopped hard, then started again.
      cluster.stop('immediate');
      const health = await until('/healthz to say the database is unavailable', async () => {
        const r = await fetch(`${url}/healthz`);
        const b = (await r.json()) as { database: string };
        return r.status === 200 && b.database === 'unavailable' ? b : null;
      });
      expect(health).toMatchObject({ status: 'ok', engine: 'postgres' });
      const notReady = await ready();
      expect(notReady.status).toBe(503);
      expect(notReady.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(notReady.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await notReady.json()).toMatchObject({ status: 503, code: 'not_ready', database: 'unavailable' });
      const away = await fetch(`${url}/api/v1/applications?limit=5`, { headers: { authorization: `Bearer ${sup}` } });
      expect(away.status).toBe(503);
      expect(away.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(away.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await away.json()).toMatchObject({ status: 503, code: 'database_unavailable' });
      await sleep(1500); // traffic keeps meeting the outage
      expect(exited).toBeNull();

      cluster.start();
      await until('/readyz 200 after the restart', async () => (await ready()).status === 200, 30_000);
      expect(((await (await fetch(`${url}/healthz`)).json()) as { database: string }).database).toBe('postgres');
      // A stream open through the outage is told to resynchronise (events meanwhile were missed) and ends.
      await until('the early stream to end with resync', async () => early.ended, 10_000);
      expect(early.text).toContain('event: stream.end\ndata: {"reason":"resync"}');
      const afterRestart = acknowledged.size;
      await until('writes to go through after the restart', async () => acknowledged.size > afterRestart);

      // LISTEN re-established: an application submitted now reaches a new SSE subscriber.
      const late = subscribe(url, sup);
      await until('the late stream to open', async () => late.text.includes('connected'));
      const probeKey = 'outage-probe-key';
      await submit(
        probeKey,
        JSON.stringify({
          uscc: makeUscc('outage-probe'),
          productCode: 'XMD',
          amount: '100000.00',
          termMonths: 12,
          repaymentMethod: 'equal_installment',
          purpose: '周转',
          channel: 'mobile',
        }),
      );
      const probeId = acknowledged.get(probeKey)!;
      expect(probeId).toBeDefined();
      await until('the event after recovery on the SSE stream', async () => late.text.includes(probeId), 10_000);
      await late.close();
      await early.close();

      stop = true;
      await Promise.all(traffic);
      expect(exited).toBeNull();

      // Never a 500; every failure while away is a 503 problem document.
      const failures = statuses.filter((s) => s.status >= 400);
      expect(statuses.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
      expect(failures.length).toBeGreaterThan(0);
      for (const f of failures) {
        expect(f.status).toBe(503);
        expect(f.type).toMatch(/application\/problem\+json/);
        expect(f.code).toBe('database_unavailable');
      }

      // Every acknowledged write is in the database; a refused one retried with its key is written once.
      for (const u of unanswered.slice(0, 5)) await submit(u.key, u.body);
      const ids = [...acknowledged.values()];
      const present = await cluster.admin(async (c) => {
        const r = await c.query<{ id: string }>('SELECT id FROM applications WHERE id = ANY($1)', [ids]);
        return new Set(r.rows.map((x) => x.id));
      });
      expect(ids.filter((id) => !present.has(id))).toEqual([]);
      const dupes = await cluster.admin(async (c) => {
        const r = await c.query<{ uscc: string; n: number }>(
          'SELECT uscc, count(*)::int AS n FROM applications GROUP BY uscc HAVING count(*) > 1',
        );
        return r.rows;
      });
      expect(dupes).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    }
  }, 90_000);
});

describe('what counts as the database being away', () => {
  it('connection-level failures, not statement errors', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08001'])
      expect(isConnectionError(Object.assign(new Error('x'), { code })), code).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    const refusedBoth = Object.assign(
      new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]),
      {},
    );
    expect(isConnectionError(refusedBoth)).toBe(true);
    for (const code of ['23505', '40001', '42P01', '22P02', '57014'])
      expect(isConnectionError(Object.assign(new Error('x'), { code })), code).toBe(false);
    expect(isConnectionError(new Error('syntax error at or near "SELEC"'))).toBe(false);
  });
});

describe('embedded database: desk work goes ahead of background work', () => {
  it('a desk unit queued behind background units runs before them, right after the one running', async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    let release!: () => void;
    let started!: () => void;
    const isRunning = new Promise<void>((r) => (started = r));
    const running = gate.run('background', () => {
      started();
      return new Promise<void>((r) => (release = r)).then(() => void order.push('bg0'));
    });
    await isRunning;
    const queued = [1, 2, 3].map((i) => gate.run('background', async () => void order.push(`bg${i}`)));
    const desk = gate.run('desk', async () => void order.push('desk'));
    expect(gate.waiting).toEqual({ desk: 1, background: 3 });
    release();
    await Promise.all([running, desk, ...queued]);
    expect(order).toEqual(['bg0', 'desk', 'bg1', 'bg2', 'bg3']);
  });

  it('background work yields one event-loop turn first: a request read meanwhile goes ahead of it', async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    const bg = gate.run('background', async () => void order.push('bg'));
    // Arrives in a later turn of the event loop (as an HTTP request read by the next I/O poll would).
    const desk = new Promise<void>((resolve) =>
      setImmediate(() => resolve(gate.run('desk', async () => void order.push('desk')))),
    );
    await Promise.all([bg, desk]);
    expect(order).toEqual(['desk', 'bg']);
  });

  it('background work is not starved: one goes ahead after every BACKGROUND_EVERY desk units', async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    let release!: () => void;
    const running = gate.run('desk', () => new Promise<void>((r) => (release = r)));
    const bg = gate.run('background', async () => void order.push('bg'));
    const desks = Array.from({ length: PriorityGate.BACKGROUND_EVERY + 4 }, (_, i) =>
      gate.run('desk', async () => void order.push(`d${i}`)),
    );
    await new Promise((r) => setImmediate(r)); // the running unit has started
    release();
    await Promise.all([running, bg, ...desks]);
    expect(order.indexOf('bg')).toBe(PriorityGate.BACKGROUND_EVERY);
  });

  it("the dashboards' background view runs on the same PGlite database, and a transaction is one unit", async () => {
    const db = await openPglite();
    try {
      await db.exec('CREATE TABLE t (v int)');
      const bg = inBackground(db);
      expect(bg).not.toBe(db);
      const order: string[] = [];
      const tx = db.tx(async (q) => {
        await q.query('INSERT INTO t VALUES (1)');
        await new Promise((r) => setTimeout(r, 10));
        await q.query('INSERT INTO t VALUES (2)');
        order.push('tx');
      });
      const read = bg.query<{ n: number }>('SELECT count(*)::int AS n FROM t').then((r) => {
        order.push('bg');
        return r.rows[0]!.n;
      });
      expect(await read).toBe(2); // it waited for the whole transaction, not between its statements
      await tx;
      expect(order).toEqual(['tx', 'bg']);
      await db.close();
      await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'database_unavailable' });
    } finally {
      await db.close().catch(() => {});
    }
  });
});
