/**
 * A client's warning tasks follow its service officer (issue 17 loose ends), on PGlite and PostgreSQL:
 * when a supervisor reassigns the enterprise (POST /api/v1/enterprises/{id}/service-officer), its tasks
 * not yet closed — open, escalated, awaiting confirmation — move to the new officer in the same
 * transaction, each a new version with a `warning_task.reassigned` audit entry; closed tasks and other
 * clients' tasks stay; the new officer may dispose and the old one may not; a refused reassignment moves
 * nothing.
 *
 * Signals are rows of loan_signals (the table the monitoring job writes); tasks open through
 * openWarningTasks, and reach the states the test needs through the API or, for closed and escalated, as
 * rows in that state.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { canonicalJson } from '../../shared/canonical-json';
import { signIn } from '../../test/helpers/api';
import { testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { verifyAuditChain } from '../audit/chain';
import { openWarningTasks, reassignWarningTasks } from './tasks';

const TODAY = beijingDate(new Date());
let keyN = 0;
const key = () => `wt-reassign-${Date.now()}-${keyN++}`;

describe.each(testEngines())('warning tasks follow the service officer on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let n = 0;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['rm1', 'rm2', 'supervisor1']);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  /** An enterprise served by rm1 with one loan and `signals` open signals, their tasks opened. */
  const client = async (signals: number) => {
    const i = ++n;
    const uscc = `91310000WR${String(i).padStart(8, '0')}`;
    // The API's enterprise ids read E + the unified social credit code.
    const eid = `E${uscc}`;
    const loanId = `LN-WR-${i}`;
    await tdb.db.query(
      `INSERT INTO enterprises (id, uscc, name, legal_rep_name, legal_rep_id, industry_code, size_class, region,
         branch_id, established_date, tax_rating, annual_sales_fen, profile, data_as_of, source, service_officer_id)
       VALUES ($1, $2, $3, '张三', '310101198001010011', 'C', 'small', '上海市浦东新区', 'SH-PD', '2015-01-01', 'A',
         500000000, '{}', $4, 'test', 'u-rm1')`,
      [eid, uscc, `换岗测试企业${i}有限公司`, TODAY],
    );
    await tdb.db.query(
      `INSERT INTO loans (id, enterprise_id, branch_id, product_code, industry_code, principal_fen, balance_fen,
         annual_rate, disbursed_on, maturity_date, classification)
       VALUES ($1, $2, 'SH-PD', 'LDD', 'C', 30000000, 25000000, 4.35, '2026-03-02', '2027-03-02', 'normal')`,
      [loanId, eid],
    );
    const codes = ['sales_drop', 'inflow_drop', 'new_court_case', 'overdue_elsewhere'];
    for (let k = 0; k < signals; k++) {
      await tdb.db.query(
        `INSERT INTO loan_signals (loan_id, enterprise_id, code, severity, rule_version, observed, observed_at, raised_at)
         VALUES ($1, $2, $3, 'high', 'test-1', '{"field":"salesDropPct","value":42,"threshold":30}', now(), now())`,
        [loanId, eid, codes[k]],
      );
    }
    await openWarningTasks(tdb.db, {});
    const tasks = (
      await tdb.db.query<{ id: string }>(
        'SELECT id::text AS id FROM warning_tasks WHERE enterprise_id = $1 ORDER BY id',
        [eid],
      )
    ).rows.map((r) => r.id);
    expect(tasks).toHaveLength(signals);
    return { eid, tasks };
  };
  const task = async (id: string) =>
    (
      await tdb.db.query<{ officer_id: string | null; status: string; version: number }>(
        'SELECT officer_id, status, version FROM warning_tasks WHERE id = $1::bigint',
        [id],
      )
    ).rows[0]!;
  const snapshot = async () =>
    (
      await tdb.db.query<{ id: string; officer_id: string | null; version: number }>(
        'SELECT id::text AS id, officer_id, version FROM warning_tasks ORDER BY id',
      )
    ).rows;
  const reassign = (eid: string, payload: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/enterprises/${eid}/service-officer`,
      headers: as('supervisor1'),
      payload,
    });
  const dispose = (id: string, version: number, user: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/warning-tasks/${id}/disposition`,
      headers: as(user, { 'if-match': `"${version}"`, 'idempotency-key': key() }),
      payload: {
        verification: { kind: 'call', note: '电话联系财务负责人核实', on: TODAY },
        measure: 'observe',
        reason: '订单下滑属季节性，继续观察',
      },
    });

  it('moves the client’s open, escalated and awaiting tasks to the new officer, audited; closed and other clients’ stay', async () => {
    const { eid, tasks } = await client(4);
    const [open, escalated, awaiting, closed] = tasks as [string, string, string, string];
    const other = await client(1);
    // Awaiting a supervisor: rm1 records 提前收回 on a high signal (above the officer's role).
    const a = await task(awaiting);
    const rec = await app.inject({
      method: 'POST',
      url: `/api/v1/warning-tasks/${awaiting}/disposition`,
      headers: as('rm1', { 'if-match': `"${a.version}"`, 'idempotency-key': key() }),
      payload: {
        verification: { kind: 'visit', note: '走访企业厂区', on: TODAY },
        measure: 'early_recall',
        reason: '涉诉金额大，建议提前收回',
      },
    });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json().task.status).toBe('awaiting_confirmation');
    await tdb.db.query(
      "UPDATE warning_tasks SET status = 'escalated', escalated_at = now(), version = version + 1 WHERE id = $1::bigint",
      [escalated],
    );
    await tdb.db.query(
      `UPDATE warning_tasks SET status = 'closed', measure = 'observe', measure_reason = '已核实', measured_by = 'u-rm1',
         measured_at = now(), closed_at = now(), version = version + 1 WHERE id = $1::bigint`,
      [closed],
    );
    const before = new Map((await snapshot()).map((t) => [t.id, t]));

    const r = await reassign(eid, { userId: 'u-rm2', reason: '客户经理调岗' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().serviceOfficer.id).toBe('u-rm2');

    for (const id of [open, escalated, awaiting]) {
      const t = await task(id);
      expect(t.officer_id, `task ${id}`).toBe('u-rm2');
      expect(t.version, `task ${id}`).toBe(before.get(id)!.version + 1);
    }
    expect(await task(closed)).toMatchObject({ officer_id: 'u-rm1', version: before.get(closed)!.version });
    expect(await task(other.tasks[0]!)).toMatchObject({ officer_id: 'u-rm1' });
    expect((await task(escalated)).status).toBe('escalated');
    expect((await task(awaiting)).status).toBe('awaiting_confirmation');

    const audit = (
      await tdb.db.query<{ entity_id: string; actor_id: string; payload_digest: string }>(
        "SELECT entity_id, actor_id, payload_digest FROM audit_events WHERE action = 'warning_task.reassigned' ORDER BY seq",
      )
    ).rows;
    expect(audit.map((x) => x.entity_id)).toEqual([open, escalated, awaiting]);
    // The chain keeps each payload's digest: from, to, the status the task had, the reason.
    const status = { [open]: 'open', [escalated]: 'escalated', [awaiting]: 'awaiting_confirmation' };
    for (const x of audit) {
      expect(x.actor_id).toBe('u-supervisor1');
      const payload = {
        enterpriseId: eid,
        from: 'u-rm1',
        to: 'u-rm2',
        status: status[x.entity_id],
        reason: '客户经理调岗',
      };
      expect(x.payload_digest).toBe(createHash('sha256').update(canonicalJson(payload)).digest('hex'));
    }
    expect((await verifyAuditChain(tdb.db)).ok).toBe(true);

    // The new officer disposes; the old one is refused as no longer the service officer.
    const o = await task(open);
    const old = await dispose(open, o.version, 'rm1');
    expect([403, 404], old.body).toContain(old.statusCode);
    expect(old.headers['content-type']).toContain('application/problem+json');
    const mine = await dispose(open, o.version, 'rm2');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().task.status).toBe('closed');
    // rm2 lists the escalated one among their tasks.
    const list = await app.inject({ method: 'GET', url: '/api/v1/warning-tasks?view=all', headers: as('rm2') });
    expect(list.statusCode, list.body).toBe(200);
    expect((list.json().items as { id: string }[]).map((x) => x.id)).toEqual(
      expect.arrayContaining([escalated, awaiting]),
    );
  });

  it('a refused reassignment (not a relationship manager) moves no task and audits nothing', async () => {
    const { eid, tasks } = await client(2);
    const before = await snapshot();
    const audits = async () =>
      (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events')).rows[0]!.n;
    const a0 = await audits();
    const r = await reassign(eid, { userId: 'u-supervisor2', reason: '误选' });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.userId' }] });
    expect(await snapshot()).toEqual(before);
    expect(await audits()).toBe(a0);
    for (const id of tasks) expect((await task(id)).officer_id).toBe('u-rm1');
  });

  it('moves nothing when the officer stays the same, and returns what it moved', async () => {
    const { eid, tasks } = await client(1);
    const same = await tdb.db.tx((q) =>
      reassignWarningTasks(q, { enterpriseId: eid, to: 'u-rm1', actorId: 'u-supervisor1', reason: '复核' }),
    );
    expect(same).toEqual([]);
    const moved = await tdb.db.tx((q) =>
      reassignWarningTasks(q, { enterpriseId: eid, to: 'u-rm2', actorId: 'u-supervisor1', reason: '复核' }),
    );
    expect(moved).toEqual([{ id: tasks[0], from: 'u-rm1' }]);
  });
});
