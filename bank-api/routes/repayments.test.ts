/**
 * Repayment reminders (issue 16 item 5) through the bank API on PGlite and PostgreSQL: only the RM's
 * clients' loans (served enterprises, wherever booked), instalments due in the next N bank working days
 * — across 国庆 and the 10 October make-up Saturday — from the stored schedule or derived from the loan's
 * terms, and loans past due with the instalments missed since; RM only; bad input is a 400 problem.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repayments } from '../../shared/api/repayments';
import { signIn } from '../../test/helpers/api';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { insertEnterprises, insertLoans, setDataDate } from '../dashboards/accuracy-fixture';

const AS_OF = '2026-09-29'; // a Tuesday; 1–7 October is 国庆, Saturday 10 October a working day
const row = (period: number, dueDate: string, principal: string, interest: string) => ({
  period,
  dueDate,
  principal,
  interest,
});

describe.each(testEngines())('repayment reminders on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent' });
    as = await signIn(app, ['rm1', 'rm2', 'supervisor1', 'approver1']);
    await tdb.db.tx(async (q) => {
      await setDataDate(q, AS_OF);
      await insertEnterprises(q, [
        { id: 'ENT-R1', branch: 'SH-PD', officer: 'u-rm1' },
        { id: 'ENT-R1B', branch: 'SH-XH', officer: 'u-rm1' }, // served by rm1, booked in another sub-branch
        { id: 'ENT-R2', branch: 'SH-PD', officer: 'u-rm2' },
      ]);
      const base = { enterprise: 'ENT-R1', branch: 'SH-PD', principal: '100000.00', maturityDate: '2027-03-13' };
      await insertLoans(q, [
        {
          ...base,
          id: 'R-1',
          balance: '20000.00',
          disbursedOn: '2026-06-29',
          schedule: [
            row(1, '2026-08-29', '10000.00', '400.00'),
            row(2, '2026-09-29', '10000.00', '362.50'),
            row(3, '2026-10-03', '10000.00', '326.25'),
            row(4, '2026-10-29', '10000.00', '290.00'),
          ],
        },
        {
          ...base,
          id: 'R-2',
          enterprise: 'ENT-R1B',
          branch: 'SH-XH',
          balance: '100000.00',
          annualRate: '3.6000',
          disbursedOn: '2025-10-12',
          maturityDate: '2026-10-12',
          termMonths: 12,
          repaymentMethod: 'interest_first',
        },
        {
          ...base,
          id: 'R-3',
          balance: '15000.00',
          disbursedOn: '2026-07-25',
          dpd: 35,
          classification: 'special_mention',
          schedule: [
            row(1, '2026-08-25', '5000.00', '500.00'),
            row(2, '2026-09-25', '5000.00', '450.00'),
            row(3, '2026-10-25', '5000.00', '400.00'),
          ],
        },
        {
          ...base,
          id: 'R-4',
          enterprise: 'ENT-R2',
          balance: '5000.00',
          disbursedOn: '2026-08-30',
          schedule: [row(1, '2026-09-30', '5000.00', '20.00')],
        },
        {
          ...base,
          id: 'R-5',
          balance: '0.00',
          disbursedOn: '2026-08-30',
          schedule: [row(1, '2026-09-30', '5000.00', '20.00')],
        },
        // Derived: no term recorded (12 whole months to maturity), no method (equal instalments), due on the 13th.
        { ...base, id: 'R-6', balance: '60000.00', disbursedOn: '2026-03-13' },
        // Derived, 10 days past due: no instalment falls on 19 September, so the last one before the data date.
        {
          ...base,
          id: 'R-7',
          balance: '100000.00',
          annualRate: '3.6000',
          disbursedOn: '2026-06-15',
          maturityDate: '2027-06-15',
          termMonths: 12,
          repaymentMethod: 'interest_first',
          dpd: 10,
        },
      ]);
    });
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const get = (user: string | null, query = '') =>
    app.inject({
      method: 'GET',
      url: `/api/v1/workspace/repayments${query}`,
      headers: user ? as(user) : {},
    });
  const reminders = async (user: string, query = '') => {
    const r = await get(user, query);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Repayments;
  };

  it('lists the instalments due in the next 5 working days (default) and the loans past due', async () => {
    const r = await reminders('rm1');
    expect([r.asOf, r.days, r.windowEnd]).toEqual([AS_OF, 5, '2026-10-12']);
    expect(r.due.map((d) => [d.loanId, d.period, d.dueDate, d.amountDue, d.workingDaysLeft, d.schedule])).toEqual([
      ['R-1', 2, '2026-09-29', '10362.50', 0, 'stored'],
      ['R-1', 3, '2026-10-03', '10326.25', 1, 'stored'],
      ['R-2', 12, '2026-10-12', '100300.00', 5, 'derived'],
    ]);
    expect(r.due[2]).toMatchObject({ principal: '100000.00', interest: '300.00', enterpriseId: 'ENT-R1B' });
    expect(r.dueTotal).toBe(3);
    expect(r.pastDue.map((p) => [p.loanId, p.daysPastDue, p.overdueSince, p.dueDate, p.amountDue, p.schedule])).toEqual(
      [
        ['R-3', 35, '2026-08-25', '2026-08-25', '10950.00', 'stored'],
        ['R-7', 10, '2026-09-19', '2026-09-15', '300.00', 'derived'],
      ],
    );
    expect(r.pastDueTotal).toBe(2);
  });

  it('counts the window in bank working days', async () => {
    // 4 working days: 30 Sep, 8, 9 and 10 Oct (the make-up Saturday) — the 12 October instalment drops out.
    const four = await reminders('rm1', '?days=4');
    expect(four.windowEnd).toBe('2026-10-10');
    expect(four.due.map((d) => d.loanId)).toEqual(['R-1', 'R-1']);
    // 6 working days reach 13 October: R-6's derived 7th instalment (equal instalments from 13 March).
    const six = await reminders('rm1', '?days=6');
    expect(six.windowEnd).toBe('2026-10-13');
    const r6 = six.due.find((d) => d.loanId === 'R-6');
    expect(r6).toMatchObject({ period: 7, dueDate: '2026-10-13', workingDaysLeft: 6, schedule: 'derived' });
    const one = await reminders('rm1', '?days=1');
    expect(one.due.map((d) => d.dueDate)).toEqual(['2026-09-29']);
  });

  it("shows only the RM's own clients", async () => {
    const r = await reminders('rm2');
    expect(r.due.map((d) => d.loanId)).toEqual(['R-4']);
    expect(r.pastDue).toEqual([]);
    const mine = await reminders('rm1', '?days=30');
    expect(mine.due.some((d) => d.loanId === 'R-4' || d.loanId === 'R-5')).toBe(false);
  });

  it('answers relationship managers only, and refuses bad input with a problem document', async () => {
    for (const user of ['supervisor1', 'approver1']) {
      const r = await get(user);
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get(null)).statusCode).toBe(401);
    for (const q of ['?days=0', '?days=31', '?days=abc', '?days=2.5', '?days=5&branch=SH']) {
      const r = await get('rm1', q);
      expect(r.statusCode, q).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
  });
});
