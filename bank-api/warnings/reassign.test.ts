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
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/canonical-json';
import { testEngines } from '../../test/helpers/test-db';
import {
  disposeRequest,
  idempotencyKey,
  insertClient,
  insertSignal,
  TODAY,
  warningTaskEnv,
} from '../../test/helpers/warning-tasks';
import { verifyAuditChain } from '../audit/chain';
import { openWarningTasks, reassignWarningTasks } from './tasks';

describe.each(testEngines())('warning tasks follow the service officer on %s', (engine) => {
  const env = warningTaskEnv(engine, ['rm1', 'rm2', 'supervisor1']);
  let n = 0;

  /** An enterprise served by rm1 with one loan and `signals` open signals, their tasks opened. */
  const client = async (signals: number) => {
    const i = ++n;
    const c = await insertClient(env.tdb.db, { tag: 'WR', i, name: `换岗测试企业${i}有限公司` });
    const eid = c.enterpriseId;
    const codes = ['sales_drop', 'inflow_drop', 'new_court_case', 'overdue_elsewhere'];
    for (let k = 0; k < signals; k++) await insertSignal(env.tdb.db, c, { code: codes[k], severity: 'high' });
    await openWarningTasks(env.tdb.db, {});
    const tasks = (
      await env.tdb.db.query<{ id: string }>(
        'SELECT id::text AS id FROM warning_tasks WHERE enterprise_id = $1 ORDER BY id',
        [eid],
      )
    ).rows.map((r) => r.id);
    expect(tasks).toHaveLength(signals);
    return { eid, tasks };
  };
  const task = async (id: string) =>
    (
      await env.tdb.db.query<{ officer_id: string | null; status: string; version: number }>(
        'SELECT officer_id, status, version FROM warning_tasks WHERE id = $1::bigint',
        [id],
      )
    ).rows[0]!;
  const snapshot = async () =>
    (
      await env.tdb.db.query<{ id: string; officer_id: string | null; version: number }>(
        'SELECT id::text AS id, officer_id, version FROM warning_tasks ORDER BY id',
      )
    ).rows;
  const events = async () =>
    (await env.tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM warning_task_events')).rows[0]!.n;
  const detail = (id: string, user: string) =>
    env.app.inject({ method: 'GET', url: `/api/v1/warning-tasks/${id}`, headers: env.as(user) });
  const reassign = (eid: string, payload: object) =>
    env.app.inject({
      method: 'POST',
      url: `/api/v1/enterprises/${eid}/service-officer`,
      headers: env.as('supervisor1'),
      payload,
    });
  const dispose = (id: string, version: number, user: string) =>
    disposeRequest(
      env,
      id,
      version,
      {
        verification: { kind: 'call', note: '电话联系财务负责人核实', on: TODAY },
        measure: 'observe',
        reason: '订单下滑属季节性，继续观察',
      },
      user,
      idempotencyKey('wt-reassign'),
    );

  it('moves the client’s open, escalated and awaiting tasks to the new officer, audited; closed and other clients’ stay', async () => {
    const { eid, tasks } = await client(4);
    const [open, escalated, awaiting, closed] = tasks as [string, string, string, string];
    const other = await client(1);
    // Awaiting a supervisor: rm1 records 提前收回 on a high signal (above the officer's role).
    const a = await task(awaiting);
    const rec = await disposeRequest(
      env,
      awaiting,
      a.version,
      {
        verification: { kind: 'visit', note: '走访企业厂区', on: TODAY },
        measure: 'early_recall',
        reason: '涉诉金额大，建议提前收回',
      },
      'rm1',
      idempotencyKey('wt-reassign'),
    );
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json().task.status).toBe('awaiting_confirmation');
    await env.tdb.db.query(
      "UPDATE warning_tasks SET status = 'escalated', escalated_at = now(), version = version + 1 WHERE id = $1::bigint",
      [escalated],
    );
    await env.tdb.db.query(
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
      await env.tdb.db.query<{ entity_id: string; actor_id: string; payload_digest: string }>(
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
    expect((await verifyAuditChain(env.tdb.db)).ok).toBe(true);

    // The new officer disposes; the old one is refused as no longer the service officer.
    const o = await task(open);
    const old = await dispose(open, o.version, 'rm1');
    expect([403, 404], old.body).toContain(old.statusCode);
    expect(old.headers['content-type']).toContain('application/problem+json');
    const mine = await dispose(open, o.version, 'rm2');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().task.status).toBe('closed');
    // rm2 lists the escalated one among their tasks.
    const list = await env.app.inject({ method: 'GET', url: '/api/v1/warning-tasks?view=all', headers: env.as('rm2') });
    expect(list.statusCode, list.body).toBe(200);
    expect((list.json().items as { id: string }[]).map((x) => x.id)).toEqual(
      expect.arrayContaining([escalated, awaiting]),
    );
  });

  it('a refused reassignment (not a relationship manager) moves no task and audits nothing', async () => {
    const { eid, tasks } = await client(2);
    const before = await snapshot();
    const audits = async () =>
      (await env.tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events')).rows[0]!.n;
    const a0 = await audits();
    const e0 = await events();
    const r = await reassign(eid, { userId: 'u-supervisor2', reason: '误选' });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.userId' }] });
    expect(await snapshot()).toEqual(before);
    expect(await audits()).toBe(a0);
    expect(await events()).toBe(e0);
    for (const id of tasks) expect((await task(id)).officer_id).toBe('u-rm1');
  });

  it('moves nothing when the officer stays the same, and returns what it moved', async () => {
    const { eid, tasks } = await client(1);
    const same = await env.tdb.db.tx((q) =>
      reassignWarningTasks(q, { enterpriseId: eid, to: 'u-rm1', actorId: 'u-supervisor1', reason: '复核' }),
    );
    expect(same).toEqual([]);
    const moved = await env.tdb.db.tx((q) =>
      reassignWarningTasks(q, { enterpriseId: eid, to: 'u-rm2', actorId: 'u-supervisor1', reason: '复核' }),
    );
    expect(moved).toEqual([{ id: tasks[0], from: 'u-rm1' }]);
    // A move by the system has no actor.
    await env.tdb.db.tx((q) =>
      reassignWarningTasks(q, { enterpriseId: eid, to: 'u-rm1', actorId: null, reason: '批量调整' }),
    );
    const h = (await detail(tasks[0]!, 'rm1')).json().history as { action: string; actorId: string | null }[];
    expect(h.map((x) => [x.action, x.actorId])).toEqual([
      ['opened', null],
      ['reassigned', 'u-supervisor1'],
      ['reassigned', null],
    ]);
  });

  it('each moved task’s history says who had it, who has it now and why — by name — and closed tasks’ say nothing', async () => {
    const { eid, tasks } = await client(2);
    const [open, closed] = tasks as [string, string];
    await env.tdb.db.query(
      `UPDATE warning_tasks SET status = 'closed', measure = 'observe', measure_reason = '已核实', measured_by = 'u-rm1',
         measured_at = now(), closed_at = now(), version = version + 1 WHERE id = $1::bigint`,
      [closed],
    );
    const names = Object.fromEntries(
      (
        await env.tdb.db.query<{ id: string; display_name: string }>(
          "SELECT id, display_name FROM users WHERE id IN ('u-rm1', 'u-rm2', 'u-supervisor1')",
        )
      ).rows.map((u) => [u.id, u.display_name]),
    );
    expect(Object.keys(names)).toHaveLength(3);
    const e0 = await events();

    const r = await reassign(eid, { userId: 'u-rm2', reason: '客户经理调岗' });
    expect(r.statusCode, r.body).toBe(200);
    // One history row for the one task moved, written with the move.
    expect(await events()).toBe(e0 + 1);

    const d = await detail(open, 'rm2');
    expect(d.statusCode, d.body).toBe(200);
    const history = d.json().history as {
      action: string;
      actorId: string | null;
      actorName: string | null;
      fromStatus: string | null;
      toStatus: string;
      details: Record<string, unknown>;
      reassignment: Record<string, unknown> | null;
    }[];
    expect(history.map((h) => h.action)).toEqual(['opened', 'reassigned']);
    expect(history[0]!.reassignment).toBeNull();
    const moved = history[1]!;
    expect(moved).toMatchObject({
      actorId: 'u-supervisor1',
      actorName: names['u-supervisor1'],
      fromStatus: 'open',
      toStatus: 'open',
      details: {
        fromOfficerId: 'u-rm1',
        toOfficerId: 'u-rm2',
        cause: 'service_officer_changed',
        reason: '客户经理调岗',
      },
    });
    expect(moved.reassignment).toEqual({
      fromOfficerId: 'u-rm1',
      fromOfficerName: names['u-rm1'],
      toOfficerId: 'u-rm2',
      toOfficerName: names['u-rm2'],
      cause: 'service_officer_changed',
      reason: '客户经理调岗',
    });
    expect(names['u-rm1']).not.toBe('u-rm1');

    // The closed task kept its officer and its history.
    const c = await detail(closed, 'supervisor1');
    expect(c.statusCode, c.body).toBe(200);
    expect((c.json().history as { action: string }[]).map((h) => h.action)).toEqual(['opened']);

    // Back to rm1: a second entry, the other way round, after the first.
    const back = await reassign(eid, { userId: 'u-rm1', reason: '调岗撤回' });
    expect(back.statusCode, back.body).toBe(200);
    const again = (await detail(open, 'rm1')).json().history as {
      action: string;
      reassignment: { fromOfficerName: string; toOfficerName: string; reason: string } | null;
    }[];
    expect(again.map((h) => h.action)).toEqual(['opened', 'reassigned', 'reassigned']);
    expect(again[2]!.reassignment).toMatchObject({
      fromOfficerName: names['u-rm2'],
      toOfficerName: names['u-rm1'],
      reason: '调岗撤回',
    });
  });

  it('the history row goes with the move: a transaction that fails after it leaves neither', async () => {
    const { eid, tasks } = await client(1);
    const before = await snapshot();
    const e0 = await events();
    await expect(
      env.tdb.db.tx(async (q) => {
        await reassignWarningTasks(q, { enterpriseId: eid, to: 'u-rm2', actorId: 'u-supervisor1', reason: '复核' });
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await snapshot()).toEqual(before);
    expect(await events()).toBe(e0);
    expect((await task(tasks[0]!)).officer_id).toBe('u-rm1');
  });

  it('the history still refuses an action it does not know', async () => {
    const { tasks } = await client(1);
    const e0 = await events();
    await expect(
      env.tdb.db.query(
        `INSERT INTO warning_task_events (task_id, at, actor_id, action, from_status, to_status)
         VALUES ($1::bigint, now(), 'u-supervisor1', 'handed_over', 'open', 'open')`,
        [tasks[0]],
      ),
    ).rejects.toThrow(/warning_task_events_action_check|check constraint/);
    expect(await events()).toBe(e0);
  });
});
