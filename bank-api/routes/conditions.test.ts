/**
 * The approval's conditions as data (issue 16 item 2), on PGlite and PostgreSQL: structured items stored
 * and read back; a legacy string read (and migrated, 0020) as `other`; each required item refused when
 * missing (422, naming it) with nothing changed; bad items refused 400 with a clear message; a pricing
 * exception carries its conditions to whoever grants it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { materialsInHand } from '../../test/helpers/gates';
import { testProfileProvider } from '../../test/helpers/profiles';
import { referredCaseSubmitter } from '../../test/helpers/submit';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const ASOF = beijingDate(new Date());
let keyN = 0;
const key = () => `conditions-${Date.now()}-${keyN++}`;
const GUARANTOR = '上海浦东融资担保有限公司';
const MIGRATION = join(import.meta.dirname, '../db/migrations/0020_conditions_as_data.sql');

describe.each(testEngines())('approval conditions on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let submitReferred: ReturnType<typeof referredCaseSubmitter>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['approver1', 'senior1', 'supervisor1', 'rm1']);
    submitReferred = referredCaseSubmitter(app, as, ASOF, 1);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  /** A case submitted by rm1 (in review, its gates met) for a Shanghai enterprise the engine refers. */
  const submit = async (productCode: string, amount: string, guarantors: { name: string }[] | null, grade = 'B') => {
    const { application: a } = await submitReferred({
      productCode,
      amount,
      want: (x) => x.score.grade === grade,
      guarantors,
    });
    await materialsInHand(tdb.db, a.id);
    return a;
  };
  const act = (user: string, id: string, version: number, payload: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/decisions`,
      headers: as(user, { 'idempotency-key': key(), 'if-match': `"${version}"` }),
      payload,
    });
  const approve = (amount: string, conditions: unknown, extra: object = {}) => ({
    action: 'approve',
    amount,
    annualRate: '6.00',
    termMonths: 12,
    repaymentMethod: 'equal_installment',
    conditions,
    ...extra,
  });
  const detail = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json();
  const stored = async (id: string) =>
    (
      await tdb.db.query<{ conditions: unknown; version: number }>(
        'SELECT conditions, version FROM applications WHERE id = $1',
        [id],
      )
    ).rows[0]!;
  /** A refusal: the status and code, a problem document, and the case exactly as before. */
  const refused = async (r: Awaited<ReturnType<typeof act>>, status: number, fields: object, id: string, v: number) => {
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject(fields);
    const d = await detail(id);
    expect(d.version).toBe(v);
    expect(d.status).toBe('in_review');
    expect(d.conditions).toEqual([]);
    return r.json();
  };

  it('stores structured items and reads them back; the guarantee for the named guarantor is required', async () => {
    const a = await submit('LDD', '500000.00', [{ name: GUARANTOR }]);
    expect((await detail(a.id)).guarantors).toEqual([{ name: GUARANTOR }]);
    const missing = await refused(
      await act('approver1', a.id, a.version, approve('500000.00', [{ type: 'other', text: '按月报送财务报表' }])),
      422,
      { code: 'conditions.required_missing' },
      a.id,
      a.version,
    );
    expect(missing.missing).toEqual([
      {
        type: 'guarantee_signed',
        guarantor: GUARANTOR,
        zh: `保证合同签署（保证人：${GUARANTOR}）`,
        en: expect.any(String),
      },
    ]);
    expect(missing.detail).toContain(GUARANTOR);
    // A guarantee by someone else does not meet it.
    await refused(
      await act(
        'approver1',
        a.id,
        a.version,
        approve('500000.00', [{ type: 'guarantee_signed', params: { guarantor: '另一家担保公司' } }]),
      ),
      422,
      { code: 'conditions.required_missing' },
      a.id,
      a.version,
    );
    const items = [
      { type: 'guarantee_signed', params: { guarantor: GUARANTOR } },
      { type: 'entrusted_payment', params: { payeeName: '上海申联物资贸易有限公司' }, text: '支付货款' },
      { type: 'settlement_account' },
      { type: 'other', text: '按月报送财务报表' },
    ];
    const ok = await act('approver1', a.id, a.version, approve('500000.00', items));
    expect(ok.statusCode, ok.body).toBe(200);
    const want = [
      { type: 'guarantee_signed', params: { guarantor: GUARANTOR } },
      { type: 'entrusted_payment', params: { payeeName: '上海申联物资贸易有限公司' }, text: '支付货款' },
      { type: 'settlement_account', params: {} },
      { type: 'other', params: {}, text: '按月报送财务报表' },
    ];
    const d = await detail(a.id);
    expect(d.conditions).toEqual(want);
    expect((await stored(a.id)).conditions).toEqual(want);
    expect(d.history.at(-1).payload.conditions).toEqual(want);
  });

  it('refuses a guaranteed product with no guarantor at all, whatever the conditions', async () => {
    const a = await submit('LDD', '500000.00', null);
    expect((await detail(a.id)).guarantors).toEqual([]);
    const r = await refused(
      await act(
        'approver1',
        a.id,
        a.version,
        approve('500000.00', [{ type: 'guarantee_signed', params: { guarantor: GUARANTOR } }]),
      ),
      422,
      { code: 'conditions.guarantor_missing', productCode: 'LDD' },
      a.id,
      a.version,
    );
    expect(r.reasonZh).toContain('未提供保证人');
  });

  it('requires 受托支付 above the threshold (1,000,000 yuan) and the mortgage registration of a DYD case', async () => {
    const big = await submit('LDD', '1500000.00', [{ name: GUARANTOR }]);
    const guarantee = { type: 'guarantee_signed', params: { guarantor: GUARANTOR } };
    const r = await refused(
      await act('approver1', big.id, big.version, approve('1500000.00', [guarantee])),
      422,
      { code: 'conditions.required_missing' },
      big.id,
      big.version,
    );
    expect(r.missing.map((m: { type: string }) => m.type)).toEqual(['entrusted_payment']);
    // Approving less, at the threshold, needs none.
    const at = await act('approver1', big.id, big.version, approve('1000000.00', [guarantee]));
    expect(at.statusCode, at.body).toBe(200);

    const dyd = await submit('DYD', '800000.00', null);
    const m = await refused(
      await act('approver1', dyd.id, dyd.version, approve('800000.00', [{ type: 'settlement_account' }])),
      422,
      { code: 'conditions.required_missing' },
      dyd.id,
      dyd.version,
    );
    expect(m.missing.map((x: { type: string }) => x.type)).toEqual(['mortgage_registration']);
    const mortgage = { type: 'mortgage_registration', params: { collateral: '浦东新区XX路88号厂房' } };
    const ok = await act('approver1', dyd.id, dyd.version, approve('800000.00', [mortgage]));
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await detail(dyd.id)).conditions).toEqual([mortgage]);
  });

  it('refuses bad items with 400 and a message naming the item, changing nothing', async () => {
    const a = await submit('LDD', '500000.00', [{ name: GUARANTOR }]);
    const guarantee = { type: 'guarantee_signed', params: { guarantor: GUARANTOR } };
    const cases: [unknown, RegExp][] = [
      [[guarantee, { type: 'pledge_registration', params: {} }], /body\.conditions\.1\.type/],
      [[{ type: 'guarantee_signed', params: {} }], /body\.conditions\.0\.params\.guarantor/],
      [[{ type: 'mortgage_registration' }], /body\.conditions\.0\.params/],
      [[guarantee, { type: 'other', text: '  ' }], /body\.conditions\.1\.text/],
      [[guarantee, { type: 'settlement_account', params: { account: '1' } }], /unknown field/],
      [Array.from({ length: 21 }, () => guarantee), /at most 20 conditions/],
      [['按月报送财务报表'], /body\.conditions\.0/],
      ['按月报送财务报表', /body\.conditions/],
    ];
    for (const [conditions, message] of cases) {
      const r = await refused(
        await act('approver1', a.id, a.version, approve('500000.00', conditions)),
        400,
        { code: 'validation_failed' },
        a.id,
        a.version,
      );
      expect(r.detail, JSON.stringify(conditions).slice(0, 80)).toMatch(message);
    }
    expect((await stored(a.id)).version).toBe(a.version);
  });

  it('reads a legacy string as `other`, and migration 0020 turns stored strings into items', async () => {
    const a = await submit('LDD', '500000.00', [{ name: GUARANTOR }]);
    await tdb.db.query(
      `UPDATE applications SET conditions = $2,
         pricing_exception = $3 WHERE id = $1`,
      [
        a.id,
        JSON.stringify(['按月报送财务报表', { type: 'settlement_account', params: {} }]),
        JSON.stringify({ conditions: ['追加保证人'] }),
      ],
    );
    const legacy = [
      { type: 'other', params: {}, text: '按月报送财务报表' },
      { type: 'settlement_account', params: {} },
    ];
    expect((await detail(a.id)).conditions).toEqual(legacy);
    // The migration again (it only converts strings; running it twice changes nothing more).
    const sql = readFileSync(MIGRATION, 'utf8');
    await tdb.db.exec(sql);
    await tdb.db.exec(sql);
    const row = (
      await tdb.db.query<{ conditions: unknown; pricing_exception: { conditions: unknown } }>(
        'SELECT conditions, pricing_exception FROM applications WHERE id = $1',
        [a.id],
      )
    ).rows[0]!;
    expect(row.conditions).toEqual(legacy);
    expect(row.pricing_exception.conditions).toEqual([{ type: 'other', params: {}, text: '追加保证人' }]);
    expect((await detail(a.id)).conditions).toEqual(legacy);
  });

  it('a pricing exception carries the conditions (checked first) to whoever grants it', async () => {
    const a = await submit('LDD', '500000.00', [{ name: GUARANTOR }]);
    const guarantee = { type: 'guarantee_signed', params: { guarantor: GUARANTOR } };
    const low = (conditions: unknown) =>
      approve('500000.00', conditions, { annualRate: '3.10', pricingException: { reason: '战略客户' } });
    await refused(
      await act('approver1', a.id, a.version, low([])),
      422,
      { code: 'conditions.required_missing' },
      a.id,
      a.version,
    );
    const sent = await act('approver1', a.id, a.version, low([guarantee]));
    expect(sent.statusCode, sent.body).toBe(200);
    const d = await detail(a.id);
    expect(d.status).toBe('escalated');
    // Sent on with the exception: whoever grants it approves these items (a vote carries none).
    expect(d.pricingException.conditions).toEqual([guarantee]);
    expect(d.history.at(-1).payload.conditions).toEqual([guarantee]);
  });
});
