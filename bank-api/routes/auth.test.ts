import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { configFromEnv } from '../server';

describe.each(testEngines())('bank API auth on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let logs = '';

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    const stream = new PassThrough();
    stream.on('data', (c) => {
      logs += c.toString();
    });
    app = await buildApp({ db: tdb.db, logLevel: 'debug', logStream: stream });
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const login = (username: string, password = 'demo-pass', headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      headers: { 'x-forwarded-for': username, ...headers },
    });
  const sessionCount = async () =>
    (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions')).rows[0]!.n;

  it('answers /healthz with the database engine', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', database: engine });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const loginOp = doc.paths['/api/v1/auth/login'].post;
    const body = loginOp.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['username', 'password']);
    expect(body.additionalProperties).toBe(false);
    expect(loginOp.responses['429']).toBeDefined();
    expect(doc.paths['/api/v1/me'].get.responses['401']).toBeDefined();
  });

  it('signs in a demo user and returns user, branch, roles and authority', async () => {
    const r = await login('approver1');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toMatchObject({
      username: 'approver1',
      roles: ['approver'],
      branch: { id: 'SH', nameZh: '上海分行' },
    });
    expect(body.user.authority.A).toBe('3000000.00');
    expect(body.user).not.toHaveProperty('passwordHash');
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('approver1');
  });

  it('stores only a hash of the session token', async () => {
    const { token } = (await login('senior1')).json();
    const rows = (await tdb.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions')).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
  });

  it('refuses a wrong password and an unknown user alike, creating no session', async () => {
    const before = await sessionCount();
    for (const r of [await login('approver2', 'nope'), await login('nobody')]) {
      expect(r.statusCode).toBe(401);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({
        code: 'invalid_credentials',
        type: 'urn:sme-credit:problem:invalid_credentials',
        status: 401,
      });
    }
    expect(await sessionCount()).toBe(before);
  });

  it('answers bad bodies with specific problem documents and changes nothing', async () => {
    const before = await sessionCount();
    const post = (payload: string, contentType = 'application/json') =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers: { 'content-type': contentType } });
    const malformed = await post('{"username": "approver1",');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('malformed_json');
    const wrongType = await post(JSON.stringify({ username: 42, password: 'demo-pass' }));
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json()).toMatchObject({ code: 'validation_failed' });
    expect(wrongType.json().errors[0].path).toBe('body.username');
    const unknown = await post(JSON.stringify({ username: 'approver1', password: 'demo-pass', admin: true }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toContain('unknown field(s): admin');
    const huge = await post(JSON.stringify({ username: 'approver1', password: 'x'.repeat(1024 * 1024 + 10) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('body_too_large');
    const textPlain = await post('username=approver1', 'text/plain');
    expect(textPlain.statusCode).toBe(415);
    expect(textPlain.json().code).toBe('unsupported_media_type');
    expect(await sessionCount()).toBe(before);
  });

  it('refuses missing, malformed, unknown, expired and revoked tokens with 401', async () => {
    const me = (authorization?: string) =>
      app.inject({ method: 'GET', url: '/api/v1/me', headers: authorization ? { authorization } : {} });
    expect((await me()).json()).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await me('Basic abc')).statusCode).toBe(401);
    expect((await me(`Bearer ${'x'.repeat(43)}`)).statusCode).toBe(401);

    const { token } = (await login('rm1')).json();
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    await tdb.db.query("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = 'u-rm1'");
    const expired = await me(`Bearer ${token}`);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toMatch(/expired/);

    const loginRes = await login('contract1');
    expect(loginRes.statusCode, loginRes.body).toBe(200);
    const second = loginRes.json().token;
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${second}` },
    });
    expect(out.json()).toEqual({ ok: true });
    expect((await me(`Bearer ${second}`)).statusCode).toBe(401);
  });

  it('answers unknown endpoints with a 404 problem', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('not_found');
  });

  it('rate-limits repeated sign-in attempts per address and name', async () => {
    const headers = { 'x-test': 'rl' };
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push(
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            remoteAddress: '10.9.9.9',
            payload: { username: 'committee1', password: 'bad' },
            headers,
          })
        ).statusCode,
      );
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    const limited = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.9.9.9',
      payload: { username: 'committee1', password: 'demo-pass' },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    // Another clerk at another desk is not locked out.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '10.9.9.8',
          payload: { username: 'committee1', password: 'demo-pass' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('takes the attempts per minute a deployment configures', async () => {
    const strict = await buildApp({ db: tdb.db, logLevel: 'silent', loginAttemptsPerMinute: 2 });
    const attempt = () =>
      strict.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.9.9.7',
        payload: { username: 'approver2', password: 'bad' },
      });
    try {
      expect([(await attempt()).statusCode, (await attempt()).statusCode, (await attempt()).statusCode]).toEqual([
        401, 401, 429,
      ]);
    } finally {
      await strict.close();
    }
    expect(() => configFromEnv({ LOGIN_ATTEMPTS_PER_MINUTE: '0' })).toThrow(/LOGIN_ATTEMPTS_PER_MINUTE/);
    expect(configFromEnv({ LOGIN_ATTEMPTS_PER_MINUTE: '60' }).loginAttemptsPerMinute).toBe(60);
  });

  it('never writes passwords or tokens into the logs', async () => {
    const { token } = (await login('supervisor1')).json();
    await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain('demo-pass');
    expect(logs).not.toContain(token);
  });
});
