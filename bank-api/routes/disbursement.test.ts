/**
 * 放款审核 through the bank API, on PGlite and PostgreSQL: the maker records evidence and prepares, a
 * checker who is not the maker confirms, `signed → disbursed` and the loan — and every refusal on the way.
 *
 * The cases start from a real submission; the approval and signing are set on the row (that path has its
 * own tests: decisions, contracts), so that each test here owns a case in exactly the state it needs.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate, isWorkingDay } from '../../shared/calendar';
import { withCheckDigit } from '../../shared/credit/loan-conditions';
import { lprOn } from '../../shared/credit/pricing';
import { signIn } from '../../test/helpers/api';
import { addOfficerOps9, type SignedCopy, signedCopy } from '../../test/helpers/disbursement';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { verifyAuditChain } from '../audit/chain';
import { branchForRegion } from '../workflow/branches';

const ASOF = beijingDate(new Date());
const inShanghai = (p: { region: string }) => branchForRegion(p.region) === 'SH-PD';
let keyN = 0;
const key = () => `disb-key-${Date.now()}-${keyN++}`;

const PAYEE = '上海浦江钢材贸易有限公司';
const GOOD_ACCOUNT = withCheckDigit('622202100112345678');
const BAD_ACCOUNT = `${GOOD_ACCOUNT.slice(0, -1)}${(Number(GOOD_ACCOUNT.slice(-1)) + 1) % 10}`;
const SETTLEMENT = withCheckDigit('31001590000005012');

const LDD_CONDITIONS = [
  { type: 'entrusted_payment', params: { payeeName: PAYEE } },
  { type: 'settlement_account', params: {} },
  '按月报送财务报表',
];

describe.each(testEngines())('disbursement (放款审核) on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let baseId = '';
  let n = 0;
  const ldd = findCase(
    { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
    ASOF,
    (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && inShanghai(p),
  );

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    // A third disbursement officer, so that two checkers can race for one case.
    await addOfficerOps9(tdb.db);
    as = await signIn(app, ['ops1', 'ops2', 'ops9', 'rm1', 'approver1', 'contract1']);
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: {
        uscc: ldd.uscc,
        productCode: 'LDD',
        amount: '300000.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        purpose: '采购原材料',
        channel: 'branch',
        guarantors: [{ name: '上海市中小微企业政策性融资担保基金管理中心' }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    baseId = r.json().application.id;
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  /** A copy of the submitted case, approved with these terms and conditions and in `status`. */
  const caseWith = (o: SignedCopy) => signedCopy(tdb.db, baseId, `APP20261130${String(9_000_000 + ++n)}`, o);

  const get = (id: string, user = 'ops1') =>
    app.inject({ method: 'GET', url: `/api/v1/applications/${id}/disbursement`, headers: as(user) });
  const version = async (id: string) => (await get(id)).json().version as number;
  const record = async (id: string, index: number, evidence: unknown, user = 'ops1', v?: number, k = key()) =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/disbursement/conditions/${index}`,
      headers: as(user, { 'idempotency-key': k, 'if-match': `"${v ?? (await version(id))}"` }),
      payload: { evidence },
    });
  const post = async (
    id: string,
    step: '' | '/prepare' | '/send-back',
    user: string,
    payload = {},
    v?: number,
    k = key(),
  ) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/disbursement${step}`,
      headers: as(user, { 'idempotency-key': k, 'if-match': `"${v ?? (await version(id))}"` }),
      payload,
    });
  const appStatus = async (id: string) =>
    (await tdb.db.query<{ status: string }>('SELECT status FROM applications WHERE id = $1', [id])).rows[0]!.status;
  const loans = async (id: string) =>
    (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM loans WHERE application_id = $1', [id])).rows[0]!
      .n;

  const payees = (amounts: [string, string][]) => ({
    kind: 'payees',
    payees: amounts.map(([name, amount], i) => ({
      name,
      account: i === 0 ? GOOD_ACCOUNT : withCheckDigit(`62220210011234${5670 + i}`),
      bank: '中国工商银行上海浦东分行',
      amount,
    })),
  });

  /** Evidence for LDD_CONDITIONS that satisfies each. */
  const evidenceAll = async (id: string, user = 'ops1') => {
    expect((await record(id, 0, payees([[PAYEE, '300000.00']]), user)).statusCode).toBe(200);
    expect((await record(id, 1, { kind: 'account', account: SETTLEMENT }, user)).statusCode).toBe(200);
    expect((await record(id, 2, { kind: 'document', reference: '2026年10月财务报表' }, user)).statusCode).toBe(200);
  };

  it('refuses other roles (403) and cases outside the scope (404)', async () => {
    const id = await caseWith({ conditions: LDD_CONDITIONS });
    for (const u of ['approver1', 'contract1', 'rm1']) {
      const r = await get(id, u);
      expect(r.statusCode, u).toBe(403);
      expect(r.json().requiredRoles).toEqual(['disbursement_officer']);
    }
    const far = await caseWith({ conditions: LDD_CONDITIONS, branch: 'HZ-XH' });
    expect((await get(far)).statusCode).toBe(404);
    const w = await record(far, 1, { kind: 'account', account: SETTLEMENT }, 'ops1', 0);
    expect(w.statusCode).toBe(404);
    expect(w.headers['content-type']).toContain('application/problem+json');
    const q = (await app.inject({ method: 'GET', url: '/api/v1/disbursements?view=all', headers: as('ops1') })).json();
    expect(q.items.map((x: { applicationId: string }) => x.applicationId)).toContain(id);
    expect(q.items.map((x: { applicationId: string }) => x.applicationId)).not.toContain(far);
  });

  it('refuses a case that is not signed (409) and changes nothing', async () => {
    const id = await caseWith({ conditions: LDD_CONDITIONS, status: 'contracting' });
    const r = await record(id, 1, { kind: 'account', account: SETTLEMENT }, 'ops1', 0);
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('disbursement.not_signed');
    const c = await post(id, '', 'ops2', {}, 0);
    expect(c.statusCode).toBe(409);
    expect(await appStatus(id)).toBe('contracting');
    expect((await tdb.db.query('SELECT 1 FROM disbursements WHERE application_id = $1', [id])).rows).toHaveLength(0);
  });

  it('refuses bad evidence with a clear 422 and leaves the case unchanged', async () => {
    const id = await caseWith({ conditions: LDD_CONDITIONS });
    // The payee's account fails its check digit.
    const digit = await record(id, 0, {
      ...payees([[PAYEE, '300000.00']]),
      payees: [{ ...payees([[PAYEE, '300000.00']]).payees[0], account: BAD_ACCOUNT }],
    });
    expect(digit.statusCode).toBe(422);
    expect(digit.json().code).toBe('disbursement.evidence_invalid');
    expect(digit.json().problems.map((p: { code: string }) => p.code)).toEqual(['evidence.account_check_digit']);
    expect(digit.json().detail).toContain('受托支付');
    // The payees do not sum to the loan.
    const sum = await record(
      id,
      0,
      payees([
        [PAYEE, '200000.00'],
        ['上海某物流有限公司', '99999.99'],
      ]),
    );
    expect(sum.statusCode).toBe(422);
    expect(sum.json().problems.map((p: { code: string }) => p.code)).toEqual(['evidence.payees_sum']);
    // The approval names a payee that is not among them.
    const name = await record(id, 0, payees([['上海另一家公司', '300000.00']]));
    expect(name.statusCode).toBe(422);
    expect(name.json().problems.map((p: { code: string }) => p.code)).toEqual(['evidence.payee_name']);
    // Evidence of the wrong kind; a document condition "ticked" with neither document nor reference.
    const kind = await record(id, 1, { kind: 'document', reference: 'x' });
    expect(kind.json().problems.map((p: { code: string }) => p.code)).toEqual(['evidence.wrong_kind']);
    const empty = await record(id, 2, { kind: 'document' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().problems.map((p: { code: string }) => p.code)).toEqual(['evidence.document_missing']);
    // A settlement account with a wrong check digit.
    const acct = await record(id, 1, { kind: 'account', account: BAD_ACCOUNT });
    expect(acct.json().problems.map((p: { code: string }) => p.code)).toEqual(['evidence.account_check_digit']);
    // No such condition.
    expect((await record(id, 7, { kind: 'account', account: SETTLEMENT })).statusCode).toBe(400);
    // Nothing was written.
    const d = (await get(id)).json();
    expect(d.version).toBe(0);
    expect(d.disbursementStatus).toBe('open');
    expect(d.conditions.every((c: { evidence: unknown }) => c.evidence === null)).toBe(true);
    // Prepare without evidence: 422 naming every condition.
    const p = await post(id, '/prepare', 'ops1');
    expect(p.statusCode).toBe(422);
    expect(p.json().code).toBe('disbursement.conditions_unsatisfied');
    expect(p.json().conditions.map((c: { index: number; type: string }) => [c.index, c.type])).toEqual([
      [0, 'entrusted_payment'],
      [1, 'settlement_account'],
      [2, 'other'],
    ]);
    expect(await appStatus(id)).toBe('signed');
  });

  it('maker ≠ checker; the checker confirms; the loan remembers its application; a replay answers the same', async () => {
    const id = await caseWith({ conditions: LDD_CONDITIONS });
    await tdb.db.query(
      `INSERT INTO contracts (document_id, application_id, contract_id, revision, template_id, template_version, kind,
         content_hash, pdf_sha256, pdf_bytes, status, generated_by, generated_at, updated_at)
       VALUES ($1, $2, $1, 1, 'loan-v1', '1', 'loan', 'abcd', $3, 1000, 'signed', 'u-contract1', now(), now())`,
      [`HT${id.slice(3)}`, id, 'a'.repeat(64)],
    );
    await evidenceAll(id);
    const prepared = await post(id, '/prepare', 'ops1', { comment: '资料齐全' });
    expect(prepared.statusCode, prepared.body).toBe(200);
    expect(prepared.json().disbursement).toMatchObject({ disbursementStatus: 'prepared', makerId: 'u-ops1' });
    expect(prepared.json().disbursement.mayDisburse).toBe(false);
    // The maker cannot confirm (nor send back) their own disbursement.
    const self = await post(id, '', 'ops1');
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('disbursement.maker_is_checker');
    expect((await post(id, '/send-back', 'ops1', { reason: '自己退回' })).statusCode).toBe(403);
    // Evidence cannot change once prepared.
    const late = await record(id, 1, { kind: 'account', account: SETTLEMENT });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('disbursement.already_prepared');
    // If-Match: a stale version is 412; without it, 428.
    const v = await version(id);
    expect((await post(id, '', 'ops2', {}, v - 1)).statusCode).toBe(412);
    const noMatch = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/disbursement`,
      headers: as('ops2', { 'idempotency-key': key() }),
      payload: {},
    });
    expect(noMatch.statusCode).toBe(428);
    expect(await (await get(id, 'ops2')).json().mayDisburse).toBe(true);

    const k = key();
    const ok = await post(id, '', 'ops2', { comment: '复核通过' }, v, k);
    expect(ok.statusCode, ok.body).toBe(200);
    const body = ok.json();
    expect(body.outcome).toBe('disbursed');
    expect(body.disbursement).toMatchObject({
      applicationStatus: 'disbursed',
      disbursementStatus: 'disbursed',
      makerId: 'u-ops1',
      checkerId: 'u-ops2',
      contractId: `HT${id.slice(3)}`,
    });
    // The same key again: the same answer, no second loan.
    const again = await post(id, '', 'ops2', { comment: '复核通过' }, v, k);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(body);
    // Another key: the case is disbursed (409).
    const twice = await post(id, '', 'ops2', {}, v + 1);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('disbursement.already_disbursed');
    expect(await loans(id)).toBe(1);

    // The loan row and its link.
    const loan = (
      await tdb.db.query<Record<string, unknown>>(
        `SELECT l.*, l.annual_rate::text AS rate, l.lpr_percent::text AS lpr, l.disbursed_on::text AS on_date,
           l.maturity_date::text AS maturity, e.industry_code AS e_industry
         FROM loans l JOIN enterprises e ON e.id = l.enterprise_id WHERE l.application_id = $1`,
        [id],
      )
    ).rows[0]!;
    const disbursedOn = loan.on_date as string;
    expect(isWorkingDay(disbursedOn)).toBe(true);
    expect(loan).toMatchObject({
      id: `LN-${id}`,
      disbursement_id: `FK-${id}`,
      contract_id: `HT${id.slice(3)}`,
      grade: 'B',
      tier: 'fast',
      channel: 'branch',
      score: 612,
      product_code: 'LDD',
      branch_id: 'SH-PD',
      principal_fen: expect.anything(),
      term_months: 12,
      repayment_method: 'equal_installment',
      rate: '4.3500',
      classification: 'normal',
      days_past_due: 0,
    });
    expect(String(loan.principal_fen)).toBe('30000000');
    expect(String(loan.balance_fen)).toBe('30000000');
    expect(loan.industry_code).toBe(loan.e_industry);
    const lprBp = lprOn(disbursedOn, '1y');
    expect(Number(loan.lpr)).toBeCloseTo(lprBp / 100, 4);
    expect(loan.spread_bp).toBe(435 - lprBp);
    const schedule = loan.schedule as { period: number; dueDate: string; principal: string; interest: string }[];
    expect(schedule).toHaveLength(12);
    expect(schedule.map((s) => s.period)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const principalSum = schedule.reduce((s, x) => s + Math.round(Number(x.principal) * 100), 0);
    expect(principalSum).toBe(30_000_000);
    expect(loan.maturity).toBe(schedule[11]!.dueDate);
    expect(body.disbursement.loan).toMatchObject({ id: `LN-${id}`, spreadBp: 435 - lprBp, principal: '300000.00' });

    // History, audit and the queue.
    const h = await tdb.db.query<{ action: string; actor_id: string; to_status: string }>(
      "SELECT action, actor_id, to_status FROM decisions WHERE application_id = $1 AND action = 'disbursed'",
      [id],
    );
    expect(h.rows).toEqual([{ action: 'disbursed', actor_id: 'u-ops2', to_status: 'disbursed' }]);
    const audit = await tdb.db.query<{ action: string }>(
      "SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE '%disburse%' ORDER BY seq",
      [id],
    );
    expect(audit.rows.map((a) => a.action)).toEqual([
      'disbursement.evidence_recorded',
      'disbursement.evidence_recorded',
      'disbursement.evidence_recorded',
      'disbursement.prepared',
      'application.disbursed',
    ]);
    expect((await verifyAuditChain(tdb.db)).ok).toBe(true);
    const q = (await app.inject({ method: 'GET', url: '/api/v1/disbursements', headers: as('ops2') })).json();
    expect(q.items.map((x: { applicationId: string }) => x.applicationId)).not.toContain(id);
  });

  it('a checker who recorded evidence cannot confirm it; send-back returns it to the maker', async () => {
    const id = await caseWith({ conditions: LDD_CONDITIONS });
    await evidenceAll(id, 'ops1');
    // ops2 corrects one piece of evidence, then ops1 prepares: ops2 may not check it.
    expect((await record(id, 2, { kind: 'document', reference: '2026年11月财务报表' }, 'ops2')).statusCode).toBe(200);
    expect((await post(id, '/prepare', 'ops1')).statusCode).toBe(200);
    const r = await post(id, '', 'ops2');
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('disbursement.maker_is_checker');
    // ops9 (a third officer) sends it back with a reason; the maker corrects and prepares again; ops9 confirms.
    const back = await post(id, '/send-back', 'ops9', { reason: '收款人开户行名称需与合同一致' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().disbursement).toMatchObject({
      disbursementStatus: 'sent_back',
      sentBackBy: 'u-ops9',
      sendBackReason: '收款人开户行名称需与合同一致',
    });
    expect((await post(id, '/send-back', 'ops9', { reason: '' })).statusCode).toBe(400);
    expect((await post(id, '', 'ops9')).json().code).toBe('disbursement.not_prepared');
    expect((await record(id, 2, { kind: 'document', reference: '2026年11月财务报表' }, 'ops1')).statusCode).toBe(200);
    expect((await post(id, '/prepare', 'ops1')).statusCode).toBe(200);
    expect((await post(id, '', 'ops9')).statusCode).toBe(200);
    expect(await appStatus(id)).toBe('disbursed');
  });

  it('requires the mortgage registration certificate for DYD even when the approval forgot it', async () => {
    const id = await caseWith({ product: 'DYD', conditions: [], amount: '800000.00' });
    const d = (await get(id)).json();
    expect(d.conditions).toHaveLength(1);
    expect(d.conditions[0]).toMatchObject({
      source: 'product',
      evidenceKind: 'registration',
      condition: { type: 'mortgage_registration' },
      satisfied: false,
    });
    const p = await post(id, '/prepare', 'ops1');
    expect(p.statusCode).toBe(422);
    expect(p.json().conditions).toEqual([expect.objectContaining({ index: 0, type: 'mortgage_registration' })]);
    const bad = await record(id, 0, { kind: 'registration', certificateNo: '123' });
    expect(bad.statusCode).toBe(400); // too short for a certificate number
    const cert = await record(id, 0, { kind: 'registration', certificateNo: '沪(2026)浦东新区不动产证明第0123456号' });
    expect(cert.statusCode, cert.body).toBe(200);
    expect((await post(id, '/prepare', 'ops1')).statusCode).toBe(200);
    const ok = await post(id, '', 'ops2');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().disbursement.loan).toMatchObject({ productCode: 'DYD', principal: '800000.00' });
  });

  it('two checkers at once: exactly one disbursement, the other 409', async () => {
    const id = await caseWith({ conditions: [] });
    expect((await post(id, '/prepare', 'ops1')).statusCode).toBe(200);
    const v = await version(id);
    const [a, b] = await Promise.all([post(id, '', 'ops2', {}, v), post(id, '', 'ops9', {}, v)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().code).toBe('disbursement.already_disbursed');
    expect(await loans(id)).toBe(1);
    const h = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM decisions WHERE application_id = $1 AND action = 'disbursed'",
      [id],
    );
    expect(h.rows[0]!.n).toBe(1);
  });

  it('refuses a signed case whose live contract is not signed (409)', async () => {
    const id = await caseWith({ conditions: [] });
    await tdb.db.query(
      `INSERT INTO contracts (document_id, application_id, contract_id, revision, template_id, template_version, kind,
         content_hash, pdf_sha256, pdf_bytes, status, generated_by, generated_at, updated_at)
       VALUES ($1, $2, $1, 1, 'loan-v1', '1', 'loan', 'abcd', $3, 1000, 'exported', 'u-contract1', now(), now())`,
      [`HT${id.slice(3)}`, id, 'b'.repeat(64)],
    );
    expect((await post(id, '/prepare', 'ops1')).statusCode).toBe(200);
    const r = await post(id, '', 'ops2');
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('disbursement.contracts_unsigned');
    expect(await appStatus(id)).toBe('signed');
    expect(await loans(id)).toBe(0);
  });
});
