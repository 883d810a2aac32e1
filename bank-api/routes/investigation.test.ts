/**
 * The pre-loan investigation (issue 15 item 3) through the bank API on PGlite and PostgreSQL: required
 * before approval on standard and committee cases (the gate), a field visit by two distinct staff
 * (neither may then approve), answers checked against the product's questionnaire (flags raised), a
 * waiver refused where no rule allows it and recorded with its rule where one does.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { questionnaireFor } from '../../shared/credit/investigation';
import { signIn } from '../../test/helpers/api';
import { materialsInHand } from '../../test/helpers/gates';
import { testProfileProvider } from '../../test/helpers/profiles';
import { referredCaseSubmitter } from '../../test/helpers/submit';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const ASOF = beijingDate(new Date());
let keyN = 0;
const key = () => `inv-${Date.now()}-${keyN++}`;
const GUARANTOR = [{ name: '上海浦东融资担保有限公司' }];

const CREDIT_ANSWERS = {
  premises_match: true,
  operating_normally: true,
  staff_seen: 12,
  revenue_consistent: 'consistent',
  controller_met: true,
  other_debts: false,
};
const SECURED_ANSWERS = { ...CREDIT_ANSWERS, collateral_inspected: true, title_clear: true };

describe.each(testEngines())('investigation on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let submitReferred: ReturnType<typeof referredCaseSubmitter>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['approver1', 'approver2', 'supervisor1', 'rm1']);
    submitReferred = referredCaseSubmitter(app, as, ASOF, 5);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const submit = async (productCode: string, amount: string, tier: string, grade?: string) =>
    (
      await submitReferred({
        productCode,
        amount,
        want: (a) => a.tier === tier && (!grade || grade.includes(a.score.grade)),
        guarantors: GUARANTOR,
      })
    ).application;
  const detail = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json();
  const record = (id: string, payload: object, user = 'rm1') =>
    app.inject({ method: 'PUT', url: `/api/v1/applications/${id}/investigation`, headers: as(user), payload });
  const approve = (user: string, id: string, version: number, amount: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/decisions`,
      headers: as(user, { 'idempotency-key': key(), 'if-match': `"${version}"` }),
      // A DYD approval carries the mortgage registration of its collateral (the required condition).
      payload: {
        action: 'approve',
        amount,
        annualRate: '6.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        conditions: [{ type: 'mortgage_registration', params: { collateral: '浦东新区XX路88号厂房' } }],
      },
    });
  const unchanged = async (
    r: { statusCode: number; json(): unknown },
    status: number,
    code: string,
    id: string,
    v: number,
  ) => {
    expect(r.statusCode, JSON.stringify(r.json())).toBe(status);
    expect(r.json()).toMatchObject({ code });
    const d = await detail(id);
    expect(d.version).toBe(v);
    return d;
  };

  it('gates a standard case on the investigation; a two-person field visit opens it, and neither investigator may approve', async () => {
    const a = await submit('DYD', '800000.00', 'standard');
    await materialsInHand(tdb.db, a.id, { investigation: false });
    const v0 = (await detail(a.id)).version;
    const gate = await approve('approver1', a.id, v0, '800000.00');
    expect(gate.json()).toMatchObject({ code: 'gates.not_met', reasonCode: 'GATE_INVESTIGATION' });
    // The second investigator must be another person.
    await unchanged(
      await record(a.id, {
        kind: 'field_visit',
        secondInvestigator: 'u-rm1',
        date: ASOF,
        summary: '走访',
        answers: SECURED_ANSWERS,
      }),
      400,
      'validation_failed',
      a.id,
      v0,
    );
    const r = await record(a.id, {
      kind: 'field_visit',
      secondInvestigator: 'u-approver2',
      date: ASOF,
      summary: '双人实地走访，经营正常。',
      answers: { ...SECURED_ANSWERS, revenue_consistent: 'major_gap' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().investigation).toMatchObject({
      kind: 'field_visit',
      investigators: ['u-rm1', 'u-approver2'],
      questionnaire: { id: questionnaireFor('DYD').id, version: 1 },
      flags: [{ questionId: 'revenue_consistent' }],
    });
    const d = await detail(a.id);
    expect(d.investigation.flags).toHaveLength(1);
    // approver2 took part: refused; approver1 did not: approved.
    const sod = await approve('approver2', a.id, d.version, '800000.00');
    expect(sod.statusCode).toBe(403);
    expect(sod.json()).toMatchObject({ reasonCode: 'SOD_INVESTIGATOR' });
    const ok = await approve('approver1', a.id, d.version, '800000.00');
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses a wrong answer type, an unknown question and a missing required answer, changing nothing', async () => {
    const a = await submit('DYD', '800000.00', 'standard');
    const v = (await detail(a.id)).version;
    const base = { kind: 'field_visit', secondInvestigator: 'u-supervisor1', date: ASOF, summary: '走访' };
    const wrong = await unchanged(
      await record(a.id, { ...base, answers: { ...SECURED_ANSWERS, staff_seen: 'many' } }),
      400,
      'validation_failed',
      a.id,
      v,
    );
    expect(wrong.investigation).toBeNull();
    await unchanged(
      await record(a.id, { ...base, answers: { ...SECURED_ANSWERS, mood: true } }),
      400,
      'validation_failed',
      a.id,
      v,
    );
    const { title_clear: _, ...missing } = SECURED_ANSWERS;
    const m = await record(a.id, { ...base, answers: missing });
    expect(m.statusCode).toBe(400);
    expect(JSON.stringify(m.json())).toContain('title_clear');
    await unchanged(
      await record(a.id, { ...base, answers: { ...SECURED_ANSWERS, revenue_consistent: 'fine' } }),
      400,
      'validation_failed',
      a.id,
      v,
    );
    // Approvers do not record investigations.
    await unchanged(await record(a.id, { ...base, answers: SECURED_ANSWERS }, 'approver1'), 403, 'forbidden', a.id, v);
  });

  it('records a video investigation with participants, times and the recording', async () => {
    const a = await submit('DYD', '800000.00', 'standard');
    const r = await record(a.id, {
      kind: 'video',
      participants: ['客户经理 rm1', '法定代表人'],
      startedAt: '2026-11-30T09:00:00+08:00',
      endedAt: '2026-11-30T09:40:00+08:00',
      recordingRef: 'VID-2026-0001',
      summary: '视频调查，核实经营场所。',
      answers: SECURED_ANSWERS,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().investigation).toMatchObject({
      kind: 'video',
      video: { recordingRef: 'VID-2026-0001' },
      flags: [],
    });
    const bad = await record(a.id, {
      kind: 'video',
      participants: ['a', 'b'],
      startedAt: '2026-11-30T10:00:00+08:00',
      endedAt: '2026-11-30T09:00:00+08:00',
      recordingRef: 'x',
      summary: 's',
      answers: SECURED_ANSWERS,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a waiver no rule allows (standard secured case); records the rule on a fast credit case graded A/B', async () => {
    const a = await submit('DYD', '800000.00', 'standard');
    const v = (await detail(a.id)).version;
    const d = await unchanged(await record(a.id, { kind: 'waived' }), 422, 'investigation.waiver_not_allowed', a.id, v);
    expect(d.investigation).toBeNull();
    const f = await submit('XMD', '300000.00', 'fast', 'AB');
    const w = await record(f.id, { kind: 'waived' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().investigation).toMatchObject({ kind: 'waived', waiver: { ruleId: 'WAIVE-FAST-CREDIT-AB' } });
  });
});
