/**
 * The case read (GET /api/v1/applications/{id}) of a renewal or top-up, and of a disbursed case, on PGlite
 * and PostgreSQL (issue 17 loose ends): a renewal names its loan and the 无还本续贷 answer it was started
 * with, reasons in Chinese and English; a top-up the same; a new application neither; a disbursed case the
 * loan it became, a case not yet disbursed none. The answer must pass the route's declared schema.
 *
 * The enterprise and the base application come from a real submission, the renewals from the renewal
 * route; the loans are rows (disbursement has its own tests), each in the state the test needs.
 */
import { describe, expect, it } from 'vitest';
import { ApplicationDetailSchema } from '../../shared/api/applications';
import { RENEWAL_RULES_2024 } from '../../shared/credit/renewal';
import { addDays, TODAY, useRenewalSetup } from '../../test/helpers/renewal';
import { testEngines } from '../../test/helpers/test-db';
import { renewalOf } from '../workflow/rows';

describe('renewalOf (the case answer from the stored row)', () => {
  it('is null for a new application, and gives an unreadable stored answer as null, not a failed read', () => {
    expect(renewalOf({ kind: 'new', renewal_of_loan_id: null, renewal_eligibility: null })).toBeNull();
    expect(
      renewalOf({ kind: 'top_up', renewal_of_loan_id: 'LN000000001', renewal_eligibility: { ruleVersion: 1 } }),
    ).toEqual({ kind: 'top_up', loanId: 'LN000000001', eligibility: null });
  });
});

describe.each(testEngines())('the case of a renewal, a top-up and a disbursed loan on %s', (engine) => {
  // The borrower is admitted and referred to one approver (fast tier): its renewals wait in approver1's
  // queue whatever the 无还本续贷 answer (each test reads the answer the start gave).
  const s = useRenewalSetup(engine, { users: ['rm1', 'approver1'], tag: 'C' });

  const read = async (id: string, user = 'approver1') => {
    const r = await s.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: s.as(user) });
    expect(r.statusCode, r.body).toBe(200);
    const parsed = ApplicationDetailSchema.safeParse(r.json());
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
    return r.json();
  };
  /** Starts a renewal or top-up; its application id and the answer the start gave. */
  const start = async (loanId: string, payload: object) => {
    const r = await s.start(loanId, payload);
    expect(r.statusCode, r.body).toBe(201);
    return { id: r.json().application.id as string, eligibility: r.json().eligibility };
  };

  it('a disbursed case names the loan it became; before disbursement, and a new need, name no loan or renewal', async () => {
    const before = await read(s.baseApp);
    expect(before).toMatchObject({ renewal: null, loanId: null });
    const id = await s.loan({ applicationId: s.baseApp });
    // Still not disbursed: the loan row alone does not make the case read name it.
    expect((await read(s.baseApp)).loanId).toBeNull();
    await s.tdb.db.query("UPDATE applications SET status = 'disbursed' WHERE id = $1", [s.baseApp]);
    expect(await read(s.baseApp)).toMatchObject({ status: 'disbursed', loanId: id, renewal: null });
  });

  it('a renewal names its loan and the 无还本续贷 answer it was started with, condition by condition', async () => {
    const loanId = await s.loan();
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
    const loanId = await s.loan({ maturity: addDays(TODAY, 200) });
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
