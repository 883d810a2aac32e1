/**
 * Every endpoint × every role, generated from the OpenAPI document (itself generated from the route
 * declarations): a role outside an endpoint's list gets 403, a role inside never does, and nobody
 * gets in without a session.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { DEMO_USERS } from '../seed/organisation';

describe('RBAC: every role against every endpoint', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  const tokens = new Map<string, string>();
  let ops: { method: string; path: string; roles: string[] | 'authenticated' | 'public' }[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    let i = 0;
    for (const u of DEMO_USERS) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: u.username, password: 'demo-pass' },
        remoteAddress: `10.1.0.${++i}`,
      });
      tokens.set(u.username, r.json().token);
    }
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, { 'x-roles': never }>>)) {
      for (const [method, op] of Object.entries(methods))
        ops.push({ method: method.toUpperCase(), path, roles: op['x-roles'] });
    }
    ops = ops.filter((o) => o.path !== '/api/v1/events'); // a stream; covered in events.test.ts
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const call = (o: (typeof ops)[number], token?: string) =>
    app.inject({
      method: o.method as 'GET',
      url: o.path.replace(/\{[^}]+\}/g, 'APP0000000000000001'),
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'idempotency-key': 'rbac-test-key-1',
        'if-match': '"1"',
      },
      ...(o.method === 'GET' ? {} : { payload: {} }),
    });

  it('covers the declared endpoints', () => {
    expect(ops.length).toBeGreaterThanOrEqual(12);
  });

  it('refuses every non-public endpoint without a session', async () => {
    for (const o of ops.filter((x) => x.roles !== 'public')) {
      const r = await call(o);
      expect(r.statusCode, `${o.method} ${o.path}`).toBe(401);
    }
  });

  it('gives 403 exactly to the roles an endpoint does not list', async () => {
    const checked: string[] = [];
    for (const o of ops.filter((x) => Array.isArray(x.roles))) {
      for (const u of DEMO_USERS) {
        const allowed = u.roles.some((r) => (o.roles as string[]).includes(r));
        const r = await call(o, tokens.get(u.username));
        const label = `${u.username} ${o.method} ${o.path} → ${r.statusCode} ${r.body.slice(0, 120)}`;
        if (allowed) {
          expect(r.statusCode, label).not.toBe(403);
          expect(r.statusCode, label).toBeLessThan(500);
        } else {
          expect(r.statusCode, label).toBe(403);
          expect(r.json().requiredRoles, label).toEqual(o.roles);
        }
        checked.push(label);
      }
    }
    expect(checked.length).toBeGreaterThan(50);
  });
});
