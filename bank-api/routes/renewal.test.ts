/**
 * Renewal (续贷) and top-up (增额) from a loan through the bank API, on PGlite and PostgreSQL: the rules'
 * answer (created nothing), a renewal submitted through the same path as a new application and found in
 * the approver's queue, idempotent replay, and every refusal — written-off, repaid and non-performing
 * loans, another branch's relationship manager, roles that do not start renewals — with nothing changed.
 *
 * The enterprise and the loan's application come from a real submission; the loans themselves are rows
 * (disbursement has its own tests), each in exactly the state a test needs.
 */
import { describe, expect, it } from 'vitest';
import { ApplicationListSchema } from '../../shared/api/applications';
import { RENEWAL_RULES_2024 } from '../../shared/credit/renewal';
import { addDays, GUARANTOR, TODAY, useRenewalSetup } from '../../test/helpers/renewal';
import { testEngines } from '../../test/helpers/test-db';
import { verifyAuditChain } from '../audit/chain';

describe.each(testEngines())('renewal (续贷) from a loan on %s', (engine) => {
  const s = useRenewalSetup(engine, { users: ['rm1', 'rm2', 'approver1', 'supervisor1', 'ops1'], tag: 'T' });

  const counts = async () =>
    (
      await s.tdb.db.query<{ applications: number; audit_events: number; idempotency_keys: number; decisions: number }>(
        `SELECT (SELECT count(*) FROM applications)::int AS applications,
           (SELECT count(*) FROM audit_events)::int AS audit_events,
           (SELECT count(*) FROM idempotency_keys)::int AS idempotency_keys,
           (SELECT count(*) FROM decisions)::int AS decisions`,
      )
    ).rows[0]!;
  const eligibility = (id: string, user = 'rm1') =>
    s.app.inject({ method: 'GET', url: `/api/v1/loans/${id}/renewal-eligibility`, headers: s.as(user) });

  let mainLoan = '';
  let renewalApp = '';
  let topUpApp = '';

  it('answers whether 无还本续贷 is allowed, condition by condition, and creates nothing', async () => {
    mainLoan = await s.loan({ applicationId: s.baseApp });
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
    const k = s.key();
    const r = await s.start(mainLoan, { kind: 'renewal' }, 'rm1', k);
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
      enterpriseId: s.enterpriseId,
      branchId: 'SH-PD',
    });
    expect(r.headers.location).toBe(`/api/v1/applications/${b.application.id}`);
    // The answer's summary is the renewal's, not the plain submission's before it was marked.
    expect(b.application.kind).toBe('renewal');
    renewalApp = b.application.id;
    const row = (
      await s.tdb.db.query<{
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
    const hist = await s.tdb.db.query<{ action: string }>(
      'SELECT action FROM decisions WHERE application_id = $1 ORDER BY id',
      [b.application.id],
    );
    expect(hist.rows.map((h) => h.action)).toEqual(['screen', 'route']);
    const audit = await s.tdb.db.query<{ action: string }>(
      "SELECT action FROM audit_events WHERE entity_type = 'loan' AND entity_id = $1",
      [mainLoan],
    );
    expect(audit.rows.map((x) => x.action)).toEqual(['loan.renewal_started']);
    expect((await verifyAuditChain(s.tdb.db)).ok).toBe(true);
    const after = await counts();
    expect(after.applications).toBe(before.applications + 1);

    // approver1 (Shanghai) finds it in the queue.
    const queue = await s.app.inject({
      method: 'GET',
      url: `/api/v1/applications?status=in_review&q=${b.application.id}`,
      headers: s.as('approver1'),
    });
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().items.map((x: { id: string }) => x.id)).toContain(b.application.id);

    // The same key and body: the first answer again, nothing new.
    const again = await s.start(mainLoan, { kind: 'renewal' }, 'rm1', k);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().application.id).toBe(b.application.id);
    expect(await counts()).toEqual(after);
    // The same key for another request: 422, nothing new.
    const other = await s.start(mainLoan, { kind: 'renewal', amount: '1000.00' }, 'rm1', k);
    expect(other.statusCode, other.body).toBe(422);
    expect(await counts()).toEqual(after);
    // A second renewal while the first is on its way: 409 naming it.
    const twice = await s.start(mainLoan, { kind: 'renewal' });
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
    const id = await s.loan({ balance: '20000000' });
    const before = await counts();
    const none = await s.start(id, { kind: 'top_up' });
    expect(none.statusCode, none.body).toBe(422);
    expect(none.json().code).toBe('renewal.amount_required');
    const above = await s.start(id, { kind: 'renewal', amount: '200000.01' });
    expect(above.statusCode, above.body).toBe(422);
    expect(above.json()).toMatchObject({ code: 'renewal.amount_above_balance', balance: '200000.00' });
    expect(await counts()).toEqual(before);
    const r = await s.start(id, { kind: 'top_up', amount: '150000.00', termMonths: 24, purpose: '新增订单备货' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      kind: 'top_up',
      application: { amount: '150000.00', termMonths: 24, kind: 'top_up' },
    });
    topUpApp = r.json().application.id;
    const row = (
      await s.tdb.db.query<{ kind: string; renewal_of_loan_id: string; purpose: string }>(
        'SELECT kind, renewal_of_loan_id, purpose FROM applications WHERE id = $1',
        [r.json().application.id],
      )
    ).rows[0]!;
    expect(row).toEqual({ kind: 'top_up', renewal_of_loan_id: id, purpose: '新增订单备货' });
  });

  it('the approver’s queue list tells a renewal and a top-up from a new loan (kind on each row)', async () => {
    // All three are the borrower's and wait in approver1's queue: the base submission, the renewal, the top-up.
    const r = await s.app.inject({
      method: 'GET',
      url: `/api/v1/applications?status=in_review&q=${s.borrower.uscc}&limit=500`,
      headers: s.as('approver1'),
    });
    expect(r.statusCode, r.body).toBe(200);
    const parsed = ApplicationListSchema.safeParse(r.json());
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
    const kinds = new Map(parsed.data!.items.map((x) => [x.id, x.kind]));
    expect(kinds.get(s.baseApp)).toBe('new');
    expect(kinds.get(renewalApp)).toBe('renewal');
    expect(kinds.get(topUpApp)).toBe('top_up');
    // The row says what the stored application is, for every row of the list.
    const stored = await s.tdb.db.query<{ id: string; kind: string }>(
      'SELECT id, kind FROM applications WHERE id = ANY($1)',
      [[...kinds.keys()]],
    );
    expect(new Map(stored.rows.map((x) => [x.id, x.kind]))).toEqual(kinds);
  });

  it('still starts a renewal that 无还本续贷 does not cover, and says why', async () => {
    const id = await s.loan({ maturity: addDays(TODAY, 200) });
    const r = await s.start(id, { kind: 'renewal', amount: '250000.00' });
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
      [await s.loan({ writtenOff: addDays(TODAY, -40) }), 'renewal.loan_written_off'],
      [await s.loan({ balance: '0' }), 'renewal.loan_closed'],
      [await s.loan({ classification: 'substandard', dpd: 120 }), 'renewal.loan_non_performing'],
      [await s.loan({ classification: 'loss', dpd: 400 }), 'renewal.loan_non_performing'],
    ];
    const before = await counts();
    for (const [id, code] of cases) {
      for (const kind of ['renewal', 'top_up']) {
        const r = await s.start(id, { kind, amount: '100000.00' });
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
    const other = await s.start(mainLoan, { kind: 'top_up', amount: '100000.00' }, 'rm2');
    expect(other.statusCode, other.body).toBe(404);
    expect((await eligibility(mainLoan, 'rm2')).statusCode).toBe(404);
    for (const u of ['approver1', 'supervisor1', 'ops1']) {
      const r = await s.start(mainLoan, { kind: 'top_up', amount: '100000.00' }, u);
      expect(r.statusCode, `${u} ${r.body}`).toBe(403);
      expect(r.json().requiredRoles).toEqual(['relationship_manager']);
    }
    const nokey = await s.start(mainLoan, { kind: 'top_up', amount: '100000.00' }, 'rm1', null);
    expect(nokey.statusCode, nokey.body).toBe(428);
    const unknown = await s.start('LN-NOPE-0001', { kind: 'renewal' });
    expect(unknown.statusCode, unknown.body).toBe(404);
    const bad = await s.start(mainLoan, { kind: 'extend' });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(await counts()).toEqual(before);
  });
});
