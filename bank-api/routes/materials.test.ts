/**
 * Materials and 补件 (issue 15 item 2) through the bank API on PGlite and PostgreSQL: uploads checked by
 * content (magic bytes), size and name, SHA-256 recorded and the bytes given back unchanged; the e-licence
 * received electronically with its source; a returned case resubmitted only once the items asked for
 * are in hand, then approved by the approver who returned it, who sees it come back.
 */

import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { withRequiredConditions } from '../../test/helpers/conditions';
import { materialsInHand } from '../../test/helpers/gates';
import { testProfileProvider } from '../../test/helpers/profiles';
import { referredCaseSubmitter } from '../../test/helpers/submit';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const ASOF = beijingDate(new Date());
let keyN = 0;
const key = () => `materials-${Date.now()}-${keyN++}`;
const GUARANTOR = [{ name: '上海浦东融资担保有限公司' }];

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 7)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90)]);
const b64 = (b: Buffer) => b.toString('base64');

describe.each(testEngines())('materials and 补件 on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let submitReferred: ReturnType<typeof referredCaseSubmitter>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['approver1', 'supervisor1', 'rm1', 'contract1']);
    submitReferred = referredCaseSubmitter(app, as, ASOF, 1);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const submit = async (productCode: string, amount: string, tier: string) =>
    (await submitReferred({ productCode, amount, want: (a) => a.tier === tier, guarantors: GUARANTOR })).application;
  const detail = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json();
  const upload = (id: string, code: string, fileName: string, content: Buffer | string, user = 'rm1') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/materials/${code}/upload`,
      headers: as(user),
      payload: { fileName, contentBase64: typeof content === 'string' ? content : b64(content) },
    });
  const act = async (user: string, id: string, version: number, payload: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/decisions`,
      headers: as(user, { 'idempotency-key': key(), 'if-match': `"${version}"` }),
      // The conditions the case requires (a guarantee per guarantor…) with the test's own.
      payload: withRequiredConditions(
        (await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: as('supervisor1') })).json(),
        payload as object,
      ),
    });
  /** Refused with a problem document, and the case and its materials exactly as before. */
  const refused = async (
    r: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
    status: number,
    code: string,
    id: string,
  ) => {
    const before = await detail(id);
    expect(r.statusCode, JSON.stringify(r.json())).toBe(status);
    expect(String(r.headers['content-type'])).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code });
    const after = await detail(id);
    expect(after.version).toBe(before.version);
    return r.json() as Record<string, unknown>;
  };

  it('uploads a PDF: type by content, SHA-256 recorded, item received, bytes back unchanged as an attachment', async () => {
    const a = await submit('LDD', '300000.00', 'fast');
    const before = await detail(a.id);
    const r = await upload(a.id, 'MAT_STATEMENTS', '财务报表 2025.pdf', PDF);
    expect(r.statusCode, r.body).toBe(201);
    const m = r.json().material;
    expect(m).toMatchObject({
      itemCode: 'MAT_STATEMENTS',
      via: 'upload',
      mediaType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      fileName: '财务报表 2025.pdf',
      receivedBy: 'u-rm1',
    });
    const d = await detail(a.id);
    expect(d.version).toBe(before.version + 1);
    expect(d.checklist.find((c: { code: string }) => c.code === 'MAT_STATEMENTS').state).toBe('received');
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/applications/${a.id}/materials`,
      headers: as('approver1'),
    });
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([m.id]);
    const dl = await app.inject({
      method: 'GET',
      url: `/api/v1/applications/${a.id}/materials/${m.id}`,
      headers: as('approver1'),
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(Buffer.compare(dl.rawPayload, PDF)).toBe(0);
    // A PNG under a .png name is accepted too.
    expect((await upload(a.id, 'MAT_PURPOSE', 'contract.PNG', PNG)).statusCode).toBe(201);
  });

  it('refuses an .exe renamed .pdf, an empty file, a path in the name, a mismatched extension, and too large', async () => {
    const a = await submit('LDD', '300000.00', 'fast');
    await refused(await upload(a.id, 'MAT_STATEMENTS', 'statements.pdf', EXE), 415, 'material.unsupported_type', a.id);
    await refused(await upload(a.id, 'MAT_STATEMENTS', 'statements.pdf', ''), 400, 'validation_failed', a.id);
    await refused(await upload(a.id, 'MAT_STATEMENTS', '../../etc/passwd.pdf', PDF), 400, 'validation_failed', a.id);
    await refused(await upload(a.id, 'MAT_STATEMENTS', 'C:\\x\\s.pdf', PDF), 400, 'validation_failed', a.id);
    await refused(
      await upload(a.id, 'MAT_STATEMENTS', 'statements.png', PDF),
      422,
      'material.extension_mismatch',
      a.id,
    );
    // Over 10 MB in bytes but within the body limit: refused by size, not stored.
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    await refused(await upload(a.id, 'MAT_STATEMENTS', 'big.pdf', big), 413, 'material.too_large', a.id);
    // A body far over the route's limit is refused by the body limit from its Content-Length, before it is read.
    const huge = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${a.id}/materials/MAT_STATEMENTS/upload`,
      headers: { ...as('rm1'), 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) },
      payload: '{}',
    });
    expect(huge.statusCode).toBe(413);
    // Only the RM uploads; an approver is refused by role.
    await refused(await upload(a.id, 'MAT_STATEMENTS', 's.pdf', PDF, 'approver1'), 403, 'forbidden', a.id);
    const list = await app.inject({ method: 'GET', url: `/api/v1/applications/${a.id}/materials`, headers: as('rm1') });
    expect(list.json().total).toBe(0);
  });

  it('receives the e-licence electronically, marked with its source; a paper item cannot be', async () => {
    const a = await submit('LDD', '300000.00', 'fast');
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${a.id}/materials/MAT_LICENCE/receive`,
      headers: as('approver1'),
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().material).toMatchObject({ via: 'electronic', source: 'sandbox:e-licence', sha256: null });
    expect(r.json().material.sourceRef.reference).toMatch(/^EL-[0-9A-F]{16}$/);
    await refused(
      await app.inject({
        method: 'POST',
        url: `/api/v1/applications/${a.id}/materials/MAT_STATEMENTS/receive`,
        headers: as('rm1'),
      }),
      422,
      'material.not_electronic',
      a.id,
    );
  });

  it('return → upload → resubmit → approve; resubmit without the items refused, naming them', async () => {
    const a = await submit('LDD', '300000.00', 'fast');
    await materialsInHand(tdb.db, a.id);
    const ret = await act('approver1', a.id, a.version, {
      action: 'return',
      items: ['MAT_STATEMENTS'],
      comment: '补充报表',
    });
    expect(ret.statusCode, ret.body).toBe(200);
    const resubmit = () =>
      app.inject({ method: 'POST', url: `/api/v1/applications/${a.id}/resubmit`, headers: as('rm1') });
    const no = await refused(await resubmit(), 409, 'resubmit.items_missing', a.id);
    expect(no.missing).toEqual([expect.objectContaining({ code: 'MAT_STATEMENTS' })]);
    expect((await detail(a.id)).status).toBe('returned');
    // Approvers do not resubmit.
    await refused(
      await app.inject({ method: 'POST', url: `/api/v1/applications/${a.id}/resubmit`, headers: as('approver1') }),
      403,
      'forbidden',
      a.id,
    );
    expect((await upload(a.id, 'MAT_STATEMENTS', 'statements.pdf', PDF)).statusCode).toBe(201);
    const ok = await resubmit();
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ application: { status: 'in_review' }, returnedBy: 'u-approver1' });
    const d = await detail(a.id);
    expect(d.status).toBe('in_review');
    expect(Date.parse(d.slaDueAt)).toBeGreaterThan(Date.now());
    expect(d.history.at(-1)).toMatchObject({ action: 'resubmit', fromStatus: 'returned', toStatus: 'in_review' });
    // The approver who returned it sees it come back in the queue.
    const q = await app.inject({
      method: 'GET',
      url: '/api/v1/applications?status=in_review&limit=200',
      headers: as('approver1'),
    });
    const item = q.json().items.find((x: { id: string }) => x.id === a.id);
    expect(item).toMatchObject({ resubmitted: true, returnedBy: 'u-approver1' });
    // A second resubmission is not a returned case.
    await refused(await resubmit(), 409, 'workflow.illegal_transition', a.id);
    const approve = await act('approver1', a.id, d.version, {
      action: 'approve',
      amount: '300000.00',
      annualRate: d.assessment.price?.annualRate ?? '5.00',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      conditions: [],
    });
    expect(approve.statusCode, approve.body).toBe(200);
    expect(approve.json().application.status).toBe('approved');
  });

  it('keeps out-of-scope and closed cases: 404 for a reader without the case, 409 on a decided one', async () => {
    const a = await submit('LDD', '300000.00', 'fast');
    // contract officers read approved cases only: this open case is absent to them.
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/applications/${a.id}/materials`,
      headers: as('contract1'),
    });
    expect(r.statusCode).toBe(404);
    const u = await upload(a.id, 'MAT_NOPE', 'x.pdf', PDF);
    expect(u.statusCode).toBe(404);
  });
});
