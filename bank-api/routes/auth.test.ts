import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { HASH_CONCURRENCY } from '../auth/hashing-gate';
import { DEFAULT_LOGIN_LIMITS } from '../auth/limits';
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
    expect(loginOp.responses['503'].description).toMatch(/busy/);
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

  const attempt = (remoteAddress: string, username: string, password = 'bad') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });

  it('signs in whatever the spelling of the name: white space, case and full-width forms are one name', async () => {
    for (const [i, variant] of [
      ' supervisor1',
      'SUPERVISOR1 ',
      'ｓｕｐｅｒｖｉｓｏｒ１',
      '\u3000Supervisor1',
    ].entries()) {
      const r = await attempt(`10.20.0.${i + 1}`, variant, 'demo-pass');
      expect(r.statusCode, variant).toBe(200);
      expect(r.json().user.username).toBe('supervisor1');
    }
  });

  it('counts spelling variants of a name against one budget, and refuses the right password through a variant', async () => {
    const variants = ['committee2', ' committee2', 'Committee2', 'COMMITTEE2\t', 'ｃｏｍｍｉｔｔｅｅ２'];
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await attempt('10.21.0.1', variants[i % variants.length]!)).statusCode);
    expect(codes).toEqual(Array(10).fill(401));
    for (const variant of [...variants, ' committee2 ']) {
      const r = await attempt('10.21.0.1', variant, 'demo-pass');
      expect(r.statusCode, variant).toBe(429);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ code: 'rate_limited', limit: 'address_and_name' });
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(r.json().retryAfter).toBe(Number(r.headers['retry-after']));
      expect(r.json().detail).toMatch(/Try again in \d+ s/);
    }
  });

  it('refuses an address that tries many names, after its failures per address (40 names × 5 guesses)', async () => {
    const before = await sessionCount();
    const tally: Record<string, number> = {};
    for (let n = 0; n < 40; n++) {
      for (let g = 0; g < 5; g++) {
        const r = await attempt('10.22.0.1', `guess${n}`);
        const key = r.statusCode === 429 ? `429 ${r.json().limit}` : String(r.statusCode);
        tally[key] = (tally[key] ?? 0) + 1;
      }
    }
    expect(tally).toEqual({
      '401': DEFAULT_LOGIN_LIMITS.failuresPerAddress,
      '429 address': 200 - DEFAULT_LOGIN_LIMITS.failuresPerAddress,
    });
    // The address is refused for every name, the right password too; other addresses are not.
    const blocked = await attempt('10.22.0.1', 'rm1', 'demo-pass');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().detail).toMatch(/failed sign-ins from this network address/);
    expect(await sessionCount()).toBe(before);
    expect((await attempt('10.22.0.2', 'rm1', 'demo-pass')).statusCode).toBe(200);
  });

  it('counts failures per address, not the successful sign-ins of many users from one address', async () => {
    const strict = await buildApp({ db: tdb.db, logLevel: 'silent', loginLimits: { failuresPerAddress: 3 } });
    const at = (username: string, password: string) =>
      strict.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.23.0.1',
        payload: { username, password },
      });
    try {
      const codes: number[] = [];
      for (const u of ['approver1', 'rm1', 'senior1', 'approver1', 'rm1', 'senior1'])
        codes.push((await at(u, 'demo-pass')).statusCode);
      for (const u of ['approver1', 'rm1', 'senior1', 'contract1']) codes.push((await at(u, 'bad')).statusCode);
      expect(codes).toEqual([200, 200, 200, 200, 200, 200, 401, 401, 401, 429]);
    } finally {
      await strict.close();
    }
    expect(() => configFromEnv({ LOGIN_FAILURES_PER_ADDRESS: 'many' })).toThrow(/LOGIN_FAILURES_PER_ADDRESS/);
    expect(configFromEnv({ LOGIN_FAILURES_PER_ADDRESS: '500' }).loginFailuresPerAddress).toBe(500);
  });

  it('backs an account off when it is guessed from many addresses, but lets the real user in at their desk', async () => {
    expect((await attempt('10.24.0.1', 'approver3', 'demo-pass')).statusCode).toBe(200);
    const codes: string[] = [];
    for (let i = 1; i <= 8; i++) {
      const r = await attempt(`10.25.0.${i}`, 'approver3');
      codes.push(r.statusCode === 429 ? `429 ${r.json().limit}` : String(r.statusCode));
    }
    expect(codes).toEqual([...Array(5).fill('401'), ...Array(3).fill('429 account')]);
    // From a new address, the right password waits out the backoff too, through any spelling.
    const stranger = await attempt('10.26.0.1', ' APPROVER3', 'demo-pass');
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json()).toMatchObject({ code: 'rate_limited', limit: 'account' });
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(stranger.json().detail).toMatch(/if it was not you, tell IT security/);
    // The address where approver3 signed in is not slowed.
    expect((await attempt('10.24.0.1', 'approver3', 'demo-pass')).statusCode).toBe(200);
  });

  it('answers a flood of sign-ins with busy at once rather than queueing it without bound', async () => {
    const finished: string[] = [];
    const flood = Array.from({ length: 60 }, (_, i) =>
      attempt(`10.30.${i >> 8}.${i & 255}`, `flood${i}`).then((r) => {
        finished.push(r.statusCode === 503 ? 'busy' : String(r.statusCode));
        return r;
      }),
    );
    const answers = await Promise.all(flood);
    const busy = answers.filter((r) => r.statusCode === 503);
    // At most 2 checks run and 8 wait: most of a simultaneous burst is turned away.
    expect(busy.length).toBeGreaterThanOrEqual(30);
    expect(answers.filter((r) => r.statusCode === 401).length).toBeGreaterThanOrEqual(HASH_CONCURRENCY);
    for (const r of busy) {
      expect(r.json()).toMatchObject({ code: 'busy', status: 503, retryAfter: 1 });
      expect(r.headers['retry-after']).toBe('1');
    }
    // Turned away before the admitted checks finished, not after waiting behind them.
    expect(finished.lastIndexOf('busy')).toBeLessThan(finished.lastIndexOf('401'));
    // A refused attempt counts for nothing: those names and addresses are not used up.
    expect((await attempt('10.30.0.59', 'rm1', 'demo-pass')).statusCode).toBe(200);
  });

  it('never writes passwords or tokens into the logs', async () => {
    const { token } = (await login('supervisor1')).json();
    await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain('demo-pass');
    expect(logs).not.toContain(token);
  });
});
