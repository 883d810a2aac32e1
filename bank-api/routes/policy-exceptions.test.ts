/**
 * Policy exceptions raised at submission (issue 14 item 3), through the bank API on PGlite and
 * PostgreSQL: from the related-party list (a real row in `related_parties`), the product and the
 * request; stored on the case, shown in its detail and history, and routed as the rules say.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { DEFAULT_SANDBOX_SEED, sandboxUscc } from '../sources/sandbox';
import { branchForRegion } from '../workflow/branches';
import { sandboxProfileProvider } from '../workflow/sandbox-provider';

const ASOF = beijingDate(new Date());
let keyN = 0;
const key = () => `pex-${Date.now()}-${keyN++}`;
const LDD = { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' };
const XMD = { ...LDD, productCode: 'XMD' };
const GUARANTORS = [{ name: '上海市中小微企业政策性融资担保基金管理中心' }];

describe.each(testEngines())('policy exceptions at submission on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['rm1', 'supervisor1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  /** A Pudong enterprise the engine alone would send to the fast lane (or decide instantly for XMD). */
  const fastCase = (terms: typeof LDD, from = 1) =>
    findCase(
      terms,
      ASOF,
      (a, p) => branchForRegion(p.region) === 'SH-PD' && (a.tier === 'fast' || a.instant.outcome === 'approve'),
      from,
    );
  const submit = async (body: object) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: { purpose: '采购原材料', channel: 'branch', ...body },
    });
  const detail = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json();

  it('a guaranteed product without a guarantor: guarantor_missing, to the standard lane at least', async () => {
    const c = fastCase(LDD);
    const withG = await submit({ uscc: c.uscc, ...LDD, guarantors: GUARANTORS });
    expect(withG.statusCode, withG.body).toBe(201);
    expect(withG.json().application.tier).toBe('fast');
    const without = await submit({ uscc: c.uscc, ...LDD });
    expect(without.statusCode, without.body).toBe(201);
    expect(without.json().application.tier).toBe('standard');
    const d = await detail(without.json().application.id);
    expect(d.policyExceptions.map((e: { code: string }) => e.code)).toEqual(['guarantor_missing']);
    expect(d.policyExceptions[0].zh).toContain('保证人');
    expect(d.routing.code).toBe('RT_STANDARD_EXCEPTION');
    expect(d.history[0].payload.policyExceptions).toEqual(['guarantor_missing']);
    expect((await detail(withG.json().application.id)).policyExceptions).toEqual([]);
  });

  it('a rate below the floor asked by the RM goes to the committee; one at the floor does not', async () => {
    const c = fastCase(XMD);
    const below = await submit({ uscc: c.uscc, ...XMD, rateException: { annualRate: '2.80', reason: '战略客户' } });
    expect(below.statusCode, below.body).toBe(201);
    expect(below.json()).toMatchObject({
      decidedInstantly: false,
      application: { tier: 'committee', status: 'in_review' },
    });
    const d = await detail(below.json().application.id);
    expect(d.policyExceptions).toMatchObject([
      { code: 'rate_below_floor', facts: { askedRate: '2.80', floorRate: '3.00', reason: '战略客户' } },
    ]);
    expect(d.routing.code).toBe('RT_COMMITTEE_EXCEPTION');
    const at = await submit({ uscc: c.uscc, ...XMD, rateException: { annualRate: '3.00', reason: '战略客户' } });
    expect(at.json().application.tier).not.toBe('committee');
  });

  it("a related party on the bank's list (by the legal representative's ID) goes to the committee", async () => {
    const c = fastCase(XMD, 200);
    const before = await submit({ uscc: c.uscc, ...XMD });
    expect(before.json().application.tier).not.toBe('committee');
    await tdb.db.query(
      `INSERT INTO related_parties (kind, name, id_number, relation_zh, relation_en) VALUES ('person', $1, $2, '本行董事', 'director of the bank')`,
      [c.profile.legalRepName, c.profile.legalRepId],
    );
    try {
      const after = await submit({ uscc: c.uscc, ...XMD });
      expect(after.statusCode, after.body).toBe(201);
      expect(after.json().application).toMatchObject({ tier: 'committee', status: 'in_review' });
      const d = await detail(after.json().application.id);
      expect(d.policyExceptions).toHaveLength(1);
      expect(d.policyExceptions[0]).toMatchObject({ code: 'related_party', facts: { role: 'Legal representative' } });
      // The full ID number is not copied into the exception.
      expect(JSON.stringify(d.policyExceptions)).not.toContain(c.profile.legalRepId);
    } finally {
      await tdb.db.query('DELETE FROM related_parties WHERE id_number = $1', [c.profile.legalRepId]);
    }
  });

  it('bad rate exceptions and guarantors are a 400 problem document and write nothing', async () => {
    const c = fastCase(XMD);
    const n = async () => (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications')).rows[0]!.n;
    const before = await n();
    for (const bad of [
      { rateException: { annualRate: '2.80', reason: '' } },
      { rateException: { annualRate: '2.80' } },
      { rateException: { annualRate: '-1', reason: 'x' } },
      { rateException: { annualRate: '2.80', reason: 'x', extra: 1 } },
      { guarantors: [{ name: '' }] },
      { guarantors: [{ name: 'G', uscc: 'short' }] },
    ]) {
      const r = await submit({ uscc: c.uscc, ...XMD, ...bad });
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect(await n()).toBe(before);
  });

  it('the sandbox related-party list is seeded by migrations 0014 and 0032', async () => {
    const r = await tdb.db.query<{ kind: string; n: number }>(
      'SELECT kind, count(*)::int AS n FROM related_parties GROUP BY kind ORDER BY kind',
    );
    expect(r.rows).toEqual([
      { kind: 'enterprise', n: 2 },
      { kind: 'person', n: 2 },
    ]);
  });

  it("rm1 can show a related-party case from the sandbox: #1245's enterprise shareholder is listed (0032)", async () => {
    const sandbox = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: sandboxProfileProvider() });
    try {
      const rm1 = await signIn(sandbox, ['rm1']);
      const r = await sandbox.inject({
        method: 'POST',
        url: '/api/v1/applications',
        headers: rm1('rm1', { 'idempotency-key': key() }),
        payload: { purpose: '采购原材料', channel: 'mobile', uscc: sandboxUscc(DEFAULT_SANDBOX_SEED, 1245), ...XMD },
      });
      expect(r.statusCode).toBe(201);
      const body = r.json();
      expect(body.decidedInstantly).toBe(false);
      expect(body.application.tier).toBe('committee');
      const d = await detail(body.application.id);
      expect(d.policyExceptions).toContainEqual(
        expect.objectContaining({
          code: 'related_party',
          facts: expect.objectContaining({ uscc: '91310115378912773G' }),
        }),
      );
    } finally {
      await sandbox.close();
    }
  });
});
