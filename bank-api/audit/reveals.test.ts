import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevealAlertListSchema } from '../../shared/api/audit';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { userById } from '../auth/sessions';
import { decideReveal, FULL_ID_REVEALS_PER_HOUR, rateReveal, revealsPerHour } from './reveals';

const ASOF = beijingDate(new Date());
const HOUR_MS = 3_600_000;

describe('the deployment limit', () => {
  it('is FULL_ID_REVEALS_PER_HOUR unless the environment sets a whole number from 1 to 10000', () => {
    expect(revealsPerHour({})).toBe(FULL_ID_REVEALS_PER_HOUR);
    expect(revealsPerHour({ FULL_ID_REVEALS_PER_HOUR: '7' })).toBe(7);
    for (const bad of ['0', '-3', '2.5', 'lots', '10001']) {
      expect(() => revealsPerHour({ FULL_ID_REVEALS_PER_HOUR: bad })).toThrow(/FULL_ID_REVEALS_PER_HOUR/);
    }
  });
});

describe.each(testEngines())('full-ID reveals on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  const savedLimit = process.env.FULL_ID_REVEALS_PER_HOUR;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['contract1', 'supervisor1', 'approver1', 'rm1']);
  });
  afterAll(async () => {
    if (savedLimit === undefined) delete process.env.FULL_ID_REVEALS_PER_HOUR;
    else process.env.FULL_ID_REVEALS_PER_HOUR = savedLimit;
    await app?.close();
    await tdb?.drop();
  });

  const alertsOf = async (userId: string) =>
    (
      await tdb.db.query<{ refused_count: number; first_subject: string; last_subject: string }>(
        'SELECT refused_count, first_subject, last_subject FROM reveal_alerts WHERE user_id = $1 ORDER BY id',
        [userId],
      )
    ).rows;

  it('counts distinct identifiers per rolling hour: a second look is free, one beyond the limit is withheld and alerts', async () => {
    const u = 'u-approver1';
    const reveal = (subject: string) => tdb.db.tx((q) => rateReveal(q, u, subject, 2));
    expect(await reveal('application:A-1:legalRepId')).toEqual({ full: true });
    expect(await reveal('application:A-2:legalRepId')).toEqual({ full: true });
    expect(await reveal('application:A-1:legalRepId')).toEqual({ full: true });
    const oldest = (
      await tdb.db.query<{ at: Date }>('SELECT min(revealed_at) AS at FROM id_reveals WHERE user_id = $1', [u])
    ).rows[0]!.at;

    const third = await reveal('application:A-3:legalRepId');
    expect(third.full).toBe(false);
    if (third.full) return;
    expect(third.withheld).toMatchObject({ reason: 'hourly_limit', limitPerHour: 2 });
    expect(new Date(third.withheld!.availableAt).getTime()).toBe(new Date(oldest).getTime() + HOUR_MS);
    expect(await alertsOf(u)).toEqual([
      { refused_count: 1, first_subject: 'application:A-3:legalRepId', last_subject: 'application:A-3:legalRepId' },
    ]);
    // Further refusals within the hour count into the same alert.
    expect((await reveal('application:A-4:legalRepId')).full).toBe(false);
    expect(await alertsOf(u)).toEqual([
      { refused_count: 2, first_subject: 'application:A-3:legalRepId', last_subject: 'application:A-4:legalRepId' },
    ]);
    // An hour on, the earlier reveals have left the window and the alert's episode is over.
    await tdb.db.query("UPDATE id_reveals SET revealed_at = revealed_at - interval '61 minutes' WHERE user_id = $1", [
      u,
    ]);
    await tdb.db.query("UPDATE reveal_alerts SET opened_at = opened_at - interval '61 minutes' WHERE user_id = $1", [
      u,
    ]);
    expect(await reveal('application:A-3:legalRepId')).toEqual({ full: true });
    expect(await reveal('application:A-4:legalRepId')).toEqual({ full: true });
    expect((await reveal('application:A-5:legalRepId')).full).toBe(false);
    expect((await alertsOf(u)).map((a) => a.refused_count)).toEqual([2, 1]);
    // The window holds only the last hour's rows.
    const kept = await tdb.db.query<{ subject: string }>(
      'SELECT subject FROM id_reveals WHERE user_id = $1 ORDER BY subject',
      [u],
    );
    expect(kept.rows.map((r) => r.subject)).toEqual(['application:A-3:legalRepId', 'application:A-4:legalRepId']);
  });

  it('lets no more than the limit through when one user asks for many at once', async () => {
    const u = 'u-senior1';
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => tdb.db.tx((q) => rateReveal(q, u, `application:B-${i}:legalRepId`, 3))),
    );
    expect(results.filter((r) => r.full)).toHaveLength(3);
    expect((await alertsOf(u)).map((a) => a.refused_count)).toEqual([9]);
  });

  it('shows the full ID only to a role that needs it, while the contract is drawn', async () => {
    const contract = (await userById(tdb.db, 'u-contract1'))!;
    const needs = { roleNeedsIt: true, applicationId: 'C-1', field: 'legalRepId' };
    expect(await decideReveal(tdb.db, contract, { ...needs, status: 'approved' }, 5)).toEqual({ full: true });
    for (const status of ['signed', 'disbursed', 'in_review']) {
      expect(await decideReveal(tdb.db, contract, { ...needs, status }, 5)).toEqual({ full: false, withheld: null });
    }
    expect(
      await decideReveal(
        tdb.db,
        contract,
        { ...needs, roleNeedsIt: false, applicationId: 'C-2', status: 'approved' },
        5,
      ),
    ).toEqual({ full: false, withheld: null });
    // Only the one full reveal took a place in the window.
    const n = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM id_reveals WHERE user_id = 'u-contract1'",
    );
    expect(n.rows[0]!.n).toBe(1);
    await tdb.db.query("DELETE FROM id_reveals WHERE user_id = 'u-contract1'");
  });

  it('masks the case detail beyond the limit with a note, audits only full reads, and alerts supervisors only', async () => {
    process.env.FULL_ID_REVEALS_PER_HOUR = '2';
    const ids: string[] = [];
    const usccs = new Set<string>();
    for (const from of [1, 700, 1400]) {
      const c = findCase(
        { productCode: 'XMD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
        ASOF,
        (a, p) => a.instant.outcome === 'approve' && p.region.startsWith('31'),
        from,
      );
      usccs.add(c.uscc);
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/applications',
        headers: as('rm1', { 'idempotency-key': `reveal-${engine}-${from}` }),
        payload: {
          uscc: c.uscc,
          productCode: 'XMD',
          amount: '200000.00',
          termMonths: 12,
          repaymentMethod: 'equal_installment',
          purpose: '采购原材料',
          channel: 'branch',
        },
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().application.status).toBe('auto_approved');
      ids.push(r.json().application.id);
    }
    expect(usccs.size).toBe(3);

    const audited = async () =>
      (
        await tdb.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_events WHERE action = 'personal_data.read' AND actor_id = 'u-contract1'",
        )
      ).rows[0]!.n;
    const read = (id: string) =>
      app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('contract1') });
    const before = await audited();

    const [a, b, c] = ids as [string, string, string];
    for (const id of [a, b, a]) {
      const d = (await read(id)).json();
      expect(d.legalRepId).toMatch(/^\d{17}[\dX]$/);
      expect(d.legalRepIdWithheld).toBeUndefined();
    }
    const limited = await read(c);
    expect(limited.statusCode).toBe(200);
    const detail = limited.json();
    expect(detail.legalRepId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(detail.legalRepIdWithheld).toMatchObject({ reason: 'hourly_limit', limitPerHour: 2 });
    expect(detail.legalRepIdWithheld.message).toContain('supervisor');
    // Every full read is audited as before (the second look at the first case too); the masked one is not.
    expect(await audited()).toBe(before + 3);

    const alerts = await app.inject({
      method: 'GET',
      url: '/api/v1/audit/reveal-alerts',
      headers: as('supervisor1'),
    });
    expect(alerts.statusCode).toBe(200);
    const list = RevealAlertListSchema.parse(alerts.json());
    const mine = list.items.filter((i) => i.userId === 'u-contract1');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      username: 'contract1',
      branchId: 'SH',
      limitPerHour: 2,
      refusedCount: 1,
      lastSubject: `application:${c}:legalRepId`,
    });
    expect(JSON.stringify(list)).not.toMatch(/\d{17}[\dX]/);

    for (const who of ['approver1', 'contract1', 'rm1']) {
      const r = await app.inject({ method: 'GET', url: '/api/v1/audit/reveal-alerts', headers: as(who) });
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/audit/reveal-alerts?cursor=abc',
      headers: as('supervisor1'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });

  it('pages the alerts newest first', async () => {
    const first = (
      await app.inject({ method: 'GET', url: '/api/v1/audit/reveal-alerts?limit=1', headers: as('supervisor1') })
    ).json();
    expect(first.items).toHaveLength(1);
    expect(first.total).toBeGreaterThan(1);
    expect(first.nextCursor).toBe(first.items[0].id);
    const second = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/audit/reveal-alerts?limit=1&cursor=${first.nextCursor}`,
        headers: as('supervisor1'),
      })
    ).json();
    expect(Number(second.items[0].id)).toBeLessThan(Number(first.items[0].id));
  });
});
