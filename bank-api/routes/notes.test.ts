/**
 * 首席服务官 and case notes (issue 15 item 6) through the bank API on PGlite and PostgreSQL: notes only by
 * staff who may read the case (out of scope is 404, as the read rule answers), checked for length and
 * addressee, listed and counted for their addressee; the service officer reassigned only by a supervisor,
 * to an active relationship manager, audited; every refusal changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { notesForMe } from '../workflow/notes';

const ASOF = beijingDate(new Date());
const inShanghai = (p: { region: string }) => p.region.startsWith('31');
let keyN = 0;
const key = () => `notes-${Date.now()}-${keyN++}`;

describe.each(testEngines())('service officers and case notes on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let caseId = '';
  let enterpriseId = '';

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['approver1', 'approver3', 'supervisor1', 'rm1', 'contract1']);
    const c = findCase(
      { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.instant.outcome === 'refer' && inShanghai(p),
      7,
    );
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: {
        uscc: c.uscc,
        productCode: 'LDD',
        amount: '300000.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        purpose: '采购原材料',
        channel: 'branch',
        guarantors: [{ name: '上海浦东融资担保有限公司' }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    caseId = r.json().application.id;
    enterpriseId = r.json().application.enterpriseId;
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const countNotes = async () =>
    (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_notes')).rows[0]!.n;
  const note = (user: string, payload: object, id = caseId) =>
    app.inject({ method: 'POST', url: `/api/v1/applications/${id}/notes`, headers: as(user), payload });
  const refused = async (r: { statusCode: number; json(): unknown }, status: number, before: number) => {
    expect(r.statusCode, JSON.stringify(r.json())).toBe(status);
    expect(await countNotes()).toBe(before);
  };

  it('refuses notes the read rule or the schema refuses, writing nothing', async () => {
    const before = await countNotes();
    // approver3 works in Hangzhou: the Shanghai case is out of scope, answered as absent.
    const out = await note('approver3', { body: '请补充材料' });
    await refused(out, 404, before);
    await refused(await note('approver1', { body: '' }), 400, before);
    await refused(await note('approver1', { body: '   ' }), 400, before);
    await refused(await note('approver1', { body: '长'.repeat(2001) }), 400, before);
    await refused(await note('approver1', { body: 'ok', addresseeRole: 'janitor' }), 400, before);
    await refused(await note('approver1', { body: 'ok', addresseeUserId: 'u-nobody' }), 400, before);
    await refused(await note('approver1', { body: 'ok\u0000' }), 400, before);
    const get = await app.inject({
      method: 'GET',
      url: `/api/v1/applications/${caseId}/notes`,
      headers: as('approver3'),
    });
    expect(get.statusCode).toBe(404);
  });

  it('keeps a note (2000 characters allowed), lists it and counts it for its addressee only', async () => {
    const long = await note('approver1', { body: '额'.repeat(2000) });
    expect(long.statusCode, long.body).toBe(201);
    const r = await note('approver1', { body: '请客户经理补充近三个月流水', addresseeRole: 'relationship_manager' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      applicationId: caseId,
      author: { id: 'u-approver1' },
      addresseeRole: 'relationship_manager',
      addressee: null,
      body: '请客户经理补充近三个月流水',
    });
    const toUser = await note('rm1', { body: '已上传', addresseeUserId: 'u-approver1' });
    expect(toUser.statusCode, toUser.body).toBe(201);
    expect(toUser.json().addressee).toMatchObject({ id: 'u-approver1' });

    const list = await app.inject({ method: 'GET', url: `/api/v1/applications/${caseId}/notes`, headers: as('rm1') });
    expect(list.statusCode).toBe(200);
    expect(list.json().notes.map((n: { body: string }) => n.body)).toEqual([
      '额'.repeat(2000),
      '请客户经理补充近三个月流水',
      '已上传',
    ]);

    const users = await tdb.db.query<{ id: string; roles: string[] }>(
      "SELECT id, roles FROM users WHERE id IN ('u-rm1', 'u-approver1', 'u-supervisor1') ORDER BY id",
    );
    const u = (id: string) => {
      const x = users.rows.find((r) => r.id === id)!;
      return { id: x.id, roles: x.roles } as never;
    };
    expect((await notesForMe(tdb.db, u('u-rm1'), [caseId])).get(caseId)).toBe(1);
    expect((await notesForMe(tdb.db, u('u-approver1'), [caseId])).get(caseId)).toBe(1);
    expect((await notesForMe(tdb.db, u('u-supervisor1'), [caseId])).get(caseId)).toBeUndefined();

    const detail = await app.inject({ method: 'GET', url: `/api/v1/applications/${caseId}`, headers: as('rm1') });
    const notesInHistory = detail.json().history.filter((h: { action: string }) => h.action === 'note');
    expect(notesInHistory.map((h: { payload: { comment: string } }) => h.payload.comment)).toEqual([
      '额'.repeat(2000),
      '请客户经理补充近三个月流水',
      '已上传',
    ]);
    expect(notesInHistory[1]).toMatchObject({
      actorName: expect.any(String),
      payload: { addresseeRole: 'relationship_manager' },
    });
    expect(detail.json().serviceOfficer).toMatchObject({ id: 'u-rm1' });
    const q = await app.inject({ method: 'GET', url: '/api/v1/applications?limit=100', headers: as('rm1') });
    expect(q.json().items.find((x: { id: string }) => x.id === caseId)?.notesForMe).toBe(1);

    const audit = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.note_added' AND entity_id = $1",
      [caseId],
    );
    expect(audit.rows[0]!.n).toBe(3);
  });

  it('reassigns the service officer only by a supervisor, to an active relationship manager, audited', async () => {
    const officer = async () =>
      (
        await tdb.db.query<{ s: string | null }>('SELECT service_officer_id AS s FROM enterprises WHERE id = $1', [
          enterpriseId,
        ])
      ).rows[0]!.s;
    await tdb.db.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles, branch_id)
       SELECT 'u-rm-test', 'rm-test', '测试客户经理', password_hash, ARRAY['relationship_manager'], 'HZ'
       FROM users WHERE id = 'u-rm1' ON CONFLICT (id) DO NOTHING`,
    );
    const before = await officer();
    // A new enterprise gets the nearest active RM of its branch: rm1 (SH-PD) in the demo organisation.
    expect(before).toBe('u-rm1');
    const post = (user: string, payload: object, id = enterpriseId) =>
      app.inject({ method: 'POST', url: `/api/v1/enterprises/${id}/service-officer`, headers: as(user), payload });

    expect((await post('rm1', { userId: 'u-rm-test', reason: '调岗' })).statusCode).toBe(403);
    expect((await post('approver1', { userId: 'u-rm-test', reason: '调岗' })).statusCode).toBe(403);
    const notRm = await post('supervisor1', { userId: 'u-approver1', reason: '调岗' });
    expect(notRm.statusCode).toBe(400);
    expect(String(notRm.headers['content-type'])).toContain('application/problem+json');
    expect((await post('supervisor1', { userId: 'u-rm-test', reason: '' })).statusCode).toBe(400);
    expect((await post('supervisor1', { userId: 'u-rm-test', reason: '调岗' }, 'E000000000000000000')).statusCode).toBe(
      404,
    );
    expect(await officer()).toBe(before);

    // The Hangzhou RM cannot read the Shanghai case before serving its enterprise.
    const asHz = await signIn(app, ['rm-test']);
    const read = () => app.inject({ method: 'GET', url: `/api/v1/applications/${caseId}`, headers: asHz('rm-test') });
    expect((await read()).statusCode).toBe(404);
    const ok = await post('supervisor1', { userId: 'u-rm-test', reason: '客户经理调岗' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ enterpriseId, serviceOfficer: { id: 'u-rm-test', name: '测试客户经理' } });
    expect(await officer()).toBe('u-rm-test');
    // Now the service officer reads the case, sees themselves in its detail and finds it in their queue.
    const d = await read();
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json().serviceOfficer).toEqual({ id: 'u-rm-test', name: '测试客户经理' });
    const queue = await app.inject({ method: 'GET', url: '/api/v1/applications?limit=100', headers: asHz('rm-test') });
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().items.map((x: { id: string }) => x.id)).toContain(caseId);
    const audit = await tdb.db.query<{ actor_id: string }>(
      "SELECT actor_id FROM audit_events WHERE action = 'enterprise.service_officer_assigned' AND entity_id = $1",
      [enterpriseId],
    );
    expect(audit.rows).toEqual([{ actor_id: 'u-supervisor1' }]);

    await tdb.db.query("UPDATE users SET active = false WHERE id = 'u-rm-test'");
    const inactive = await post('supervisor1', { userId: 'u-rm-test', reason: '再次调整' });
    expect(inactive.statusCode).toBe(400);
  });
});
