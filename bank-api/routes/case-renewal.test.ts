/**
 * The case read (GET /api/v1/applications/{id}) of a renewal or top-up, and of a disbursed case, on PGlite
 * and PostgreSQL (issue 17 loose ends): a renewal names its loan and the 无还本续贷 answer it was started
 * with, reasons in Chinese and English; a top-up the same; a new application neither; a disbursed case the
 * loan it became, a case not yet disbursed none. The answer must pass the route's declared schema.
 *
 * The enterprise and the base application come from a real submission, the renewals from the renewal
 * route; the loans are rows (disbursement has its own tests), each in the state the test needs.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationDetailSchema } from '../../shared/api/applications';
import { beijingDate } from '../../shared/calendar';
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import { RENEWAL_RULES_2024 } from '../../shared/credit/renewal';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { branchForRegion } from '../workflow/branches';
import { renewalOf } from '../workflow/rows';

const TODAY = beijingDate(new Date());
const addDays = (d: string, n: number) => formatCivilDate(fromDayNumber(toDayNumber(parseCivilDate(d)) + n));
let keyN = 0;
const key = () => `case-renewal-${Date.now()}-${keyN++}`;

describe('renewalOf (the case answer from the stored row)', () => {
  it('is null for a new application, and gives an unreadable stored answer as null, not a failed read', () => {
    expect(renewalOf({ kind: 'new', renewal_of_loan_id: null, renewal_eligibility: null })).toBeNull();
    expect(
      renewalOf({ kind: 'top_up', renewal_of_loan_id: 'LN000000001', renewal_eligibility: { ruleVersion: 1 } }),
    ).toEqual({ kind: 'top_up', loanId: 'LN000000001', eligibility: null });
  });
});

describe.each(testEngines())('the case of a renewal, a top-up and a disbursed loan on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let baseApp = '';
  let enterpriseId = '';
  let loanN = 0;
  // A Shanghai (SH-PD) borrower the engine refers to one approver (fast tier) and admits: its renewals
  // wait in approver1's queue whatever the 无还本续贷 answer (each test reads the answer the start gave).
  const pick = findCase(
    { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'interest_first' },
    TODAY,
    (a, p) =>
      a.tier === 'fast' && a.instant.outcome === 'refer' && a.admission.passed && branchForRegion(p.region) === 'SH-PD',
  );

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['rm1', 'approver1']);
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
        guarantors: [{ name: '上海市中小微企业政策性融资担保基金管理中心' }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    baseApp = r.json().application.id;
    enterpriseId = r.json().application.enterpriseId;
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const loan = async (o: { maturity?: string; applicationId?: string } = {}) => {
    const id = `LN-C${engine === 'pglite' ? 'P' : 'G'}${String(++loanN).padStart(4, '0')}`;
    const maturity = o.maturity ?? addDays(TODAY, 30);
    await tdb.db.query(
      `INSERT INTO loans (id, application_id, enterprise_id, branch_id, product_code, industry_code, principal_fen,
         balance_fen, annual_rate, disbursed_on, maturity_date, days_past_due, max_dpd, classification, term_months,
         repayment_method)
       VALUES ($1, $2, $3, 'SH-PD', 'LDD', 'C3311', 30000000, 30000000, 4.35, $4, $5, 0, 0, 'normal', 12,
         'interest_first')`,
      [id, o.applicationId ?? null, enterpriseId, addDays(maturity, -365), maturity],
    );
    return id;
  };
  const read = async (id: string, user = 'approver1') => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as(user) });
    expect(r.statusCode, r.body).toBe(200);
    const parsed = ApplicationDetailSchema.safeParse(r.json());
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
    return r.json();
  };
  /** Starts a renewal or top-up; its application id and the answer the start gave. */
  const start = async (loanId: string, payload: object) => {
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/loans/${loanId}/renewal`,
      headers: as('rm1', { 'idempotency-key': key() }),
      payload,
    });
    expect(r.statusCode, r.body).toBe(201);
    return { id: r.json().application.id as string, eligibility: r.json().eligibility };
  };

  it('a disbursed case names the loan it became; before disbursement, and a new need, name no loan or renewal', async () => {
    const before = await read(baseApp);
    expect(before).toMatchObject({ renewal: null, loanId: null });
    const id = await loan({ applicationId: baseApp });
    // Still not disbursed: the loan row alone does not make the case read name it.
    expect((await read(baseApp)).loanId).toBeNull();
    await tdb.db.query("UPDATE applications SET status = 'disbursed' WHERE id = $1", [baseApp]);
    expect(await read(baseApp)).toMatchObject({ status: 'disbursed', loanId: id, renewal: null });
  });

  it('a renewal names its loan and the 无还本续贷 answer it was started with, condition by condition', async () => {
    const loanId = await loan();
    const started = await start(loanId, { kind: 'renewal' });
    const d = await read(started.id);
    expect(d.renewal).toMatchObject({
      kind: 'renewal',
      loanId,
      eligibility: { ruleVersion: RENEWAL_RULES_2024.version, loanId, blocked: null },
    });
    expect(d.renewal.eligibility).toEqual(started.eligibility);
    expect(d.renewal.eligibility.noPrincipalRenewal.conditions).toHaveLength(10);
    for (const c of d.renewal.eligibility.noPrincipalRenewal.conditions) {
      expect(c.label.zh.length, c.code).toBeGreaterThan(0);
      // A passed condition has no reason; a failed one says why in both languages.
      if (c.passed) expect(c.reason, c.code).toBeNull();
      else expect(c.reason.zh && c.reason.en, c.code).toBeTruthy();
    }
    expect(d.loanId).toBeNull();
    // The relationship manager who started it reads the same.
    expect((await read(started.id, 'rm1')).renewal).toEqual(d.renewal);
  });

  it('a top-up of a loan far from maturity: not allowed, with the window rule’s reason in Chinese and English', async () => {
    const loanId = await loan({ maturity: addDays(TODAY, 200) });
    const started = await start(loanId, { kind: 'top_up', amount: '100000.00' });
    const d = await read(started.id);
    expect(d.renewal).toMatchObject({ kind: 'top_up', loanId });
    const e = d.renewal.eligibility;
    expect(e).toEqual(started.eligibility);
    expect(e.noPrincipalRenewal.allowed).toBe(false);
    const window = e.noPrincipalRenewal.conditions.find((c: { code: string }) => c.code === 'maturity_window');
    expect(window.passed).toBe(false);
    expect(window.reason.zh).toContain('距到期还有 200 天');
    expect(window.reason.en).toContain('200 days to maturity');
  });
});
