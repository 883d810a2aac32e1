/**
 * Scope on every surface (issue 14 item 7): a submission only for an enterprise the caller's branch
 * serves (a 403 that reveals nothing about the enterprise, and nothing written); queue counts, lists and
 * live events filtered by exactly the rule that filters reads (workflow/scope.ts) — a contract officer
 * sees neither the counts nor the events of in-review cases they cannot open.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/api/auth';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { materialsInHand } from '../../test/helpers/gates';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { userById } from '../auth/sessions';
import { branchForRegion } from '../workflow/branches';
import { canRead, readScope, readScopeSql } from '../workflow/scope';

const ASOF = beijingDate(new Date());
let keyN = 0;
const key = () => `scope-${Date.now()}-${keyN++}`;
const XMD = { productCode: 'XMD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' };

/** Collects the `data:` events of an SSE stream until aborted or the time passes. */
function stream(base: string, token: string, ms: number) {
  const ctrl = new AbortController();
  const events: { id: string; status: string }[] = [];
  let opened!: () => void;
  const ready = new Promise<void>((r) => {
    opened = r;
  });
  const done = (async () => {
    const t = setTimeout(() => ctrl.abort(), ms);
    try {
      const res = await fetch(`${base}/api/v1/events`, {
        headers: { authorization: `Bearer ${token}` },
        signal: ctrl.signal,
      });
      opened();
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buf += dec.decode(value, { stream: true });
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const data = buf
            .slice(0, i)
            .split('\n')
            .find((l) => l.startsWith('data: '));
          buf = buf.slice(i + 2);
          if (data) events.push(JSON.parse(data.slice(6)));
        }
      }
    } catch {
      // aborted: the collection time is over
    } finally {
      clearTimeout(t);
      opened();
    }
    return events;
  })();
  return { ready, done, stop: () => ctrl.abort() };
}

describe.each(testEngines())('scope on every surface on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['rm1', 'approver1', 'approver3', 'contract1', 'supervisor1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const submit = (user: string, uscc: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as(user, { 'idempotency-key': key() }),
      payload: { uscc, ...XMD, purpose: '采购原材料', channel: 'branch' },
    });
  const count = async (sql: string) =>
    (await tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;

  it('refuses a submission for an enterprise of another branch with a 403 that reveals nothing, and writes nothing', async () => {
    // A Hangzhou-served enterprise the engine would decide instantly: today the 201 would show its grade.
    const other = findCase(XMD, ASOF, (a, p) => branchForRegion(p.region) === 'HZ' && a.instant.outcome === 'approve');
    const before = {
      apps: await count('applications'),
      ents: await count('enterprises'),
      audit: await count('audit_events'),
    };
    const r = await submit('rm1', other.uscc);
    expect(r.statusCode, r.body).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const body = r.json();
    expect(body).toMatchObject({ code: 'forbidden', reasonCode: 'SCOPE_ENTERPRISE' });
    // Nothing about the enterprise: no name, grade, score, tier, routing, branch.
    const text = r.body;
    expect(text).not.toContain(other.profile.name);
    expect(text).not.toContain('"grade"');
    for (const k of ['grade', 'score', 'tier', 'routing', 'branchId', 'enterpriseName', 'application']) {
      expect(Object.keys(body)).not.toContain(k);
    }
    expect(text).not.toMatch(/HZ|杭州/);
    expect({
      apps: await count('applications'),
      ents: await count('enterprises'),
      audit: await count('audit_events'),
    }).toEqual(before);
    // An approver at the Hangzhou branch may submit it.
    const ok = await submit('approver3', other.uscc);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().application.branchId).toBe('HZ');
  });

  it('accepts a submission for an enterprise its own sub-branch serves', async () => {
    const mine = findCase(XMD, ASOF, (_a, p) => branchForRegion(p.region) === 'SH-PD', 40);
    const r = await submit('rm1', mine.uscc);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().application.branchId).toBe('SH-PD');
  });

  it("filters a contract officer's counts, list and live events by the rule that filters their reads", async () => {
    const base = await (async () => {
      if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
      return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    })();
    const tokenOf = (u: string) => as(u).authorization.slice('Bearer '.length);
    const officer = stream(base, tokenOf('contract1'), 6000);
    const approver = stream(base, tokenOf('approver1'), 6000);
    await Promise.all([officer.ready, approver.ready]);
    await new Promise((r) => setTimeout(r, 200));

    // A fast case in review (readable by approver1 at SH, not by contract1), then approved.
    const c = findCase(
      { ...XMD, productCode: 'SYD' },
      ASOF,
      (a, p) => branchForRegion(p.region) === 'SH-PD' && a.tier === 'fast' && a.instant.outcome === 'refer',
    );
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: { uscc: c.uscc, ...XMD, productCode: 'SYD', purpose: '采购原材料', channel: 'branch' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const created = r.json().application;
    expect(created.status).toBe('in_review');

    const counts = async (u: string) =>
      (await app.inject({ method: 'GET', url: '/api/v1/applications/counts', headers: as(u) })).json();
    const officerCounts = await counts('contract1');
    expect(officerCounts.tiers.every((t: { open: number }) => t.open === 0)).toBe(true);
    expect(officerCounts.returned).toBe(0);
    expect((await counts('approver1')).tiers.find((t: { tier: string }) => t.tier === 'fast').open).toBeGreaterThan(0);
    const officerList = (
      await app.inject({ method: 'GET', url: '/api/v1/applications?status=in_review', headers: as('contract1') })
    ).json();
    expect(officerList.total).toBe(0);
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/applications/${created.id}`,
      headers: as('contract1'),
    });
    expect(read.statusCode).toBe(404);

    await materialsInHand(tdb.db, created.id);
    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${created.id}/decisions`,
      headers: as('approver1', { 'idempotency-key': key(), 'if-match': `"${created.version}"` }),
      payload: {
        action: 'approve',
        amount: '300000.00',
        annualRate: '6.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        conditions: [],
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    await new Promise((res) => setTimeout(res, 500));
    officer.stop();
    approver.stop();
    const seenByOfficer = (await officer.done).filter((e) => e.id === created.id).map((e) => e.status);
    const seenByApprover = (await approver.done).filter((e) => e.id === created.id).map((e) => e.status);
    expect(seenByApprover).toEqual(['in_review', 'approved']);
    // The contract officer hears of the case only once they could open it.
    expect(seenByOfficer).toEqual(['approved']);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/applications/${created.id}`, headers: as('contract1') }))
        .statusCode,
    ).toBe(200);
  });

  it('the read rule in TypeScript (events, single reads) and in SQL (lists, counts) agree on every case and user', async () => {
    const rows = (
      await tdb.db.query<{ id: string; branch_id: string; enterprise_id: string; status: string }>(
        'SELECT id, branch_id, enterprise_id, status FROM applications',
      )
    ).rows;
    // Every branch × a spread of statuses, beside the cases the tests wrote.
    const probes = ['HO', 'SH', 'SH-PD', 'SH-XH', 'HZ', 'HZ-XH'].flatMap((b) =>
      ['in_review', 'escalated', 'approved', 'contracting', 'declined'].map((s) => ({
        branch_id: b,
        status: s,
        // A case of an enterprise rm1 serves (its service officer), booked anywhere.
        enterprise_id: rows[0]?.enterprise_id ?? 'E-none',
      })),
    );
    for (const username of ['u-rm1', 'u-approver1', 'u-approver3', 'u-contract1', 'u-supervisor1']) {
      const user = (await userById(tdb.db, username)) as User;
      const scope = await readScope(tdb.db, user);
      const params: unknown[] = [];
      const p = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      const where = readScopeSql(scope, p);
      const all = [...rows, ...probes];
      const values = all.map(
        (_, i) =>
          `(${i}, $${params.length + 3 * i + 1}::text, $${params.length + 3 * i + 2}::text, $${params.length + 3 * i + 3}::text)`,
      );
      const sqlParams = [...params, ...all.flatMap((r) => [r.branch_id, r.status, r.enterprise_id])];
      const inSql = new Set(
        (
          await tdb.db.query<{ i: number }>(
            `SELECT i FROM (VALUES ${values.join(', ')}) AS t(i, branch_id, status, enterprise_id) WHERE ${where}`,
            sqlParams,
          )
        ).rows.map((x) => Number(x.i)),
      );
      const inTs = new Set(
        all.flatMap((r, i) =>
          canRead(scope, { branchId: r.branch_id, status: r.status, enterpriseId: r.enterprise_id }) ? [i] : [],
        ),
      );
      expect([...inSql].sort(), username).toEqual([...inTs].sort());
    }
  });
});
