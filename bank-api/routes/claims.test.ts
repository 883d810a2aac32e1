/**
 * Claims (issue 14 item 5), against the bank API on PGlite and PostgreSQL: only a user who could act on
 * the case's tier, status and amount may claim it; a claim lapses after CLAIM_LAPSE_WORKING_HOURS working
 * hours without activity and is released when the case is next read or claimed; a senior approver or a
 * supervisor can force-release with a reason, recorded in the history and the audit chain. Also the
 * senior lane: a case escalated to a senior approver is claimed by seniors only and counted in its lane.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingHours, beijingDate, workingMillisBetween } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { readVar } from '../config';
import { branchForRegion } from '../workflow/branches';
import { claimLapsed, lapseCutoff } from '../workflow/claims';

const ASOF = beijingDate(new Date());
let keyN = 0;
const key = () => `claims-${Date.now()}-${keyN++}`;
const inPudong = (p: { region: string }) => branchForRegion(p.region) === 'SH-PD';

describe('claim lapse in working time (bank calendar)', () => {
  const hour = 3_600_000;
  it('lapses after the working hours without activity, not wall-clock hours', () => {
    // Friday 2026-11-27 16:00 Beijing: two working hours later is Monday morning, not Friday 18:00.
    const friday = Date.parse('2026-11-27T16:00:00+08:00');
    const row = { assignee_id: 'u-approver1', claim_activity_at: new Date(friday).toISOString(), updated_at: '' };
    expect(claimLapsed(row, Date.parse('2026-11-28T12:00:00+08:00'), 2 * hour)).toBe(false);
    expect(claimLapsed(row, addWorkingHours(friday, 2), 2 * hour)).toBe(true);
    expect(claimLapsed({ ...row, assignee_id: null }, addWorkingHours(friday, 9), 2 * hour)).toBe(false);
  });
  it('the SQL cutoff is the last instant from which the lapse has passed', () => {
    for (const now of [Date.parse('2026-11-30T10:15:00+08:00'), Date.parse('2026-12-01T14:00:00+08:00')]) {
      const c = lapseCutoff(now, 2 * hour);
      expect(workingMillisBetween(c, now)).toBeGreaterThanOrEqual(2 * hour);
      expect(workingMillisBetween(c + 1, now)).toBeLessThan(2 * hour);
    }
  });
  it('defaults to 2 working hours', () => {
    expect(readVar('CLAIM_LAPSE_WORKING_HOURS', {})).toBe(2);
  });
});

describe.each(testEngines())('claims on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['rm1', 'approver1', 'approver2', 'senior1', 'committee1', 'supervisor1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  /** A new in-review case of rm1's sub-branch on the tier asked for. */
  const submit = async (tier: 'fast' | 'committee', amount = '300000.00', productCode = 'SYD') => {
    const terms = { productCode, amount, termMonths: 12, repaymentMethod: 'equal_installment' };
    const c = findCase(terms, ASOF, (a, p) => inPudong(p) && a.tier === tier && a.instant.outcome === 'refer');
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: { uscc: c.uscc, ...terms, purpose: '采购原材料', channel: 'branch' },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().application as { id: string; version: number; tier: string; status: string };
  };
  const post = (user: string, id: string, verb: string, version: number, payload?: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/${verb}`,
      headers: as(user, { 'if-match': `"${version}"`, 'idempotency-key': key() }),
      ...(payload ? { payload } : {}),
    });
  const detail = async (user: string, id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as(user) })).json();
  const versionOf = async (id: string) =>
    (await tdb.db.query<{ version: number }>('SELECT version FROM applications WHERE id = $1', [id])).rows[0]!.version;

  it('refuses a committee member a fast-tier case they cannot decide, and an approver a committee case', async () => {
    const fast = await submit('fast');
    const refused = await post('committee1', fast.id, 'claim', fast.version);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden', reasonCode: 'AUTH_ROLE', requiredRole: 'approver' });
    expect(await versionOf(fast.id)).toBe(fast.version);
    const ok = await post('approver2', fast.id, 'claim', fast.version);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().assigneeId).toBe('u-approver2');

    const committee = await submit('committee', '6000000.00', 'DYD');
    expect(committee.tier).toBe('committee');
    const approver = await post('approver1', committee.id, 'claim', committee.version);
    expect(approver.statusCode).toBe(403);
    expect(approver.json().reasonCode).toBe('AUTH_COMMITTEE_ONLY');
    expect((await post('committee1', committee.id, 'claim', committee.version)).statusCode).toBe(200);
  });

  it('a claim lapses after the working hours without activity: released on read, with a history entry', async () => {
    const a = await submit('fast');
    const claimed = await post('approver1', a.id, 'claim', a.version);
    expect(claimed.statusCode).toBe(200);
    // Still live: another approver cannot take it.
    const busy = await post('approver2', a.id, 'claim', claimed.json().version);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('claimed_by_other');
    expect((await detail('approver2', a.id)).assigneeId).toBe('u-approver1');
    // No activity for three working days.
    await tdb.db.query("UPDATE applications SET claim_activity_at = now() - interval '6 days' WHERE id = $1", [a.id]);
    const read = await detail('approver2', a.id);
    expect(read.assigneeId).toBeNull();
    const lapse = read.history.find((h: { action: string }) => h.action === 'claim_lapsed');
    expect(lapse).toMatchObject({ actorId: null, payload: { previousAssignee: 'u-approver1' } });
    const mine = await post('approver2', a.id, 'claim', read.version);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().assigneeId).toBe('u-approver2');
  });

  it('a lapsed claim gives way to a new claim directly, and to the queue list', async () => {
    const a = await submit('fast');
    const claimed = (await post('approver1', a.id, 'claim', a.version)).json();
    await tdb.db.query("UPDATE applications SET claim_activity_at = now() - interval '10 days' WHERE id = $1", [a.id]);
    const taken = await post('approver2', a.id, 'claim', claimed.version);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().assigneeId).toBe('u-approver2');
    const actions = (await detail('supervisor1', a.id)).history.map((h: { action: string }) => h.action);
    expect(actions).toContain('claim_lapsed');

    const b = await submit('fast');
    await post('approver1', b.id, 'claim', b.version);
    await tdb.db.query("UPDATE applications SET claim_activity_at = now() - interval '10 days' WHERE id = $1", [b.id]);
    const list = (
      await app.inject({ method: 'GET', url: `/api/v1/applications?q=${b.id}`, headers: as('approver1') })
    ).json();
    expect(list.items.find((x: { id: string }) => x.id === b.id).assigneeId).toBeNull();
  });

  it("a supervisor or senior approver force-releases another's claim only with a reason, audited", async () => {
    const a = await submit('fast');
    const claimed = (await post('approver1', a.id, 'claim', a.version)).json();
    const audits = async () =>
      (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events')).rows[0]!.n;
    const before = await audits();
    // Not an approver's power.
    const byApprover = await post('approver2', a.id, 'force-release', claimed.version, { reason: '需要处理' });
    expect(byApprover.statusCode).toBe(403);
    // Without a reason: a problem document, nothing changed.
    for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
      const r = await post('supervisor1', a.id, 'force-release', claimed.version, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect(await versionOf(a.id)).toBe(claimed.version);
    expect(await audits()).toBe(before);
    const ok = await post('supervisor1', a.id, 'force-release', claimed.version, {
      reason: '审批人休假，案件重新分配',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().assigneeId).toBeNull();
    const d = await detail('supervisor1', a.id);
    const h = d.history.find((x: { action: string }) => x.action === 'force_release');
    expect(h).toMatchObject({
      actorId: 'u-supervisor1',
      payload: { reason: '审批人休假，案件重新分配', previousAssignee: 'u-approver1' },
    });
    const ev = await tdb.db.query<{ actor_id: string }>(
      "SELECT actor_id FROM audit_events WHERE action = 'application.force_release' AND entity_id = $1",
      [a.id],
    );
    expect(ev.rows).toEqual([{ actor_id: 'u-supervisor1' }]);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as('supervisor1') })).json().ok,
    ).toBe(true);
    // Nothing to release any more.
    expect((await post('senior1', a.id, 'force-release', d.version, { reason: '再次释放' })).statusCode).toBe(409);
  });

  it('the senior lane: an escalated-to-senior case is claimed by seniors only and counted in its own lane', async () => {
    const a = await submit('fast');
    const esc = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${a.id}/decisions`,
      headers: as('approver1', { 'idempotency-key': key(), 'if-match': `"${a.version}"` }),
      payload: { action: 'escalate', to: 'senior_approver', reason: '关联交易需高级审批人判断' },
    });
    expect(esc.statusCode, esc.body).toBe(200);
    const v = esc.json().application.version;
    const approver = await post('approver2', a.id, 'claim', v);
    expect(approver.statusCode).toBe(403);
    expect(approver.json().reasonCode).toBe('CLAIM_SENIOR_LANE');
    const counts = (
      await app.inject({ method: 'GET', url: '/api/v1/applications/counts', headers: as('senior1') })
    ).json();
    expect(counts.senior.open).toBeGreaterThanOrEqual(1);
    const lane = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/applications?status=escalated&escalatedTo=senior_approver',
        headers: as('senior1'),
      })
    ).json();
    expect(lane.items.map((x: { id: string }) => x.id)).toContain(a.id);
    const fastLane = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/applications?tier=fast&status=in_review',
        headers: as('senior1'),
      })
    ).json();
    expect(fastLane.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
    const senior = await post('senior1', a.id, 'claim', v);
    expect(senior.statusCode, senior.body).toBe(200);
  });
});
