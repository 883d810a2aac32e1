/**
 * Rule-set publishing (issue 14 item 9) through the bank API, on PGlite and PostgreSQL: a supervisor
 * drafts a copy of the version in force, edits it, replays it, submits it; a second supervisor approves
 * and publishes it; the next submission records the new version and follows its thresholds. Bad drafts
 * (negative threshold, unknown field, routing cycle, past effective date) and self-approval are refused
 * with a clear problem, and nothing is published.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleSetDetail, RuleSetList } from '../../shared/api/rule-sets';
import { beijingDate } from '../../shared/calendar';
import { DEFAULT_RULE_SET, ruleSetToData } from '../../shared/credit/rule-set';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const TODAY = beijingDate(new Date());
const inPudong = (p: { region: string }) => p.region === '310115';
const APP = { productCode: 'SYD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' };
let keyN = 0;
const key = () => `rule-set-key-${Date.now()}-${keyN++}`;

describe.each(testEngines())('rule-set publishing on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  // Two enterprises the 2025 rules send to the fast lane at 300,000 yuan.
  const first = findCase(APP, TODAY, (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && inPudong(p));
  const second = findCase(
    APP,
    TODAY,
    (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && inPudong(p) && p.uscc !== first.uscc,
  );

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['supervisor1', 'supervisor2', 'approver1', 'rm1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: as(user), ...(payload === undefined ? {} : { payload: payload as object }) });

  const submitCase = async (uscc: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: { uscc, ...APP, purpose: '采购原材料', channel: 'branch' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().application.id as string;
    const row = await tdb.db.query<{ tier: string; v: string; code: string }>(
      `SELECT tier, assessment->>'ruleSetVersion' AS v, routing->>'code' AS code FROM applications WHERE id = $1`,
      [id],
    );
    return row.rows[0]!;
  };

  const published = async () =>
    (
      await tdb.db.query<{ version: string }>(
        `SELECT version FROM rule_sets WHERE status = 'published' ORDER BY version`,
      )
    ).rows.map((r) => r.version);

  const newDraft = async (user = 'supervisor1') => {
    const r = await call(user, 'POST', '/api/v1/rule-sets', { note: 'test draft' });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as RuleSetDetail;
  };
  const bodyOf = (d: RuleSetDetail) => {
    const { version: _v, ...rest } = d.data;
    return rest;
  };

  it('starts with the 2025 constants as the published version in force', async () => {
    const r = await call('supervisor1', 'GET', '/api/v1/rule-sets');
    expect(r.statusCode, r.body).toBe(200);
    const list = r.json() as RuleSetList;
    expect(list.inForce).toBe('RS-2025.12');
    const v = await call('supervisor1', 'GET', '/api/v1/rule-sets/RS-2025.12');
    expect(v.json().status).toBe('published');
    // The migration's seed row is exactly the constants in their published form.
    expect(v.json().data).toEqual(ruleSetToData(DEFAULT_RULE_SET));
  });

  it('is for supervisors only', async () => {
    expect((await call('approver1', 'GET', '/api/v1/rule-sets')).statusCode).toBe(403);
    expect((await call('rm1', 'POST', '/api/v1/rule-sets', {})).statusCode).toBe(403);
  });

  it('refuses bad drafts with a clear problem and changes nothing', async () => {
    const d = await newDraft();
    const url = `/api/v1/rule-sets/${d.version}`;
    const good = bodyOf(d);
    const before = (await tdb.db.query('SELECT data, version_no FROM rule_sets WHERE version = $1', [d.version]))
      .rows[0];

    const negative = {
      ...good,
      admission: good.admission.map((x) => (x.id === 'ADM_ANNUAL_SALES' ? { ...x, value: -1 } : x)),
    };
    let r = await call('supervisor1', 'PUT', url, negative);
    expect(r.statusCode, r.body).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().code).toBe('validation_failed');
    expect(r.json().detail).toMatch(/body\.admission\.\d+\.value: threshold must not be negative/);

    r = await call('supervisor1', 'PUT', url, { ...good, routing: { ...good.routing, fastMaxAmountt: '1.00' } });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().detail).toContain('unknown field(s): fastMaxAmountt');

    r = await call('supervisor1', 'PUT', url, { ...good, routing: { ...good.routing, fastMaxAmount: '6000000.00' } });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().detail).toMatch(/body\.routing\.fastMaxAmount: routing cycle/);

    r = await call('supervisor1', 'PUT', url, {
      ...good,
      routing: { ...good.routing, committeeGrades: ['C', 'E'] },
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().detail).toMatch(/routing contradiction/);

    r = await call('supervisor1', 'PUT', url, { ...good, effectiveFrom: '2020-01-01' });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().detail).toBe(`body.effectiveFrom: effective date 2020-01-01 is in the past (today is ${TODAY})`);

    r = await call('supervisor1', 'PUT', url, {
      ...good,
      pricingAuthority: { approverDiscountBp: 60, seniorDiscountBp: 50 },
    });
    expect(r.statusCode, r.body).toBe(400);

    const after = (await tdb.db.query('SELECT data, version_no FROM rule_sets WHERE version = $1', [d.version]))
      .rows[0];
    expect(after).toEqual(before);
    expect(await published()).toEqual(['RS-2025.12']);
  });

  it('refuses to publish a version whose effective date has passed, and self-approval', async () => {
    const d = await newDraft();
    // A draft that was valid when written but whose date has since passed (set behind the API's back).
    const past = '2025-12-15';
    await tdb.db.query(
      `UPDATE rule_sets SET effective_from = $2::date, data = jsonb_set(data, '{effectiveFrom}', to_jsonb($3::text))
        WHERE version = $1`,
      [d.version, past, past],
    );
    let r = await call('supervisor1', 'POST', `/api/v1/rule-sets/${d.version}/submit`);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().code).toBe('rule_set.effective_date_past');

    const ok = await newDraft();
    r = await call('supervisor2', 'POST', `/api/v1/rule-sets/${ok.version}/submit`);
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json().reasonCode).toBe('RULE_SET_NOT_AUTHOR');
    r = await call('supervisor1', 'POST', `/api/v1/rule-sets/${ok.version}/approve`);
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().code).toBe('rule_set.not_pending');
    r = await call('supervisor1', 'POST', `/api/v1/rule-sets/${ok.version}/submit`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('pending_approval');
    r = await call('supervisor1', 'POST', `/api/v1/rule-sets/${ok.version}/approve`);
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json()).toMatchObject({ code: 'forbidden', reasonCode: 'SOD_RULE_SET_AUTHOR' });
    r = await call('supervisor1', 'POST', `/api/v1/rule-sets/${ok.version}/reject`, { reason: '自己驳回' });
    expect(r.statusCode, r.body).toBe(403);
    // A pending version can no longer be edited.
    r = await call('supervisor1', 'PUT', `/api/v1/rule-sets/${ok.version}`, bodyOf(ok));
    expect(r.statusCode, r.body).toBe(409);
    expect(await published()).toEqual(['RS-2025.12']);

    r = await call('supervisor2', 'POST', `/api/v1/rule-sets/${ok.version}/reject`, { reason: 'x' });
    expect(r.statusCode, r.body).toBe(400);
    r = await call('supervisor2', 'POST', `/api/v1/rule-sets/${ok.version}/reject`, { reason: '阈值依据不足' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'rejected', approverId: 'u-supervisor2', rejectReason: '阈值依据不足' });
    const audit = await tdb.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_type = 'rule_set' AND entity_id = $1 ORDER BY seq`,
      [ok.version],
    );
    expect(audit.rows.map((a) => a.action)).toEqual([
      'rule_set.draft_created',
      'rule_set.submitted',
      'rule_set.rejected',
    ]);
    expect(await published()).toEqual(['RS-2025.12']);
  });

  it('replays a draft, publishes it after a second supervisor approves, and the next submission follows it', async () => {
    const before = await submitCase(first.uscc);
    expect(before).toMatchObject({ tier: 'fast', v: 'RS-2025.12' });

    const d = await newDraft();
    const good = bodyOf(d);
    const draft = {
      ...good,
      effectiveFrom: TODAY,
      routing: { ...good.routing, instantMaxAmount: '200000.00', fastMaxAmount: '200000.00' },
      note: '快速通道上限下调至 20 万元',
    };
    let r = await call('supervisor1', 'PUT', `/api/v1/rule-sets/${d.version}`, draft);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().data.routing.fastMaxAmount).toBe('200000.00');

    // Decide the first case so it is among the decided cases the replay reads.
    await tdb.db.query(
      `UPDATE applications SET status = 'approved', decided_at = now() WHERE id IN
      (SELECT id FROM applications WHERE uscc = $1)`,
      [first.uscc],
    );
    r = await call('supervisor1', 'POST', `/api/v1/rule-sets/${d.version}/replay`, { limit: 20 });
    expect(r.statusCode, r.body).toBe(200);
    const rep = r.json();
    expect(rep.candidateVersion).toBe(d.version);
    const change = rep.changes.find((c: { enterpriseName: string }) => c.enterpriseName === first.profile.name);
    expect(change).toMatchObject({ before: { tier: 'fast' }, after: { tier: 'standard' }, fields: ['tier'] });
    expect(change.why.map((w: { code: string }) => w.code)).toContain('RT_STANDARD_AMOUNT');
    r = await call('supervisor1', 'POST', `/api/v1/rule-sets/${d.version}/replay`, { limit: 0 });
    expect(r.statusCode).toBe(400);

    r = await call('supervisor1', 'POST', `/api/v1/rule-sets/${d.version}/submit`);
    expect(r.statusCode, r.body).toBe(200);
    r = await call('supervisor2', 'POST', `/api/v1/rule-sets/${d.version}/approve`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'published', approverId: 'u-supervisor2', inForce: true });
    const list = (await call('supervisor2', 'GET', '/api/v1/rule-sets')).json() as RuleSetList;
    expect(list.inForce).toBe(d.version);

    const after = await submitCase(second.uscc);
    expect(after).toEqual({ tier: 'standard', v: d.version, code: 'RT_STANDARD_AMOUNT' });

    const audit = await tdb.db.query<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_events WHERE entity_type = 'rule_set' AND entity_id = $1 ORDER BY seq`,
      [d.version],
    );
    expect(audit.rows).toEqual([
      { action: 'rule_set.draft_created', actor_id: 'u-supervisor1' },
      { action: 'rule_set.submitted', actor_id: 'u-supervisor1' },
      { action: 'rule_set.published', actor_id: 'u-supervisor2' },
    ]);
  });
});
