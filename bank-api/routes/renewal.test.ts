/**
 * Renewal (续贷) and top-up (增额) from a loan through the bank API, on PGlite and PostgreSQL: the rules'
 * answer (created nothing), a renewal submitted through the same path as a new application and found in
 * the approver's queue, idempotent replay, and every refusal — written-off, repaid and non-performing
 * loans, another branch's relationship manager, roles that do not start renewals — with nothing changed.
 *
 * The enterprise and the loan's application come from a real submission; the loans themselves are rows
 * (disbursement has its own tests), each in exactly the state a test needs.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import { RENEWAL_RULES_2024, renewalEligibility } from '../../shared/credit/renewal';
import { yuan } from '../../shared/money/money';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { verifyAuditChain } from '../audit/chain';
import { branchForRegion } from '../workflow/branches';

const TODAY = beijingDate(new Date());
const addDays = (d: string, n: number) => formatCivilDate(fromDayNumber(toDayNumber(parseCivilDate(d)) + n));
let keyN = 0;
const key = () => `renewal-key-${Date.now()}-${keyN++}`;
const GUARANTOR = '上海市中小微企业政策性融资担保基金管理中心';

describe.each(testEngines())('renewal (续贷) from a loan on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let baseApp = '';
  let enterpriseId = '';
  let loanN = 0;
  // A Shanghai (SH-PD) borrower that the engine refers to one approver (fast tier) for 300,000 yuan on LDD,
  // and that meets every 无还本续贷 condition on its data today.
  const pick = findCase(
    { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'interest_first' },
    TODAY,
    (a, p) =>
      a.tier === 'fast' &&
      a.instant.outcome === 'refer' &&
      branchForRegion(p.region) === 'SH-PD' &&
      renewalEligibility({
        loan: {
          id: 'X',
          loanType: 'working_capital',
          balance: yuan(300_000),
          maturityDate: addDays(TODAY, 30),
          daysPastDue: 0,
          maxDaysPastDue: 0,
          classification: 'normal',
          writtenOffOn: null,
        },
        profile: p,
        newLoanStandard: { passed: a.admission.passed && !a.negativeList.hit, failed: [] },
        openSignals: [],
        today: TODAY,
      }).noPrincipalRenewal.allowed,
  );

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['rm1', 'rm2', 'approver1', 'supervisor1', 'ops1']);
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: {
        uscc: pick.uscc,
        productCode: 'LDD',
        amount: '300000.00',
        termMonths: 12,
        repaymentMethod: 'interest_first',
        purpose: '采购原材料',
        channel: 'branch',
        guarantors: [{ name: GUARANTOR }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    baseApp = r.json().application.id;
    enterpriseId = r.json().application.enterpriseId;
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  /** A loan row of the borrower (the first one linked to its application), in the state a test needs. */
  const loan = async (
    o: {
      balance?: string;
      maturity?: string;
      classification?: string;
      writtenOff?: string;
      dpd?: number;
      branch?: string;
    } = {},
  ) => {
    const id = `LN-T${engine === 'pglite' ? 'P' : 'G'}${String(++loanN).padStart(4, '0')}`;
    await tdb.db.query(
      `INSERT INTO loans (id, application_id, enterprise_id, branch_id, product_code, industry_code, principal_fen,
         balance_fen, annual_rate, disbursed_on, maturity_date, days_past_due, max_dpd, classification, term_months,
         repayment_method, written_off_on)
       VALUES ($1, $2, $3, $4, 'LDD', 'C3311', 30000000, $5, 4.35, $6, $7, $8, $8, $9, 12, 'interest_first', $10)`,
      [
        id,
        loanN === 1 ? baseApp : null,
        enterpriseId,
        o.branch ?? 'SH-PD',
        o.balance ?? '30000000',
        addDays(o.maturity ?? addDays(TODAY, 30), -365),
        o.maturity ?? addDays(TODAY, 30),
        o.dpd ?? 0,
        o.classification ?? 'normal',
        o.writtenOff ?? null,
      ],
    );
    return id;
  };

  const counts = async () =>
    (
      await tdb.db.query<{ applications: number; audit_events: number; idempotency_keys: number; decisions: number }>(
        `SELECT (SELECT count(*) FROM applications)::int AS applications,
           (SELECT count(*) FROM audit_events)::int AS audit_events,
           (SELECT count(*) FROM idempotency_keys)::int AS idempotency_keys,
           (SELECT count(*) FROM decisions)::int AS decisions`,
      )
    ).rows[0]!;
  const eligibility = (id: string, user = 'rm1') =>
    app.inject({ method: 'GET', url: `/api/v1/loans/${id}/renewal-eligibility`, headers: as(user) });
  const start = (id: string, payload: unknown, user = 'rm1', k: string | null = key()) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/loans/${id}/renewal`,
      headers: as(user, k ? { 'idempotency-key': k } : {}),
      payload: payload as object,
    });

  let mainLoan = '';

  it('answers whether 无还本续贷 is allowed, condition by condition, and creates nothing', async () => {
    mainLoan = await loan();
    const before = await counts();
    const r = await eligibility(mainLoan);
    expect(r.statusCode, r.body).toBe(200);
    const b = r.json();
    expect(b.eligibility).toMatchObject({ ruleVersion: RENEWAL_RULES_2024.version, loanId: mainLoan, blocked: null });
    expect(b.eligibility.noPrincipalRenewal.allowed).toBe(true);
    expect(b.eligibility.noPrincipalRenewal.conditions).toHaveLength(10);
    expect(b.defaults).toMatchObject({ amount: '300000.00', termMonths: 12 });
    expect(b.loan).toMatchObject({ id: mainLoan, productCode: 'LDD', balance: '300000.00', classification: 'normal' });
    expect(b.applications).toEqual([]);
    // Every reader of loans may ask; the answer is the same.
    const a = await eligibility(mainLoan, 'approver1');
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().eligibility.noPrincipalRenewal.allowed).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('starts a renewal: an application linked to the loan, routed into the approver’s queue; a replay returns it again', async () => {
    const before = await counts();
    const k = key();
    const r = await start(mainLoan, { kind: 'renewal' }, 'rm1', k);
    expect(r.statusCode, r.body).toBe(201);
    const b = r.json();
    expect(b).toMatchObject({ kind: 'renewal', loanId: mainLoan, decidedInstantly: false });
    expect(b.eligibility.noPrincipalRenewal.allowed).toBe(true);
    expect(b.application).toMatchObject({
      status: 'in_review',
      tier: 'fast',
      amount: '300000.00',
      termMonths: 12,
      productCode: 'LDD',
      enterpriseId,
      branchId: 'SH-PD',
    });
    expect(r.headers.location).toBe(`/api/v1/applications/${b.application.id}`);
    const row = (
      await tdb.db.query<{
        kind: string;
        renewal_of_loan_id: string;
        renewal_eligibility: { ruleVersion: string };
        purpose: string;
        guarantors: unknown;
        created_by: string;
      }>(
        'SELECT kind, renewal_of_loan_id, renewal_eligibility, purpose, guarantors, created_by FROM applications WHERE id = $1',
        [b.application.id],
      )
    ).rows[0]!;
    expect(row).toMatchObject({
      kind: 'renewal',
      renewal_of_loan_id: mainLoan,
      renewal_eligibility: { ruleVersion: 'RN-2024.1' },
      purpose: '采购原材料',
      guarantors: [{ name: GUARANTOR }],
      created_by: 'u-rm1',
    });
    // The same submission records as any new application: screening, routing, audit.
    const hist = await tdb.db.query<{ action: string }>(
      'SELECT action FROM decisions WHERE application_id = $1 ORDER BY id',
      [b.application.id],
    );
    expect(hist.rows.map((h) => h.action)).toEqual(['screen', 'route']);
    const audit = await tdb.db.query<{ action: string }>(
      "SELECT action FROM audit_events WHERE entity_type = 'loan' AND entity_id = $1",
      [mainLoan],
    );
    expect(audit.rows.map((x) => x.action)).toEqual(['loan.renewal_started']);
    expect((await verifyAuditChain(tdb.db)).ok).toBe(true);
    const after = await counts();
    expect(after.applications).toBe(before.applications + 1);

    // approver1 (Shanghai) finds it in the queue.
    const queue = await app.inject({
      method: 'GET',
      url: `/api/v1/applications?status=in_review&q=${b.application.id}`,
      headers: as('approver1'),
    });
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().items.map((x: { id: string }) => x.id)).toContain(b.application.id);

    // The same key and body: the first answer again, nothing new.
    const again = await start(mainLoan, { kind: 'renewal' }, 'rm1', k);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().application.id).toBe(b.application.id);
    expect(await counts()).toEqual(after);
    // The same key for another request: 422, nothing new.
    const other = await start(mainLoan, { kind: 'renewal', amount: '1000.00' }, 'rm1', k);
    expect(other.statusCode, other.body).toBe(422);
    expect(await counts()).toEqual(after);
    // A second renewal while the first is on its way: 409 naming it.
    const twice = await start(mainLoan, { kind: 'renewal' });
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'renewal.already_open', applicationId: b.application.id });
    expect(await counts()).toEqual(after);
    // The loan's answer now lists it.
    const e = await eligibility(mainLoan);
    expect(e.json().applications).toEqual([
      expect.objectContaining({ id: b.application.id, kind: 'renewal', status: 'in_review', amount: '300000.00' }),
    ]);
  });

  it('starts a top-up as a new application for the new money; refuses one without an amount and a renewal above the balance', async () => {
    const id = await loan({ balance: '20000000' });
    const before = await counts();
    const none = await start(id, { kind: 'top_up' });
    expect(none.statusCode, none.body).toBe(422);
    expect(none.json().code).toBe('renewal.amount_required');
    const above = await start(id, { kind: 'renewal', amount: '200000.01' });
    expect(above.statusCode, above.body).toBe(422);
    expect(above.json()).toMatchObject({ code: 'renewal.amount_above_balance', balance: '200000.00' });
    expect(await counts()).toEqual(before);
    const r = await start(id, { kind: 'top_up', amount: '150000.00', termMonths: 24, purpose: '新增订单备货' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ kind: 'top_up', application: { amount: '150000.00', termMonths: 24 } });
    const row = (
      await tdb.db.query<{ kind: string; renewal_of_loan_id: string; purpose: string }>(
        'SELECT kind, renewal_of_loan_id, purpose FROM applications WHERE id = $1',
        [r.json().application.id],
      )
    ).rows[0]!;
    expect(row).toEqual({ kind: 'top_up', renewal_of_loan_id: id, purpose: '新增订单备货' });
  });

  it('still starts a renewal that 无还本续贷 does not cover, and says why', async () => {
    const id = await loan({ maturity: addDays(TODAY, 200) });
    const r = await start(id, { kind: 'renewal', amount: '250000.00' });
    expect(r.statusCode, r.body).toBe(201);
    const e = r.json().eligibility.noPrincipalRenewal;
    expect(e.allowed).toBe(false);
    const failed = e.conditions.filter((c: { passed: boolean }) => !c.passed);
    expect(failed.map((c: { code: string }) => c.code)).toEqual(['maturity_window']);
    expect(failed[0].reason.zh).toContain('距到期还有 200 天');
    expect(r.json().application.amount).toBe('250000.00');
  });

  it('refuses a written-off, a repaid and a non-performing loan with a problem document, nothing changed', async () => {
    const cases: [string, string][] = [
      [await loan({ writtenOff: addDays(TODAY, -40) }), 'renewal.loan_written_off'],
      [await loan({ balance: '0' }), 'renewal.loan_closed'],
      [await loan({ classification: 'substandard', dpd: 120 }), 'renewal.loan_non_performing'],
      [await loan({ classification: 'loss', dpd: 400 }), 'renewal.loan_non_performing'],
    ];
    const before = await counts();
    for (const [id, code] of cases) {
      for (const kind of ['renewal', 'top_up']) {
        const r = await start(id, { kind, amount: '100000.00' });
        expect(r.statusCode, `${id} ${kind} ${r.body}`).toBe(409);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.json()).toMatchObject({ code, loanId: id });
        expect(r.json().reasonZh).toMatch(/核销|结清|不良/);
      }
      const e = await eligibility(id);
      expect(e.statusCode, e.body).toBe(200);
      expect(e.json().eligibility.blocked.code).toBe(code);
      expect(e.json().eligibility.noPrincipalRenewal.allowed).toBe(false);
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses another branch's relationship manager (404), roles that do not start renewals (403), a missing key (428)", async () => {
    const before = await counts();
    const other = await start(mainLoan, { kind: 'top_up', amount: '100000.00' }, 'rm2');
    expect(other.statusCode, other.body).toBe(404);
    expect((await eligibility(mainLoan, 'rm2')).statusCode).toBe(404);
    for (const u of ['approver1', 'supervisor1', 'ops1']) {
      const r = await start(mainLoan, { kind: 'top_up', amount: '100000.00' }, u);
      expect(r.statusCode, `${u} ${r.body}`).toBe(403);
      expect(r.json().requiredRoles).toEqual(['relationship_manager']);
    }
    const nokey = await start(mainLoan, { kind: 'top_up', amount: '100000.00' }, 'rm1', null);
    expect(nokey.statusCode, nokey.body).toBe(428);
    const unknown = await start('LN-NOPE-0001', { kind: 'renewal' });
    expect(unknown.statusCode, unknown.body).toBe(404);
    const bad = await start(mainLoan, { kind: 'extend' });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(await counts()).toEqual(before);
  });
});
