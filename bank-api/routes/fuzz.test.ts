/**
 * Fuzzing every endpoint with fast-check: wrong types, huge strings, unicode, SQL and script fragments,
 * negative and giant numbers, missing or odd headers. Always a specific 4xx problem document (or a
 * success), never a 500, and a refused request writes nothing.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const nasty = fc.oneof(
  fc.constantFrom(
    "'; DROP TABLE applications; --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000',
    '%00',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe is the point here.
    '${7*7}',
    '{{7*7}}',
    '"',
    '\\',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 5000, maxLength: 20000 }),
);
const scalar = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }),
);
const FIELDS = [
  'username',
  'password',
  'uscc',
  'productCode',
  'amount',
  'termMonths',
  'repaymentMethod',
  'purpose',
  'channel',
  'action',
  'annualRate',
  'reasonCodes',
  'items',
  'vote',
  'conditions',
  'upfrontFee',
  'startDate',
  'reason',
  'to',
];
const body = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 }), value);
const query = fc.dictionary(
  fc.constantFrom(
    'tier',
    'status',
    'branchId',
    'limit',
    'cursor',
    'q',
    'sort',
    'amountMin',
    'amountMax',
    'slaState',
    'evil',
  ),
  fc.oneof(nasty, fc.integer().map(String)),
  { maxKeys: 4 },
);

describe('fuzzing every endpoint', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const ops: { method: string; path: string }[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    let i = 0;
    for (const u of ['rm1', 'approver1', 'supervisor1']) {
      tokens[u] = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: u, password: 'demo-pass' },
          remoteAddress: `10.2.0.${++i}`,
        })
      ).json().token;
    }
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(methods))
        if (path !== '/api/v1/events') ops.push({ method: method.toUpperCase(), path });
    }
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const counts = async () =>
    (
      await tdb.db.query<{ a: number; d: number; e: number; i: number }>(
        'SELECT (SELECT count(*) FROM applications)::int a, (SELECT count(*) FROM decisions)::int d, (SELECT count(*) FROM audit_events)::int e, (SELECT count(*) FROM idempotency_keys)::int i',
      )
    ).rows[0]!;

  it('never answers 500, answers 4xx with a problem document, and refused requests write nothing', async () => {
    const before = await counts();
    let successes = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        body,
        query,
        fc.constantFrom('rm1', 'approver1', 'supervisor1', null),
        fc.option(fc.oneof(nasty, fc.uuid()), { nil: undefined }),
        fc.option(fc.oneof(nasty, fc.constant('"1"')), { nil: undefined }),
        fc.option(
          nasty.map((s) => s.slice(0, 300)),
          { nil: undefined },
        ),
        async (op, b, qs, user, idem, ifMatch, pathId) => {
          const id = pathId === undefined ? 'APP0000000000000001' : encodeURIComponent(pathId);
          const url = `${op.path.replace(/\{[^}]+\}/g, id)}?${new URLSearchParams(qs as Record<string, string>).toString()}`;
          const headers: Record<string, string> = {};
          if (user) headers.authorization = `Bearer ${tokens[user]}`;
          if (idem !== undefined) headers['idempotency-key'] = idem.replace(/[^\x20-\x7e]/g, '').slice(0, 500) || 'x';
          if (ifMatch !== undefined) headers['if-match'] = ifMatch.replace(/[^\x20-\x7e]/g, '').slice(0, 500) || 'x';
          const r = await app.inject({
            method: op.method as 'POST',
            url,
            headers,
            ...(op.method === 'GET'
              ? {}
              : { payload: JSON.stringify(b), headers: { ...headers, 'content-type': 'application/json' } }),
          });
          expect(r.statusCode, `${op.method} ${url} ${r.body.slice(0, 200)}`).toBeLessThan(500);
          if (r.statusCode >= 400) {
            expect(r.headers['content-type']).toContain('application/problem+json');
            expect(typeof r.json().code).toBe('string');
          } else if (op.method === 'POST' && op.path !== '/api/v1/auth/login' && op.path !== '/api/v1/quotes') {
            successes++;
          }
        },
      ),
      { numRuns: 400, seed: 20261129 },
    );
    const after = await counts();
    // Sessions aside (a fuzzed login may succeed), nothing was written by refused requests.
    if (successes === 0) expect(after).toEqual(before);
  });
});
