/**
 * The published 清单 through the bank API, on PGlite and PostgreSQL: every signed-in role reads the rule
 * set in force with its rules in words and thresholds (zh and en) and the material lists by product and
 * customer group; nobody reads it without a session; a submission's checklist is the published list for
 * the applicant's groups.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../shared/api/policy';
import { beijingDate } from '../../shared/calendar';
import { customerGroupsOf, materialsFor } from '../../shared/credit/materials';
import { getProduct, PRODUCTS } from '../../shared/credit/products';
import { DEFAULT_RULE_SET } from '../../shared/credit/rule-set';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const TODAY = beijingDate(new Date());
const USERS = ['rm1', 'approver1', 'senior1', 'committee1', 'contract1', 'supervisor1'];
const APP = { productCode: 'SYD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' };

describe.each(testEngines())('published policy on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, USERS);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('is refused without a session', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/policy' });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it('every role reads the rule set in force, its rules in words and the material lists', async () => {
    const inForce = await tdb.db.query<{ version: string; effective_from: string }>(
      `SELECT version, effective_from::text AS effective_from FROM rule_sets WHERE status = 'published'
        AND effective_from <= $1::date ORDER BY effective_from DESC LIMIT 1`,
      [TODAY],
    );
    for (const u of USERS) {
      const r = await app.inject({ method: 'GET', url: '/api/v1/policy', headers: as(u) });
      expect(r.statusCode, `${u}: ${r.body}`).toBe(200);
      const doc = r.json() as PolicyDocument;
      expect(doc.version).toBe(inForce.rows[0]?.version ?? DEFAULT_RULE_SET.version);
      expect(doc.effectiveFrom).toBe(inForce.rows[0]?.effective_from ?? DEFAULT_RULE_SET.effectiveFrom);
      expect(doc.asOf).toBe(TODAY);
      expect(doc.admission.map((a) => a.id)).toEqual(DEFAULT_RULE_SET.admission.map((a) => a.id));
      expect(doc.negativeList.map((a) => a.id)).toEqual(DEFAULT_RULE_SET.negativeList.map((a) => a.id));
      const years = doc.admission.find((a) => a.id === 'ADM_YEARS_IN_BUSINESS')!;
      expect(years.threshold).toEqual({ zh: '不少于 24 个月', en: 'at least 24 months' });
      const sales = doc.admission.find((a) => a.id === 'ADM_ANNUAL_SALES')!;
      expect(sales.threshold.zh).toBe('不少于 500,000 元');
      expect(sales.threshold.en).toBe('at least 500,000 yuan');
      // Industry entries of the negative list name the industry, not only its code.
      const industry = doc.negativeList.find((n) => n.fact === 'industryCode')!;
      expect(industry.threshold.zh).toMatch(/^以 房地产开发经营（K701）、.+ 开头$/);
      for (const rule of [...doc.admission, ...doc.negativeList]) {
        expect(rule.threshold.zh).not.toMatch(/[≥≤∈∉]|true|false/);
        expect(rule.text.zh && rule.text.en).toBeTruthy();
      }
      expect(doc.groups.map((g) => g.name.zh)).toEqual([
        '小微企业',
        '个体工商户',
        '初创企业（成立不满 2 年）',
        '涉农经营主体',
      ]);
      expect(doc.materials).toHaveLength(PRODUCTS.length * 4);
      const agri = doc.materials.find((m) => m.productCode === 'DYD' && m.group === 'agricultural')!;
      expect(agri.items.map((i) => i.code)).toEqual(
        materialsFor(getProduct('DYD'), ['small_micro', 'agricultural']).map((i) => i.code),
      );
    }
  });

  it("a submission's checklist is the published list for the applicant's groups", async () => {
    // An enterprise in rm1's scope (Pudong) the fast lane takes; agricultural if the sample has one.
    const want = (a: { tier: string; instant: { outcome: string } }, p: { region: string }) =>
      a.tier === 'fast' && a.instant.outcome === 'refer' && p.region === '310115';
    let pick: ReturnType<typeof findCase>;
    try {
      pick = findCase(APP, TODAY, (a, p) => want(a, p) && p.industryCode.startsWith('A'));
    } catch {
      pick = findCase(APP, TODAY, want);
    }
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': `policy-test-${Date.now()}` }),
      payload: { uscc: pick.uscc, ...APP, purpose: '采购原材料', channel: 'branch' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const row = await tdb.db.query<{ checklist: { code: string; state: string }[] }>(
      'SELECT checklist FROM applications WHERE id = $1',
      [r.json().application.id],
    );
    const groups = customerGroupsOf(pick.profile, TODAY);
    const expected = materialsFor(getProduct('SYD'), groups);
    expect(row.rows[0]!.checklist.map((c) => c.code)).toEqual(expected.map((m) => m.code));
    expect(row.rows[0]!.checklist.map((c) => c.state)).toEqual(
      expected.map((m) => (m.electronic ? 'received' : 'pending')),
    );
    if (groups.includes('agricultural')) expect(expected.map((m) => m.code)).toContain('MAT_LAND_RIGHTS');
  });

  it('prints as a PDF whose text reads (pdftotext), the same bytes for the same version', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/policy.pdf' })).statusCode).toBe(401);
    const a = await app.inject({ method: 'GET', url: '/api/v1/policy.pdf', headers: as('contract1') });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.headers['content-type']).toBe('application/pdf');
    expect(a.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const b = await app.inject({ method: 'GET', url: '/api/v1/policy.pdf', headers: as('rm1') });
    expect(Buffer.compare(a.rawPayload, b.rawPayload)).toBe(0);
    const doc = (
      await app.inject({ method: 'GET', url: '/api/v1/policy', headers: as('rm1') })
    ).json() as PolicyDocument;
    const dir = mkdtempSync(join(tmpdir(), 'policy-pdf-'));
    try {
      const file = join(dir, 'policy.pdf');
      writeFileSync(file, a.rawPayload);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain('准入标准、负面清单与材料清单');
      expect(flat).toContain(`规则版本：${doc.version}（${doc.effectiveFrom}起施行）`);
      for (const r of [...doc.admission, ...doc.negativeList])
        expect(flat).toContain(r.threshold.zh.replace(/\s+/g, ''));
      expect(flat).toContain('不少于24个月');
      for (const g of doc.groups) expect(flat).toContain(g.name.zh.replace(/\s+/g, ''));
      expect(flat).toContain('土地承包经营权证或土地流转合同');
      expect(flat).toContain('经营者配偶同意借款声明');
      expect(flat).toMatch(/第1页共\d+页/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
