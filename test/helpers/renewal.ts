/**
 * 续贷 / 增额 test setup, one for every renewal test file (bank-api/routes/renewal.test.ts,
 * case-renewal.test.ts): a bank API on a fresh database of the engine, a Shanghai (SH-PD) borrower fit
 * for renewal with one real submission (the base application, in approver1's queue), loans of that
 * borrower as rows in exactly the state a test needs (disbursement has its own tests), and the renewal
 * route as rm1 calls it.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../../bank-api/app';
import { branchForRegion } from '../../bank-api/workflow/branches';
import { beijingDate } from '../../shared/calendar';
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import { renewalEligibility } from '../../shared/credit/renewal';
import { yuan } from '../../shared/money/money';
import { signIn } from './api';
import { findCase, type Pick, testProfileProvider } from './profiles';
import { createTestDatabase, type Engine, type TestDatabase } from './test-db';

export const TODAY = beijingDate(new Date());
export const addDays = (d: string, n: number) => formatCivilDate(fromDayNumber(toDayNumber(parseCivilDate(d)) + n));
/** The guarantor the base application names (its product is guaranteed); renewals carry it over. */
export const GUARANTOR = '上海市中小微企业政策性融资担保基金管理中心';
/** The base application's terms: 300,000 yuan on LDD for 12 months, interest first. */
export const BASE_TERMS = {
  productCode: 'LDD',
  amount: '300000.00',
  termMonths: 12,
  repaymentMethod: 'interest_first',
} as const;

/**
 * A Shanghai (SH-PD) borrower that the engine admits and refers to one approver (fast tier) on the base
 * terms — so its renewals wait in approver1's queue — and that meets every 无还本续贷 condition on its
 * data today for a normal loan of 300,000 yuan maturing in 30 days.
 */
export function renewalBorrower(today = TODAY): Pick {
  return findCase(
    BASE_TERMS,
    today,
    (a, p) =>
      a.tier === 'fast' &&
      a.instant.outcome === 'refer' &&
      a.admission.passed &&
      branchForRegion(p.region) === 'SH-PD' &&
      renewalEligibility({
        loan: {
          id: 'X',
          loanType: 'working_capital',
          balance: yuan(300_000),
          maturityDate: addDays(today, 30),
          daysPastDue: 0,
          maxDaysPastDue: 0,
          classification: 'normal',
          writtenOffOn: null,
        },
        profile: p,
        newLoanStandard: { passed: a.admission.passed && !a.negativeList.hit, failed: [] },
        openSignals: [],
        today,
      }).noPrincipalRenewal.allowed,
  );
}

/** A loan row's state; by default a normal SH-PD loan of 300,000 yuan, fully outstanding, maturing in 30 days. */
export interface LoanState {
  /** Outstanding balance in fen. */
  balance?: string;
  maturity?: string;
  classification?: string;
  writtenOff?: string;
  dpd?: number;
  branch?: string;
  /** The application the loan was disbursed from; none by default. */
  applicationId?: string;
}

/** What a renewal test reads and calls; the fields are set by the time its tests run (useRenewalSetup). */
export class RenewalSetup {
  tdb!: TestDatabase;
  app!: FastifyInstance;
  as!: Awaited<ReturnType<typeof signIn>>;
  /** The borrower's real submission on the base terms, in review in approver1's queue. */
  baseApp = '';
  enterpriseId = '';
  readonly borrower = renewalBorrower();
  private keyN = 0;
  private loanN = 0;

  /** `tag` marks this file's loan ids and idempotency keys. */
  constructor(
    private readonly engine: Engine,
    private readonly tag: string,
  ) {}

  /** A fresh idempotency key. */
  key(): string {
    return `${this.tag}-${Date.now()}-${this.keyN++}`;
  }

  /** Inserts a loan of the borrower in `l`'s state; its id. */
  async loan(l: LoanState = {}): Promise<string> {
    const id = `LN-${this.tag}${this.engine === 'pglite' ? 'P' : 'G'}${String(++this.loanN).padStart(4, '0')}`;
    const maturity = l.maturity ?? addDays(TODAY, 30);
    await this.tdb.db.query(
      `INSERT INTO loans (id, application_id, enterprise_id, branch_id, product_code, industry_code, principal_fen,
         balance_fen, annual_rate, disbursed_on, maturity_date, days_past_due, max_dpd, classification, term_months,
         repayment_method, written_off_on)
       VALUES ($1, $2, $3, $4, 'LDD', 'C3311', 30000000, $5, 4.35, $6, $7, $8, $8, $9, 12, 'interest_first', $10)`,
      [
        id,
        l.applicationId ?? null,
        this.enterpriseId,
        l.branch ?? 'SH-PD',
        l.balance ?? '30000000',
        addDays(maturity, -365),
        maturity,
        l.dpd ?? 0,
        l.classification ?? 'normal',
        l.writtenOff ?? null,
      ],
    );
    return id;
  }

  /** POST /api/v1/loans/{id}/renewal as `user` with idempotency key `k` (a fresh one; null: none). */
  start(
    loanId: string,
    payload: unknown,
    user = 'rm1',
    k: string | null = this.key(),
  ): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'POST',
      url: `/api/v1/loans/${loanId}/renewal`,
      headers: this.as(user, k ? { 'idempotency-key': k } : {}),
      payload: payload as object,
    });
  }
}

/**
 * Sets the calling describe block up for renewal tests on `engine`: its beforeAll builds the app, signs
 * `users` in (rm1 at least) and submits the base application as rm1; its afterAll closes and drops them.
 */
export function useRenewalSetup(engine: Engine, o: { users: readonly string[]; tag: string }): RenewalSetup {
  const s = new RenewalSetup(engine, o.tag);
  beforeAll(async () => {
    s.tdb = await createTestDatabase(engine);
    s.app = await buildApp({
      db: s.tdb.db,
      logLevel: process.env.TEST_LOG ?? 'silent',
      profiles: testProfileProvider(),
    });
    s.as = await signIn(s.app, o.users);
    const r = await s.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: s.as('rm1', { 'idempotency-key': s.key() }),
      payload: {
        uscc: s.borrower.uscc,
        ...BASE_TERMS,
        purpose: '采购原材料',
        channel: 'branch',
        guarantors: [{ name: GUARANTOR }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    s.baseApp = r.json().application.id;
    s.enterpriseId = r.json().application.enterpriseId;
  });
  afterAll(async () => {
    await s.app?.close();
    await s.tdb?.drop();
  });
  return s;
}
