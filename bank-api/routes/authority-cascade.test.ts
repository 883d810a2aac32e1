/**
 * 转授权 follows its source (issue 14 item 8): when a grantor's authority is lowered, the delegated grants
 * from them that now exceed it are capped in the same transaction — on PGlite and PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const TODAY = beijingDate(new Date());
const matrix = (a: string | null, b = a, c = a, d = a, e: string | null = null) => ({ A: a, B: b, C: c, D: d, E: e });

describe.each(testEngines())('delegated authority follows its grantor on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['supervisor1', 'supervisor2']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const post = (user: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: as(user), payload });
  const proposeAndConfirm = async (body: object) => {
    const p = await post('supervisor1', '/api/v1/authority/changes', body);
    expect(p.statusCode, p.body).toBe(201);
    const c = await post('supervisor2', `/api/v1/authority/changes/${p.json().id}/confirm`, {});
    expect(c.statusCode, c.body).toBe(200);
    return c.json() as { id: string };
  };
  const inForce = async (userId: string) => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/authority/users', headers: as('supervisor1') });
    const h = (
      r.json().items as { id: string; inForce: { authority: Record<string, string | null> | null } | null }[]
    ).find((x) => x.id === userId)!;
    return h.inForce?.authority ?? null;
  };

  it('lowering senior1 caps approver2’s delegation from senior1 per grade, audited; a delegation within the new limit is untouched', async () => {
    // senior1 (SH) delegates to approver2 (SH-PD) within senior1's own authority.
    await proposeAndConfirm({
      userId: 'u-approver2',
      authority: matrix('2000000.00', '1500000.00', '800000.00', '300000.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-101',
      grantorId: 'u-senior1',
    });
    const auditBefore = (
      await tdb.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE action = 'authority.capped'")
    ).rows[0]!.n;
    // senior1 is lowered: grades A and B fall below approver2's delegated limits; C and D do not.
    await proposeAndConfirm({
      userId: 'u-senior1',
      authority: matrix('1000000.00', '1000000.00', '1000000.00', '1000000.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-102',
    });
    expect(await inForce('u-approver2')).toMatchObject({
      A: '1000000.00',
      B: '1000000.00',
      C: '800000.00',
      D: '300000.00',
      E: null,
    });
    const capped = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'authority.capped'",
    );
    expect(capped.rows[0]!.n).toBe(auditBefore + 1);
    // Lowered again, but above approver2's (capped) limits: nothing more to cap.
    await proposeAndConfirm({
      userId: 'u-senior1',
      authority: matrix('1200000.00', '1200000.00', '1200000.00', '1200000.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-103',
    });
    const after = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'authority.capped'",
    );
    expect(after.rows[0]!.n).toBe(auditBefore + 1);
    const verify = (
      await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as('supervisor1') })
    ).json();
    expect(verify.ok).toBe(true);
  });
});
