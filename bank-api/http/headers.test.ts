import http from 'node:http';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/helpers/api';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import { buildApp } from '../app';

/** One raw HTTP exchange: what the server wrote back before closing, as text. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (c) => {
      answer += c.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(request);
  });
}

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Splits a raw HTTP/1.1 answer into status, lower-cased headers and body. */
function parseRaw(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('HTTP hardening of the bank API', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let port = 0;
  let logs = '';

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    const stream = new PassThrough();
    stream.on('data', (c) => {
      logs += c.toString();
    });
    app = await buildApp({ db: tdb.db, logLevel: 'debug', logStream: stream });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('answers a 100 KB URL with a 431 problem document', async () => {
    const r = await get(port, `/api/v1/applications?q=${'a'.repeat(100 * 1024)}`);
    expect(r.status).toBe(431);
    expect(r.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(r.body)).toEqual({
      type: 'urn:sme-credit:problem:headers_too_large',
      title: 'Request header fields too large',
      status: 431,
      detail: expect.stringContaining('shorten the URL or the headers'),
      code: 'headers_too_large',
    });
  });

  it('answers oversized headers with a 431 problem document', async () => {
    const r = await get(port, '/healthz', { 'x-padding': 'p'.repeat(20 * 1024) });
    expect(r.status).toBe(431);
    expect(JSON.parse(r.body).code).toBe('headers_too_large');
  });

  it('answers a malformed request line with a 400 problem document, and logs none of its bytes', async () => {
    const secret = 'Bearer SecretTokenThatMustNotBeLogged_0123456789abcdef';
    const raw = await rawExchange(port, `HELLO WORLD\r\nAuthorization: ${secret}\r\n\r\n`);
    const r = parseRaw(raw);
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body)));
    expect(JSON.parse(r.body)).toMatchObject({ status: 400, code: 'malformed_request', title: 'Bad request' });
    expect(logs).toContain('malformed_request');
    expect(logs).not.toContain('SecretToken');
    expect(logs).not.toContain('HELLO WORLD');
  });

  it('answers a request with conflicting Content-Length and Transfer-Encoding with a 400 problem document', async () => {
    const raw = await rawExchange(
      port,
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    const r = parseRaw(raw);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).code).toBe('malformed_request');
  });

  it('marks every /api/v1 answer no-store and nosniff, success or refusal', async () => {
    const as = await signIn(app, ['approver1']);
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const seen: string[] = [];
    // Signing out ends the session the rest of the sweep uses: that route goes last.
    const last = (p: string) => (p === '/api/v1/auth/logout' ? 1 : 0);
    const paths = Object.entries(doc.paths).sort(([a], [b]) => last(a) - last(b));
    for (const [path, ops] of paths) {
      // The event stream never ends; its own headers are checked below.
      if (path === '/api/v1/events') continue;
      for (const method of Object.keys(ops)) {
        const url = path.replace(/\{[^}]+\}/g, 'X-1');
        for (const headers of [as('approver1'), {}]) {
          const r = await app.inject({ method: method.toUpperCase() as 'GET', url, headers });
          seen.push(`${method} ${path} ${r.statusCode}`);
          expect(r.headers['cache-control'], `${method} ${url}`).toBe('no-store');
          expect(r.headers['x-content-type-options'], `${method} ${url}`).toBe('nosniff');
        }
      }
    }
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter((s) => s.endsWith(' 200')).length).toBeGreaterThan(5);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'senior1', password: 'demo-pass' },
      remoteAddress: '10.200.0.1',
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const refusals = [
      await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }),
      await app.inject({ method: 'GET', url: '/api/v1/applications/%E0%A4%A' }),
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: '{"username":',
        headers: { 'content-type': 'application/json' },
      }),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([404, 400, 400]);
    for (const r of refusals) {
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('marks /openapi.json and /healthz nosniff, and leaves the OpenAPI document cacheable', async () => {
    const openapi = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(openapi.headers['x-content-type-options']).toBe('nosniff');
    expect(openapi.headers['cache-control']).toBeUndefined();
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['cache-control']).toBe('no-store');
  });

  it('leaves the event stream its own headers', async () => {
    const as = await signIn(app, ['approver2']);
    const ctrl = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
      headers: as('approver2'),
      signal: ctrl.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    ctrl.abort();
  });

  it('still serves the next connection after refusing one', async () => {
    const r = await get(port, '/healthz');
    expect(r.status).toBe(200);
  });
});
