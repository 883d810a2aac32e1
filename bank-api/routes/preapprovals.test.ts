/**
 * POST /api/v1/preapprovals (issue 15 item 1) through the bank API on PGlite and PostgreSQL: passing and
 * failing enterprises (blockers with the fact seen and the threshold, zh/en), the out-of-scope refusal
 * that reveals no score or grade, bad input as a clear 4xx — every answer audited, no application made.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { branchForRegion } from '../workflow/branches';

const ASOF = beijingDate(new Date());
const XMD = { productCode: 'XMD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' };

describe.each(testEngines())('pre-approval on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['rm1', 'approver1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const inPd = (p: { region: string }) => branchForRegion(p.region) === 'SH-PD';
  const ask = (body: object, user = 'rm1') =>
    app.inject({ method: 'POST', url: '/api/v1/preapprovals', headers: as(user), payload: body });
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await tdb.db.query<{ n: string }>(sql, params)).rows[0]!.n);
  const applications = () => count('SELECT count(*)::text AS n FROM applications');
  const audits = (action: string) => count('SELECT count(*)::text AS n FROM audit_events WHERE action = $1', [action]);

  it('a passing enterprise: range, grade, rate, materials, no blockers; audited, nothing created', async () => {
    const c = findCase(XMD, ASOF, (a, p) => inPd(p) && a.instant.outcome === 'approve');
    const before = await applications();
    const r = await ask({ uscc: c.uscc, ...XMD });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({
      uscc: c.uscc,
      eligible: true,
      grade: c.assessment.score.grade,
      indicativeRate: c.assessment.price!.annualRate,
      range: { minAmount: c.assessment.preapproval.minAmount, maxAmount: c.assessment.preapproval.maxAmount },
      blockers: [],
      policyExceptions: [],
      tier: 'instant',
    });
    expect(body.rangeReason.zh).toContain('预计可贷');
    expect(body.materials.map((m: { code: string }) => m.code)).toContain('MAT_LICENCE');
    expect(await applications()).toBe(before);
    const ev = await tdb.db.query<{ actor_id: string; entity_id: string; entity_type: string }>(
      "SELECT actor_id, entity_id, entity_type FROM audit_events WHERE action = 'preapproval.query' ORDER BY seq DESC LIMIT 1",
    );
    expect(ev.rows[0]).toMatchObject({ actor_id: expect.any(String), entity_id: c.uscc, entity_type: 'enterprise' });
  });

  it('a failing enterprise: each blocker with the rule, the fact seen and the threshold in zh and en', async () => {
    const c = findCase(
      XMD,
      ASOF,
      (a, p) => inPd(p) && !a.admission.passed && a.admission.failed[0] !== 'ADM_PRODUCT_GRADE',
    );
    const r = await ask({ uscc: c.uscc, ...XMD });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.eligible).toBe(false);
    const failed = c.assessment.admission.outcomes.filter((o) => !o.passed);
    const ids = body.blockers.map((b: { id: string }) => b.id);
    for (const f of failed) expect(ids).toContain(f.id);
    const first = body.blockers.find((b: { id: string }) => b.id === failed[0]!.id);
    expect(first.kind).toBe('admission');
    expect(first.rule).toEqual(failed[0]!.text);
    expect(first.fact).toBe(failed[0]!.fact);
    expect(first.threshold.zh).not.toBe('');
    expect(first.threshold.en).not.toBe('');
    expect(first.seen.zh).not.toBe('');
    // Thresholds in words, not the engine's operators as codes.
    expect(first.threshold.zh).not.toMatch(/\bgte\b|\blte\b/);
  });

  it('a negative-list hit is a blocker of its own kind', async () => {
    const c = findCase(XMD, ASOF, (a, p) => inPd(p) && a.negativeList.hit);
    const body = (await ask({ uscc: c.uscc, ...XMD })).json();
    expect(body.eligible).toBe(false);
    const neg = body.blockers.filter((b: { kind: string }) => b.kind === 'negative_list');
    expect(neg.map((b: { id: string }) => b.id)).toEqual(c.assessment.negativeList.hits);
    expect(neg[0].rule.zh).not.toBe('');
  });

  it('the policy exceptions a submission would raise: a guaranteed product without a guarantor', async () => {
    const LDD = { ...XMD, productCode: 'LDD' };
    const c = findCase(LDD, ASOF, (a, p) => inPd(p) && a.admission.passed);
    const without = (await ask({ uscc: c.uscc, ...LDD })).json();
    expect(without.policyExceptions.map((e: { code: string }) => e.code)).toContain('guarantor_missing');
    const withG = (await ask({ uscc: c.uscc, ...LDD, guarantors: [{ name: '上海市融资担保中心' }] })).json();
    expect(withG.policyExceptions.map((e: { code: string }) => e.code)).not.toContain('guarantor_missing');
  });

  it('outside the caller’s branch: 403 with no score, grade or name; nothing written', async () => {
    const c = findCase(XMD, ASOF, (_a, p) => branchForRegion(p.region) !== 'SH-PD');
    const before = await applications();
    const queries = await audits('preapproval.query');
    const allAudits = await count('SELECT count(*)::text AS n FROM audit_events');
    const r = await ask({ uscc: c.uscc, ...XMD });
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body).not.toContain(c.profile.name);
    expect(r.body).not.toMatch(/grade|score|"range"/i);
    expect(await audits('preapproval.query')).toBe(queries);
    expect(await count('SELECT count(*)::text AS n FROM audit_events')).toBe(allAudits);
    expect(await applications()).toBe(before);
  });

  it('bad input: malformed USCC, unknown product, amount outside the product limits → 400, nothing audited or created', async () => {
    const c = findCase(XMD, ASOF, (a, p) => inPd(p) && a.admission.passed);
    const before = await applications();
    const queries = await audits('preapproval.query');
    const bad = [
      { uscc: '91310115ABCDEFGHI!', ...XMD },
      { uscc: '913101150000000000', ...XMD },
      { uscc: c.uscc, ...XMD, productCode: 'NOPE' },
      { uscc: c.uscc, ...XMD, amount: '99999999.00' },
      { uscc: c.uscc, ...XMD, amount: '300000' },
      { uscc: c.uscc, ...XMD, termMonths: 999 },
    ];
    for (const b of bad) {
      const r = await ask(b);
      expect(r.statusCode, JSON.stringify(b)).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, JSON.stringify(b)).toBeLessThan(500);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().detail).toBeTruthy();
    }
    expect((await ask({ uscc: c.uscc, ...XMD, productCode: 'NOPE' })).json().code).toBe('product.unknown');
    expect(await applications()).toBe(before);
    expect(await audits('preapproval.query')).toBe(queries);
  });

  it('a role that does not submit applications is refused', async () => {
    await signIn(app, ['contract1']).then(async (as2) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/preapprovals',
        headers: as2('contract1'),
        payload: { uscc: '913101150000000000', ...XMD },
      });
      expect(r.statusCode).toBe(403);
    });
  });
});
