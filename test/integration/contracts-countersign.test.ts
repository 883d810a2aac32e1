/**
 * The counter-signed contract import on PGlite and PostgreSQL: real contracts generated and sealed
 * (electron/contracts, test seal), counter-signed in this test by a TEST ONLY e-signature CA, and
 * imported through POST /api/v1/contracts/{documentId}/countersigned. The bank API verifies again
 * itself against its stored pdf_sha256: tampered files, a file for another document and a file signed
 * only by the bank are refused (422 with the reason) and change nothing; the manual 已签署 is gone.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bank-api/app';
import { signerFields } from '../../bank-api/contracts/countersign';
import { branchForRegion } from '../../bank-api/workflow/branches';
import type { ProfileProvider } from '../../bank-api/workflow/create';
import { createTestSealP12, generateSignedPackage, loadP12 } from '../../electron/contracts/index.js';
import { countersign, createTestCa, issueTestIdentity } from '../../node-shared/countersign/test-signer';
import { beijingDate } from '../../shared/calendar';
import { getTemplate, parseContractData, signersOf } from '../../shared/contracts';
import { makeUscc } from '../../shared/ids';
import { signIn } from '../helpers/api';
import { materialsInHand } from '../helpers/gates';
import { findCase, testProfileProvider } from '../helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../helpers/test-db';

const ASOF = beijingDate(new Date());
const inShanghai = (p: { region: string }) => branchForRegion(p.region) === 'SH-PD';
let keyN = 0;
const key = () => `countersign-key-${Date.now()}-${keyN++}`;
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

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

interface Doc {
  documentId: string;
  templateId: string;
  sealed: Uint8Array;
  signed: Uint8Array;
  version: number;
  /** The parties' signature fields, in signing order. */
  fields: string[];
}

describe.each(testEngines())('counter-signed contract import on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  const ldd = findCase(
    { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
    ASOF,
    (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && inShanghai(p),
  );
  let caseId = '';
  const docs: Doc[] = [];

  const importSigned = (documentId: string, version: number | null, pdf: Uint8Array | string, user = 'contract1') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/contracts/${documentId}/countersigned`,
      headers: as(user, version === null ? {} : { 'if-match': `"${version}"` }),
      payload: { pdfBase64: typeof pdf === 'string' ? pdf : b64(pdf) },
    });
  const record = async (documentId: string) => {
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/contracts?applicationId=${caseId}`,
      headers: as('contract1'),
    });
    return (
      r.json().items as { documentId: string; status: string; version: number; signedPdfSha256: string | null }[]
    ).find((i) => i.documentId === documentId)!;
  };
  const storedFiles = async () =>
    (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM contract_signed_files')).rows[0]!.n;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({
      db: tdb.db,
      logLevel: process.env.TEST_LOG ?? 'silent',
      profiles: withGuarantors(testProfileProvider(), ldd.uscc),
    });
    as = await signIn(app, ['approver1', 'contract1', 'supervisor1', 'rm1']);
    // An approved case with an enterprise and a person guarantor.
    const sub = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': key() }),
      payload: {
        uscc: ldd.uscc,
        productCode: 'LDD',
        amount: '300000.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        purpose: '采购原材料',
        channel: 'branch',
        guarantors: [{ name: '上海市中小微企业政策性融资担保基金管理中心' }],
      },
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const a = sub.json().application;
    if (a.status === 'in_review') await materialsInHand(tdb.db, a.id);
    const decide = (conditions: unknown[]) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/applications/${a.id}/decisions`,
        headers: as('approver1', { 'idempotency-key': key(), 'if-match': `"${a.version}"` }),
        payload: {
          action: 'approve',
          amount: '300000.00',
          annualRate: '4.35',
          termMonths: 12,
          repaymentMethod: 'equal_installment',
          conditions,
        },
      });
    const asked: unknown[] = [{ type: 'other', text: '按月报送财务报表' }];
    let dec = await decide(asked);
    if (dec.statusCode === 422 && dec.json().code === 'conditions.required_missing') {
      // The approval must carry the conditions the case requires (e.g. each guarantee signed): add them.
      const missing = dec.json().missing as { type: string; zh: string; en: string; [k: string]: unknown }[];
      dec = await decide([...asked, ...missing.map(({ type, zh: _zh, en: _en, ...params }) => ({ type, params }))]);
    }
    expect(dec.statusCode, dec.body).toBe(200);
    caseId = a.id;
    // Generate and seal each contract as the workstation does, record and export it.
    const cd = await app.inject({
      method: 'GET',
      url: `/api/v1/applications/${caseId}/contract-data`,
      headers: as('contract1'),
    });
    expect(cd.statusCode, cd.body).toBe(200);
    const data = parseContractData(cd.json().data);
    const dir = mkdtempSync(join(tmpdir(), 'countersign-api-'));
    await createTestSealP12({ path: join(dir, 'seal.p12'), passphrase: 'pw', bankName: '示范银行股份有限公司' });
    const seal = loadP12(join(dir, 'seal.p12'), 'pw');
    const ca = await createTestCa();
    for (const templateId of cd.json().templateIds as string[]) {
      const template = getTemplate(templateId);
      const pkg = await generateSignedPackage({ data, template, seal });
      const rec = await app.inject({
        method: 'POST',
        url: '/api/v1/contracts',
        headers: as('contract1', { 'idempotency-key': key() }),
        payload: {
          applicationId: caseId,
          contractId: data.contractId,
          revision: 1,
          documentId: pkg.rendered.documentId,
          templateId,
          templateVersion: template.version,
          contentHash: pkg.rendered.contentHash,
          pdfSha256: pkg.sha256,
          pdfBytes: pkg.signedPdf.length,
        },
      });
      expect(rec.statusCode, rec.body).toBe(201);
      const exp = await app.inject({
        method: 'POST',
        url: `/api/v1/contracts/${pkg.rendered.documentId}/status`,
        headers: as('contract1', { 'if-match': `"${rec.json().contract.version}"` }),
        payload: { status: 'exported' },
      });
      expect(exp.statusCode, exp.body).toBe(200);
      // The e-signature platform: each party signs its own field, in turn.
      let signed = pkg.signedPdf;
      const parties = signerFields(signersOf(template, data)).filter((x) => x.role !== 'bank');
      for (const s of parties) {
        const identity = await issueTestIdentity(ca, {
          name: s.name,
          identifier: s.identifier,
          kind: s.identifierKind === 'resident-id' ? 'resident-id' : 'uscc',
        });
        signed = await countersign(signed, { fieldName: s.fieldName, identity });
      }
      docs.push({
        documentId: pkg.rendered.documentId,
        templateId,
        sealed: pkg.signedPdf,
        signed,
        version: exp.json().contract.version,
        fields: parties.map((p) => p.fieldName),
      });
    }
    expect(docs.map((d) => d.templateId.split('.')[0])).toEqual(['loan', 'guarantee']);
  }, 240_000);
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('no longer takes 已签署 by hand: 409 naming the import route', async () => {
    const [loan] = docs;
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/contracts/${loan!.documentId}/status`,
      headers: as('contract1', { 'if-match': `"${loan!.version}"` }),
      payload: { status: 'signed' },
    });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'contract.import_required' });
    expect(r.json().detail).toContain('/countersigned');
    expect((await record(loan!.documentId)).status).toBe('exported');
  });

  it('refuses an attacker’s tampered file, a file for another document and a bank-only file, changing nothing', async () => {
    const [loan, guarantee] = docs as [Doc, Doc];
    const tampered = new Uint8Array(loan.signed);
    const at = Buffer.from(tampered).indexOf('/Type /Page', 0, 'latin1');
    tampered[at + 1] = 'X'.charCodeAt(0);
    const cases: [Uint8Array | string, string][] = [
      [tampered, 'original_altered'],
      [guarantee.signed, 'original_altered'], // the guarantee's file posted for the loan contract
      [loan.sealed, 'bank_only'],
      [b64(new TextEncoder().encode('GIF89a not a pdf')), 'not_pdf'],
    ];
    for (const [file, reason] of cases) {
      const r = await importSigned(loan.documentId, loan.version, file);
      expect(r.statusCode, r.body).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ code: 'contract.countersign_invalid', reason });
      expect(r.json().checks.some((c: { code: string }) => c.code === reason)).toBe(true);
    }
    expect(await record(loan.documentId)).toMatchObject({
      status: 'exported',
      version: loan.version,
      signedPdfSha256: null,
    });
    expect(await storedFiles()).toBe(0);
    expect((await importSigned(loan.documentId, loan.version, 'not base64!')).statusCode).toBe(400);
    expect((await importSigned(loan.documentId, null, loan.signed)).statusCode).toBe(428);
    expect((await importSigned(loan.documentId, loan.version + 5, loan.signed)).statusCode).toBe(412);
    expect((await importSigned(loan.documentId, loan.version, loan.signed, 'rm1')).statusCode).toBe(403);
  });

  it('imports a correctly counter-signed file: verified, kept, signed with its hash; the last one signs the case', async () => {
    const [loan, guarantee] = docs as [Doc, Doc];
    const r = await importSigned(loan.documentId, loan.version, loan.signed);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      contract: { status: 'signed', signedPdfSha256: sha(loan.signed), version: loan.version + 1 },
      applicationStatus: 'contracting',
      verification: { ok: true, code: null, sha256: sha(loan.signed) },
    });
    const row = (
      await tdb.db.query<{ sha256: string; content: Uint8Array; signers: { fieldName: string; subject: string }[] }>(
        'SELECT sha256, content, signers FROM contract_signed_files WHERE document_id = $1',
        [loan.documentId],
      )
    ).rows[0]!;
    expect(row.sha256).toBe(sha(loan.signed));
    expect(sha(new Uint8Array(row.content))).toBe(sha(loan.signed));
    expect(row.signers.map((s) => s.fieldName)).toEqual(loan.fields);
    expect(loan.fields[0]).toBe('borrower');
    // Imported twice: the version moved on (412), and a signed document takes no second file (409).
    expect((await importSigned(loan.documentId, loan.version, loan.signed)).statusCode).toBe(412);
    expect((await importSigned(loan.documentId, loan.version + 1, loan.signed)).statusCode).toBe(409);

    const g = await importSigned(guarantee.documentId, guarantee.version, guarantee.signed);
    expect(g.statusCode, g.body).toBe(200);
    expect(g.json().applicationStatus).toBe('signed');
    const gRow = (
      await tdb.db.query<{ signers: { fieldName: string; subject: string }[] }>(
        'SELECT signers FROM contract_signed_files WHERE document_id = $1',
        [guarantee.documentId],
      )
    ).rows[0]!;
    expect(gRow.signers.map((s) => s.fieldName)).toEqual(guarantee.fields);
    expect(guarantee.fields).toContain('guarantor-2');
    // The person's ID number is kept masked in the signer's subject.
    const person = gRow.signers.find((s) => s.subject.includes('SERIALNUMBER='));
    expect(person?.subject).toMatch(/SERIALNUMBER=\d{6}\*{8}[\dX]{4}/);
    const d = (
      await app.inject({ method: 'GET', url: `/api/v1/applications/${caseId}`, headers: as('supervisor1') })
    ).json();
    expect(d.status).toBe('signed');
    expect(d.history.at(-1)).toMatchObject({ action: 'contracts_signed', toStatus: 'signed' });
    // A signed case takes no new contract.
    const again = await app.inject({
      method: 'GET',
      url: `/api/v1/applications/${caseId}/contract-data`,
      headers: as('contract1'),
    });
    expect(again.json().code).toBe('contract.not_approved');
    const audit = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'contract.signed' AND entity_id = $1",
      [guarantee.documentId],
    );
    expect(audit.rows[0]?.n).toBe(1);
    const chain = (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as('supervisor1') })).json();
    expect(chain.ok).toBe(true);
  });
});
