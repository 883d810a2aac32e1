/**
 * Controls the bank API enforces (issue 14 items 1, 2, 4, 6), on PGlite and PostgreSQL: escalation with
 * a destination (the senior lane), pricing authority (定价授权) with pricing exceptions, the gates before
 * an approval, and separation of duties on every action — including the probes: senior1 approving
 * an escalated case; an LDD case priced at 3.35 % approved at 0.50 % with checklist items pending.
 * Every refusal is a specific problem document and changes nothing.
 */

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { withRequiredConditions } from '../../test/helpers/conditions';
import { materialsInHand } from '../../test/helpers/gates';
import { testProfileProvider } from '../../test/helpers/profiles';
import { referredCaseSubmitter } from '../../test/helpers/submit';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const ASOF = beijingDate(new Date());
let keyN = 0;
const key = () => `controls-${Date.now()}-${keyN++}`;
const GUARANTOR = [{ name: '上海浦东融资担保有限公司' }];

describe.each(testEngines())('controls on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let submitReferred: ReturnType<typeof referredCaseSubmitter>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, [
      'approver1',
      'approver2',
      'senior1',
      'senior2',
      'committee1',
      'committee2',
      'committee3',
      'supervisor1',
      'rm1',
    ]);
    submitReferred = referredCaseSubmitter(app, as, ASOF, 1);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  /** A case submitted by rm1 for an enterprise the sample data grades as wanted, in the given tier. */
  const submit = async (productCode: string, amount: string, tier: string, grade?: string) => {
    const { application, pick } = await submitReferred({
      productCode,
      amount,
      want: (a) => a.tier === tier && (!grade || a.score.grade === grade),
      guarantors: GUARANTOR,
    });
    return { ...application, price: pick.assessment.price!.annualRate };
  };
  const act = async (user: string, id: string, version: number, payload: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/decisions`,
      headers: as(user, { 'idempotency-key': key(), 'if-match': `"${version}"` }),
      // The conditions the case requires (a guarantee per guarantor…) with the test's own.
      payload: withRequiredConditions(
        (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json(),
        payload as object,
      ),
    });
  const approve = (amount: string, annualRate: string, extra: object = {}) => ({
    action: 'approve',
    amount,
    annualRate,
    termMonths: 12,
    repaymentMethod: 'equal_installment',
    conditions: [{ type: 'other', text: '按月报送财务报表' }],
    ...extra,
  });
  const detail = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json();
  /** A refusal: the status and code, a problem document, and the case exactly as before. */
  const refused = async (r: Awaited<ReturnType<typeof act>>, status: number, fields: object, id: string, v: number) => {
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject(fields);
    const d = await detail(id);
    expect(d.version).toBe(v);
    return r.json();
  };

  it('escalates to a senior approver: the case waits in the senior lane and senior1 approves it alone', async () => {
    const a = await submit('LDD', '2500000.00', 'standard', 'B');
    await materialsInHand(tdb.db, a.id);
    // Above approver1's authority for grade B (2,000,000): the refusal names the senior approver.
    const over = await act('approver1', a.id, a.version, approve('2500000.00', a.price));
    await refused(over, 403, { reasonCode: 'AUTH_ABOVE_LIMIT', requiredRole: 'senior_approver' }, a.id, a.version);
    const esc = await act('approver1', a.id, a.version, {
      action: 'escalate',
      to: 'senior_approver',
      reason: '超出本人审批权限',
    });
    expect(esc.statusCode, esc.body).toBe(200);
    expect(esc.json().application).toMatchObject({ status: 'escalated', tier: 'standard' });
    let d = await detail(a.id);
    expect(d.escalatedTo).toBe('senior_approver');
    expect(d.history.at(-1)).toMatchObject({
      action: 'escalate',
      actorId: 'u-approver1',
      payload: { to: 'senior_approver', reason: '超出本人审批权限' },
    });
    const v = d.version;
    // Only a senior approver acts on the senior lane; the escalating approver not at all.
    await refused(
      await act('approver2', a.id, v, approve('2500000.00', a.price)),
      403,
      {
        reasonCode: 'AUTH_SENIOR_LANE',
        requiredRole: 'senior_approver',
        reasonZh: expect.stringContaining('高级审批人'),
      },
      a.id,
      v,
    );
    await refused(
      await act('approver2', a.id, v, { action: 'return', items: ['MAT_STATEMENTS'] }),
      403,
      { reasonCode: 'AUTH_SENIOR_LANE' },
      a.id,
      v,
    );
    await refused(
      await act('approver1', a.id, v, { action: 'decline', reasonCodes: ['SC_X'] }),
      403,
      { reasonCode: 'SOD_ESCALATOR' },
      a.id,
      v,
    );
    // Escalating to the senior lane again is not a step.
    await refused(
      await act('senior1', a.id, v, { action: 'escalate', to: 'senior_approver', reason: '再上报' }),
      409,
      { code: 'escalation.already_senior' },
      a.id,
      v,
    );
    // The probe: senior1 approves the escalated case — it is decided, no second signature.
    const ok = await act('senior1', a.id, v, approve('2500000.00', a.price));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ outcome: 'approved', application: { status: 'approved' } });
    d = await detail(a.id);
    expect(d.approvedTerms).toMatchObject({ amount: '2500000.00', annualRate: a.price });
    expect(d.history.at(-1)).toMatchObject({
      action: 'approve',
      actorId: 'u-senior1',
      payload: { role: 'senior_approver' },
    });
  });

  it('the escalating senior may not decide; a senior escalates further to the committee, which votes', async () => {
    const own = await submit('LDD', '2400000.00', 'standard', 'B');
    await materialsInHand(tdb.db, own.id);
    const mine = await act('senior1', own.id, own.version, {
      action: 'escalate',
      to: 'senior_approver',
      reason: '请复核',
    });
    expect(mine.statusCode, mine.body).toBe(200);
    const mv = mine.json().application.version;
    await refused(
      await act('senior1', own.id, mv, approve('2400000.00', own.price)),
      403,
      { reasonCode: 'SOD_ESCALATOR', requiredRole: 'senior_approver' },
      own.id,
      mv,
    );
    const a = await submit('LDD', '2400000.00', 'standard', 'B');
    await materialsInHand(tdb.db, a.id);
    const esc = await act('approver1', a.id, a.version, {
      action: 'escalate',
      to: 'senior_approver',
      reason: '请复核',
    });
    expect(esc.statusCode, esc.body).toBe(200);
    const v = esc.json().application.version;
    const up = await act('senior1', a.id, v, { action: 'escalate', to: 'committee', reason: '需审贷会审议' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().application).toMatchObject({ status: 'escalated', tier: 'committee' });
    expect((await detail(a.id)).escalatedTo).toBe('committee');
    expect((await detail(a.id)).history.at(-1).payload).toMatchObject({ to: 'committee', from: 'senior_approver' });
    let ver = up.json().application.version;
    // Now the committee's: a senior approval is refused, the members vote it through.
    await refused(
      await act('senior1', a.id, ver, approve('2400000.00', a.price)),
      403,
      { reasonCode: 'AUTH_COMMITTEE_ONLY' },
      a.id,
      ver,
    );
    for (const m of ['committee1', 'committee2', 'committee3']) {
      const r = await act(m, a.id, ver, { action: 'vote', vote: 'approve' });
      expect(r.statusCode, r.body).toBe(200);
      ver = r.json().application.version;
    }
    expect((await detail(a.id)).status).toBe('approved');
  });

  it('a case routed to the committee is escalated to it, not to a senior approver', async () => {
    const a = await submit('LDD', '5000000.00', 'committee');
    await refused(
      await act('approver1', a.id, a.version, { action: 'escalate', to: 'senior_approver', reason: '请复核' }),
      409,
      { code: 'escalation.committee_case' },
      a.id,
      a.version,
    );
    const r = await act('approver1', a.id, a.version, { action: 'escalate', to: 'committee', reason: '上会' });
    expect(r.statusCode, r.body).toBe(200);
    expect((await detail(a.id)).escalatedTo).toBe('committee');
    const again = await act('senior1', a.id, r.json().application.version, {
      action: 'escalate',
      to: 'committee',
      reason: '再上会',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('escalation.already_committee');
  });

  it('refuses the probe: an LDD case priced at 3.35 % approved at 0.50 % with checklist items pending', async () => {
    const a = await submit('LDD', '300000.00', 'fast', 'A');
    expect(a.price).toBe('3.35');
    // The material is not all in hand: the gates refuse before anything else, naming what is missing.
    const gate = await refused(
      await act('approver1', a.id, a.version, approve('300000.00', '0.50')),
      409,
      { code: 'gates.not_met', reasonCode: 'GATE_MATERIALS' },
      a.id,
      a.version,
    );
    expect(gate.missing.map((m: { code: string }) => m.code)).toEqual(
      expect.arrayContaining(['MAT_STATEMENTS', 'MAT_PURPOSE', 'MAT_ARTICLES', 'MAT_GUARANTEE']),
    );
    expect(gate.reasonZh).toContain('近一年财务报表');
    // With the material in hand: 0.50 % is below the product floor (3.00 %), beyond any approver.
    await materialsInHand(tdb.db, a.id);
    const price = await refused(
      await act('approver1', a.id, a.version, approve('300000.00', '0.50')),
      403,
      {
        code: 'pricing.exception_required',
        reasonCode: 'PRICING_BELOW_FLOOR',
        requiredRole: 'committee',
        facts: { floor: '3.00', gridRate: '3.35', proposedRate: '0.50', proposedSpreadBp: -250 },
      },
      a.id,
      a.version,
    );
    expect(price.reasonZh).toContain('利率下限');
    // No contract data for it: it is not approved.
    const cd = await app.inject({
      method: 'GET',
      url: `/api/v1/applications/${a.id}/contract-data`,
      headers: as('supervisor1'),
    });
    expect(cd.statusCode).not.toBe(200);
  });

  it('sends a below-floor rate as a pricing exception to the committee, whose approval grants it', async () => {
    const a = await submit('LDD', '300000.00', 'fast', 'A');
    await materialsInHand(tdb.db, a.id);
    const r = await act(
      'approver1',
      a.id,
      a.version,
      approve('300000.00', '2.90', { pricingException: { reason: '战略客户，综合收益覆盖' } }),
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      outcome: 'pricing_exception',
      application: { status: 'escalated', tier: 'committee' },
    });
    let d = await detail(a.id);
    expect(d.escalatedTo).toBe('committee');
    expect(d.pricingException).toMatchObject({
      terms: { annualRate: '2.90', amount: '300000.00' },
      reason: '战略客户，综合收益覆盖',
      requestedBy: 'u-approver1',
      grantRole: 'committee',
      code: 'PRICING_BELOW_FLOOR',
      facts: { proposedRate: '2.90', floor: '3.00' },
    });
    let ver = d.version;
    for (const m of ['committee1', 'committee2', 'committee3']) {
      const v = await act(m, a.id, ver, { action: 'vote', vote: 'approve' });
      expect(v.statusCode, v.body).toBe(200);
      ver = v.json().application.version;
    }
    d = await detail(a.id);
    expect(d.status).toBe('approved');
    expect(d.approvedTerms).toMatchObject({ annualRate: '2.90' });
    expect(d.pricingException).toMatchObject({ grantedBy: 'committee' });
    expect(d.history.at(-1).payload.pricingGranted).toMatchObject({ grantRole: 'committee' });
  });

  it('sends a rate below the approver band to a senior approver, whose approval of those terms grants it', async () => {
    const a = await submit('LDD', '300000.00', 'fast', 'C');
    await materialsInHand(tdb.db, a.id);
    // Grade C grid 4.20 %: the approver may go to 4.00 %, a senior to 3.70 %.
    const below = await refused(
      await act('approver1', a.id, a.version, approve('300000.00', '3.90')),
      403,
      {
        code: 'pricing.exception_required',
        reasonCode: 'PRICING_BELOW_APPROVER_BAND',
        requiredRole: 'senior_approver',
      },
      a.id,
      a.version,
    );
    expect(below.facts).toMatchObject({ gridRate: '4.20', approverMinRate: '4.00', seniorMinRate: '3.70' });
    const r = await act(
      'approver1',
      a.id,
      a.version,
      approve('300000.00', '3.90', { pricingException: { reason: '同业竞争' } }),
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().application).toMatchObject({ status: 'escalated', tier: 'fast' });
    const v = r.json().application.version;
    expect((await detail(a.id)).escalatedTo).toBe('senior_approver');
    await refused(
      await act('approver2', a.id, v, approve('300000.00', '3.90')),
      403,
      { reasonCode: 'AUTH_SENIOR_LANE' },
      a.id,
      v,
    );
    const ok = await act('senior1', a.id, v, approve('300000.00', '3.90'));
    expect(ok.statusCode, ok.body).toBe(200);
    const d = await detail(a.id);
    expect(d.status).toBe('approved');
    expect(d.pricingException).toMatchObject({ grantRole: 'senior_approver', grantedBy: 'u-senior1' });
    expect(d.history.at(-1).payload.pricingGranted).toMatchObject({ grantRole: 'senior_approver' });
  });

  it('gates a standard case on its investigation, and an approving vote on the material', async () => {
    const a = await submit('DYD', '800000.00', 'standard');
    await materialsInHand(tdb.db, a.id, { investigation: false });
    const r = await refused(
      await act('approver1', a.id, a.version, approve('800000.00', '6.00')),
      409,
      { code: 'gates.not_met', reasonCode: 'GATE_INVESTIGATION' },
      a.id,
      a.version,
    );
    expect(r.missing).toEqual([{ code: 'INVESTIGATION', zh: '尽职调查记录', en: 'Investigation record' }]);
    await materialsInHand(tdb.db, a.id);
    expect((await act('approver1', a.id, a.version, approve('800000.00', '6.00'))).statusCode).toBe(200);

    const c = await submit('LDD', '2500000.00', 'standard', 'B');
    await materialsInHand(tdb.db, c.id, { pending: ['MAT_GUARANTEE'] });
    const esc = await act('approver1', c.id, c.version, { action: 'escalate', to: 'committee', reason: '上会' });
    expect(esc.statusCode).toBe(200);
    const v = esc.json().application.version;
    await refused(
      await act('committee1', c.id, v, { action: 'vote', vote: 'approve' }),
      409,
      { code: 'gates.not_met', missing: [expect.objectContaining({ code: 'MAT_GUARANTEE' })] },
      c.id,
      v,
    );
    // A declining vote needs no gate.
    expect((await act('committee1', c.id, v, { action: 'vote', vote: 'decline' })).statusCode).toBe(200);
  });

  it('separation of duties: the creator and the investigator may not approve, decline, escalate, return or vote', async () => {
    const a = await submit('LDD', '2500000.00', 'standard', 'B');
    await materialsInHand(tdb.db, a.id, { investigatedBy: 'u-approver2' });
    const steps = [
      approve('2500000.00', a.price),
      { action: 'decline', reasonCodes: ['SC_X'] },
      { action: 'escalate', to: 'senior_approver', reason: 'x' },
      { action: 'return', items: ['MAT_STATEMENTS'] },
    ];
    for (const s of steps)
      await refused(
        await act('approver2', a.id, a.version, s),
        403,
        { reasonCode: 'SOD_INVESTIGATOR' },
        a.id,
        a.version,
      );
    await tdb.db.query("UPDATE applications SET created_by = 'u-senior1' WHERE id = $1", [a.id]);
    for (const s of steps)
      await refused(await act('senior1', a.id, a.version, s), 403, { reasonCode: 'SOD_CREATOR' }, a.id, a.version);
    // On the committee: neither the investigator nor the creator votes; each member votes once.
    const c = await submit('LDD', '2400000.00', 'standard', 'B');
    await materialsInHand(tdb.db, c.id, { investigatedBy: 'u-committee1' });
    const esc = await act('approver1', c.id, c.version, { action: 'escalate', to: 'committee', reason: '上会' });
    const v = esc.json().application.version;
    await refused(
      await act('committee1', c.id, v, { action: 'vote', vote: 'approve' }),
      403,
      { reasonCode: 'SOD_INVESTIGATOR' },
      c.id,
      v,
    );
    const first = await act('committee2', c.id, v, { action: 'vote', vote: 'approve' });
    expect(first.statusCode).toBe(200);
    const v2 = first.json().application.version;
    await refused(
      await act('committee2', c.id, v2, { action: 'vote', vote: 'approve' }),
      409,
      { code: 'already_voted' },
      c.id,
      v2,
    );
    // The two signatures of a standard case come from two different people.
    const s = await submit('DYD', '800000.00', 'standard');
    await materialsInHand(tdb.db, s.id);
    const one = await act('senior1', s.id, s.version, approve('800000.00', '6.00'));
    expect(one.json().outcome).toBe('first_signature');
    const sv = one.json().application.version;
    await refused(
      await act('senior1', s.id, sv, approve('800000.00', '6.00')),
      403,
      { reasonCode: 'SOD_SAME_SIGNER' },
      s.id,
      sv,
    );
  });
});
