/**
 * The access check in front of the contract files kept on this workstation (issue 19): every handler
 * that reads a kept package asks the real bank API first, as the calling user, and reads nothing when
 * the bank refuses. Per role: the contract officer of the case's branch and a head-office supervisor
 * may read; a relationship manager and an approver may not (the bank's 403), whatever is on disk.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../bank-api/app';
import { signerFields } from '../../../bank-api/contracts/countersign';
import { countersign, createTestCa, issueTestIdentity } from '../../../node-shared/countersign/test-signer';
import { beijingDate } from '../../../shared/calendar';
import { getTemplate, parseContractData, signersOf } from '../../../shared/contracts';
import type { IpcResult } from '../../../shared/ipc/contract';
import { materialsInHand } from '../../../test/helpers/gates';
import { findCase, testProfileProvider } from '../../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/test-db';
import { BankClient } from '../../services/bank-client';
import { MemoryTokenStore, type PrefsStore } from '../../services/stores';
import { memoryWorkspaceStore } from '../../services/workspace-store';
import { dispatch } from '../dispatch';
import { caseOfDocument } from './contracts';
import { type HandlerContext, handlers } from './index';

const prefs: PrefsStore = { get: () => ({ locale: 'zh-CN' }), set: () => ({ locale: 'zh-CN' }) };
const ASOF = beijingDate(new Date());
let keyN = 0;
const key = () => `access-key-${Date.now()}-${keyN++}`;

describe('caseOfDocument', () => {
  it('reads the case out of a document id, and nothing out of anything else', () => {
    expect(caseOfDocument('HT202611300000001')).toBe('APP202611300000001');
    expect(caseOfDocument('HT20261130B000001-R2-BZ')).toBe('APP20261130B000001');
    expect(caseOfDocument('HT202611300000001-DY')).toBe('APP202611300000001');
    expect(caseOfDocument('XX202611300000001')).toBeNull();
    expect(caseOfDocument('HT')).toBeNull();
    expect(caseOfDocument('HT12')).toBeNull();
  });
});

describe('contract file handlers ask the bank API before reading a kept package', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let bank: BankClient;
  const dataDir = mkdtempSync(join(tmpdir(), 'ws-access-'));
  const ctxs: Record<string, HandlerContext> = {};
  const signers: Record<string, string> = {};
  const saved: string[] = [];
  let caseId = '';
  let otherCase = '';
  let documentId = '';

  const call = (user: string, channel: string, req: unknown) =>
    dispatch(handlers, channel, req, ctxs[user]!) as Promise<IpcResult<unknown>>;
  const value = async <T>(user: string, channel: string, req: unknown): Promise<T> => {
    const r = await call(user, channel, req);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };

  const login = async (u: string) =>
    (
      await bank.request<{ token: string }>('POST', '/api/v1/auth/login', {
        body: { username: u, password: 'demo-pass' },
      })
    ).token;

  async function approvedCase(n: number): Promise<string> {
    const c = findCase(
      { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && p.region.startsWith('31'),
      1 + 131 * n,
    );
    const created = await bank.request<{ application: { id: string; version: number } }>(
      'POST',
      '/api/v1/applications',
      {
        token: ctxs.rm1!.tokens.get()!,
        headers: { 'idempotency-key': key() },
        body: {
          uscc: c.uscc,
          productCode: 'LDD',
          amount: '300000.00',
          termMonths: 12,
          repaymentMethod: 'equal_installment',
          purpose: '采购原材料',
          channel: 'branch',
          guarantors: [{ name: '上海市中小微企业政策性融资担保基金管理中心' }],
        },
      },
    );
    const a = created.application;
    await materialsInHand(tdb.db, a.id);
    // Whatever the rule set in force asks (one signature for a fast case, two for a standard one).
    let version = a.version;
    for (const signer of ['approver1', 'senior1']) {
      const r = await bank.request<{ application: { status: string; version: number } }>(
        'POST',
        `/api/v1/applications/${a.id}/decisions`,
        {
          token: signers[signer]!,
          headers: { 'idempotency-key': key(), 'if-match': `"${version}"` },
          body: {
            action: 'approve',
            amount: '300000.00',
            annualRate: '4.35',
            termMonths: 12,
            repaymentMethod: 'equal_installment',
            // A guaranteed product's approval carries the guarantee of the guarantor it names.
            conditions: [
              { type: 'guarantee_signed', params: { guarantor: '上海市中小微企业政策性融资担保基金管理中心' } },
              { type: 'other', text: '按月报送财务报表' },
            ],
          },
        },
      );
      if (r.application.status === 'approved') break;
      version = r.application.version;
    }
    return a.id;
  }

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    bank = new BankClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    for (const u of ['rm1', 'approver1', 'contract1', 'supervisor1']) {
      const tokens = new MemoryTokenStore();
      tokens.set(await login(u));
      ctxs[u] = {
        bank,
        prefs,
        tokens,
        workspace: memoryWorkspaceStore(),
        transport: 'electron',
        version: 'test',
        contracts: { dataDir },
        async saveFile(name, bytes) {
          saved.push(`${u}:${name}`);
          const to = join(dataDir, `saved-${name}`);
          writeFileSync(to, bytes);
          return to;
        },
      };
    }
    signers.approver1 = ctxs.approver1!.tokens.get()!;
    signers.senior1 = await login('senior1');
    caseId = await approvedCase(0);
    otherCase = await approvedCase(1);
    const gen = await value<{ documents: { documentId: string }[] }>('contract1', 'contracts.generate', {
      applicationId: caseId,
    });
    documentId = gen.documents[0]!.documentId;
  }, 90_000);
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('lets the contract officer of the case and a head-office supervisor read the PDF', async () => {
    expect(caseOfDocument(documentId)).toBe(caseId);
    for (const u of ['contract1', 'supervisor1']) {
      const r = await value<{ pdfBase64: string }>(u, 'contracts.pdf', { documentId });
      expect(Buffer.from(r.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('refuses the PDF to a relationship manager and an approver with the bank’s answer', async () => {
    for (const u of ['rm1', 'approver1']) {
      const r = await call(u, 'contracts.pdf', { documentId });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.status).toBe(403);
      expect(r.error.code).not.toMatch(/^contract\./);
    }
  });

  it('refuses the export to those roles before anything is read or saved, and leaves the record as it was', async () => {
    for (const u of ['rm1', 'approver1']) {
      const r = await call(u, 'contracts.export', { applicationId: caseId, documentId });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.status).toBe(403);
    }
    expect(saved).toEqual([]);
    const list = await value<{ items: { documentId: string; status: string }[] }>('contract1', 'contracts.list', {
      applicationId: caseId,
    });
    expect(list.items.find((i) => i.documentId === documentId)?.status).toBe('generated');
  });

  it('refuses a document the bank does not list under the named case, without reading it', async () => {
    const r = await call('contract1', 'contracts.export', { applicationId: otherCase, documentId });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r).toMatchObject({ error: { code: 'not_found', status: 404 } });
    const unknown = await call('contract1', 'contracts.pdf', { documentId: 'XX-NOT-A-CONTRACT' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.status).toBe(404);
    expect(saved).toEqual([]);
  });

  it('asks the bank before the disk: with the package gone, a refused user still gets the bank’s 403', async () => {
    const file = join(dataDir, 'contracts', `${documentId}.zip`);
    const away = `${file}.away`;
    renameSync(file, away);
    try {
      const refused = await call('rm1', 'contracts.pdf', { documentId });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.status).toBe(403);
      const allowed = await call('contract1', 'contracts.pdf', { documentId });
      expect(allowed.ok).toBe(false);
      if (!allowed.ok) expect(allowed.error.code).toBe('contract.package_missing');
    } finally {
      renameSync(away, file);
    }
    expect(existsSync(file)).toBe(true);
  });

  it('exports for the contract officer: the package saved where chosen and the record marked exported', async () => {
    const r = await value<{ savedTo: string; record: { status: string } }>('contract1', 'contracts.export', {
      applicationId: caseId,
      documentId,
    });
    expect(saved).toEqual([`contract1:${documentId}.zip`]);
    expect(r.record.status).toBe('exported');
    const files = unzipSync(new Uint8Array(readFileSync(r.savedTo)));
    expect(JSON.parse(strFromU8(files['manifest.json']!))).toMatchObject({ applicationId: caseId, documentId });
  });

  it('imports the counter-signed PDF: main verifies first and sends only a file that passes', async () => {
    const files = unzipSync(new Uint8Array(readFileSync(join(dataDir, 'contracts', `${documentId}.zip`))));
    const sealed = files[`${documentId}.pdf`]!;
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { templateId: string; templateVersion: string };
    const status = async () =>
      (
        await value<{ items: { documentId: string; status: string; version: number }[] }>(
          'contract1',
          'contracts.list',
          {
            applicationId: caseId,
          },
        )
      ).items.find((i) => i.documentId === documentId)!;
    const before = await status();
    expect(before.status).toBe('exported');
    const base = { applicationId: caseId, documentId, version: before.version };
    const importAs = (ctx: HandlerContext, req: unknown) =>
      dispatch(handlers, 'contracts.importSigned', req, ctx) as Promise<
        IpcResult<{
          outcome: string;
          verification: { code: string | null } | null;
          record: { status: string; signedPdfSha256: string | null } | null;
        }>
      >;

    // Other roles: the bank's 403 before anything is read.
    const rm = await importAs(ctxs.rm1!, { ...base, pdfBase64: Buffer.from(sealed).toString('base64') });
    expect(rm.ok).toBe(false);
    if (!rm.ok) expect(rm.error.status).toBe(403);
    // Electron: a cancelled dialog, and a file over the cap that is never read.
    const cancelled = await importAs({ ...ctxs.contract1!, openFile: async () => null }, base);
    expect(cancelled).toMatchObject({ ok: true, value: { outcome: 'cancelled' } });
    const big = await importAs(
      { ...ctxs.contract1!, openFile: async () => ({ name: 'huge.pdf', size: 100 * 1024 * 1024, bytes: null }) },
      base,
    );
    expect(big).toMatchObject({ ok: true, value: { outcome: 'refused', verification: { code: 'too_large' } } });
    // Signed only by the bank: refused here, nothing sent.
    const bankOnly = await importAs(ctxs.contract1!, { ...base, pdfBase64: Buffer.from(sealed).toString('base64') });
    expect(bankOnly).toMatchObject({ ok: true, value: { outcome: 'refused', verification: { code: 'bank_only' } } });
    expect((await status()).version).toBe(before.version);

    // The platform's counter-signature (test CA), each party named by its certificate.
    const cd = await bank.request<{ data: unknown }>('GET', `/api/v1/applications/${caseId}/contract-data`, {
      token: ctxs.contract1!.tokens.get()!,
    });
    const template = getTemplate(manifest.templateId, manifest.templateVersion);
    const ca = await createTestCa();
    let signed: Uint8Array = sealed;
    for (const p of signerFields(signersOf(template, parseContractData(cd.data))).filter((x) => x.role !== 'bank')) {
      const identity = await issueTestIdentity(ca, {
        name: p.name,
        identifier: p.identifier,
        kind: p.identifierKind === 'resident-id' ? 'resident-id' : 'uscc',
      });
      signed = await countersign(signed, { fieldName: p.fieldName, identity });
    }
    const picked = await importAs(
      { ...ctxs.contract1!, openFile: async () => ({ name: `${documentId}.pdf`, size: signed.length, bytes: signed }) },
      base,
    );
    expect(picked.ok, JSON.stringify(picked)).toBe(true);
    if (!picked.ok) return;
    expect(picked.value.outcome).toBe('signed');
    expect(picked.value.record).toMatchObject({ status: 'signed' });
    expect(picked.value.record?.signedPdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await status()).status).toBe('signed');
  });
});
