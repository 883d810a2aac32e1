/**
 * The credit memo (审批意见书) PDF, on PGlite and PostgreSQL: a decided case gives a valid PDF whose text
 * poppler reads (case id, enterprise, grade, outcome, who signed) with the Noto Sans SC subset embedded,
 * the same bytes every time; an open case is 409, a user outside the case's scope 403, nothing changed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { signIn } from '../../test/helpers/api';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';

const ASOF = beijingDate(new Date());
const inShanghai = (p: { region: string }) => p.region.startsWith('31');
let keyN = 0;
const key = () => `memo-key-${Date.now()}-${keyN++}`;

describe.each(testEngines())('credit memo PDF on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  let dir: string;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: process.env.TEST_LOG ?? 'silent', profiles: testProfileProvider() });
    as = await signIn(app, [
      'approver1',
      'approver3',
      'rm1',
      'contract1',
      'supervisor1',
      'committee1',
      'committee2',
      'committee3',
    ]);
    dir = mkdtempSync(join(tmpdir(), 'memo-test-'));
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
    rmSync(dir, { recursive: true, force: true });
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
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().application as { id: string; status: string; version: number; grade: string; tier: string };
  };
  const memo = (id: string, user = 'approver1') =>
    app.inject({ method: 'GET', url: `/api/v1/applications/${id}/memo.pdf`, headers: as(user) });
  const textOf = (pdf: Buffer, name: string) => {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, pdf);
    return {
      text: execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
      fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
      info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
    };
  };
  const auditCount = async () =>
    (await tdb.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_events')).rows[0]!.n;

  let declined = { id: '', name: '' };
  let open = '';

  it('writes the memo of a case an approver declined: identity, grade, reasons, outcome, who decided, in Chinese', async () => {
    const c = findCase(
      { productCode: 'SYD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.instant.outcome === 'refer' && a.tier === 'fast' && inShanghai(p),
    );
    const a = await submit(c.uscc, 'SYD', '200000.00');
    expect(a.status).toBe('in_review');
    const dec = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${a.id}/decisions`,
      headers: as('approver1', { 'idempotency-key': key(), 'if-match': `"${a.version}"` }),
      payload: { action: 'decline', reasonCodes: ['SC_DEBT_HIGH'], comment: '负债率高于本行标准' },
    });
    expect(dec.statusCode, dec.body).toBe(200);
    declined = { id: a.id, name: c.profile.name };

    const r = await memo(a.id);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toContain(`memo-${a.id}.pdf`);
    expect(r.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, fonts, info } = textOf(r.rawPayload, 'declined');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('小微企业授信审批意见书');
    expect(flat).toContain(a.id);
    expect(flat).toContain(c.profile.name);
    expect(flat).toContain(c.uscc);
    expect(flat).toContain(`评级${a.grade}`);
    expect(flat).toContain('不予授信');
    expect(flat).toContain('王审批'); // approver1, who declined
    expect(flat).toContain('审批岗');
    expect(flat).toContain('负债相对销售额偏高'); // the reason in words (describe.ts), not only its code
    expect(flat).toContain('负债率高于本行标准');
    expect(flat).toContain('RS-'); // the rule-set version
    expect(flat).not.toContain(c.profile.legalRepId); // the legal representative's ID masked
    // Embedded Noto Sans SC subset: "emb yes, sub yes", a six-letter subset tag.
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansHans-Regular\s+CID Type 0C \(OT\)\s+Identity-H\s+yes\s+yes/);
    expect(info).toMatch(/Title:\s+小微企业授信审批意见书/);
    // The same case gives the same bytes (the PDF's dates are the decision's).
    const again = await memo(a.id, 'supervisor1');
    expect(again.statusCode).toBe(200);
    expect(Buffer.compare(again.rawPayload, r.rawPayload)).toBe(0);
  });

  it('writes the memo of the instant channel’s automatic approval with the approved terms', async () => {
    const c = findCase(
      { productCode: 'XMD', amount: '100000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.instant.outcome === 'approve' && inShanghai(p),
    );
    const a = await submit(c.uscc, 'XMD', '100000.00');
    expect(a.status).toBe('auto_approved');
    const r = await memo(a.id, 'contract1'); // contract officers read approved cases
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    const flat = textOf(r.rawPayload, 'instant').text.replace(/\s+/g, '');
    expect(flat).toContain(a.id);
    expect(flat).toContain(c.profile.name);
    expect(flat).toContain('同意授信');
    expect(flat).toContain('自动批准');
    expect(flat).toContain('100,000.00元');
    expect(flat).toContain('人民币壹拾万元整');
  });

  it('a committee decision lists every member’s vote with name, role and time', async () => {
    const c = findCase(
      { productCode: 'LDD', amount: '5000000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.instant.outcome === 'refer' && a.tier === 'committee' && inShanghai(p),
    );
    const a = await submit(c.uscc, 'LDD', '5000000.00');
    expect(a.tier).toBe('committee');
    let version = a.version;
    const comments = ['经营现金流不足以覆盖还款', '负债水平偏高', '同意前两位委员意见'];
    for (const [i, member] of ['committee1', 'committee2', 'committee3'].entries()) {
      const v = await app.inject({
        method: 'POST',
        url: `/api/v1/applications/${a.id}/decisions`,
        headers: as(member, { 'idempotency-key': key(), 'if-match': `"${version}"` }),
        payload: { action: 'vote', vote: 'decline', comment: comments[i] },
      });
      expect(v.statusCode, v.body).toBe(200);
      version = v.json().application.version;
    }
    const r = await memo(a.id, 'committee2');
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    const flat = textOf(r.rawPayload, 'committee').text.replace(/\s+/g, '');
    for (const name of ['陈委员', '刘委员', '赵委员']) expect(flat).toContain(name);
    for (const comment of comments) expect(flat).toContain(comment);
    expect(flat).toContain('审贷会委员');
    expect(flat).toContain('表决：反对');
    expect(flat).toContain('不予授信');
    expect(flat).toContain('审贷会'); // the tier
  });

  it('refuses an open case with 409 memo.no_final_decision, and changes nothing', async () => {
    const c = findCase(
      { productCode: 'SYD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.instant.outcome === 'refer' && a.tier === 'fast' && inShanghai(p),
      700,
    );
    open = (await submit(c.uscc, 'SYD', '300000.00')).id;
    const before = await auditCount();
    const r = await memo(open);
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'memo.no_final_decision', status: 409, applicationStatus: 'in_review' });
    expect(r.json().detail).toContain('尚未作出最终审批决定');
    expect(await auditCount()).toBe(before);
  });

  it('is readable exactly by whoever may read the case: 403 outside scope, revealing nothing; 404 for no case', async () => {
    // approver3 works in Hangzhou; the case is Shanghai Pudong's.
    const out = await memo(declined.id, 'approver3');
    expect(out.statusCode).toBe(403);
    expect(out.headers['content-type']).toContain('application/problem+json');
    expect(out.json()).toMatchObject({ code: 'forbidden', reasonCode: 'OUT_OF_SCOPE' });
    expect(out.body).not.toContain(declined.name);
    expect(out.body).not.toContain('declined');
    expect(out.body).not.toContain('SH-PD');
    // A contract officer does not read declined cases (scope by status), so not their memo either.
    expect((await memo(declined.id, 'contract1')).statusCode).toBe(403);
    // The single-case read agrees: the same users are refused there.
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/applications/${declined.id}`,
      headers: as('approver3'),
    });
    expect(read.statusCode).toBeGreaterThanOrEqual(403);
    expect((await memo('APP0000000000000099')).statusCode).toBe(404);
    expect((await memo('not an id')).statusCode).toBe(400);
    // The relationship manager of the branch reads it.
    expect((await memo(declined.id, 'rm1')).statusCode).toBe(200);
  });

  it('is in the OpenAPI document as application/pdf with its problems', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/api/v1/applications/{id}/memo.pdf'].get;
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/pdf']);
    expect(op.responses['409']).toBeDefined();
    expect(op.responses['404']).toBeDefined();
  });
});
