/**
 * What the bank API logs (issue 13): every path that still ends in a 500 or 503 — a real driver error
 * whose bind values hold a profile snapshot with a legal representative's full ID, a unique violation
 * whose `detail` repeats the key, a DatabaseUnavailable whose cause carries bind values, a response
 * that breaks its own schema (the internal contract mismatch) — plus sign-in, a token in use, query
 * strings and bodies carrying identifiers, and a raw request Node's parser refuses. The log, read
 * through buildApp's `logStream` at debug level, must hold no full resident ID, USCC or mobile number,
 * no password, no token and no body — while still saying what failed.
 */
import net from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../bank-api/app';
import { DatabaseUnavailable } from '../../bank-api/db/errors';
import { defineRoute, registerRoutes } from '../../bank-api/http/routes';
import { signIn } from '../helpers/api';
import { createTestDatabase, type TestDatabase, testEngines } from '../helpers/test-db';

const ID = '11010519491231002X';
const OTHER_ID = '310104198807150011';
const USCC = '91350100M000100Y43';
const MOBILE = '13812345678';
const BODY_MARKER = 'body-marker-7f3a9c';
/** Any full 18-character resident ID. */
const FULL_ID = /(?<!\d)\d{17}[\dXx](?!\d)/;

interface LogLine {
  level: number;
  msg: string;
  err?: { type: string; message: string; sqlState?: string; code?: string; issues?: unknown; cause?: unknown };
  [k: string]: unknown;
}

describe.each(testEngines())('the bank API log on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let raw = '';
  const lines = () =>
    raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    await tdb.db.exec('CREATE TABLE log_probe (legal_rep_id text PRIMARY KEY)');
    const stream = new PassThrough();
    stream.on('data', (c) => {
      raw += c.toString();
    });
    app = await buildApp({ db: tdb.db, logLevel: 'debug', logStream: stream });
    const db = tdb.db;
    // Routes that fail the ways a real route can, registered like the real ones.
    registerRoutes(
      app,
      [
        defineRoute({
          method: 'POST',
          url: '/api/v1/probe/driver-error',
          summary: 'probe',
          tags: ['probe'],
          access: 'authenticated',
          body: z.object({ legalRepId: z.string(), note: z.string() }),
          response: z.object({}),
          async handler({ body }) {
            const snapshot = JSON.stringify({ legalRepId: body.legalRepId, uscc: USCC, mobile: MOBILE });
            // A bigint column given the ID: the driver's message quotes it, its bind values hold the snapshot.
            await db.query('SELECT $1::jsonb AS snapshot, $2::bigint AS n', [snapshot, body.legalRepId]);
            return {};
          },
        }),
        defineRoute({
          method: 'POST',
          url: '/api/v1/probe/unique-violation',
          summary: 'probe',
          tags: ['probe'],
          access: 'authenticated',
          response: z.object({}),
          async handler() {
            await db.query('INSERT INTO log_probe (legal_rep_id) VALUES ($1)', [OTHER_ID]);
            await db.query('INSERT INTO log_probe (legal_rep_id) VALUES ($1)', [OTHER_ID]);
            return {};
          },
        }),
        defineRoute({
          method: 'GET',
          url: '/api/v1/probe/database-away',
          summary: 'probe',
          tags: ['probe'],
          access: 'authenticated',
          response: z.object({}),
          async handler() {
            const cause = Object.assign(new Error(`Connection terminated while running query for ${ID}`), {
              code: 'ECONNRESET',
              params: [ID, USCC],
              query: 'UPDATE enterprises SET legal_rep_id = $1 WHERE uscc = $2',
            });
            throw new DatabaseUnavailable('The database is unavailable (connection terminated).', cause);
          },
        }),
        defineRoute({
          method: 'GET',
          url: '/api/v1/probe/contract-mismatch',
          summary: 'probe',
          tags: ['probe'],
          access: 'authenticated',
          response: z.object({ legalRepId: z.string().regex(/\*/, 'must be masked') }),
          async handler() {
            return { legalRepId: ID };
          },
        }),
      ],
      async () => ({
        id: 'u-probe',
        username: 'probe',
        displayName: 'probe',
        roles: ['approver'],
        branch: { id: 'SH', parentId: 'HO', nameZh: '上海分行', nameEn: 'Shanghai Branch', level: 'branch' },
        authority: null,
      }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('answers every remaining 500 and 503 path with a problem document and logs it without identifiers', async () => {
    const as = await signIn(app, ['approver1']);
    const token = as('approver1').authorization.slice('Bearer '.length);
    const probe = { authorization: `Bearer ${'p'.repeat(43)}` };

    const driver = await app.inject({
      method: 'POST',
      url: '/api/v1/probe/driver-error',
      headers: probe,
      payload: { legalRepId: ID, note: BODY_MARKER },
    });
    expect(driver.statusCode).toBe(500);
    expect(driver.json()).toMatchObject({ code: 'internal', status: 500 });
    expect(driver.body).not.toContain(ID);

    const unique = await app.inject({ method: 'POST', url: '/api/v1/probe/unique-violation', headers: probe });
    expect(unique.statusCode).toBe(500);

    const away = await app.inject({ method: 'GET', url: '/api/v1/probe/database-away', headers: probe });
    expect(away.statusCode).toBe(503);
    expect(away.headers['retry-after']).toMatch(/^\d+$/);
    expect(away.headers['content-type']).toContain('application/problem+json');
    expect(away.json()).toMatchObject({ status: 503, code: 'database_unavailable', title: 'Database unavailable' });

    const mismatch = await app.inject({ method: 'GET', url: '/api/v1/probe/contract-mismatch', headers: probe });
    expect(mismatch.statusCode).toBe(500);
    expect(mismatch.body).not.toContain(ID);

    // Identifiers in query strings, in bodies refused before and after parsing, a token in use.
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/applications?uscc=${USCC}&legalRepId=${ID}&mobile=${MOBILE}`,
      headers: as('approver1'),
    });
    expect(list.statusCode).toBeLessThan(500);
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: `{"username":"approver1","password":"demo-pass","legalRepId":"${ID}","note":"${BODY_MARKER}",`,
      headers: { 'content-type': 'application/json' },
      remoteAddress: '10.99.0.1',
    });
    expect(malformed.json().code).toBe('malformed_json');
    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: `{"username":"approver1","password":"demo-pass","password":"${ID}"}`,
      headers: { 'content-type': 'application/json' },
      remoteAddress: '10.99.0.2',
    });
    expect(duplicate.json().code).toBe('duplicate_key');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'approver1', password: `not-${BODY_MARKER}` },
      remoteAddress: '10.99.0.3',
    });
    expect(wrong.statusCode).toBe(401);

    // A request Node's parser refuses, its raw bytes holding a token and an ID.
    const port = (app.server.address() as { port: number }).port;
    const refused = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (c) => {
        answer += c.toString();
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(answer));
      socket.write(`GET /x HTTP/1.1\r\nAuthorization: Bearer ${token}\r\nX-Id: ${ID}\r\nBad Header\r\n\r\n`);
    });
    expect(refused).toMatch(/^HTTP\/1\.1 400 /);

    const log = lines();
    // The failures were logged, and say what failed.
    const errors = log.filter((l) => l.msg === 'unhandled error');
    expect(errors.map((l) => l.level)).toEqual([50, 50, 50]);
    expect(errors.map((l) => l.err?.sqlState ?? l.err?.type)).toEqual(['22P02', '23505', 'ZodError']);
    expect(errors[0]?.err?.message).toContain('110105********002X');
    expect(errors[2]?.err?.issues).toEqual([{ path: 'legalRepId', code: 'invalid_format' }]);
    const warned = log.filter((l) => l.msg === 'database unavailable');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 40, err: { type: 'DatabaseUnavailable', cause: { code: 'ECONNRESET' } } });
    expect(log.some((l) => l.msg === 'client error answered with malformed_request')).toBe(true);
    expect(
      log.some((l) => (l.req as { url?: string } | undefined)?.url === '/api/v1/applications?uscc&legalRepId&mobile'),
    ).toBe(true);

    // …and hold nothing they must not.
    expect(raw).not.toMatch(FULL_ID);
    for (const secret of [
      ID,
      OTHER_ID,
      USCC,
      MOBILE,
      'demo-pass',
      token,
      BODY_MARKER,
      'legal_rep_id',
      'SELECT',
      'Key (',
    ]) {
      expect(raw, secret).not.toContain(secret);
    }
    for (const field of [
      '"params"',
      '"parameters"',
      '"query"',
      '"detail"',
      '"where"',
      '"internalQuery"',
      '"rawPacket"',
      '"body"',
      '"payload"',
      '"headers"',
    ]) {
      expect(raw, field).not.toContain(field);
    }
  });
});
