/**
 * The loan page's route (issue 17 item 2) on PGlite and PostgreSQL: the loan with its schedule's paid,
 * due and overdue instalments (stored and derived), days past due, classification history and signals
 * (from loan_classifications / loan_signals when they hold rows, else the loan's own columns), its
 * application with who approved it, contract and service officer; personal ids masked; scope by branch
 * subtree and served clients (404 outside), roles (403), unknown id 404, malformed id 400; and the search.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoanDetail, LoanSearchResult } from '../../shared/api/loans';
import { signIn } from '../../test/helpers/api';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { insertApplications, insertEnterprises, insertLoans, setDataDate } from '../dashboards/accuracy-fixture';

const AS_OF = '2026-09-29';
const row = (period: number, dueDate: string, principal: string, interest: string) => ({
  period,
  dueDate,
  principal,
  interest,
});

describe.each(testEngines())('GET /api/v1/loans/{id} on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let hasSignals = false;
  let hasClassifications = false;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent' });
    as = await signIn(app, ['rm1', 'rm2', 'approver1', 'approver3', 'supervisor1', 'contract1', 'ops1']);
    await tdb.db.tx(async (q) => {
      await setDataDate(q, AS_OF);
      await insertEnterprises(q, [
        { id: 'ENT-L1', branch: 'SH-PD', officer: 'u-rm1' },
        { id: 'ENT-L2', branch: 'SH-XH', officer: 'u-rm1' }, // rm1's client booked in another sub-branch
        { id: 'ENT-L3', branch: 'SH-XH', officer: 'u-rm2' },
      ]);
      await insertApplications(q, [
        {
          id: 'APP-L1',
          enterprise: 'ENT-L1',
          branch: 'SH-PD',
          tier: 'standard',
          submittedAt: '2026-06-20T10:00:00+08:00',
        },
      ]);
      await q.query(
        `INSERT INTO decisions (application_id, actor_id, action, from_status, to_status, payload, created_at)
         VALUES ('APP-L1', 'u-approver2', 'approve', 'in_review', 'approved', '{}', '2026-06-25T10:00:00+08:00')`,
      );
      const base = { principal: '100000.00', maturityDate: '2027-03-13' };
      await insertLoans(q, [
        {
          ...base,
          id: 'LN-L1',
          applicationId: 'APP-L1',
          enterprise: 'ENT-L1',
          branch: 'SH-PD',
          balance: '20000.00',
          disbursedOn: '2026-06-29',
          grade: 'B',
          schedule: [
            row(1, '2026-07-29', '40000.00', '400.00'),
            row(2, '2026-08-29', '40000.00', '362.50'),
            row(3, '2026-09-29', '10000.00', '326.25'),
            row(4, '2026-10-29', '10000.00', '290.00'),
          ],
        },
        {
          ...base,
          id: 'LN-L2',
          enterprise: 'ENT-L2',
          branch: 'SH-XH',
          balance: '15000.00',
          disbursedOn: '2026-06-25',
          dpd: 35,
          classification: 'special_mention',
          schedule: [
            row(1, '2026-07-25', '5000.00', '500.00'),
            row(2, '2026-08-25', '5000.00', '450.00'),
            row(3, '2026-09-25', '5000.00', '400.00'),
            row(4, '2026-10-25', '5000.00', '350.00'),
          ],
        },
        // Derived (interest first, 12 months from 15 June), 10 days past due: no instalment on 19 September,
        // so the last one before the data date (15 September) is the overdue one.
        {
          ...base,
          id: 'LN-L3',
          enterprise: 'ENT-L3',
          branch: 'SH-XH',
          balance: '100000.00',
          annualRate: '3.6000',
          disbursedOn: '2026-06-15',
          maturityDate: '2027-06-15',
          termMonths: 12,
          repaymentMethod: 'interest_first',
          dpd: 10,
        },
        {
          ...base,
          id: 'LN-L4',
          enterprise: 'ENT-L1',
          branch: 'SH-PD',
          balance: '0.00',
          disbursedOn: '2026-06-29',
          schedule: [row(1, '2026-07-29', '50000.00', '400.00'), row(2, '2026-10-29', '50000.00', '200.00')],
        },
      ]);
      await q.query(
        `UPDATE loans SET warning_signals = '{sales_drop,new_court_case}', contract_id = 'HT-L1',
           lpr_percent = 3.0000, spread_bp = 135, term_months = 4, repayment_method = 'equal_principal'
         WHERE id = 'LN-L1'`,
      );
      await q.query(`UPDATE loans SET warning_signals = '{inflow_drop}' WHERE id = 'LN-L2'`);
    });
    const has = async (t: string) =>
      (await tdb.db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [t])).rows[0]?.ok === true;
    hasSignals = await has('loan_signals');
    hasClassifications = await has('loan_classifications');
    if (hasSignals) {
      await tdb.db.query(
        `INSERT INTO loan_signals (loan_id, enterprise_id, code, severity, rule_version, observed, observed_at, raised_at, cleared_at)
         VALUES ('LN-L2', 'ENT-L2', 'overdue_elsewhere', 'high', 'SR-1', '{"value": 2, "threshold": 1}',
                 '2026-09-01T01:00:00Z', '2026-09-01T01:00:00Z', NULL),
                ('LN-L2', 'ENT-L2', 'sales_drop', 'medium', 'SR-1', '{"value": -0.35, "threshold": -0.3}',
                 '2026-08-01T01:00:00Z', '2026-08-01T01:00:00Z', '2026-09-01T01:00:00Z')`,
      );
    }
    if (hasClassifications) {
      await tdb.db.query(
        `INSERT INTO loan_classifications (loan_id, period, proposed, rule_reasons, final, status, reviewer_id, reason,
           decided_at, rule_version, previous, days_past_due, on_time, floor, balance_fen, branch_id, created_at)
         VALUES ('LN-L2', '2026-07-31', 'normal', '[]', 'normal', 'confirmed', 'u-approver1', NULL,
                 '2026-08-03T02:00:00Z', 'CL-1', 'normal', 5, 0, 'normal', 1500000, 'SH-XH', '2026-08-01T00:00:00Z'),
                ('LN-L2', '2026-08-31', 'special_mention', '[]', 'substandard', 'overridden', 'u-approver1',
                 '其他银行逾期', '2026-09-02T02:00:00Z', 'CL-1', 'normal', 6, 0, 'special_mention', 1500000, 'SH-XH',
                 '2026-09-01T00:00:00Z')`,
      );
    }
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const get = (user: string | null, id: string) =>
    app.inject({ method: 'GET', url: `/api/v1/loans/${id}`, headers: user ? as(user) : {} });
  const loan = async (user: string, id: string) => {
    const r = await get(user, id);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as LoanDetail;
  };

  it('gives the loan, its schedule with paid and due instalments, application, contract and service officer', async () => {
    const l = await loan('approver1', 'LN-L1');
    expect(l).toMatchObject({
      id: 'LN-L1',
      asOf: AS_OF,
      principal: '100000.00',
      balance: '20000.00',
      annualRate: '4.3500',
      lprPercent: '3.0000',
      spreadBp: 135,
      status: 'active',
      daysPastDue: 0,
      overdueSince: null,
      classification: 'normal',
      contractId: 'HT-L1',
      serviceOfficer: { id: 'u-rm1' },
      application: {
        id: 'APP-L1',
        grade: 'B',
        tier: 'standard',
        channel: 'branch',
        decidedAutomatically: false,
      },
    });
    expect(l.serviceOfficer?.name).toBeTruthy();
    expect(l.application?.decidedByName).toBeTruthy();
    // Due on the data date is still due (payable today); before it, paid.
    expect(l.schedule.source).toBe('stored');
    expect(l.schedule.instalments.map((i) => [i.period, i.state, i.amount])).toEqual([
      [1, 'paid', '40400.00'],
      [2, 'paid', '40362.50'],
      [3, 'due', '10326.25'],
      [4, 'due', '10290.00'],
    ]);
    expect(l.schedule).toMatchObject({ paidCount: 2, overdueCount: 0, overdueAmount: '0.00', next: { period: 3 } });
    // Personal identifiers masked: the legal representative's ID keeps its region and last four.
    expect(l.enterprise.legalRepId).toBe('310101********0011');
    expect(l.enterprise.legalRepName).toBe('张*');
    const r = await get('approver1', 'LN-L1');
    expect(r.body).not.toContain('198001010011');
  });

  it('marks the instalments from the first missed due date overdue (stored schedule)', async () => {
    const l = await loan('supervisor1', 'LN-L2');
    expect(l).toMatchObject({ status: 'overdue', daysPastDue: 35, overdueSince: '2026-08-25' });
    expect(l.schedule.instalments.map((i) => i.state)).toEqual(['paid', 'overdue', 'overdue', 'due']);
    expect(l.schedule).toMatchObject({ overdueCount: 2, overdueAmount: '10850.00', next: { period: 4 } });
    expect(l.application).toBeNull();
  });

  it('derives a schedule from the terms when none is stored; the last instalment before the data date is overdue', async () => {
    const l = await loan('supervisor1', 'LN-L3');
    expect(l.schedule.source).toBe('derived');
    expect(l.schedule.instalments).toHaveLength(12);
    expect(l.schedule.instalments.slice(0, 4).map((i) => [i.dueDate, i.state])).toEqual([
      ['2026-07-15', 'paid'],
      ['2026-08-15', 'paid'],
      ['2026-09-15', 'overdue'],
      ['2026-10-15', 'due'],
    ]);
    expect(l.schedule.instalments[2]).toMatchObject({ principal: '0.00', interest: '300.00' });
  });

  it('a settled loan has every instalment paid', async () => {
    const l = await loan('approver1', 'LN-L4');
    expect(l.status).toBe('settled');
    expect(l.schedule.instalments.map((i) => i.state)).toEqual(['paid', 'paid']);
  });

  it('signals: the loan record when monitoring has none for the loan, else the monitoring rows newest first', async () => {
    const l1 = await loan('approver1', 'LN-L1');
    expect(l1.signals.map((s) => [s.code, s.source, s.raisedAt])).toEqual([
      ['sales_drop', 'loan_record', null],
      ['new_court_case', 'loan_record', null],
    ]);
    const l2 = await loan('approver1', 'LN-L2');
    if (hasSignals) {
      expect(l2.signals.map((s) => [s.code, s.severity, s.source, s.clearedAt])).toEqual([
        ['overdue_elsewhere', 'high', 'monitoring', null],
        ['sales_drop', 'medium', 'monitoring', '2026-09-01T01:00:00.000Z'],
      ]);
      expect(l2.signals[0]?.observed).toEqual({ value: 2, threshold: 1 });
    } else {
      expect(l2.signals.map((s) => s.code)).toEqual(['inflow_drop']);
    }
  });

  it('classification history: the review rows newest first, else the current class as one entry', async () => {
    const l1 = await loan('approver1', 'LN-L1');
    expect(l1.classificationHistory).toEqual([
      expect.objectContaining({ period: AS_OF, classification: 'normal', status: 'current' }),
    ]);
    const l2 = await loan('approver1', 'LN-L2');
    if (hasClassifications) {
      expect(l2.classificationHistory.map((c) => [c.period, c.proposed, c.classification, c.status, c.reason])).toEqual(
        [
          ['2026-08-31', 'special_mention', 'substandard', 'overridden', '其他银行逾期'],
          ['2026-07-31', 'normal', 'normal', 'confirmed', null],
        ],
      );
      expect(l2.classificationHistory[0]?.reviewerName).toBeTruthy();
    } else {
      expect(l2.classificationHistory.map((c) => [c.classification, c.status])).toEqual([
        ['special_mention', 'current'],
      ]);
    }
  });

  it('scopes loans by branch subtree and served clients: 404 outside', async () => {
    // rm1 (SH-PD) reads a client booked in SH-XH; rm2 (SH-XH) does not read SH-PD's loan.
    expect((await get('rm1', 'LN-L2')).statusCode).toBe(200);
    expect((await get('rm2', 'LN-L3')).statusCode).toBe(200);
    expect((await get('rm2', 'LN-L1')).statusCode).toBe(404);
    expect((await get('rm1', 'LN-L3')).statusCode).toBe(404);
    // Hangzhou's approver does not see Shanghai's loans; the answer is the same as for no loan at all.
    const hz = await get('approver3', 'LN-L1');
    const none = await get('approver3', 'LN999999999');
    for (const r of [hz, none]) {
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().code).toBe('not_found');
    }
    expect((await get('ops1', 'LN-L1')).statusCode).toBe(200);
  });

  it('refuses roles that do not follow loans (403), no session (401) and malformed ids (400)', async () => {
    const r = await get('contract1', 'LN-L1');
    expect(r.statusCode).toBe(403);
    expect(r.json().requiredRoles).toContain('supervisor');
    expect((await get(null, 'LN-L1')).statusCode).toBe(401);
    for (const id of ['ln-l1', 'LN%20L1', 'L', `LN${'9'.repeat(80)}`, "LN'1", 'LN%00']) {
      const b = await get('approver1', id);
      expect(b.statusCode, id).toBe(400);
      expect(b.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('finds loans in scope by id or part of the borrower’s name', async () => {
    const find = async (user: string, q: string, more = '') => {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/loans?${q ? `q=${encodeURIComponent(q)}` : ''}${more}`,
        headers: as(user),
      });
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as LoanSearchResult).items.map((x) => x.id);
    };
    expect(await find('approver1', 'ln-l2')).toEqual(['LN-L2']);
    expect(await find('approver1', '测试企业ENT-L1')).toEqual(['LN-L1', 'LN-L4']);
    expect(await find('rm1', 'ENT-L')).toEqual(['LN-L1', 'LN-L2', 'LN-L4']);
    expect(await find('rm2', 'ENT-L')).toEqual(['LN-L3', 'LN-L2']); // both booked in SH-XH
    expect(await find('approver3', 'ENT-L')).toEqual([]);
    expect(await find('approver1', '%%')).toEqual([]);
    expect(await find('approver1', '__')).toEqual([]);
    // By service officer: the loans of the clients rm1 serves, within the reader's scope.
    expect(await find('approver1', '', '&officer=u-rm1')).toEqual(['LN-L1', 'LN-L2', 'LN-L4']);
    expect(await find('rm2', 'ENT-L', '&officer=u-rm1')).toEqual(['LN-L2']);
    for (const q of [
      '?officer=rm1',
      '?officer=u-rm1&q=x',
      '?limit=5',
      '?q=',
      '',
      `?q=${'x'.repeat(61)}`,
      '?q=ab&branch=SH',
      '?q=ab%00',
    ]) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/loans${q}`, headers: as('approver1') });
      expect(r.statusCode, q).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/loans?q=ab', headers: as('contract1') })).statusCode).toBe(
      403,
    );
  });
});
