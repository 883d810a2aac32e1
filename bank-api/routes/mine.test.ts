/**
 * The relationship manager's "my applications" (issue 15 item 1): `mine=true` narrows the list to the cases
 * the caller submitted or whose enterprise they serve as 首席服务官 — not the whole branch's — on PGlite
 * and PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const TODAY = beijingDate(new Date());
let n = 0;

describe.each(testEngines())('my applications (mine=true) on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['rm1', 'rm2', 'supervisor1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const spec = { productCode: 'XMD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' };
  const submitPudong = async (from: number) => {
    const c = findCase(spec, TODAY, (a, p) => p.region === '310115' && a.instant.outcome === 'refer', from);
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': `mine-${engine}-${n++}` }),
      payload: { uscc: c.uscc, ...spec, purpose: '经营周转', channel: 'branch' },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().application as { id: string };
  };
  const list = async (user: string, query: string) => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/applications?limit=200${query}`, headers: as(user) });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().items as { id: string }[]).map((x) => x.id);
  };

  it("lists only the caller's own and served cases; the branch list still has the rest", async () => {
    const own = await submitPudong(1);
    const other = await submitPudong(400);
    // `other` stands for a case the branch took in without rm1 (another channel), its client served by rm2.
    await tdb.db.query('UPDATE applications SET created_by = NULL WHERE id = $1', [other.id]);
    const ent = (
      await tdb.db.query<{ e: string }>('SELECT enterprise_id AS e FROM applications WHERE id = $1', [other.id])
    ).rows[0]!.e;
    const moved = await app.inject({
      method: 'POST',
      url: `/api/v1/enterprises/${ent}/service-officer`,
      headers: as('supervisor1'),
      payload: { userId: 'u-rm2', reason: '客户经理调整' },
    });
    expect(moved.statusCode, moved.body).toBe(200);

    const rm1Mine = await list('rm1', '&mine=true');
    expect(rm1Mine).toContain(own.id);
    expect(rm1Mine).not.toContain(other.id);
    expect(await list('rm1', '')).toEqual(expect.arrayContaining([own.id, other.id]));
    expect(await list('rm1', '&mine=false')).toEqual(expect.arrayContaining([own.id, other.id]));
    // rm2 (SH-XH) serves the client: the SH-PD case is theirs, though booked outside their branch.
    expect(await list('rm2', '&mine=true')).toEqual([other.id]);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/applications?mine=yes', headers: as('rm1') });
    expect(bad.statusCode).toBe(400);
  });
});
