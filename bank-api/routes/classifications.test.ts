/**
 * 五级分类 review through the bank API, on PGlite and PostgreSQL: the supervisor's month-end run (idempotent
 * per loan and period), the reviewer's list in branch scope, confirm, override with a reason, the refusals
 * (no reason, an impossible class, below the rules' floor, too early out of non-performing), and the upgrade
 * out of non-performing that a second, different senior approver confirms. Loans are a hand-made book.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/helpers/api';
import { testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { verifyAuditChain } from '../audit/chain';
import { insertEnterprises, insertLoans, setDataDate } from '../dashboards/accuracy-fixture';

const OCT = '2026-10-31';
const NOV = '2026-11-30';
const base = { principal: '1000000.00', disbursedOn: '2026-01-15', maturityDate: '2027-01-15' };

describe.each(testEngines())('classification review (五级分类) on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  const rows = new Map<string, { id: string; status: string }>();

  const run = (user: string, period: string) =>
    app.inject({ method: 'POST', url: '/api/v1/classifications/runs', headers: as(user), payload: { period } });
  const getRun = (user: string, id: string) =>
    app.inject({ method: 'GET', url: `/api/v1/classifications/runs/${id}`, headers: as(user) });
  /** POST (202 with the run), then follow the run until it is no longer running; its last state. */
  const runToEnd = async (user: string, period: string) => {
    const r = await run(user, period);
    expect(r.statusCode, r.body).toBe(202);
    expect(r.headers.location).toBe(`/api/v1/classifications/runs/${r.json().id}`);
    let body = r.json();
    for (let i = 0; i < 3000 && body.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      body = (await getRun(user, body.id)).json();
    }
    return body;
  };
  const list = (user: string, query: string) =>
    app.inject({ method: 'GET', url: `/api/v1/classifications?${query}`, headers: as(user) });
  const decide = (user: string, id: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/classifications/${id}/decision`,
      headers: as(user),
      payload: payload as object,
    });
  const loanClass = async (id: string) =>
    (await tdb.db.query<{ c: string }>('SELECT classification AS c FROM loans WHERE id = $1', [id])).rows[0]?.c;
  const count = async () =>
    Number((await tdb.db.query<{ n: string }>('SELECT count(*)::text AS n FROM loan_classifications')).rows[0]!.n);
  const snapshot = async () =>
    JSON.stringify(
      (
        await tdb.db.query(
          'SELECT c.id, c.status, c.final, c.reason, l.classification FROM loan_classifications c JOIN loans l ON l.id = c.loan_id ORDER BY c.id',
        )
      ).rows,
    );

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    // A second senior approver in Shanghai, for the second review.
    await tdb.db.query(
      `INSERT INTO users SELECT (jsonb_populate_record(NULL::users, to_jsonb(u) ||
         jsonb_build_object('id', 'u-senior9', 'username', 'senior9', 'display_name', '高级审批人九'))).* FROM users u WHERE id = 'u-senior1'`,
    );
    await insertEnterprises(tdb.db, [
      { id: 'E-CL1', branch: 'SH-PD', officer: 'u-rm1' },
      { id: 'E-CL2', branch: 'HZ', officer: 'u-rm3' },
      { id: 'E-CL3', branch: 'SH-PD', officer: 'u-rm1' },
    ]);
    await insertLoans(tdb.db, [
      // E-CL1: 11 % of its balance more than 90 days past due → both its loans non-performing (borrower rule).
      { ...base, id: 'L-CL-A', enterprise: 'E-CL1', branch: 'SH-PD', balance: '890000.00' },
      { ...base, id: 'L-CL-B', enterprise: 'E-CL1', branch: 'SH-PD', balance: '110000.00', dpd: 100 },
      // Hangzhou: outside approver1's scope.
      { ...base, id: 'L-CL-C', enterprise: 'E-CL2', branch: 'HZ', balance: '500000.00', dpd: 30 },
      // Non-performing today, on time: held in October, eligible for an upgrade in November.
      {
        ...base,
        id: 'L-CL-D',
        enterprise: 'E-CL3',
        branch: 'SH-PD',
        balance: '300000.00',
        classification: 'substandard',
      },
      // Restructured in June: substandard through its observation period.
      { ...base, id: 'L-CL-E', enterprise: 'E-CL3', branch: 'SH-PD', balance: '20000.00' },
      // A plain performing loan, overdue at other banks (review flag only).
      { ...base, id: 'L-CL-F', enterprise: 'E-CL3', branch: 'SH-PD', balance: '10000.00' },
      // Paid off: not active, no proposal.
      { ...base, id: 'L-CL-G', enterprise: 'E-CL3', branch: 'SH-PD', balance: '0.00' },
    ]);
    await tdb.db.query(`UPDATE loans SET restructured_on = '2026-06-01' WHERE id = 'L-CL-E'`);
    await tdb.db.query(`UPDATE loans SET warning_signals = '{overdue_elsewhere}' WHERE id = 'L-CL-F'`);
    await setDataDate(tdb.db, NOV);
    as = await signIn(app, ['supervisor1', 'approver1', 'approver3', 'senior1', 'rm1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('refuses a run that is not a month-end, after the data date, not a date, or not by a supervisor', async () => {
    const notEnd = await run('supervisor1', '2026-11-29');
    expect(notEnd.statusCode).toBe(422);
    expect(notEnd.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(notEnd.json().code).toBe('classification.not_month_end');
    expect((await run('supervisor1', '2026-12-31')).json().code).toBe('classification.future_period');
    expect((await run('supervisor1', '2026-02-30')).statusCode).toBe(400);
    expect((await run('approver1', NOV)).statusCode).toBe(403);
    expect(await count()).toBe(0);
    expect(
      Number((await tdb.db.query<{ n: string }>('SELECT count(*)::text AS n FROM classification_runs')).rows[0]!.n),
    ).toBe(0);
  });

  it('runs October, then November in the background; a second run of November adds nothing (idempotent per loan and period)', async () => {
    const oct = await runToEnd('supervisor1', OCT);
    expect(oct).toMatchObject({ period: OCT, status: 'done', loansTotal: 6, loansDone: 6, proposed: 6, existing: 0 });
    expect(oct.requestedBy).toMatchObject({ id: 'u-supervisor1' });
    expect(oct.finishedAt).not.toBeNull();
    const nov = await runToEnd('supervisor1', NOV);
    expect(nov).toMatchObject({
      period: NOV,
      status: 'done',
      loansDone: 6,
      proposed: 6,
      existing: 0,
      ruleVersion: 'CR-2023.1',
    });
    const again = await runToEnd('supervisor1', NOV);
    expect(again).toMatchObject({ status: 'done', loansDone: 6, proposed: 0, existing: 6 });
    expect(again.id).not.toBe(nov.id);
    expect(await count()).toBe(12);
    // The runs, latest first (reviewers may read them; a relationship manager may not).
    const runs = await app.inject({
      method: 'GET',
      url: `/api/v1/classifications/runs?period=${NOV}`,
      headers: as('approver1'),
    });
    expect(runs.statusCode, runs.body).toBe(200);
    expect(runs.json().runs.map((r: { id: string }) => r.id)).toEqual([again.id, nov.id]);
    const all = (
      await app.inject({ method: 'GET', url: '/api/v1/classifications/runs', headers: as('supervisor1') })
    ).json();
    expect(all.runs).toHaveLength(3);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/classifications/runs', headers: as('rm1') })).statusCode,
    ).toBe(403);
    expect((await getRun('approver1', nov.id)).json()).toMatchObject({ id: nov.id, proposed: 6 });
    const missing = await getRun('supervisor1', 'CR-20261130120000-zzzzzz');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await getRun('supervisor1', 'not-a-run')).statusCode).toBe(400);
  });

  it('lists a period in the reviewer’s branch scope with the rules’ reasons in words', async () => {
    const r = await list('approver1', `period=${NOV}&limit=50`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    const byLoan = new Map(body.rows.map((x: { loanId: string }) => [x.loanId, x]));
    expect([...byLoan.keys()].sort()).toEqual(['L-CL-A', 'L-CL-B', 'L-CL-D', 'L-CL-E', 'L-CL-F']);
    expect(body.counts.proposed).toBe(5);
    const a = byLoan.get('L-CL-A') as { proposed: string; reasons: { code: string; zh: string }[] };
    expect(a.proposed).toBe('substandard');
    expect(a.reasons.map((x) => x.code)).toContain('borrower.npl_share');
    expect(a.reasons.find((x) => x.code === 'borrower.npl_share')?.zh).toContain('11%');
    expect((byLoan.get('L-CL-B') as { proposed: string }).proposed).toBe('substandard');
    const d = byLoan.get('L-CL-D') as { proposed: string; needsSecond: boolean; onTime: number; previous: string };
    expect(d).toMatchObject({ proposed: 'normal', needsSecond: true, onTime: 2, previous: 'substandard' });
    expect((byLoan.get('L-CL-E') as { proposed: string }).proposed).toBe('substandard');
    const f = byLoan.get('L-CL-F') as { proposed: string; reviewFlags: string[] };
    expect(f).toMatchObject({ proposed: 'normal', reviewFlags: ['overdue_elsewhere'] });
    for (const x of body.rows) rows.set(x.loanId, { id: x.id, status: x.status });
    // October held the non-performing loan (one on-time period only).
    const octD = (await list('approver1', `period=${OCT}`))
      .json()
      .rows.find((x: { loanId: string }) => x.loanId === 'L-CL-D');
    expect(octD).toMatchObject({ proposed: 'substandard', onTime: 1, needsSecond: false });
    expect(octD.reasons.map((x: { code: string }) => x.code)).toContain('upgrade.held');
    // Hangzhou's approver sees only Hangzhou; a relationship manager may not read the list.
    const hz = (await list('approver3', `period=${NOV}`)).json();
    expect(hz.rows.map((x: { loanId: string }) => x.loanId)).toEqual(['L-CL-C']);
    expect((await list('rm1', `period=${NOV}`)).statusCode).toBe(403);
    expect((await list('approver1', 'period=2026-11-29')).statusCode).toBe(400);
    // changed only: proposals differing from the class when proposed
    const changed = (await list('approver1', `period=${NOV}&changed=true`)).json();
    expect(changed.rows.map((x: { loanId: string }) => x.loanId).sort()).toEqual([
      'L-CL-A',
      'L-CL-B',
      'L-CL-D',
      'L-CL-E',
    ]);
  });

  it('refuses an override without a reason, an impossible class, and a class below the floor — changing nothing', async () => {
    const before = await snapshot();
    const a = rows.get('L-CL-A')!.id;
    const noReason = await decide('approver1', a, { action: 'override', final: 'doubtful' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().code).toBe('classification.reason_required');
    const blank = await decide('approver1', a, { action: 'override', final: 'doubtful', reason: '   ' });
    expect(blank.json().code).toBe('classification.reason_required');
    const impossible = await decide('approver1', a, { action: 'override', final: 'excellent', reason: '客户经营良好' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.headers['content-type']).toMatch(/application\/problem\+json/);
    const belowFloor = await decide('approver1', a, {
      action: 'override',
      final: 'special_mention',
      reason: '担保充足',
    });
    expect(belowFloor.statusCode).toBe(422);
    expect(belowFloor.json().code).toBe('classification.below_floor');
    const c = (await list('approver3', `period=${NOV}`)).json().rows[0].id;
    expect((await decide('approver1', c, { action: 'confirm' })).statusCode).toBe(404);
    expect((await decide('approver1', rows.get('L-CL-F')!.id, { action: 'refuse', reason: 'x' })).statusCode).toBe(409);
    expect(await snapshot()).toBe(before);
  });

  it('confirms a proposal and overrides another with a reason; loans.classification follows', async () => {
    const b = await decide('approver1', rows.get('L-CL-B')!.id, { action: 'confirm' });
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json().classification).toMatchObject({
      status: 'confirmed',
      final: 'substandard',
      reviewerId: 'u-approver1',
    });
    expect(await loanClass('L-CL-B')).toBe('substandard');
    expect((await decide('approver1', rows.get('L-CL-B')!.id, { action: 'confirm' })).json().code).toBe(
      'classification.already_decided',
    );
    const f = await decide('approver1', rows.get('L-CL-F')!.id, {
      action: 'override',
      final: 'special_mention',
      reason: '征信显示他行逾期 35 天，下调关注',
    });
    expect(f.statusCode, f.body).toBe(200);
    expect(f.json().classification).toMatchObject({ status: 'overridden', final: 'special_mention' });
    expect(f.json().classification.reason).toContain('他行逾期');
    expect(await loanClass('L-CL-F')).toBe('special_mention');
    // October's rows are history once November exists.
    const octF = (await list('approver1', `period=${OCT}`))
      .json()
      .rows.find((x: { loanId: string }) => x.loanId === 'L-CL-F');
    expect((await decide('approver1', octF.id, { action: 'confirm' })).json().code).toBe('classification.superseded');
  });

  it('an upgrade out of non-performing waits for a second, different senior approver', async () => {
    const id = rows.get('L-CL-D')!.id;
    const first = await decide('senior1', id, { action: 'confirm' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().classification).toMatchObject({
      status: 'awaiting_second',
      final: 'normal',
      reviewerId: 'u-senior1',
    });
    expect(await loanClass('L-CL-D')).toBe('substandard');
    const same = await decide('senior1', id, { action: 'confirm' });
    expect(same.statusCode).toBe(403);
    expect(same.json().code).toBe('classification.same_reviewer');
    const notSenior = await decide('approver1', id, { action: 'confirm' });
    expect(notSenior.statusCode).toBe(403);
    expect(notSenior.json().code).toBe('classification.second_reviewer_role');
    expect(await loanClass('L-CL-D')).toBe('substandard');
    const as9 = await signIn(app, ['senior9']);
    const refuseNoReason = await app.inject({
      method: 'POST',
      url: `/api/v1/classifications/${id}/decision`,
      headers: as9('senior9'),
      payload: { action: 'refuse' },
    });
    expect(refuseNoReason.json().code).toBe('classification.reason_required');
    const second = await app.inject({
      method: 'POST',
      url: `/api/v1/classifications/${id}/decision`,
      headers: as9('senior9'),
      payload: { action: 'confirm' },
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().classification).toMatchObject({
      status: 'confirmed',
      final: 'normal',
      reviewerId: 'u-senior1',
      secondReviewerId: 'u-senior9',
    });
    expect(await loanClass('L-CL-D')).toBe('normal');
  });

  it('a reviewer may not take a loan out of non-performing before two on-time periods', async () => {
    // L-CL-E is restructured (floor substandard); pretend its floor were met: the rule still holds it.
    await tdb.db.query(`UPDATE loans SET classification = 'doubtful' WHERE id = 'L-CL-E'`);
    await tdb.db.query(
      `UPDATE loan_classifications SET on_time = 1, floor = 'normal' WHERE loan_id = 'L-CL-E' AND period = $1`,
      [NOV],
    );
    const r = await decide('approver1', rows.get('L-CL-E')!.id, {
      action: 'override',
      final: 'normal',
      reason: '已还清逾期',
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('classification.upgrade_not_eligible');
    expect(await loanClass('L-CL-E')).toBe('doubtful');
  });

  it('audits every step in an intact chain', async () => {
    const events = await tdb.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE action LIKE 'classification.%' ORDER BY seq`,
    );
    expect(events.rows.map((e) => e.action)).toEqual([
      'classification.run',
      'classification.run',
      'classification.run',
      'classification.confirmed',
      'classification.overridden',
      'classification.awaiting_second',
      'classification.second_confirmed',
    ]);
    expect((await verifyAuditChain(tdb.db)).ok).toBe(true);
  });
});
