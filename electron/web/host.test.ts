import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../bank-api/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import { BankClient } from '../services/bank-client';
import { JsonFilePrefsStore } from '../services/stores';
import {
  BROWSER_COOKIE,
  cookieValue,
  isOwnOrigin,
  MAX_CLIENTS,
  resolveStatic,
  startWebHost,
  type WebHost,
} from './host';

/** A browser's key cookie, as the host sets it on the page. */
const browserKey = () => `${BROWSER_COOKIE}=${randomBytes(32).toString('base64url')}`;

/** Raw HTTP so the Host header can be set (fetch forbids it). */
function call(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('browser-mode web host', () => {
  let host: WebHost;
  let dir: string;
  const secret = 'test-secret-0123456789';
  const client = 'c'.repeat(32);
  const cookie = browserKey();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ws-host-'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    // A sibling whose name starts like the renderer folder's, a folder without and one with an index.
    mkdirSync(join(dir, 'renderer-x'));
    writeFileSync(join(dir, 'renderer-x', 'secret.txt'), 'sibling');
    mkdirSync(join(dir, 'renderer', 'assets'));
    writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'export {};');
    mkdirSync(join(dir, 'renderer', 'docs'));
    writeFileSync(join(dir, 'renderer', 'docs', 'index.html'), '<!doctype html><title>docs</title>');
    writeFileSync(join(dir, 'renderer', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    host = await startWebHost({
      bank: new BankClient('http://127.0.0.1:9'),
      prefs: new JsonFilePrefsStore(join(dir, 'prefs.json')),
      rendererDir: join(dir, 'renderer'),
      version: 'test',
      port: 0,
      secret,
    });
  });
  afterAll(() => host.close());

  const ipc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    call(`${host.url}/ipc/${channel}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-workstation-secret': secret,
        'x-workstation-client': client,
        cookie,
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('listens on loopback only and puts the secret in the URL fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.openUrl).toBe(`${host.url}/#k=${secret}`);
  });

  it('serves the renderer with a strict CSP', async () => {
    const r = await call(`${host.url}/`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('does not serve files outside the renderer folder', async () => {
    expect((await call(`${host.url}/../secret.txt`)).status).toBe(404);
    expect((await call(`${host.url}/%2e%2e/secret.txt`)).status).toBe(404);
  });

  it('refuses another Host header (DNS rebinding)', async () => {
    const r = await call(`${host.url}/`, { headers: { host: 'evil.example' } });
    expect(r.status).toBe(421);
  });

  it('refuses IPC without the secret, and with a wrong one', async () => {
    expect((await ipc('prefs.get', {}, { 'x-workstation-secret': '' })).status).toBe(403);
    expect((await ipc('prefs.get', {}, { 'x-workstation-secret': 'wrong' })).status).toBe(403);
  });

  it('serves the contract through the same dispatch, with typed errors', async () => {
    const ok = JSON.parse((await ipc('prefs.set', { locale: 'en' })).body);
    expect(ok).toEqual({ ok: true, value: { locale: 'en' } });
    const unknown = JSON.parse((await ipc('shell.exec', {})).body);
    expect(unknown.error.code).toBe('ipc.unknown_channel');
    const bad = JSON.parse((await ipc('prefs.set', '{not json')).body);
    expect(bad.error.code).toBe('ipc.invalid_request');
    const offline = JSON.parse((await ipc('session.login', { username: 'a', password: 'b' })).body);
    expect(offline.error.code).toBe('bank.unreachable');
  });

  it('guards the event stream exactly as IPC: the secret, then the client id', async () => {
    const events = (headers: Record<string, string>) => call(`${host.url}/events`, { headers: { cookie, ...headers } });
    for (const r of [
      await events({ 'x-workstation-client': client }),
      await events({ 'x-workstation-secret': 'wrong', 'x-workstation-client': client }),
      await ipc('prefs.get', {}, { 'x-workstation-secret': 'wrong' }),
    ]) {
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body).error).toEqual({
        code: 'ipc.forbidden_sender',
        message: 'Missing or wrong workstation secret: open the URL that `npm run web` printed.',
        status: 403,
      });
    }
    for (const r of [
      await events({ 'x-workstation-secret': secret }),
      await events({ 'x-workstation-secret': secret, 'x-workstation-client': 'short' }),
      await ipc('prefs.get', {}, { 'x-workstation-client': 'not/a/client/id/at/all' }),
    ]) {
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).error.code).toBe('ipc.invalid_request');
    }
    // Past the guard: a client that has not signed in gets no stream.
    const anon = await events({ 'x-workstation-secret': secret, 'x-workstation-client': client });
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body).error.code).toBe('auth.not_signed_in');
  });

  it('takes IPC calls as POST only, before looking at the secret', async () => {
    const r = await call(`${host.url}/ipc/prefs.get`);
    expect(r.status).toBe(405);
    expect(JSON.parse(r.body).error.code).toBe('ipc.method');
  });

  it('refuses bodies over 1 MiB, except a file-carrying channel, which has its own cap', async () => {
    const r = await ipc('prefs.set', JSON.stringify({ locale: 'x'.repeat(1024 * 1024 + 1) }));
    expect(r.status).toBe(413);
    // A 2 MiB upload passes the host (the bank decides; here: not signed in) — it is not cut at 1 MiB.
    const file = { name: 'scan.pdf', base64: 'A'.repeat(2 * 1024 * 1024) };
    const up = await ipc('case.materials.upload', JSON.stringify({ id: 'APP202611300000001', code: 'MAT_X', file }));
    expect(up.status).toBe(200);
    expect(JSON.parse(up.body).error.code).not.toBe('ipc.invalid_request');
    const huge = await ipc(
      'case.materials.upload',
      JSON.stringify({
        id: 'APP202611300000001',
        code: 'MAT_X',
        file: { name: 'x.pdf', base64: 'A'.repeat(16 * 1024 * 1024) },
      }),
    );
    expect(huge.status).toBe(413);
  });

  it('does not serve a sibling folder whose name starts like the renderer folder’s', async () => {
    for (const path of [
      '/..%2frenderer-x/secret.txt',
      '/%2e%2e%2frenderer-x/secret.txt',
      '/..%2Frenderer-x%2Fsecret.txt',
    ]) {
      const r = await call(`${host.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('sibling');
    }
    expect(resolveStatic(join(dir, 'renderer'), '/../renderer-x/secret.txt')).toBeNull();
    expect(resolveStatic(join(dir, 'renderer'), '/assets/app.js')).toBe(join(dir, 'renderer', 'assets', 'app.js'));
  });

  it('answers a request for a folder: its index.html, or 404', async () => {
    const docs = await call(`${host.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('<title>docs</title>');
    expect((await call(`${host.url}/docs`)).status).toBe(200);
    const assets = await call(`${host.url}/assets/`);
    expect(assets.status).toBe(404);
    expect((await call(`${host.url}/assets`, { method: 'HEAD' })).status).toBe(404);
  });

  it('answers malformed percent-encoding with 400, in a file path and in a channel name', async () => {
    const page = await call(`${host.url}/%E0%A4%A`);
    expect(page.status).toBe(400);
    const channel = await ipc('%E0%A4%A', {});
    expect(channel.status).toBe(400);
    expect(JSON.parse(channel.body).error.code).toBe('ipc.invalid_request');
  });

  it('serves the renderer’s favicon as /favicon.ico', async () => {
    const r = await call(`${host.url}/favicon.ico`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/svg+xml');
  });

  it('takes IPC and events only from its own origin', async () => {
    const own = new URL(host.url).origin;
    expect(JSON.parse((await ipc('prefs.get', {}, { origin: own, 'sec-fetch-site': 'same-origin' })).body).ok).toBe(
      true,
    );
    const local = `http://localhost:${new URL(host.url).port}`;
    expect((await ipc('prefs.get', {}, { origin: local })).status).toBe(200);
    const foreign: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${Number(new URL(host.url).port) + 1}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of foreign) {
      const r = await ipc('prefs.get', {}, headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(r.body).error.code).toBe('ipc.forbidden_sender');
      const e = await call(`${host.url}/events`, {
        headers: { 'x-workstation-secret': secret, 'x-workstation-client': client, cookie, ...headers },
      });
      expect(e.status).toBe(403);
    }
    expect(isOwnOrigin({}, new Set([own]))).toBe(true);
    expect(isOwnOrigin({ origin: own }, new Set([own]))).toBe(true);
    expect(isOwnOrigin({ origin: `${own}.evil.example` }, new Set([own]))).toBe(false);
  });

  it('gives the browser an HttpOnly, SameSite=Strict key with the page, and keeps one it has', async () => {
    const first = await call(`${host.url}/`);
    const set = String(first.headers['set-cookie']);
    expect(set).toMatch(new RegExp(`^${BROWSER_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    const again = await call(`${host.url}/`, { headers: { cookie } });
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(cookieValue(`a=1; ${cookie}; b=2`, BROWSER_COOKIE)).toBe(cookie.split('=')[1]);
    expect(cookieValue('a=1', BROWSER_COOKIE)).toBeNull();
  });

  it('does not take a client id alone as a credential: it is bound to the browser that made it', async () => {
    const mine = 'd'.repeat(32);
    expect((await ipc('prefs.get', {}, { 'x-workstation-client': mine })).status).toBe(200);
    const noKey = await ipc('prefs.get', {}, { 'x-workstation-client': mine, cookie: '' });
    expect(noKey.status).toBe(403);
    expect(JSON.parse(noKey.body).error.message).toContain('reload the page');
    const otherBrowser = await ipc('prefs.get', {}, { 'x-workstation-client': mine, cookie: browserKey() });
    expect(otherBrowser.status).toBe(403);
    expect(JSON.parse(otherBrowser.body).error.message).toContain('another browser');
    const forged = await ipc('prefs.get', {}, { 'x-workstation-client': mine, cookie: `${BROWSER_COOKIE}=short` });
    expect(forged.status).toBe(403);
  });
});

describe('browser-mode sessions against a real bank API: bounded, and signed out when pushed out', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let bank: BankClient;
  let dir: string;
  const secret = 'test-secret-abcdefghij';
  const hosts: WebHost[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    bank = new BankClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    dir = mkdtempSync(join(tmpdir(), 'ws-host-bank-'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  }, 60_000);
  afterAll(async () => {
    for (const h of hosts) await h.close();
    await app.close();
    await tdb.drop();
  });

  const start = async (maxClients?: number) => {
    const h = await startWebHost({
      bank,
      prefs: new JsonFilePrefsStore(join(dir, `prefs-${hosts.length}.json`)),
      rendererDir: join(dir, 'renderer'),
      version: 'test',
      port: 0,
      secret,
      ...(maxClients ? { maxClients } : {}),
    });
    hosts.push(h);
    return h;
  };
  const tab = (h: WebHost, clientId: string, cookie = browserKey()) => ({
    async ipc(channel: string, body: unknown = {}) {
      const r = await call(`${h.url}/ipc/${channel}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-workstation-secret': secret,
          'x-workstation-client': clientId,
          cookie,
        },
        body: JSON.stringify(body),
      });
      return JSON.parse(r.body) as { ok: boolean; value?: { user: { username: string } | null } };
    },
  });
  const revoked = async (userId: string) =>
    (
      await tdb.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NOT NULL',
        [userId],
      )
    ).rows[0]!.n;

  it(`keeps a signed-in tab through ${MAX_CLIENTS} new client ids, holding at most ${MAX_CLIENTS} sessions`, async () => {
    const h = await start();
    const signedIn = tab(h, 'signed-in-tab-000001');
    expect((await signedIn.ipc('session.login', { username: 'approver1', password: 'demo-pass' })).ok).toBe(true);
    const flood = browserKey();
    for (let i = 0; i < MAX_CLIENTS; i++) {
      const r = await tab(h, `flood-${String(i).padStart(12, '0')}`, flood).ipc('prefs.get');
      expect(r.ok).toBe(true);
    }
    expect(h.sessionCount()).toBe(MAX_CLIENTS);
    const still = await signedIn.ipc('session.current');
    expect(still.value?.user?.username).toBe('approver1');
    expect(await revoked('u-approver1')).toBe(0);
  }, 120_000);

  it('pushes out the least recently used signed-in tab only when all are signed in, signing it out at the bank', async () => {
    const h = await start(2);
    const a = tab(h, 'tab-a-0000000000001');
    const b = tab(h, 'tab-b-0000000000001');
    expect((await a.ipc('session.login', { username: 'approver2', password: 'demo-pass' })).ok).toBe(true);
    expect((await b.ipc('session.login', { username: 'senior1', password: 'demo-pass' })).ok).toBe(true);
    await a.ipc('prefs.get'); // a is now the more recently used
    expect(await revoked('u-senior1')).toBe(0);
    await tab(h, 'tab-c-0000000000001').ipc('prefs.get');
    expect(h.sessionCount()).toBe(2);
    // b's bank session is revoked (the sign-out is sent without holding up the new tab).
    await vi.waitFor(async () => expect(await revoked('u-senior1')).toBe(1), { timeout: 10_000 });
    expect(await revoked('u-approver2')).toBe(0);
    expect((await a.ipc('session.current')).value?.user?.username).toBe('approver2');
    expect((await b.ipc('session.current')).value?.user).toBeNull();
  }, 60_000);
});
