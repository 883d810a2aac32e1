import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankClient } from '../services/bank-client';
import { JsonFilePrefsStore } from '../services/stores';
import { startWebHost, type WebHost } from './host';

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

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ws-host-'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
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
    const events = (headers: Record<string, string>) => call(`${host.url}/events`, { headers });
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

  it('refuses bodies over 1 MiB', async () => {
    const r = await ipc('prefs.set', JSON.stringify({ locale: 'x'.repeat(1024 * 1024 + 1) }));
    expect(r.status).toBe(413);
  });
});
