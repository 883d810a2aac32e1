import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { getTemplate, parseContractData, resolveVariables } from '../../shared/contracts';
import { makeUscc } from '../../shared/ids';
import { signIn } from '../../test/helpers/api';
import { withRequiredConditions } from '../../test/helpers/conditions';
import { materialsInHand } from '../../test/helpers/gates';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { branchForRegion } from '../workflow/branches';
import type { ProfileProvider } from '../workflow/create';

const ASOF = beijingDate(new Date());
// rm1 (sub-branch SH-PD) submits only for enterprises its sub-branch serves.
const inShanghai = (p: { region: string }) => branchForRegion(p.region) === 'SH-PD';
let keyN = 0;
const key = () => `contract-key-${Date.now()}-${keyN++}`;
const hex = (c: string, n = 64) => c.repeat(n);

/** The sample provider, with guarantors added to one enterprise (sample profiles have none). */
function withGuarantors(base: ProfileProvider, uscc: string): ProfileProvider {
  return {
    ...base,
    async profile(u, asOf) {
      const p = await base.profile(u, asOf);
      if (!p || u !== uscc) return p;
      return {
        ...p,
        relations: [
          { name: '上海浦江融资担保有限公司', kind: 'guarantor', uscc: makeUscc(77, '310101') },
          { name: '李晓梅', kind: 'guarantor' },
        ],
      };
    },
  };
}

describe.each(testEngines())('contract records on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  const ldd = findCase(
    { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
    ASOF,
    (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && inShanghai(p),
  );
  const ldd2 = findCase(
    { productCode: 'LDD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
    ASOF,
    (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && inShanghai(p) && p.uscc !== ldd.uscc,
  );

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({
      db: tdb.db,
      logLevel: process.env.TEST_LOG ?? 'silent',
      profiles: withGuarantors(testProfileProvider(), ldd.uscc),
    });
    as = await signIn(app, ['approver1', 'senior1', 'contract1', 'supervisor1', 'rm1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const submit = async (uscc: string, productCode: string, amount: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: {
        uscc,
        productCode,
        amount,
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        purpose: '采购原材料',
        channel: 'branch',
        // A guaranteed product names its guarantor (without one: policy exception, standard lane).
        ...(productCode === 'LDD' ? { guarantors: [{ name: '上海市中小微企业政策性融资担保基金管理中心' }] } : {}),
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    if (r.json().application.status === 'in_review') await materialsInHand(tdb.db, r.json().application.id);
    return r.json().application as { id: string; status: string; version: number };
  };
  const approve = async (user: string, id: string, version: number, amount: string) => {
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/decisions`,
      headers: as(user, { 'idempotency-key': key(), 'if-match': `"${version}"` }),
      // The conditions the case requires (a guarantee per guarantor…) with the test's own.
      payload: withRequiredConditions(
        (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json(),
        {
          action: 'approve',
          amount,
          annualRate: '4.35',
          termMonths: 12,
          repaymentMethod: 'equal_installment',
          conditions: [
            { type: 'other', text: '按月报送财务报表' },
            { type: 'other', text: '贷款资金受托支付' },
          ],
        },
      ),
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().application as { id: string; status: string; version: number };
  };
  const contractData = (id: string, query = '') =>
    app.inject({ method: 'GET', url: `/api/v1/applications/${id}/contract-data${query}`, headers: as('contract1') });
  const recordDoc = (payload: Record<string, unknown>, k = key()) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/contracts',
      headers: as('contract1', { 'idempotency-key': k }),
      payload,
    });
  const setStatus = (documentId: string, version: number | null, status: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/contracts/${documentId}/status`,
      headers: as('contract1', version === null ? {} : { 'if-match': `"${version}"` }),
      payload: { status },
    });
  const detail = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json();
  const verify = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as('supervisor1') })).json();

  let caseId = '';
  let otherId = '';

  it('refuses contract data for a case that is not approved, in words a contract officer understands', async () => {
    const a = await submit(ldd2.uscc, 'LDD', '200000.00');
    otherId = a.id;
    const r = await contractData(a.id);
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'contract.not_approved', status: 409 });
    expect(r.json().detail).toContain('审批中');
    expect(r.json().detail).toContain('only for approved loans');
  });

  it('lists approved cases awaiting contracts in scope, with no contract yet', async () => {
    const a = await submit(ldd.uscc, 'LDD', '300000.00');
    caseId = (await approve('approver1', a.id, a.version, '300000.00')).id;
    const q = await app.inject({ method: 'GET', url: '/api/v1/contracts/queue', headers: as('contract1') });
    expect(q.statusCode, q.body).toBe(200);
    const item = q.json().items.find((i: { applicationId: string }) => i.applicationId === caseId);
    expect(item).toMatchObject({ status: 'approved', contractStatus: 'none', documents: 0, amount: '300000.00' });
    expect(q.json().items.some((i: { applicationId: string }) => i.applicationId === otherId)).toBe(false);
    const sup = await app.inject({ method: 'GET', url: '/api/v1/contracts/queue?q=', headers: as('supervisor1') });
    expect(sup.statusCode).toBe(200);
    const rm = await app.inject({ method: 'GET', url: '/api/v1/contracts/queue', headers: as('rm1') });
    expect(rm.statusCode).toBe(403);
  });

  it('builds contract data the engine accepts: terms, capitals, LPR + spread, schedule, guarantors, sources', async () => {
    const before = (await verify()).events;
    const r = await contractData(caseId);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.missing).toEqual([]);
    expect(body.templateIds).toEqual(['loan.working-capital', 'guarantee.joint-liability']);
    const d = parseContractData(body.data);
    expect(d).toMatchObject({
      contractId: `HT${caseId.slice(3)}`,
      amount: '300000.00',
      amountInCapitals: '人民币叁拾万元整',
      annualRate: '4.35',
      termMonths: 12,
      startDate: ASOF,
    });
    // The approval's items in words: a guarantee per guarantor the case names, then the approver's own.
    expect(d.conditions.slice(-2)).toEqual(['按月报送财务报表', '贷款资金受托支付']);
    const guarantees = d.conditions.slice(0, -2);
    expect(guarantees[0]).toBe('保证合同签署（保证人：上海市中小微企业政策性融资担保基金管理中心）');
    for (const g of d.guarantors) expect(guarantees).toContain(`保证合同签署（保证人：${g.name}）`);
    expect(guarantees).toHaveLength(d.guarantors.length);
    expect(d.bank.name).toContain('上海');
    expect(d.schedule).toHaveLength(12);
    expect(d.guarantors.map((g) => g.kind)).toEqual(['enterprise', 'enterprise', 'person']);
    expect(body.sources.map((s: { field: string }) => s.field)).toContain('guarantors.2.idNumber');
    for (const id of body.templateIds) expect(resolveVariables(getTemplate(id), d).length).toBeGreaterThan(10);
    // A person guarantor's full ID number left the bank: one audit event.
    expect((await verify()).events).toBe(before + 1);
    expect((await contractData(caseId, '?revision=3')).statusCode).toBe(400);
  });

  it('records a generated contract idempotently and moves the case to contracting', async () => {
    const contractId = `HT${caseId.slice(3)}`;
    const base = {
      applicationId: caseId,
      contractId,
      revision: 1,
      templateVersion: getTemplate('loan.working-capital').version,
      contentHash: hex('a', 64),
      pdfSha256: hex('b'),
      pdfBytes: 120_000,
    };
    const loan = { ...base, documentId: contractId, templateId: 'loan.working-capital' };
    const noKey = await app.inject({
      method: 'POST',
      url: '/api/v1/contracts',
      headers: as('contract1'),
      payload: loan,
    });
    expect(noKey.statusCode).toBe(428);
    const wrongDoc = await recordDoc({ ...loan, documentId: `${contractId}-X` });
    expect(wrongDoc.statusCode).toBe(400);
    const k = key();
    const first = await recordDoc(loan, k);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      applicationStatus: 'contracting',
      contract: { status: 'generated', generatedBy: 'u-contract1', version: 1, templateId: 'loan.working-capital' },
    });
    const replay = await recordDoc(loan, k);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const again = await recordDoc(loan);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('contract.already_recorded');
    const g = getTemplate('guarantee.joint-liability');
    const guarantee = await recordDoc({
      ...base,
      documentId: `${contractId}-${g.documentSuffix}`,
      templateId: g.id,
      templateVersion: g.version,
    });
    expect(guarantee.statusCode, guarantee.body).toBe(201);
    const d = await detail(caseId);
    expect(d.status).toBe('contracting');
    expect(d.history.at(-1)).toMatchObject({ action: 'contract', fromStatus: 'approved', toStatus: 'contracting' });
    const supervisorPost = await app.inject({
      method: 'POST',
      url: '/api/v1/contracts',
      headers: as('supervisor1', { 'idempotency-key': key() }),
      payload: loan,
    });
    expect(supervisorPost.statusCode).toBe(403);
  });

  it('refuses a second live contract of the same template unless it is an explicit regeneration', async () => {
    const contractId = `HT${caseId.slice(3)}`;
    const r2 = `${contractId}-R2`;
    const payload = {
      applicationId: caseId,
      contractId: r2,
      revision: 2,
      documentId: r2,
      templateId: 'loan.working-capital',
      templateVersion: getTemplate('loan.working-capital').version,
      contentHash: hex('c', 64),
      pdfSha256: hex('d'),
      pdfBytes: 121_000,
    };
    const implicit = await recordDoc(payload);
    expect(implicit.statusCode).toBe(409);
    expect(implicit.json().code).toBe('contract.exists');
    const explicit = await recordDoc({ ...payload, supersedes: contractId });
    expect(explicit.statusCode, explicit.body).toBe(201);
    expect(explicit.json().contract).toMatchObject({ supersedes: contractId, revision: 2 });
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/contracts?applicationId=${caseId}`,
      headers: as('contract1'),
    });
    const items = list.json().items as { documentId: string; status: string; supersededBy: string | null }[];
    expect(items.find((i) => i.documentId === contractId)).toMatchObject({ status: 'superseded', supersededBy: r2 });
    expect(items.filter((i) => i.status !== 'superseded')).toHaveLength(2);
    const dataR2 = await contractData(caseId, '?revision=2');
    expect(dataR2.json().data.contractId).toBe(r2);
  });

  it('moves documents generated → exported with If-Match; 已签署 only through the counter-signed import', async () => {
    const contractId = `HT${caseId.slice(3)}`;
    const loanDoc = `${contractId}-R2`;
    const guaranteeDoc = `${contractId}-${getTemplate('guarantee.joint-liability').documentSuffix}`;
    expect((await setStatus(loanDoc, null, 'exported')).statusCode).toBe(428);
    const skip = await setStatus(loanDoc, 1, 'signed');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('contract.import_required');
    const stale = await setStatus(loanDoc, 7, 'exported');
    expect(stale.statusCode).toBe(412);
    const superseded = await setStatus(contractId, 2, 'exported');
    expect(superseded.statusCode).toBe(409);
    const r = await setStatus(loanDoc, 1, 'exported');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ contract: { status: 'exported' }, applicationStatus: 'contracting' });
    expect((await setStatus(loanDoc, r.json().contract.version, 'exported')).json().code).toBe(
      'contract.illegal_transition',
    );
    // The manual 已签署 is gone (the import with verification is proved in contracts-countersign.test.ts).
    const manual = await setStatus(loanDoc, r.json().contract.version, 'signed');
    expect(manual.statusCode).toBe(409);
    expect(manual.json()).toMatchObject({ code: 'contract.import_required' });
    expect(manual.json().detail).toContain('/api/v1/contracts/{documentId}/countersigned');
    const e = await setStatus(guaranteeDoc, 1, 'exported');
    expect(e.statusCode, e.body).toBe(200);
    expect((await detail(caseId)).status).toBe('contracting');
    expect((await verify()).ok).toBe(true);
  });

  it('gives a secured (DYD) case its mortgage contract with the collateral on file', async () => {
    const c = findCase(
      { productCode: 'DYD', amount: '800000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) =>
        a.tier === 'standard' && inShanghai(p) && ['A', 'B', 'C'].includes(a.score.grade) && p.uscc !== ldd.uscc,
    );
    const a = await submit(c.uscc, 'DYD', '800000.00');
    const first = await approve('approver1', a.id, a.version, '800000.00');
    await approve('senior1', a.id, first.version, '800000.00');
    const r = await contractData(a.id);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().templateIds).toEqual(['loan.property-secured', 'mortgage.real-estate']);
    const d = parseContractData(r.json().data);
    expect(d.collateral).toMatchObject({ ownerName: c.profile.legalRepName, securedAmount: '800000.00' });
    expect(resolveVariables(getTemplate('mortgage.real-estate'), d).length).toBeGreaterThan(5);
  });
});
