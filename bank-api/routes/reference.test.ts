/** The LPR reference through the bank API: every signed-in role reads it, with its staleness measured today. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LprReferenceSchema } from '../../shared/api/reference';
import { beijingDate } from '../../shared/calendar';
import { LPR_FIXINGS, LPR_LAST_FIXING, lprStaleness } from '../../shared/reference/lpr';
import { signIn } from '../../test/helpers/api';
import { testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { referenceRoutes } from './reference';

describe('GET /api/v1/reference/lpr', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['contract1', 'approver1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('gives contract officers the whole history and the staleness warning', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/reference/lpr', headers: as('contract1') });
    expect(r.statusCode).toBe(200);
    const body = LprReferenceSchema.parse(r.json());
    expect(body.fixings).toHaveLength(LPR_FIXINGS.length);
    expect(body.fixings[0]).toEqual({ date: '2019-08-20', oneYearBp: 425, fiveYearBp: 485 });
    expect(body.fixings.at(-1)!.date).toBe(LPR_LAST_FIXING);
    const today = beijingDate(Date.now());
    expect(body.asOf).toBe(today);
    expect(body.staleness).toEqual(lprStaleness(today));
    // The table ends at 2025-10-20: on any day from 2025-11-20 on, the warning is up.
    expect(body.staleness.stale).toBe(today >= '2025-11-20');
    const other = await app.inject({ method: 'GET', url: '/api/v1/reference/lpr', headers: as('approver1') });
    expect(other.statusCode).toBe(200);
  });

  it('refuses a caller without a session', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/reference/lpr' });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it('measures staleness against the clock it is given', async () => {
    const [route] = referenceRoutes(() => Date.parse('2025-11-19T12:00:00+08:00'));
    const fresh = await route!.handler({} as never);
    expect(fresh.staleness).toMatchObject({ stale: false, expectedFixing: '2025-10-20', missingFixings: 0 });
    const [later] = referenceRoutes(() => Date.parse('2025-12-22T09:30:00+08:00'));
    expect((await later!.handler({} as never)).staleness).toMatchObject({
      stale: true,
      expectedFixing: '2025-12-22',
      missingFixings: 2,
    });
  });
});
