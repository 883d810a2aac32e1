import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { parseJsonBody, scanKeys } from './json-body';
import { ApiProblem } from './problems';

describe('scanKeys', () => {
  it('finds nothing in JSON without repeated or reserved keys', () => {
    expect(scanKeys('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}],"d":"a\\"a","e":"{\\"a\\":1,\\"a\\":2}"}')).toBeNull();
    expect(scanKeys('[1, "two", {"x": [], "y": {}}]')).toBeNull();
    expect(scanKeys('{"constructor": {"name": 1}, "prototype": 2}')).toBeNull();
  });

  it('finds a duplicate at the top level and names it', () => {
    expect(scanKeys('{"amount":"1","amount":"9000000"}')).toEqual({ kind: 'duplicate', path: ['amount'] });
  });

  it('finds a duplicate at any depth, with array indexes in its path', () => {
    const text = '{"items":[{"code":"a"},{"code":"b","reason":{"x":1 , "x" : 2}}]}';
    expect(scanKeys(text)).toEqual({ kind: 'duplicate', path: ['items', 1, 'reason', 'x'] });
    expect(scanKeys('[[0],[1,{"k":1,"k":2}]]')).toEqual({ kind: 'duplicate', path: [1, 1, 'k'] });
  });

  it('compares keys by their decoded value', () => {
    expect(scanKeys('{"a":1,"\\u0061":2}')).toEqual({ kind: 'duplicate', path: ['a'] });
    expect(scanKeys('{"a\\\\":1,"a":2}')).toBeNull();
  });

  it('does not mistake strings holding braces, commas or quotes for structure', () => {
    expect(scanKeys('{"a":"}, \\"a\\": {","b":["a","a"],"c":"\\\\"}')).toBeNull();
  });

  it('finds __proto__ and constructor.prototype keys, escaped or not', () => {
    expect(scanKeys('{"x":{"__proto__":{"admin":true}}}')).toEqual({ kind: 'reserved', path: ['x', '__proto__'] });
    expect(scanKeys('{"\\u005f_proto__":1}')).toEqual({ kind: 'reserved', path: ['__proto__'] });
    expect(scanKeys('{"constructor":{"prototype":{"admin":true}}}')).toEqual({
      kind: 'reserved',
      path: ['constructor', 'prototype'],
    });
  });
});

describe('scanKeys on generated JSON', () => {
  const escapeAll = (key: string) =>
    `"${key
      .split('')
      .map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('')}"`;

  it('finds nothing in what JSON.stringify writes, short of reserved keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const found = scanKeys(JSON.stringify(v));
        if (found) expect(['__proto__', 'prototype']).toContain(found.path[found.path.length - 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds a key repeated at any depth, spelt with escapes or not', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }),
        fc.jsonValue(),
        fc.boolean(),
        fc.nat(3),
        (obj, extra, escaped, depth) => {
          // The object itself must be clean: fast-check also generates "__proto__" keys (a reserved key,
          // found first when it stands before the repeated one).
          fc.pre(scanKeys(JSON.stringify(obj)) === null);
          const keys = Object.keys(obj);
          const key = keys[0]!;
          let text = `${JSON.stringify(obj).slice(0, -1)},${escaped ? escapeAll(key) : JSON.stringify(key)}:${JSON.stringify(extra)}}`;
          const path: (string | number)[] = [key];
          for (let d = 0; d < depth; d++) {
            text = d % 2 ? `{"n":1,"in":${text}}` : `[0,${text}]`;
            path.unshift(d % 2 ? 'in' : 1);
          }
          expect(scanKeys(text)).toEqual({ kind: 'duplicate', path });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseJsonBody', () => {
  const refusal = (text: string) => {
    try {
      parseJsonBody(text);
    } catch (e) {
      expect(e).toBeInstanceOf(ApiProblem);
      return e as ApiProblem;
    }
    throw new Error(`accepted ${text}`);
  };

  it('parses what JSON.parse parses, byte-order mark included', () => {
    expect(parseJsonBody('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(parseJsonBody('\ufeff{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonBody('"text"')).toBe('text');
  });

  it('refuses empty, malformed, duplicate and reserved bodies with their codes', () => {
    expect(refusal('')).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(refusal('{"a":')).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(refusal('{"a":1,"a":2}')).toMatchObject({
      status: 400,
      code: 'duplicate_key',
      extra: { errors: [{ path: 'body.a', message: 'duplicate key' }] },
    });
    expect(refusal('{"__proto__":{}}')).toMatchObject({ status: 400, code: 'malformed_json' });
  });
});

describe('the bank API refuses ambiguous JSON bodies', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  const sessions = async () =>
    (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions')).rows[0]!.n;
  const login = (payload: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload,
      headers: { 'content-type': 'application/json' },
      remoteAddress: '10.77.0.1',
    });

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('answers 400 duplicate_key naming the key, and signs nobody in', async () => {
    const before = await sessions();
    const r = await login('{"username":"approver1","password":"wrong","password":"demo-pass"}');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({
      type: 'urn:sme-credit:problem:duplicate_key',
      code: 'duplicate_key',
      status: 400,
      errors: [{ path: 'body.password', message: 'duplicate key' }],
    });
    expect(r.json().detail).toContain('body.password');
    expect(await sessions()).toBe(before);
  });

  it('still signs in with the same body sent once', async () => {
    const r = await login('{"username":"approver1","password":"demo-pass"}');
    expect(r.statusCode).toBe(200);
  });

  it('keeps the empty-body, malformed, too-large and prototype-key problems', async () => {
    const empty = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
    });
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'malformed_json']);
    const malformed = await login('{"username": "approver1",');
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'malformed_json']);
    const huge = await login(JSON.stringify({ username: 'approver1', password: 'x'.repeat(1024 * 1024 + 10) }));
    expect([huge.statusCode, huge.json().code]).toEqual([413, 'body_too_large']);
    const proto = await login('{"username":"approver1","password":"demo-pass","__proto__":{"admin":true}}');
    expect([proto.statusCode, proto.json().code]).toEqual([400, 'malformed_json']);
    const ctor = await login('{"username":"approver1","constructor":{"prototype":{"admin":true}}}');
    expect([ctor.statusCode, ctor.json().code]).toEqual([400, 'malformed_json']);
  });
});
