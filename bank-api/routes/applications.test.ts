import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { withRequiredConditions } from '../../test/helpers/conditions';
import { materialsInHand } from '../../test/helpers/gates';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { branchForRegion } from '../workflow/branches';

const ASOF = beijingDate(new Date());
/** Enterprises rm1 (sub-branch SH-PD) may submit for, whose cases approver1 (SH) also reads. */
const inShanghai = (p: { region: string }) => branchForRegion(p.region) === 'SH-PD';
/** A guarantor, so the guaranteed product LDD raises no guarantor_missing exception. */
const GUARANTORS = [{ name: '上海市中小微企业政策性融资担保基金管理中心' }];
let keyN = 0;
const key = () => `test-key-${Date.now()}-${keyN++}`;

describe.each(testEngines())('loan workflow on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, [
      'approver1',
      'approver2',
      'senior1',
      'committee1',
      'committee2',
      'committee3',
      'contract1',
      'supervisor1',
      'rm1',
    ]);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const submit = async (
    uscc: string,
    productCode: string,
    amount: string,
    termMonths = 12,
    repaymentMethod = 'equal_installment',
  ) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: {
        uscc,
        productCode,
        amount,
        termMonths,
        repaymentMethod,
        purpose: '采购原材料',
        channel: 'branch',
        ...(productCode === 'LDD' ? { guarantors: GUARANTORS } : {}),
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    // The front office has the material and the investigation in hand (the approval gates).
    if (r.json().application.status === 'in_review') await materialsInHand(tdb.db, r.json().application.id);
    return r.json().application as { id: string; status: string; tier: string; version: number; grade: string };
  };
  const act = async (user: string, id: string, version: number, payload: unknown, k = key()) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/decisions`,
      headers: as(user, { 'idempotency-key': k, 'if-match': `"${version}"` }),
      // The conditions the case requires (a guarantee per guarantor…) with the test's own.
      payload: withRequiredConditions(
        (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json(),
        payload as object,
      ),
    });
  const approve = (amount: string) => ({
    action: 'approve',
    amount,
    // Above every grade's grid rate and below every product's cap: within any approver's pricing authority.
    annualRate: '6.00',
    termMonths: 12,
    repaymentMethod: 'equal_installment',
    conditions: [{ type: 'other', text: '按月报送财务报表' }],
  });
  const verify = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as('supervisor1') })).json();

  it('decides an instant-tier application at once, with no human step', async () => {
    const c = findCase(
      { productCode: 'XMD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.instant.outcome === 'approve' && inShanghai(p),
    );
    const app1 = await submit(c.uscc, 'XMD', '200000.00');
    expect(app1.status).toBe('auto_approved');
    expect(app1.tier).toBe('instant');
    const d = await app.inject({ method: 'GET', url: `/api/v1/applications/${app1.id}`, headers: as('supervisor1') });
    expect(d.json().approvedTerms.annualRate).toBe(c.assessment.price?.annualRate);
    expect(d.json().history.map((h: { action: string }) => h.action)).toEqual(['screen', 'auto_approve']);
  });

  it('auto-declines with reason codes when admission fails', async () => {
    const c = findCase(
      { productCode: 'XMD', amount: '100000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.instant.outcome === 'decline' && inShanghai(p),
    );
    const a = await submit(c.uscc, 'XMD', '100000.00');
    expect(a.status).toBe('auto_declined');
    const d = (
      await app.inject({ method: 'GET', url: `/api/v1/applications/${a.id}`, headers: as('supervisor1') })
    ).json();
    expect(d.history[1].payload.instant.reasonCodes.length).toBeGreaterThan(0);
  });

  it('approver1 claims and approves a fast-tier case within authority', async () => {
    const c = findCase(
      { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && inShanghai(p),
    );
    const a = await submit(c.uscc, 'LDD', '300000.00');
    expect(a).toMatchObject({ status: 'in_review', tier: 'fast' });
    const claim = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${a.id}/claim`,
      headers: as('approver1', { 'if-match': String(a.version) }),
    });
    expect(claim.statusCode, claim.body).toBe(200);
    // Someone else cannot act on a claimed case.
    const other = await act('senior1', a.id, claim.json().version, approve('300000.00'));
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('claimed_by_other');
    const ok = await act('approver1', a.id, claim.json().version, approve('300000.00'));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().application.status).toBe('approved');
    expect((await verify()).ok).toBe(true);
  });

  it('refuses an approval above authority, says who must decide, and the committee votes it through', async () => {
    const c = findCase(
      { productCode: 'LDD', amount: '4000000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) =>
        a.tier !== 'committee' && a.instant.outcome === 'refer' && inShanghai(p) && ['C', 'D'].includes(a.score.grade),
    );
    const a = await submit(c.uscc, 'LDD', '4000000.00');
    const refused = await act('approver1', a.id, a.version, approve('4000000.00'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: 'forbidden',
      reasonCode: 'AUTH_ABOVE_LIMIT',
      requiredRole: 'senior_approver',
    });
    const esc = await act('approver1', a.id, a.version, {
      action: 'escalate',
      reason: '超出审批权限',
      to: 'committee',
    });
    expect(esc.statusCode, esc.body).toBe(200);
    expect(esc.json().application.status).toBe('escalated');
    let v = esc.json().application.version;
    const outcomes: string[] = [];
    for (const m of ['committee1', 'committee2', 'committee3']) {
      const r = await act(m, a.id, v, { action: 'vote', vote: 'approve' });
      expect(r.statusCode, r.body).toBe(200);
      outcomes.push(r.json().application.status);
      v = r.json().application.version;
    }
    expect(outcomes).toEqual(['committee', 'committee', 'approved']);
  });

  it('a case routed to the committee is voted on directly; a fast case cannot be voted on', async () => {
    const c = findCase(
      { productCode: 'LDD', amount: '5000000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'committee' && a.instant.outcome === 'refer' && inShanghai(p),
    );
    const a = await submit(c.uscc, 'LDD', '5000000.00');
    expect(a).toMatchObject({ tier: 'committee', status: 'in_review' });
    let v = a.version;
    const outcomes: string[] = [];
    for (const m of ['committee1', 'committee2', 'committee3']) {
      const r = await act(m, a.id, v, { action: 'vote', vote: 'approve' });
      expect(r.statusCode, r.body).toBe(200);
      outcomes.push(r.json().application.status);
      v = r.json().application.version;
    }
    expect(outcomes).toEqual(['committee', 'committee', 'approved']);
    const f = findCase(
      { productCode: 'LDD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (x, p) => x.tier === 'fast' && x.instant.outcome === 'refer' && inShanghai(p),
      2500,
    );
    const fast = await submit(f.uscc, 'LDD', '200000.00');
    const vote = await act('committee1', fast.id, fast.version, { action: 'vote', vote: 'approve' });
    expect(vote.statusCode).toBe(409);
  });

  it('a standard case needs two different signatures, the second from a senior approver', async () => {
    const c = findCase(
      { productCode: 'DYD', amount: '800000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'standard' && inShanghai(p) && ['A', 'B', 'C'].includes(a.score.grade),
    );
    const a = await submit(c.uscc, 'DYD', '800000.00');
    expect(a.tier).toBe('standard');
    const first = await act('approver1', a.id, a.version, approve('800000.00'));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ outcome: 'first_signature', application: { status: 'in_review' } });
    const v = first.json().application.version;
    const same = await act('approver1', a.id, v, approve('800000.00'));
    expect(same.json().reasonCode).toBe('SOD_SAME_SIGNER');
    const junior = await act('approver2', a.id, v, approve('800000.00'));
    // approver2 is not a senior approver (or, outside Pudong, cannot even see the case).
    expect([403, 404]).toContain(junior.statusCode);
    if (junior.statusCode === 403) expect(junior.json().reasonCode).toBe('AUTH_SECOND_NEEDS_SENIOR');
    const second = await act('senior1', a.id, v, approve('800000.00'));
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().application.status).toBe('approved');
  });

  it('declines only with reason codes, and returns for items on the checklist', async () => {
    const c = findCase(
      { productCode: 'LDD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'fast' && inShanghai(p),
      200,
    );
    const a = await submit(c.uscc, 'LDD', '200000.00');
    const empty = await act('approver1', a.id, a.version, { action: 'decline', reasonCodes: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('body.reasonCodes');
    const badItem = await act('approver1', a.id, a.version, { action: 'return', items: ['NO_SUCH_ITEM'] });
    expect(badItem.statusCode).toBe(400);
    expect(badItem.json().errors).toEqual([
      { path: 'body.items', message: "not on this case's checklist: NO_SUCH_ITEM" },
    ]);
    // Returning and escalating are an approver's steps: refused through the authority rules, in both languages.
    const notReturner = await act('committee1', a.id, a.version, { action: 'return', items: ['NO_SUCH_ITEM'] });
    expect(notReturner.statusCode).toBe(403);
    expect(notReturner.json()).toMatchObject({
      reasonCode: 'AUTH_RETURN_ROLE',
      reasonZh: '只有审批人可以退回补件',
      requiredRole: 'approver',
    });
    const notEscalator = await act('committee1', a.id, a.version, { action: 'escalate', reason: '超出权限' });
    expect(notEscalator.statusCode).toBe(403);
    expect(notEscalator.json()).toMatchObject({ reasonCode: 'AUTH_ESCALATE_ROLE', reasonZh: '只有审批人可以上报' });
    expect(notEscalator.json().detail).toContain('Only approvers escalate cases');
    const detail = (
      await app.inject({ method: 'GET', url: `/api/v1/applications/${a.id}`, headers: as('approver1') })
    ).json();
    const item = detail.checklist[0].code;
    const ret = await act('approver1', a.id, a.version, {
      action: 'return',
      items: [item],
      comment: '请补充近三个月银行流水',
    });
    expect(ret.json().application.status).toBe('returned');
    const c2 = findCase(
      { productCode: 'LDD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (x, p) => x.tier === 'fast' && inShanghai(p) && x !== c.assessment,
      600,
    );
    const b = await submit(c2.uscc, 'LDD', '200000.00');
    const dec = await act('approver1', b.id, b.version, {
      action: 'decline',
      reasonCodes: ['SC_TAX_RATING_LOW'],
      comment: '纳税信用等级低',
    });
    expect(dec.json().application.status).toBe('declined');
    // A declined case cannot be approved afterwards.
    const late = await act('senior1', b.id, dec.json().application.version, approve('200000.00'));
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('workflow.illegal_transition');
  });

  it('refuses the creator a return or an escalation of their own case, and changes nothing', async () => {
    const c = findCase(
      { productCode: 'LDD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'fast' && inShanghai(p),
      900,
    );
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('approver1', { 'idempotency-key': key() }),
      payload: {
        uscc: c.uscc,
        productCode: 'LDD',
        amount: '200000.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        purpose: '采购原材料',
        channel: 'branch',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json().application as { id: string; version: number };
    const detail = (
      await app.inject({ method: 'GET', url: `/api/v1/applications/${a.id}`, headers: as('approver1') })
    ).json();
    const item = detail.checklist[0].code;
    const ret = await act('approver1', a.id, a.version, { action: 'return', items: [item] });
    expect(ret.statusCode).toBe(403);
    expect(ret.json()).toMatchObject({ reasonCode: 'SOD_CREATOR', reasonZh: '不得退回本人创建的申请' });
    const esc = await act('approver1', a.id, a.version, { action: 'escalate', reason: '超出权限' });
    expect(esc.statusCode).toBe(403);
    expect(esc.json()).toMatchObject({ reasonCode: 'SOD_CREATOR', reasonZh: '不得上报本人创建的申请' });
    expect(esc.json().detail).toContain('You created this case and cannot escalate it');
    const after = (
      await app.inject({ method: 'GET', url: `/api/v1/applications/${a.id}`, headers: as('approver1') })
    ).json();
    expect({ status: after.status, version: after.version }).toEqual({ status: 'in_review', version: a.version });
  });

  it('enforces If-Match and Idempotency-Key, and replays a retried decision without deciding twice', async () => {
    const c = findCase(
      { productCode: 'LDD', amount: '150000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'fast' && inShanghai(p),
      1200,
    );
    const a = await submit(c.uscc, 'LDD', '150000.00');
    const noMatch = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${a.id}/decisions`,
      headers: as('approver1', { 'idempotency-key': key() }),
      payload: approve('150000.00'),
    });
    expect(noMatch.statusCode).toBe(428);
    const noKey = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${a.id}/decisions`,
      headers: as('approver1', { 'if-match': '"1"' }),
      payload: approve('150000.00'),
    });
    expect(noKey.statusCode).toBe(428);
    expect(noKey.json().code).toBe('idempotency_key_required');
    const stale = await act('approver1', a.id, a.version + 5, approve('150000.00'));
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current.version).toBe(a.version);
    const k = key();
    const first = await act('approver1', a.id, a.version, approve('150000.00'), k);
    const again = await act('approver1', a.id, a.version, approve('150000.00'), k);
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const reused = await act('approver1', a.id, a.version, approve('140000.00'), k);
    expect(reused.statusCode).toBe(422);
    const approvals = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM decisions WHERE application_id = $1 AND action = 'approve'",
      [a.id],
    );
    expect(approvals.rows[0]!.n).toBe(1);
  });

  it('20 simultaneous approvals of one case: exactly one wins, one audit event', async () => {
    const c = findCase(
      { productCode: 'LDD', amount: '250000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'fast' && inShanghai(p),
      2000,
    );
    const a = await submit(c.uscc, 'LDD', '250000.00');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => act(i % 2 ? 'approver1' : 'senior1', a.id, a.version, approve('250000.00'))),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((s) => s === 200)).toHaveLength(1);
    expect(codes.every((s) => s === 200 || s === 409 || s === 412)).toBe(true);
    const events = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'application.approve'",
      [a.id],
    );
    expect(events.rows[0]!.n).toBe(1);
  });

  it('scopes, masks and audits reads by role', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/applications?limit=500', headers: as('approver1') });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { branchId: string; status: string; id: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.branchId.startsWith('SH'))).toBe(true);
    const co = (
      await app.inject({ method: 'GET', url: '/api/v1/applications?limit=500', headers: as('contract1') })
    ).json().items as { status: string; id: string }[];
    expect(
      co.every((i) => ['approved', 'auto_approved', 'contracting', 'signed', 'disbursed'].includes(i.status)),
    ).toBe(true);
    const approvedId = co.find((i) => i.status === 'approved')!.id;
    const masked = (
      await app.inject({ method: 'GET', url: `/api/v1/applications/${approvedId}`, headers: as('approver1') })
    ).json();
    expect(masked.legalRepId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const before = (
      await tdb.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_events WHERE action = 'personal_data.read'",
      )
    ).rows[0]!.n;
    const full = (
      await app.inject({ method: 'GET', url: `/api/v1/applications/${approvedId}`, headers: as('contract1') })
    ).json();
    expect(full.legalRepId).toMatch(/^\d{17}[\dX]$/);
    const after = (
      await tdb.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_events WHERE action = 'personal_data.read'",
      )
    ).rows[0]!.n;
    expect(after).toBe(before + 1);
    const forbidden = await act('contract1', approvedId, 1, approve('1.00'));
    expect(forbidden.statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as('approver1') })).statusCode,
    ).toBe(403);
    const outOfScope = await app.inject({
      method: 'GET',
      url: '/api/v1/applications?branchId=HZ',
      headers: as('approver1'),
    });
    expect(outOfScope.statusCode).toBe(403);
  });

  it('pages the queue with a cursor and filters by tier and text', async () => {
    const all = (
      await app.inject({ method: 'GET', url: '/api/v1/applications?limit=500', headers: as('supervisor1') })
    ).json();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/applications?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.inject({ method: 'GET', url, headers: as('supervisor1') })).json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i: { id: string }) => i.id));
    expect(new Set(seen).size).toBe(all.total);
    const fast = (
      await app.inject({ method: 'GET', url: '/api/v1/applications?tier=fast', headers: as('supervisor1') })
    ).json();
    expect(fast.items.every((i: { tier: string }) => i.tier === 'fast')).toBe(true);
    const name = all.items[0].enterpriseName as string;
    const byName = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/applications?q=${encodeURIComponent(name.slice(0, 4))}`,
        headers: as('supervisor1'),
      })
    ).json();
    expect(byName.items.some((i: { enterpriseName: string }) => i.enterpriseName === name)).toBe(true);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/applications?tier=vip', headers: as('supervisor1') });
    expect(bad.statusCode).toBe(400);
    const badCursor = await app.inject({
      method: 'GET',
      url: '/api/v1/applications?cursor=abc',
      headers: as('supervisor1'),
    });
    expect(badCursor.statusCode).toBe(400);
    const counts = (
      await app.inject({ method: 'GET', url: '/api/v1/applications/counts', headers: as('supervisor1') })
    ).json();
    expect(counts.tiers.map((t: { tier: string }) => t.tier)).toEqual(['instant', 'fast', 'standard', 'committee']);
  });

  it('quotes a schedule and refuses nonsense terms', async () => {
    const q = await app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      headers: as('approver1'),
      payload: {
        amount: '100000.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        annualRate: '4.35',
        upfrontFee: '0.00',
        startDate: new Date().toISOString().slice(0, 10),
      },
    });
    expect(q.statusCode, q.body).toBe(200);
    expect(q.json().schedule).toHaveLength(12);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      headers: as('approver1'),
      payload: {
        amount: '-5.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        annualRate: '4.35',
        startDate: new Date().toISOString().slice(0, 10),
      },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('detects a tampered audit row', async () => {
    expect(await verify()).toMatchObject({ ok: true, firstBrokenSeq: null });
    await tdb.db.query("UPDATE audit_events SET action = 'application.declined' WHERE seq = 3");
    const r = await verify();
    expect(r).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });
});
