/**
 * 预警处置 through the bank API, on PGlite and PostgreSQL: a task per new signal exactly once, its deadline
 * on the bank calendar, verification and measure by the service officer, a supervisor's confirmation
 * (never by the recorder), the refusals that change nothing, and escalation of an overdue task.
 *
 * Signals are inserted into loan_signals directly (the real table the monitoring job writes), so each test
 * owns signals in exactly the state it needs.
 */
import { describe, expect, it } from 'vitest';
import { dispositionDueOn } from '../../shared/credit/warning-disposition';
import { testEngines } from '../../test/helpers/test-db';
import {
  disposeRequest,
  idempotencyKey,
  insertClient,
  insertSignal,
  type SignalOptions,
  type TestClient,
  TODAY,
  warningTaskEnv,
} from '../../test/helpers/warning-tasks';
import { verifyAuditChain } from '../audit/chain';
import { escalateOverdue, openWarningTasks } from '../warnings/tasks';

const key = () => idempotencyKey('wt-key');

describe.each(testEngines())('warning tasks (预警处置) on %s', (engine) => {
  // A relationship manager who is also a supervisor: the recorder who must not confirm their own measure.
  const env = warningTaskEnv(engine, ['rm1', 'rm2', 'supervisor1', 'supervisor2', 'rmsup'], async (db) => {
    await db.query(
      `INSERT INTO users SELECT (jsonb_populate_record(NULL::users, to_jsonb(u) ||
         jsonb_build_object('id', 'u-rmsup', 'username', 'rmsup', 'display_name', '兼岗主管',
           'roles', ARRAY['relationship_manager', 'supervisor']))).* FROM users u WHERE id = 'u-rm1'`,
    );
  });
  let n = 0;

  /** An enterprise (booked at SH-PD: service officer rm1 unless named) with one loan. */
  const loan = async (officer?: string) => {
    const i = ++n;
    return insertClient(env.tdb.db, { tag: 'WT', i, name: `预警测试企业${i}有限公司`, officer });
  };

  const signal = (l: TestClient, o: SignalOptions = {}) => insertSignal(env.tdb.db, l, o);

  const taskOf = async (signalId: string) =>
    (
      await env.tdb.db.query<{
        id: string;
        status: string;
        version: number;
        due_on: string;
        officer_id: string | null;
      }>(
        'SELECT id::text AS id, status, version, due_on::text AS due_on, officer_id FROM warning_tasks WHERE signal_id = $1::bigint',
        [signalId],
      )
    ).rows[0];

  const counts = async () =>
    (
      await env.tdb.db.query<{ tasks: number; events: number; audit: number }>(
        `SELECT (SELECT count(*)::int FROM warning_tasks) AS tasks, (SELECT count(*)::int FROM warning_task_events) AS events,
           (SELECT count(*)::int FROM audit_events) AS audit`,
      )
    ).rows[0]!;

  const get = (id: string, user = 'rm1') =>
    env.app.inject({ method: 'GET', url: `/api/v1/warning-tasks/${id}`, headers: env.as(user) });

  const dispose = (id: string, version: number, payload: object, user = 'rm1', k = key()) =>
    disposeRequest(env, id, version, payload, user, k);

  const confirm = (id: string, version: number, payload: object, user = 'supervisor1') =>
    env.app.inject({
      method: 'POST',
      url: `/api/v1/warning-tasks/${id}/confirmation`,
      headers: env.as(user, { 'if-match': `"${version}"`, 'idempotency-key': key() }),
      payload,
    });

  const visit = (measure: string, reason = '实地走访：订单下滑属季节性，经营正常') => ({
    verification: { kind: 'visit', note: '走访企业厂区，与财务负责人面谈', on: TODAY },
    measure,
    reason,
  });

  /** A fresh signal with its task opened; the task as the API shows it to rm1. */
  const openTask = async (o: { severity?: string; officer?: string } = {}) => {
    const s = await signal(await loan(o.officer), { severity: o.severity ?? 'high' });
    await openWarningTasks(env.tdb.db, {});
    const t = await taskOf(s);
    expect(t, 'task opened').toBeDefined();
    return t!;
  };

  it('opens one task per new signal, exactly once, for the service officer', async () => {
    const l1 = await loan();
    const l2 = await loan();
    const s1 = await signal(l1, { code: 'sales_drop', severity: 'high' });
    const s2 = await signal(l1, { code: 'new_court_case', severity: 'medium' });
    const s3 = await signal(l2, { code: 'inflow_drop', severity: 'low' });
    const cleared = await signal(l2, { code: 'overdue_elsewhere', cleared: true });
    const before = await counts();
    // Two callers at once (two API instances at the end of a run), then again.
    const [a, b] = await Promise.all([openWarningTasks(env.tdb.db, {}), openWarningTasks(env.tdb.db, {})]);
    const again = await openWarningTasks(env.tdb.db, {});
    expect(again.opened).toBe(0);
    const after = await counts();
    expect(after.tasks - before.tasks).toBe(3);
    expect(a.opened + b.opened).toBe(3);
    expect(after.events - before.events).toBe(3);
    expect(after.audit - before.audit).toBe(3);
    for (const s of [s1, s2, s3]) expect((await taskOf(s))?.officer_id).toBe('u-rm1');
    expect(await taskOf(cleared)).toBeUndefined();
    expect((await taskOf(s1))?.status).toBe('open');
    // rm1 lists them; rm2 serves neither client and sees none of them.
    const mine = (
      await env.app.inject({ method: 'GET', url: '/api/v1/warning-tasks?view=all', headers: env.as('rm1') })
    ).json();
    const ids = (mine.items as { signalId: string }[]).map((x) => x.signalId);
    expect(ids).toEqual(expect.arrayContaining([s1, s2, s3]));
    const theirs = (
      await env.app.inject({ method: 'GET', url: '/api/v1/warning-tasks?view=all', headers: env.as('rm2') })
    ).json();
    expect((theirs.items as { signalId: string }[]).filter((x) => [s1, s2, s3].includes(x.signalId))).toEqual([]);
    const t = await taskOf(s3);
    expect((await get(t!.id, 'rm2')).statusCode).toBe(404);
  });

  it('dates the deadline on the bank calendar: a high signal raised on the eve of 国庆 is due after the holiday', async () => {
    const l = await loan();
    const high = await signal(l, { code: 'sales_drop', severity: 'high', raisedAt: '2026-09-30T02:00:00Z' });
    const medium = await signal(l, { code: 'inflow_drop', severity: 'medium', raisedAt: '2026-09-30T02:00:00Z' });
    await openWarningTasks(env.tdb.db, { now: new Date('2026-09-30T03:00:00Z') });
    expect((await taskOf(high))?.due_on).toBe('2026-10-09');
    expect((await taskOf(medium))?.due_on).toBe('2026-10-13');
    expect((await taskOf(high))?.due_on).toBe(dispositionDueOn('2026-09-30', 'high'));
  });

  it('closes with 继续观察 by the officer alone; a closed task refuses a new measure and nothing changes', async () => {
    const t = await openTask({ severity: 'high' });
    const r = await dispose(t.id, t.version, visit('observe'));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().outcome).toBe('closed');
    expect(r.json().task.status).toBe('closed');
    expect(r.json().task.verification).toMatchObject({ kind: 'visit', on: TODAY, by: 'u-rm1' });
    const before = await counts();
    const v = r.json().task.version;
    const again = await dispose(t.id, v, visit('early_recall'));
    expect(again.statusCode, again.body).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('warning.task_closed');
    expect(await counts()).toEqual(before);
    expect((await taskOf((await get(t.id)).json().signalId))?.version).toBe(v);
  });

  it('refuses a measure without a reason (400) and an unknown measure, and changes nothing', async () => {
    const t = await openTask();
    const before = await counts();
    const noReason = await dispose(t.id, t.version, {
      verification: visit('observe').verification,
      measure: 'observe',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.reason');
    const blank = await dispose(t.id, t.version, visit('reduce_limit', '   '));
    expect(blank.statusCode).toBe(400);
    const unknown = await dispose(t.id, t.version, visit('forgive_debt'));
    expect(unknown.statusCode).toBe(400);
    const future = await dispose(t.id, t.version, {
      ...visit('observe'),
      verification: { kind: 'call', note: '电话核实', on: '2099-01-04' },
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().code).toBe('warning.verification_in_future');
    const stale = await dispose(t.id, t.version + 5, visit('observe'));
    expect(stale.statusCode).toBe(412);
    const notOfficer = await dispose(t.id, t.version, visit('observe'), 'rm2');
    expect(notOfficer.statusCode).toBe(404); // not rm2's client: out of scope looks absent
    expect(await counts()).toEqual(before);
    expect((await get(t.id)).json()).toMatchObject({ status: 'open', version: t.version, disposition: null });
  });

  it('a measure above the officer waits for a supervisor, who confirms it; every step is in the history and the audit', async () => {
    const t = await openTask({ severity: 'medium' });
    const k = key();
    const r = await dispose(
      t.id,
      t.version,
      visit('reduce_limit', '销售收入下降四成，压降授信额度至 200 万元'),
      'rm1',
      k,
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().outcome).toBe('awaiting_confirmation');
    expect(r.json().task).toMatchObject({ status: 'awaiting_confirmation', mayRecord: false, mayConfirm: false });
    // A retry with the same key answers the first answer and records nothing more.
    const before = await counts();
    const retry = await dispose(
      t.id,
      t.version,
      visit('reduce_limit', '销售收入下降四成，压降授信额度至 200 万元'),
      'rm1',
      k,
    );
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await counts()).toEqual(before);
    // While awaiting, the officer cannot record another measure.
    const v = r.json().task.version;
    const twice = await dispose(t.id, v, visit('observe'));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('warning.awaiting_confirmation');
    // The supervisor sees it, with counts by branch.
    const list = (
      await env.app.inject({
        method: 'GET',
        url: '/api/v1/warning-tasks?view=awaiting_confirmation',
        headers: env.as('supervisor1'),
      })
    ).json();
    expect((list.items as { id: string }[]).map((x) => x.id)).toContain(t.id);
    expect(
      list.byBranch.find((b: { branchId: string }) => b.branchId === 'SH-PD').awaitingConfirmation,
    ).toBeGreaterThan(0);
    expect((await get(t.id, 'supervisor1')).json().mayConfirm).toBe(true);
    const c = await confirm(t.id, v, { decision: 'confirm', note: '同意压降' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().task).toMatchObject({
      status: 'closed',
      confirmation: { by: 'u-supervisor1', note: '同意压降' },
      disposition: { measure: 'reduce_limit', by: 'u-rm1', needsConfirmation: true },
    });
    expect(c.json().task.history.map((h: { action: string }) => h.action)).toEqual([
      'opened',
      'disposition_recorded',
      'confirmed',
    ]);
    const audit = (
      await env.tdb.db.query<{ action: string }>(
        "SELECT action FROM audit_events WHERE entity_type = 'warning_task' AND entity_id = $1 ORDER BY seq",
        [t.id],
      )
    ).rows.map((x) => x.action);
    expect(audit).toEqual(['warning_task.opened', 'warning_task.disposition_recorded', 'warning_task.confirmed']);
    expect((await verifyAuditChain(env.tdb.db)).ok).toBe(true);
  });

  it('a rejection needs a reason and sends the task back to the officer', async () => {
    const t = await openTask({ severity: 'low' });
    const r = await dispose(t.id, t.version, visit('early_recall', '企业涉诉金额超过净资产，建议提前收回'));
    expect(r.json().task.status).toBe('awaiting_confirmation');
    const v = r.json().task.version;
    const bare = await confirm(t.id, v, { decision: 'reject' });
    expect(bare.statusCode).toBe(400);
    const rej = await confirm(t.id, v, { decision: 'reject', note: '证据不足，请补充法院判决信息' });
    expect(rej.statusCode, rej.body).toBe(200);
    expect(rej.json().task).toMatchObject({ status: 'open', disposition: null, mayConfirm: false });
    expect((await get(t.id)).json().mayRecord).toBe(true);
  });

  it('the recorder cannot confirm their own measure, even as a supervisor', async () => {
    const t = await openTask({ severity: 'high', officer: 'u-rmsup' });
    const r = await dispose(t.id, t.version, visit('add_collateral', '追加法定代表人房产抵押'), 'rmsup');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().task).toMatchObject({ status: 'awaiting_confirmation', mayConfirm: false });
    const v = r.json().task.version;
    const before = await counts();
    const own = await confirm(t.id, v, { decision: 'confirm' }, 'rmsup');
    expect(own.statusCode, own.body).toBe(403);
    expect(own.json().code).toBe('warning.recorder_is_confirmer');
    expect(await counts()).toEqual(before);
    const other = await confirm(t.id, v, { decision: 'confirm' }, 'supervisor2');
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json().task.status).toBe('closed');
  });

  it('escalates an open task past its due date, and it can still be disposed of', async () => {
    const l = await loan();
    const s = await signal(l, { code: 'sales_drop', severity: 'low', raisedAt: '2026-10-30T02:00:00Z' });
    await openWarningTasks(env.tdb.db, { now: new Date('2026-10-30T03:00:00Z') });
    const t = (await taskOf(s))!;
    expect(t.due_on).toBe('2026-11-13'); // 10 working days from Friday 30 October
    // On the due date it is still open; the next day it is escalated.
    expect((await escalateOverdue(env.tdb.db, { now: new Date('2026-11-13T09:00:00Z') })).escalated).toBe(0);
    expect((await taskOf(s))?.status).toBe('open');
    const e = await escalateOverdue(env.tdb.db, { now: new Date('2026-11-16T01:00:00Z') });
    expect(e.escalated).toBeGreaterThanOrEqual(1);
    expect((await taskOf(s))?.status).toBe('escalated');
    const view = (
      await env.app.inject({ method: 'GET', url: '/api/v1/warning-tasks?view=overdue', headers: env.as('supervisor1') })
    ).json();
    const row = (view.items as { id: string; overdue: boolean; status: string }[]).find((x) => x.id === t.id);
    expect(row).toMatchObject({ overdue: true, status: 'escalated' });
    expect(view.byBranch.find((b: { branchId: string }) => b.branchId === 'SH-PD').overdue).toBeGreaterThan(0);
    const d = (await get(t.id)).json();
    expect(d.history.map((h: { action: string }) => h.action)).toEqual(['opened', 'escalated']);
    const r = await dispose(t.id, d.version, visit('observe'));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().task.status).toBe('closed');
  });

  it('a list read escalates what is overdue today', async () => {
    const l = await loan();
    const s = await signal(l, { code: 'inflow_drop', severity: 'high', raisedAt: '2026-11-02T02:00:00Z' });
    await openWarningTasks(env.tdb.db, { now: new Date('2026-11-02T03:00:00Z') });
    expect((await taskOf(s))?.status).toBe('open'); // due 2026-11-04, long past on the machine's today
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/warning-tasks', headers: env.as('rm1') });
    expect(r.statusCode).toBe(200);
    expect((await taskOf(s))?.status).toBe('escalated');
  });

  it('refuses a branch outside the supervisor’s scope and a malformed id', async () => {
    const bad = await env.app.inject({
      method: 'GET',
      url: '/api/v1/warning-tasks?branchId=XX',
      headers: env.as('supervisor1'),
    });
    expect(bad.statusCode).toBe(400);
    expect((await get('APP0000000000000001')).statusCode).toBe(400);
    expect((await get('999999999')).statusCode).toBe(404);
  });
});
