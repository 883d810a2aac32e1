import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import {
  APPLICATION_COLUMNS,
  type ApplicationRecord,
  applicationById,
  decisionsOf,
  historyOf,
  insertApplication,
  insertApplications,
  insertDecisions,
  updateApplication,
  upsertEnterprises,
} from './applications-repo';

const AT = '2026-06-01T02:00:00.000Z';
const USCC = '91310000MA1FL00001';

const enterprise = (dataAsOf: string, name: string) => ({
  uscc: USCC,
  name,
  legal_rep_name: '张三',
  legal_rep_id: '110101199003070011',
  industry_code: 'C13',
  size_class: 'small',
  region: '310101',
  branch_id: 'SH001',
  established_date: '2015-03-01',
  tax_rating: 'A',
  annual_sales_fen: '123456789012',
  profile: { name, monthly: [] },
  data_as_of: dataAsOf,
  source: 'test',
});

const record = (id: string): ApplicationRecord => ({
  id,
  enterprise_id: `E${USCC}`,
  uscc: USCC,
  enterprise_name: '测试企业',
  product_code: 'LDD',
  amount_fen: '9007199254740993', // above 2^53: arrives exact on both engines
  term_months: 12,
  repayment_method: 'equal_installment',
  purpose: '采购原材料',
  channel: 'branch',
  status: 'in_review',
  tier: 'fast',
  grade: 'B',
  score: 640,
  branch_id: 'SH001',
  assignee_id: null,
  created_by: 'u-rm1',
  investigated_by: null,
  submitted_at: AT,
  sla_due_at: null,
  decided_at: null,
  updated_at: AT,
  version: 1,
  assessment: { score: { grade: 'B' } },
  routing: { code: 'R1' },
  preapproval: null,
  profile_snapshot: { name: '测试企业' },
  checklist: [{ code: 'M1', state: 'pending' }],
  investigation: null,
  approved_terms: null,
  conditions: [],
  escalated_to: null,
  policy_exceptions: [],
  pricing_exception: null,
  claim_activity_at: null,
  guarantors: [],
  kind: 'new',
  renewal_of_loan_id: null,
  renewal_eligibility: null,
});

describe.each(testEngines())('applications repository on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    const branch = (await t.db.query<{ id: string }>('SELECT id FROM branches ORDER BY id LIMIT 1')).rows[0]!.id;
    const e = { ...enterprise('2026-05-01', '旧名'), branch_id: branch };
    await upsertEnterprises(t.db, [e]);
  }, 60_000);
  afterAll(async () => t?.drop());

  it('names every stored column of the applications table (the generated one aside)', async () => {
    const cols = (
      await t.db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_name = 'applications' AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      )
    ).rows.map((r) => r.column_name);
    expect([...APPLICATION_COLUMNS]).toEqual(cols);
  });

  it('writes a row and reads it back with the same values and types', async () => {
    const branch = (await t.db.query<{ id: string }>('SELECT id FROM branches ORDER BY id LIMIT 1')).rows[0]!.id;
    const r = { ...record('APPTEST0000001'), branch_id: branch };
    const back = await insertApplication(t.db, r);
    expect(back.amount_fen).toBe('9007199254740993');
    expect(back.checklist).toEqual(r.checklist);
    expect(back.preapproval).toBeNull();
    expect(back.conditions).toEqual([]);
    expect(new Date(back.submitted_at).toISOString()).toBe(AT);
    expect(await applicationById(t.db, 'APPTEST0000001')).toEqual(back);
  });

  it('updates only at the expected version and raises it; jsonb columns take values', async () => {
    const branch = (await t.db.query<{ id: string }>('SELECT id FROM branches ORDER BY id LIMIT 1')).rows[0]!.id;
    await insertApplications(t.db, [{ ...record('APPTEST0000002'), branch_id: branch }]);
    const terms = { amount: '1.00', annualRate: '4.35', termMonths: 12, repaymentMethod: 'equal_installment' };
    const after = await updateApplication(
      t.db,
      'APPTEST0000002',
      {
        status: 'approved',
        approved_terms: terms,
        conditions: [{ type: 'other', params: {}, text: '按月报送' }],
        decided_at: AT,
      },
      1,
    );
    expect(after).toMatchObject({
      status: 'approved',
      version: 2,
      approved_terms: terms,
      conditions: [{ type: 'other', params: {}, text: '按月报送' }],
    });
    expect(await updateApplication(t.db, 'APPTEST0000002', { assignee_id: null }, 1)).toBeUndefined();
    expect((await applicationById(t.db, 'APPTEST0000002'))!.version).toBe(2);
    expect((await updateApplication(t.db, 'APPTEST0000002', { assignee_id: null }))!.version).toBe(3);
  });

  it('keeps decision history in the order given, by action and whole', async () => {
    const at = new Date(AT);
    await insertDecisions(t.db, [
      {
        applicationId: 'APPTEST0000001',
        actorId: 'u-approver1',
        action: 'sign',
        from: 'in_review',
        to: 'in_review',
        payload: { role: 'approver' },
        at,
      },
      {
        applicationId: 'APPTEST0000001',
        actorId: null,
        action: 'note',
        from: 'in_review',
        to: 'in_review',
        payload: {},
        at,
      },
      {
        applicationId: 'APPTEST0000001',
        actorId: 'u-senior1',
        action: 'sign',
        from: 'in_review',
        to: 'approved',
        payload: { role: 'senior_approver' },
        at,
      },
    ]);
    expect(await decisionsOf<{ role: string }>(t.db, 'APPTEST0000001', 'sign')).toEqual([
      { actor_id: 'u-approver1', payload: { role: 'approver' } },
      { actor_id: 'u-senior1', payload: { role: 'senior_approver' } },
    ]);
    const h = await historyOf(t.db, 'APPTEST0000001');
    expect(h.map((x) => [x.action, x.actorId, x.at])).toEqual([
      ['sign', 'u-approver1', AT],
      ['note', null, AT],
      ['sign', 'u-senior1', AT],
    ]);
    expect(typeof h[0]!.id).toBe('number');
    expect(h[1]!.id).toBeGreaterThan(h[0]!.id);
  });

  it('stores a newer enterprise snapshot and ignores an older one', async () => {
    const branch = (await t.db.query<{ id: string }>('SELECT id FROM branches ORDER BY id LIMIT 1')).rows[0]!.id;
    const read = async () =>
      (
        await t.db.query<{ name: string; data_as_of: string }>(
          'SELECT name, data_as_of FROM enterprises WHERE uscc = $1',
          [USCC],
        )
      ).rows[0];
    await upsertEnterprises(t.db, [{ ...enterprise('2026-05-20', '新名'), branch_id: branch }]);
    expect(await read()).toEqual({ name: '新名', data_as_of: '2026-05-20' });
    await upsertEnterprises(t.db, [{ ...enterprise('2026-05-10', '更旧'), branch_id: branch }]);
    expect(await read()).toEqual({ name: '新名', data_as_of: '2026-05-20' });
  });
});
