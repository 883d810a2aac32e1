/**
 * 放款审核's evidence files through the bank API, on PGlite and PostgreSQL: the maker uploads a scan (PDF,
 * JPEG or PNG by content, size-limited, audited), the evidence names it by documentId — only a file of the
 * same application — and the checker sees and downloads it. Every refusal changes nothing.
 *
 * The cases are copies of one real submission, set signed on the row (as in disbursement.test.ts).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { addOfficerOps9, signedCopy } from '../../test/helpers/disbursement';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { verifyAuditChain } from '../audit/chain';
import { branchForRegion } from '../workflow/branches';

const ASOF = beijingDate(new Date());
const inShanghai = (p: { region: string }) => branchForRegion(p.region) === 'SH-PD';
let keyN = 0;
const key = () => `disb-doc-key-${Date.now()}-${keyN++}`;
/** The size limit this file's bank API runs with (MATERIAL_MAX_BYTES), small enough to exceed cheaply. */
const MAX_BYTES = 8192;

const CONDITIONS = [
  { type: 'guarantee_signed', params: { guarantor: '上海浦江担保有限公司' } },
  { type: 'mortgage_registration', params: { collateral: '浦东新区XX路1号厂房' } },
];

/** A small but real PDF (a scan would be larger; the checks look at the content, not the size). */
const pdf = (text: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${text}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
  );
/** A Windows executable's first bytes (MZ header): what a renamed .exe carries. */
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), Buffer.alloc(200, 1)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

describe.each(testEngines())('disbursement evidence files on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let baseId = '';
  let n = 0;
  const ldd = findCase(
    { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
    ASOF,
    (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && inShanghai(p),
  );

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    const before = process.env.MATERIAL_MAX_BYTES;
    process.env.MATERIAL_MAX_BYTES = String(MAX_BYTES);
    try {
      app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    } finally {
      if (before === undefined) delete process.env.MATERIAL_MAX_BYTES;
      else process.env.MATERIAL_MAX_BYTES = before;
    }
    await addOfficerOps9(tdb.db);
    as = await signIn(app, ['ops1', 'ops2', 'ops3', 'ops9', 'rm1', 'approver1', 'contract1']);
    const r = await app.inject({
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
        guarantors: [{ name: '上海浦江担保有限公司' }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    baseId = r.json().application.id;
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  /** A copy of the submitted case, approved with CONDITIONS, in `status` (signed) and `branch` (SH-PD). */
  const caseWith = (o: { status?: string; branch?: string } = {}) =>
    signedCopy(tdb.db, baseId, `APP20261130${String(8_000_000 + ++n)}`, { ...o, conditions: CONDITIONS });

  const upload = (id: string, fileName: string, bytes: Buffer, user = 'ops1') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/disbursement/documents`,
      headers: as(user),
      payload: { fileName, contentBase64: bytes.toString('base64') },
    });
  const download = (id: string, documentId: string, user = 'ops2') =>
    app.inject({
      method: 'GET',
      url: `/api/v1/applications/${id}/disbursement/documents/${documentId}`,
      headers: as(user),
    });
  const get = (id: string, user = 'ops1') =>
    app.inject({ method: 'GET', url: `/api/v1/applications/${id}/disbursement`, headers: as(user) });
  const version = async (id: string) => (await get(id)).json().version as number;
  const record = async (id: string, index: number, evidence: unknown, user = 'ops1') =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/disbursement/conditions/${index}`,
      headers: as(user, { 'idempotency-key': key(), 'if-match': `"${await version(id)}"` }),
      payload: { evidence },
    });
  const post = async (id: string, step: '' | '/prepare', user: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/disbursement${step}`,
      headers: as(user, { 'idempotency-key': key(), 'if-match': `"${await version(id)}"` }),
      payload: {},
    });
  const files = async (id: string) =>
    (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM materials WHERE application_id = $1', [id]))
      .rows[0]!.n;
  const audits = async (id: string) =>
    (
      await tdb.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'disbursement.document_uploaded'",
        [id],
      )
    ).rows[0]!.n;

  it('stores a scan for the maker: id, name, size, SHA-256; audited; the evidence names it; the checker opens it', async () => {
    const id = await caseWith();
    const bytes = pdf('沪(2026)浦东新区不动产证明第0012345号');
    const r = await upload(id, '抵押登记证明.pdf', bytes);
    expect(r.statusCode, r.body).toBe(201);
    const doc = r.json().document;
    expect(doc).toMatchObject({
      fileName: '抵押登记证明.pdf',
      mediaType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploadedBy: 'u-ops1',
    });
    expect(doc.id).toMatch(/^\d+$/);
    expect(await audits(id)).toBe(1);
    // Uploading records no evidence and leaves the disbursement where it was.
    expect((await get(id)).json()).toMatchObject({ version: 0, disbursementStatus: 'open' });

    const rec = await record(id, 1, {
      kind: 'registration',
      certificateNo: '沪(2026)浦东新区不动产证明第0012345号',
      documentId: doc.id,
    });
    expect(rec.statusCode, rec.body).toBe(200);
    // The checker sees the file next to the condition, and downloads exactly the bytes uploaded.
    const seen = (await get(id, 'ops2')).json().conditions[1];
    expect(seen.document).toMatchObject({ id: doc.id, fileName: '抵押登记证明.pdf', sizeBytes: bytes.length });
    expect((await get(id, 'ops2')).json().conditions[0].document).toBeNull();
    const dl = await download(id, doc.id, 'ops2');
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(dl.rawPayload, bytes)).toBe(0);
    // A PNG too; and the front office's materials list does not show 放款审核's files.
    const png = await upload(id, 'guarantee.PNG', PNG);
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json().document.mediaType).toBe('image/png');
    const listed = await app.inject({ method: 'GET', url: `/api/v1/applications/${id}/materials`, headers: as('rm1') });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toEqual([]);
    expect(await verifyAuditChain(tdb.db)).toMatchObject({ ok: true });
  });

  it('refuses a renamed .exe (415), a mismatched extension (422), a file over the limit (413): nothing stored', async () => {
    const id = await caseWith();
    const exe = await upload(id, 'scan.pdf', EXE);
    expect(exe.statusCode).toBe(415);
    expect(exe.headers['content-type']).toContain('application/problem+json');
    expect(exe.json().code).toBe('material.unsupported_type');
    const ext = await upload(id, 'scan.jpg', pdf('x'));
    expect(ext.statusCode).toBe(422);
    expect(ext.json().code).toBe('material.extension_mismatch');
    const big = await upload(id, 'big.pdf', Buffer.concat([pdf('x'), Buffer.alloc(MAX_BYTES, 0x20)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('material.too_large');
    const path = await upload(id, '../etc/scan.pdf', pdf('x'));
    expect(path.statusCode).toBe(400);
    expect(await files(id)).toBe(0);
    expect(await audits(id)).toBe(0);
  });

  it('only a disbursement officer (403), only in scope (404), only while the case is open to evidence (409)', async () => {
    const id = await caseWith();
    for (const u of ['rm1', 'approver1', 'contract1']) {
      const r = await upload(id, 'scan.pdf', pdf('x'), u);
      expect(r.statusCode, u).toBe(403);
      expect(r.json().requiredRoles).toEqual(['disbursement_officer']);
    }
    // ops3 is a Hangzhou officer; a Hangzhou case is outside ops1's scope.
    expect((await upload(id, 'scan.pdf', pdf('x'), 'ops3')).statusCode).toBe(404);
    const far = await caseWith({ branch: 'HZ-XH' });
    const farUp = await upload(far, 'scan.pdf', pdf('x'));
    expect(farUp.statusCode).toBe(404);
    expect(farUp.headers['content-type']).toContain('application/problem+json');
    const unsigned = await caseWith({ status: 'contracting' });
    const u = await upload(unsigned, 'scan.pdf', pdf('x'));
    expect(u.statusCode).toBe(409);
    expect(u.json().code).toBe('disbursement.not_signed');
    expect((await files(id)) + (await files(far)) + (await files(unsigned))).toBe(0);
    // Downloads are scoped the same way: another branch's officer gets 404, another role 403.
    const ok = (await upload(id, 'scan.pdf', pdf('y'))).json().document.id as string;
    expect((await download(id, ok, 'ops3')).statusCode).toBe(404);
    expect((await download(id, ok, 'rm1')).statusCode).toBe(403);
    expect((await download(id, ok, 'ops2')).statusCode).toBe(200);
  });

  it('refuses a documentId that is not a file of this application (422 evidence.document_unknown), changing nothing', async () => {
    const id = await caseWith();
    const other = await caseWith();
    const theirs = (await upload(other, 'their-scan.pdf', pdf('other'))).json().document.id as string;
    const r = await record(id, 0, { kind: 'document', documentId: theirs });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'evidence.document_unknown', documentId: theirs, index: 0 });
    const reg = await record(id, 1, {
      kind: 'registration',
      certificateNo: '沪(2026)不动产证明第1号',
      documentId: '999999999',
    });
    expect(reg.statusCode).toBe(422);
    expect(reg.json().code).toBe('evidence.document_unknown');
    const d = (await get(id)).json();
    expect(d.version).toBe(0);
    expect(d.conditions.every((c: { evidence: unknown }) => c.evidence === null)).toBe(true);
    // Nor can another case's file be fetched through this case.
    expect((await download(id, theirs)).statusCode).toBe(404);
  });

  it('whoever uploaded a file the evidence names cannot check the disbursement', async () => {
    const id = await caseWith();
    await tdb.db.query(
      `INSERT INTO contracts (document_id, application_id, contract_id, revision, template_id, template_version, kind,
         content_hash, pdf_sha256, pdf_bytes, status, generated_by, generated_at, updated_at)
       VALUES ($1, $2, $1, 1, 'loan-v1', '1', 'loan', 'abcd', $3, 1000, 'signed', 'u-contract1', now(), now())`,
      [`HT${id.slice(3)}`, id, 'a'.repeat(64)],
    );
    const doc = (await upload(id, 'guarantee.pdf', pdf('guarantee'), 'ops9')).json().document.id as string;
    expect((await record(id, 0, { kind: 'document', documentId: doc })).statusCode).toBe(200);
    expect((await record(id, 1, { kind: 'registration', certificateNo: '沪(2026)不动产证明第2号' })).statusCode).toBe(
      200,
    );
    expect((await post(id, '/prepare', 'ops1')).statusCode).toBe(200);
    expect((await get(id, 'ops9')).json().mayDisburse).toBe(false);
    const own = await post(id, '', 'ops9');
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('disbursement.maker_is_checker');
    // Once prepared, no more files.
    expect((await upload(id, 'late.pdf', pdf('late'))).statusCode).toBe(409);
    const ok = await post(id, '', 'ops2');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().disbursement.conditions[0].document).toMatchObject({ id: doc, uploadedBy: 'u-ops9' });
    // After disbursement the checker still opens it.
    expect((await download(id, doc, 'ops2')).statusCode).toBe(200);
  });
});
