/**
 * Authority administration (授权管理, issue 14 item 8) through the bank API on PGlite and PostgreSQL:
 * four eyes, delegation within the grantor's own authority, effective dates, the audit chain and the
 * history — and that decisions read the authority in force today.
 */

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { withRequiredConditions } from '../../test/helpers/conditions';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { userById } from '../auth/sessions';
import { openDatabase } from '../db/database';
import { loadMigrations, migrate } from '../db/migrate';

const TODAY = beijingDate(new Date());
const dayAfter = (d: string, n: number) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};
const YESTERDAY = dayAfter(TODAY, -1);
const TOMORROW = dayAfter(TODAY, 1);
let keyN = 0;
const key = () => `authority-test-${Date.now()}-${keyN++}`;
const matrix = (a: string | null, b = a, c = a, d = a, e: string | null = null) => ({ A: a, B: b, C: c, D: d, E: e });

describe.each(testEngines())('authority administration on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['supervisor1', 'supervisor2', 'approver1', 'approver2', 'senior1', 'rm1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const post = (user: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: as(user), payload });
  const propose = (user: string, body: object) => post(user, '/api/v1/authority/changes', body);
  const confirm = (user: string, id: string, note?: string) =>
    post(user, `/api/v1/authority/changes/${id}/confirm`, note ? { note } : {});
  const holders = async (user = 'supervisor1') => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/authority/users', headers: as(user) });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      today: string;
      items: {
        id: string;
        inForce: { authority: Record<string, string | null> | null; id: string } | null;
        pending: { id: string } | null;
        scheduled: { id: string; effectiveFrom: string }[];
      }[];
    };
  };
  const holder = async (id: string) => (await holders()).items.find((h) => h.id === id)!;
  const me = async (user: string) =>
    (await app.inject({ method: 'GET', url: '/api/v1/me', headers: as(user) })).json().user;
  /** Row counts a refused request must leave as they were. */
  const counts = async () =>
    (
      await tdb.db.query<{ g: number; a: number; p: number }>(
        `SELECT (SELECT count(*) FROM authority_grants)::int AS g, (SELECT count(*) FROM audit_events)::int AS a,
                (SELECT count(*) FROM authority_grants WHERE status = 'pending')::int AS p`,
      )
    ).rows[0];
  const verify = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as('supervisor1') })).json();

  const submit = async (uscc: string, amount: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: {
        uscc,
        productCode: 'LDD',
        amount,
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        purpose: '采购原材料',
        channel: 'branch',
        // A guaranteed product names its guarantor: without one it cannot be approved.
        guarantors: [{ name: '上海市中小微企业政策性融资担保基金管理中心' }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().application as { id: string; status: string; tier: string; version: number; grade: string };
  };
  const approve = async (user: string, a: { id: string; version: number }, amount: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${a.id}/decisions`,
      headers: as(user, { 'idempotency-key': key(), 'if-match': `"${a.version}"` }),
      // The conditions the case requires (a guarantee per guarantor…) with the test's own.
      payload: withRequiredConditions(
        (await app.inject({ method: 'GET', url: `/api/v1/applications/${a.id}`, headers: as('supervisor1') })).json(),
        {
          action: 'approve',
          amount,
          annualRate: '4.35',
          termMonths: 12,
          repaymentMethod: 'equal_installment',
          conditions: [{ type: 'other', text: '按月报送财务报表' }],
        },
      ),
    });
  /**
   * The approval gates (materials received, investigation recorded) met as the front office's capture
   * leaves them (same shape as test/helpers/gates.ts), so that the authority is what decides.
   */
  const materialInHand = (id: string) =>
    tdb.db.query(
      `UPDATE applications SET
         checklist = (SELECT coalesce(jsonb_agg(c || '{"state": "received"}'::jsonb), '[]'::jsonb)
                      FROM jsonb_array_elements(checklist) c),
         investigation = $2::jsonb, investigated_by = 'u-rm1'
       WHERE id = $1`,
      [
        id,
        JSON.stringify({
          kind: 'field_visit',
          investigators: ['u-rm1'],
          date: TODAY,
          summary: '实地走访经营场所，核实经营情况与申报一致。',
        }),
      ],
    );
  /**
   * A Pudong (SH-PD, approver2's branch) case for a person, grade A–D, submitted by rm1: the engine picks
   * candidates; the bank API's routing (policy exceptions included) has the last word on the tier.
   */
  const tried = new Set<string>();
  const submitPudongCase = async (amount: string) => {
    for (let from = 1; from < 400; from++) {
      const c = findCase(
        { productCode: 'LDD', amount, termMonths: 12, repaymentMethod: 'equal_installment' },
        TODAY,
        (a, p) => p.region === '310115' && a.tier === 'fast' && a.instant.outcome === 'refer' && a.score.grade !== 'E',
        from,
      );
      if (tried.has(`${c.uscc}/${amount}`)) continue;
      tried.add(`${c.uscc}/${amount}`);
      const a = await submit(c.uscc, amount);
      // Fast: one signature decides. Standard (the API's routing may raise a case): the first signature.
      if (a.status === 'in_review' && (a.tier === 'fast' || a.tier === 'standard')) return a;
    }
    throw new Error(`no Pudong case for ${amount}`);
  };

  it('lists holders with the seeded initial grants in force, and the session carries the same matrix', async () => {
    const h = await holders();
    expect(h.today).toBe(TODAY);
    const ids = h.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['u-approver1', 'u-approver2', 'u-senior1', 'u-committee1']));
    // Only roles that approve hold an authority.
    expect(ids).not.toContain('u-contract1');
    expect(ids).not.toContain('u-rm1');
    const a2 = h.items.find((i) => i.id === 'u-approver2')!;
    expect(a2.inForce?.authority).toEqual({
      A: '3000000.00',
      B: '2000000.00',
      C: '1000000.00',
      D: '300000.00',
      E: '0.00',
    });
    expect((await me('approver2')).authority).toMatchObject({ A: '3000000.00', D: '300000.00' });
    // Other roles cannot use it.
    for (const u of ['approver1', 'senior1', 'rm1']) {
      const r = await app.inject({ method: 'GET', url: '/api/v1/authority/users', headers: as(u) });
      expect(r.statusCode).toBe(403);
    }
  });

  it('refuses bad input with a specific problem and changes nothing', async () => {
    const before = await counts();
    const good = {
      userId: 'u-approver1',
      authority: matrix('100000.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-001',
    };
    const cases: [object, number, string][] = [
      [{ ...good, authority: { ...matrix('100000.00'), A: '-1.00' } }, 400, 'validation_failed'],
      [{ ...good, authority: { ...matrix('100000.00'), B: '1e6' } }, 400, 'validation_failed'],
      [{ ...good, authority: { ...matrix('100000.00'), C: 100000 } }, 400, 'validation_failed'],
      [{ ...good, authority: { ...matrix('100000.00'), F: '1.00' } }, 400, 'validation_failed'],
      [{ ...good, authority: { A: '1.00' } }, 400, 'validation_failed'],
      [{ ...good, effectiveFrom: '2026-02-30' }, 400, 'validation_failed'],
      [{ ...good, effectiveFrom: 'tomorrow' }, 400, 'validation_failed'],
      [{ ...good, documentRef: '  ' }, 400, 'validation_failed'],
      [{ ...good, extra: 1 }, 400, 'validation_failed'],
      [{ ...good, effectiveFrom: YESTERDAY }, 422, 'authority.effective_date_past'],
      [{ ...good, userId: 'u-nobody' }, 404, 'not_found'],
      [{ ...good, userId: 'u-contract1' }, 422, 'authority.role_without_authority'],
      [{ ...good, grantorId: 'u-nobody' }, 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      const r = await propose('supervisor1', body);
      expect(r.statusCode, `${JSON.stringify(body)} → ${r.body}`).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().code, r.body).toBe(code);
    }
    const past = await propose('supervisor1', { ...good, effectiveFrom: YESTERDAY });
    expect(past.json().detail).toContain(YESTERDAY);
    expect(await counts()).toEqual(before);
  });

  it('delegation (转授权) never exceeds the grantor’s own authority: the problem names the grade', async () => {
    const before = await counts();
    // senior1 (SH) delegates to approver2 (SH-PD): senior1 holds B 6,000,000.00 and E none.
    const aboveB = await propose('supervisor1', {
      userId: 'u-approver2',
      authority: matrix('1000000.00', '6000000.01', '100000.00', '100000.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-017',
      grantorId: 'u-senior1',
    });
    expect(aboveB.statusCode, aboveB.body).toBe(422);
    expect(aboveB.json()).toMatchObject({
      code: 'authority.above_grantor',
      grade: 'B',
      requested: '6000000.01',
      grantorLimit: '6000000.00',
    });
    expect(aboveB.json().detail).toContain('Grade B');
    const aboveE = await propose('supervisor1', {
      userId: 'u-approver2',
      authority: matrix('100000.00', '100000.00', '100000.00', '100000.00', '1.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-017',
      grantorId: 'u-senior1',
    });
    expect(aboveE.statusCode).toBe(422);
    expect(aboveE.json()).toMatchObject({ code: 'authority.above_grantor', grade: 'E', grantorLimit: '0.00' });
    // A grantor must be above the grantee: approver2 (SH-PD) cannot delegate to approver1 (SH).
    const sideways = await propose('supervisor1', {
      userId: 'u-approver1',
      authority: matrix('1.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-018',
      grantorId: 'u-approver2',
    });
    expect(sideways.statusCode).toBe(422);
    expect(sideways.json().code).toBe('authority.grantor_not_above');
    expect(await counts()).toEqual(before);
  });

  it('four eyes: supervisor1 proposes a lower limit for approver2, supervisor2 confirms, and the API applies it at once', async () => {
    const before = await counts();
    const p = await propose('supervisor1', {
      userId: 'u-approver2',
      authority: matrix('200000.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-019',
      grantorId: 'u-senior1',
      reason: '年度授权调整',
    });
    expect(p.statusCode, p.body).toBe(201);
    const change = p.json();
    expect(change).toMatchObject({
      status: 'pending',
      kind: 'change',
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-019',
      grantor: { id: 'u-senior1' },
      proposedBy: { id: 'u-supervisor1' },
      decidedBy: null,
    });
    expect(await counts()).toMatchObject({ g: before!.g + 1, a: before!.a + 1, p: 1 });
    // Pending: not in force yet.
    expect((await me('approver2')).authority.A).toBe('3000000.00');
    expect((await holder('u-approver2')).pending?.id).toBe(change.id);

    // A second proposal for the same user waits for the first.
    const second = await propose('supervisor2', {
      userId: 'u-approver2',
      authority: matrix('1.00'),
      effectiveFrom: TODAY,
      documentRef: 'X',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('authority.pending_exists');

    // The proposer cannot confirm (nor reject) their own proposal.
    const self = await confirm('supervisor1', change.id);
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ reasonCode: 'AUTH_FOUR_EYES' });
    const selfReject = await post('supervisor1', `/api/v1/authority/changes/${change.id}/reject`, { reason: 'x' });
    expect(selfReject.statusCode).toBe(403);
    // Only the proposer withdraws.
    const otherWithdraw = await post('supervisor2', `/api/v1/authority/changes/${change.id}/withdraw`, {});
    expect(otherWithdraw.statusCode).toBe(403);
    expect(otherWithdraw.json().reasonCode).toBe('AUTH_NOT_PROPOSER');
    expect(await counts()).toMatchObject({ g: before!.g + 1, a: before!.a + 1, p: 1 });

    const ok = await confirm('supervisor2', change.id, '已核对授权书');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'confirmed',
      decidedBy: { id: 'u-supervisor2' },
      decisionNote: '已核对授权书',
    });
    const again = await confirm('supervisor2', change.id);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'authority.not_pending', changeStatus: 'confirmed' });

    // In force today: the session (same token, next request) and the list say so.
    expect((await me('approver2')).authority).toEqual({
      A: '200000.00',
      B: '200000.00',
      C: '200000.00',
      D: '200000.00',
      E: '0.00',
    });
    expect((await holder('u-approver2')).inForce?.id).toBe(change.id);

    // Decisions read it: above the new limit 403 AUTH_ABOVE_LIMIT, below it approved.
    const a = await submitPudongCase('300000.00');
    const refused = await approve('approver2', a, '300000.00');
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ reasonCode: 'AUTH_ABOVE_LIMIT' });
    expect(refused.json().reasonZh).toContain('200000.00');
    const b = await submitPudongCase('150000.00');
    await materialInHand(b.id);
    const approved = await approve('approver2', b, '150000.00');
    expect(approved.statusCode, approved.body).toBe(200);
    // Fast tier: approved; standard tier: approver2's is the first of two signatures.
    expect(approved.json().application.status).toBe(b.tier === 'fast' ? 'approved' : 'in_review');
    const signed = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM decisions WHERE application_id = $1 AND actor_id = 'u-approver2' AND action IN ('approve', 'sign')",
      [b.id],
    );
    expect(signed.rows[0]?.n).toBe(1);
    expect((await verify()).ok).toBe(true);
  });

  it('a future-dated grant does not apply yet; it is listed as scheduled', async () => {
    const effective = TOMORROW;
    const p = await propose('supervisor2', {
      userId: 'u-approver1',
      authority: matrix('50000.00'),
      effectiveFrom: effective,
      documentRef: 'SQ-2026-SH-020',
    });
    expect(p.statusCode, p.body).toBe(201);
    const ok = await confirm('supervisor1', p.json().id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await me('approver1')).authority.A).toBe('3000000.00');
    const h = await holder('u-approver1');
    expect(h.inForce?.authority?.A).toBe('3000000.00');
    expect(h.scheduled.map((s) => s.effectiveFrom)).toEqual([effective]);
    // The API reads the authority in force on a date: from `effective` on, the new one.
    const on = await tdb.db.query<{ a: string }>(
      `SELECT g.authority->>'A' AS a FROM authority_grants g WHERE g.user_id = 'u-approver1' AND g.status = 'confirmed'
       AND g.effective_from <= $1::date ORDER BY g.effective_from DESC, g.decided_at DESC LIMIT 1`,
      [effective],
    );
    expect(on.rows[0]?.a).toBe('5000000');
  });

  it('rejects and withdraws with the reason, withdraws an authority altogether, and audits and lists every step', async () => {
    const auditBefore = (await counts())!.a;
    const r1 = await propose('supervisor1', {
      userId: 'u-approver1',
      authority: matrix('9000000.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-021',
    });
    expect(r1.statusCode, r1.body).toBe(201);
    const noReason = await post('supervisor2', `/api/v1/authority/changes/${r1.json().id}/reject`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const rej = await post('supervisor2', `/api/v1/authority/changes/${r1.json().id}/reject`, {
      reason: '超出总行年度授权',
    });
    expect(rej.statusCode, rej.body).toBe(200);
    expect(rej.json()).toMatchObject({ status: 'rejected', decisionNote: '超出总行年度授权' });
    expect((await me('approver1')).authority.A).toBe('3000000.00');

    const w = await propose('supervisor1', {
      userId: 'u-approver1',
      authority: null,
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-022',
    });
    expect(w.json()).toMatchObject({ kind: 'withdraw', authority: null });
    const wd = await post('supervisor1', `/api/v1/authority/changes/${w.json().id}/withdraw`, { reason: '录入有误' });
    expect(wd.statusCode, wd.body).toBe(200);
    expect(wd.json().status).toBe('withdrawn');

    // Withdrawing an authority, confirmed: approver1 then approves nothing.
    const w2 = await propose('supervisor1', {
      userId: 'u-approver1',
      authority: null,
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-023',
    });
    expect((await confirm('supervisor2', w2.json().id)).statusCode).toBe(200);
    expect((await me('approver1')).authority).toBeNull();
    expect((await holder('u-approver1')).inForce?.authority).toBeNull();

    const events = await tdb.db.query<{ action: string; entity_id: string; actor_id: string }>(
      "SELECT action, entity_id, actor_id FROM audit_events WHERE entity_type = 'authority_grant' ORDER BY seq",
    );
    const mine = events.rows.filter((e) => [r1, w, w2].some((x) => x.json().id === e.entity_id));
    expect(mine.map((e) => [e.action, e.actor_id])).toEqual([
      ['authority.proposed', 'u-supervisor1'],
      ['authority.rejected', 'u-supervisor2'],
      ['authority.proposed', 'u-supervisor1'],
      ['authority.withdrawn', 'u-supervisor1'],
      ['authority.proposed', 'u-supervisor1'],
      ['authority.confirmed', 'u-supervisor2'],
    ]);
    expect((await counts())!.a).toBe(auditBefore + 6);
    expect((await verify()).ok).toBe(true);

    const hist = await app.inject({
      method: 'GET',
      url: '/api/v1/authority/changes?userId=u-approver1&limit=10',
      headers: as('supervisor2'),
    });
    expect(hist.statusCode).toBe(200);
    const statuses = hist.json().items.map((c: { status: string; documentRef: string }) => [c.documentRef, c.status]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['SQ-2026-SH-021', 'rejected'],
        ['SQ-2026-SH-022', 'withdrawn'],
        ['SQ-2026-SH-023', 'confirmed'],
        ['INITIAL', 'confirmed'],
      ]),
    );
    expect(hist.json().items[0].documentRef).toBe('SQ-2026-SH-023');
  });

  it('a confirmation after the effective date has passed is refused, not backdated', async () => {
    const p = await propose('supervisor1', {
      userId: 'u-senior1',
      authority: matrix('1.00'),
      effectiveFrom: TODAY,
      documentRef: 'SQ-2026-SH-024',
    });
    expect(p.statusCode).toBe(201);
    // As if the proposal had waited since yesterday.
    await tdb.db.query('UPDATE authority_grants SET effective_from = $2::date WHERE id = $1::bigint', [
      p.json().id,
      YESTERDAY,
    ]);
    const before = await counts();
    const late = await confirm('supervisor2', p.json().id);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('authority.effective_date_passed');
    expect(await counts()).toEqual(before);
    expect((await me('senior1')).authority.A).toBe('10000000.00');
  });
});

describe('migration 0015 on a bank seeded before it', () => {
  it('turns each user’s seeded matrix into their initial confirmed grant, and the user reads the same', async () => {
    const db = await openDatabase({});
    try {
      await migrate(
        db,
        loadMigrations().filter((m) => m.version < 15),
      );
      await db.query(
        "INSERT INTO branches (id, parent_id, path, name_zh, name_en, level) VALUES ('HO', NULL, 'HO', '总行', 'Head Office', 'head_office')",
      );
      await db.query(
        `INSERT INTO users (id, username, display_name, password_hash, roles, branch_id, authority)
         VALUES ('u-old', 'old', '老审批', 'x', '{approver}', 'HO', '{"A": 300000000, "B": 200000000, "E": 0}'),
                ('u-none', 'none', '合同', 'x', '{contract_officer}', 'HO', NULL)`,
      );
      await migrate(db);
      const g = await db.query<{ user_id: string; kind: string; status: string; authority: unknown }>(
        'SELECT user_id, kind, status, authority FROM authority_grants',
      );
      expect(g.rows).toEqual([
        {
          user_id: 'u-old',
          kind: 'initial',
          status: 'confirmed',
          authority: { A: '300000000', B: '200000000', E: '0' },
        },
      ]);
      expect((await userById(db, 'u-old'))?.authority).toEqual({
        A: '3000000.00',
        B: '2000000.00',
        C: '0.00',
        D: '0.00',
        E: '0.00',
      });
      expect((await userById(db, 'u-none'))?.authority).toBeNull();
    } finally {
      await db.close();
    }
  });
});
