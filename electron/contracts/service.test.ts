/**
 * The main-side contract service against a real bank API (PGlite, the real workflow) and real PDFs,
 * checked with poppler's pdfsig: generate → sign → record → keep, refusals leaving nothing behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bank-api/app';
import { beijingDate } from '../../shared/calendar';
import { materialsInHand } from '../../test/helpers/gates';
import { findCase, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import { BankApiError, BankClient } from '../services/bank-client';
import { ContractService } from './service';

const ASOF = beijingDate(new Date());
const HAVE_PDFSIG = spawnSync('pdfsig', ['-v']).status === 0;
let keyN = 0;
const key = () => `svc-key-${Date.now()}-${keyN++}`;

describe('contract service (main) against a real bank API', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let bank: BankClient;
  const tokens: Record<string, string> = {};
  const dataDir = mkdtempSync(join(tmpdir(), 'ws-contracts-'));
  const cases: string[] = [];

  const login = async (u: string) =>
    (
      await bank.request<{ token: string }>('POST', '/api/v1/auth/login', {
        body: { username: u, password: 'demo-pass' },
      })
    ).token;
  const used = new Set<string>();
  const submit = async (approveIt: boolean) => {
    const c = findCase(
      { productCode: 'LDD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && p.region === '310115' && !used.has(p.uscc),
    );
    used.add(c.uscc);
    const created = await bank.request<{ application: { id: string; version: number } }>(
      'POST',
      '/api/v1/applications',
      {
        token: tokens.rm1,
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
    if (approveIt) {
      await bank.request('POST', `/api/v1/applications/${a.id}/decisions`, {
        token: tokens.approver1,
        headers: { 'idempotency-key': key(), 'if-match': `"${a.version}"` },
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
      });
    }
    return a.id;
  };
  const service = (env: NodeJS.ProcessEnv = {}) =>
    new ContractService({ bank, token: tokens.contract1!, dataDir, env });

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    bank = new BankClient(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
    for (const u of ['rm1', 'approver1', 'contract1']) tokens[u] = await login(u);
    for (const approveIt of [true, true, false]) cases.push(await submit(approveIt));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('previews every variable with its value and source', async () => {
    const p = await service().preview(cases[0]!);
    expect(p.missing).toEqual([]);
    const loan = p.templates.find((t) => t.templateId === 'loan.working-capital')!;
    const amount = loan.variables.find((v) => v.name === 'loan.amountInCapitals')!;
    expect(amount).toMatchObject({ value: '人民币叁拾万元整', source: 'approval.amount → money.toChineseCapitals' });
    expect(loan.variables.find((v) => v.name === 'bank.address')?.source).toContain('sandbox');
  });

  it('generates, seals, records and keeps the contract; the bank moves the case to contracting', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'ws-out-'));
    const docs = await service().generate({ applicationId: cases[0]!, outDir });
    // The loan contract and the guarantee contract of the guarantor the application names.
    expect(docs.map((x) => x.record.templateId).sort()).toEqual(['guarantee.joint-liability', 'loan.working-capital']);
    const d = docs.find((x) => x.record.templateId === 'loan.working-capital')!;
    expect(d.record).toMatchObject({ status: 'generated', pdfSha256: d.sha256, templateId: 'loan.working-capital' });
    expect(existsSync(join(dataDir, 'contracts', d.fileName))).toBe(true);
    const files = unzipSync(service().packageBytes(d.documentId).zip);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest).toMatchObject({ applicationId: cases[0], documentId: d.documentId, pdf: { sha256: d.sha256 } });
    expect(readdirSync(outDir).sort()).toEqual(docs.map((x) => x.fileName).sort());
    if (HAVE_PDFSIG) {
      const pdf = join(outDir, 'check.pdf');
      writeFileSync(pdf, files[`${d.documentId}.pdf`]!);
      const sig = spawnSync('pdfsig', [pdf], { encoding: 'utf8' });
      expect(sig.stdout).toContain('Signature is Valid');
      expect(sig.stdout).toContain('Total document signed');
    }
    const detail = await bank.request<{ status: string }>('GET', `/api/v1/applications/${cases[0]}`, {
      token: tokens.contract1,
    });
    expect(detail.status).toBe('contracting');
  });

  it('refuses to generate twice without the explicit regenerate action, and regenerates as a new revision', async () => {
    const s = service();
    const err = await s.generate({ applicationId: cases[0]! }).catch((e) => e);
    expect(err).toBeInstanceOf(BankApiError);
    expect(err.code).toBe('contract.exists');
    const again = await s.generate({ applicationId: cases[0]!, regenerate: true });
    const r2 = again.find((x) => x.supersedes === `HT${cases[0]!.slice(3)}`);
    expect(r2!.documentId).toMatch(/-R2$/);
    expect(again.every((x) => x.supersedes !== null && x.supersedes !== undefined)).toBe(true);
    const list = await s.list(cases[0]!);
    expect(list.map((r) => r.status).sort()).toEqual(['generated', 'generated', 'superseded', 'superseded']);
  });

  it('exports the kept package and marks it exported', async () => {
    const s = service();
    const live = (await s.list(cases[0]!)).find((r) => r.status === 'generated')!;
    const e = await s.export(cases[0]!, live.documentId);
    expect(e.fileName).toBe(`${live.documentId}.zip`);
    expect(e.record.status).toBe('exported');
    await expect(s.export(cases[0]!, `HT${cases[0]!.slice(3)}`)).rejects.toMatchObject({ code: 'contract.superseded' });
  });

  it('refuses a missing or wrong seal certificate clearly, recording and writing nothing', async () => {
    const before = readdirSync(join(dataDir, 'contracts')).length;
    const missing = await service({ SEAL_P12_PATH: join(dataDir, 'no-such.p12'), SEAL_P12_PASSPHRASE: 'x' })
      .generate({ applicationId: cases[1]! })
      .catch((e) => e);
    expect(missing).toBeInstanceOf(BankApiError);
    expect(missing.code).toBe('SEAL_P12_NOT_FOUND');
    expect(missing.message).toContain('找不到银行电子印章证书文件');
    const wrong = await service({
      SEAL_P12_PATH: join(dataDir, 'sandbox-seal', 'TEST-ONLY-seal.p12'),
      SEAL_P12_PASSPHRASE: 'wrong-passphrase',
    })
      .generate({ applicationId: cases[1]! })
      .catch((e) => e);
    expect(wrong).toBeInstanceOf(BankApiError);
    expect(wrong.code).toBe('SEAL_P12_BAD_PASSPHRASE');
    expect(await service().list(cases[1]!)).toEqual([]);
    expect(readdirSync(join(dataDir, 'contracts')).length).toBe(before);
  });

  it('a packaged build without a configured seal refuses signing, naming the setting, recording nothing', async () => {
    const before = readdirSync(join(dataDir, 'contracts')).length;
    const err = await service({ SME_PACKAGED: '1' })
      .generate({ applicationId: cases[1]! })
      .catch((e) => e);
    expect(err).toBeInstanceOf(BankApiError);
    expect(err.code).toBe('SEAL_NOT_CONFIGURED');
    expect(err.message).toContain('SEAL_P12_PATH');
    const bad = await service({ SME_SANDBOX_SEAL: 'maybe' })
      .generate({ applicationId: cases[1]! })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(BankApiError);
    expect(bad.code).toBe('SEAL_CONFIG_INVALID');
    expect(await service().list(cases[1]!)).toEqual([]);
    expect(readdirSync(join(dataDir, 'contracts')).length).toBe(before);
  });

  it('refuses a case that is not approved with the bank’s message', async () => {
    const err = await service()
      .generate({ applicationId: cases[2]! })
      .catch((e) => e);
    expect(err).toBeInstanceOf(BankApiError);
    expect(err.status).toBe(409);
    expect(err.code).toBe('contract.not_approved');
    expect(err.message).toContain('审批通过');
  });

  it('refuses data the bank does not hold yet, naming it, before anything is signed or recorded', async () => {
    class MissingBank extends BankClient {
      posts = 0;
      override async request<T>(method: string, path: string, opts = {}): Promise<T> {
        if (method === 'POST') this.posts++;
        const r = await super.request<T>(method, path, opts);
        if (path.includes('/contract-data')) {
          return {
            ...(r as object),
            missing: [
              { field: 'guarantors.0.idNumber', labelZh: '保证人 李四 的居民身份证号码', labelEn: 'ID of 李四' },
            ],
          } as T;
        }
        return r;
      }
    }
    const b = new MissingBank(bank.baseUrl);
    const s = new ContractService({ bank: b, token: tokens.contract1!, dataDir, env: {} });
    const err = await s.generate({ applicationId: cases[1]! }).catch((e) => e);
    expect(err.code).toBe('CONTRACT_VARIABLE_MISSING');
    expect(err.message).toContain('保证人 李四 的居民身份证号码');
    expect(b.posts).toBe(0);
  });
});
