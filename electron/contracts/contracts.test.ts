/**
 * End-to-end proof of the contract engine with independent tools (poppler's pdfsig, pdffonts,
 * pdftotext, pdftoppm and qpdf): generated, signed and packaged contracts for every template and
 * repayment method; PNGs of each go to test-results/contracts/ for review.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ContractTemplate,
  formatYuan,
  GUARANTEE_V2026_1,
  MORTGAGE_V2026_1,
  REPAYMENT_METHODS,
  WORKING_CAPITAL_LOAN_V2026_1,
} from '../../shared/contracts/index.js';
import { DomainError } from '../../shared/errors.js';
import { contractFixture } from './fixtures.js';
import {
  createTestSealP12,
  generateContract,
  generateSignedPackage,
  loadP12,
  loadSeal,
  type SealCredentials,
  signContract,
} from './index.js';
import type { ExportManifest } from './package.js';

const TOOLS = ['pdfsig', 'pdffonts', 'pdftotext', 'pdftoppm', 'qpdf'];
const missingTools = TOOLS.filter((t) => spawnSync('which', [t]).status !== 0);
if (missingTools.length > 0) {
  console.warn(
    `contracts tests: poppler/qpdf tools missing (${missingTools.join(', ')}): install poppler-utils and qpdf to run them`,
  );
}
const skip = missingTools.length > 0;
const noOpenssl = spawnSync('which', ['openssl']).status !== 0;
if (noOpenssl)
  console.warn('contracts tests: openssl missing, so the CMS attribute check is skipped: install openssl to run it');

const work = mkdtempSync(join(tmpdir(), 'contracts-test-'));
const pngDir = join(process.cwd(), 'test-results', 'contracts');
const PASS = 'correct horse';
let seal: SealCredentials;

function run(cmd: string, args: string[]): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

function save(name: string, bytes: Uint8Array): string {
  const p = join(work, name);
  writeFileSync(p, bytes);
  return p;
}

async function domainError(p: Promise<unknown> | (() => unknown)): Promise<DomainError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

beforeAll(async () => {
  mkdirSync(pngDir, { recursive: true });
  await createTestSealP12({
    path: join(work, 'seal.p12'),
    passphrase: PASS,
    bankName: '示范银行股份有限公司上海浦东分行',
  });
  seal = loadP12(join(work, 'seal.p12'), PASS);
});

const cases: { template: ContractTemplate; slug: string }[] = [
  { template: WORKING_CAPITAL_LOAN_V2026_1, slug: 'loan' },
  { template: GUARANTEE_V2026_1, slug: 'guarantee' },
  { template: MORTGAGE_V2026_1, slug: 'mortgage' },
];

describe.skipIf(skip)('signed contract checked with poppler and qpdf', () => {
  for (const { template, slug } of cases) {
    for (const method of REPAYMENT_METHODS) {
      it(`${slug} / ${method}: valid PAdES signature, subset font, text extractable, clean file`, async () => {
        const data = contractFixture({ repaymentMethod: method, guarantors: 2, collateral: true });
        const outDir = mkdtempSync(join(work, 'out-'));
        const r = await generateSignedPackage({ data, template, seal, outDir });
        const pdfPath = save(`${slug}-${method}.pdf`, r.signedPdf);

        const sig = run('pdfsig', [pdfPath]);
        expect(sig.stdout).toContain('Signature Field Name: bank');
        expect(sig.stdout).toContain('Signature Type: ETSI.CAdES.detached');
        expect(sig.stdout).toContain('Total document signed');
        expect(sig.stdout).toContain('Signature is Valid');
        expect(sig.stdout).toContain('Signing Hash Algorithm: SHA-256');

        const fonts = run('pdffonts', [pdfPath]);
        expect(fonts.stderr).toBe('');
        const row = fonts.stdout.split('\n').find((l) => l.includes('NotoSansHans'))!;
        expect(row).toMatch(/^[A-Z]{6}\+NotoSansHans-Regular\S*\s+CID Type 0C \(OT\)\s+Identity-H\s+yes yes yes/);

        const qpdf = run('qpdf', ['--check', pdfPath]);
        expect(qpdf.status).toBe(0);
        expect(qpdf.stdout).toContain('No syntax or stream encoding errors');

        const text = run('pdftotext', ['-layout', pdfPath, '-']);
        expect(text.stderr).toBe('');
        const flat = text.stdout.replace(/\s+/g, '');
        for (const s of [data.borrower.name, data.borrower.uscc, data.borrower.legalRep, data.bank.name]) {
          expect(flat).toContain(s.replace(/\s+/g, ''));
        }
        expect(flat).toContain('人民币伍拾万元整');
        expect(flat).toContain('500,000.00');
        expect(flat).toContain(r.rendered.contentHash);
        expect(flat).toContain(`第1页共${r.rendered.pageCount}页`);
        if (template.kind === 'loan') {
          expect(flat).toContain(`年化利率（IRR）${data.aprNominal}%`);
          const lines = text.stdout.split('\n');
          for (const s of data.schedule) {
            const line = lines.find((l) => l.includes(s.dueDate) && new RegExp(`^\\s*${s.period}\\s`).test(l));
            expect(line, `schedule row ${s.period}`).toBeDefined();
            for (const v of [s.principal, s.interest, s.payment, s.balance]) expect(line).toContain(formatYuan(v));
          }
        }

        // The package: manifest hash equals the file's, signers in order with their fields.
        const files = unzipSync(readFileSync(r.path!));
        const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as ExportManifest;
        const pdfInZip = files[manifest.pdf.file]!;
        expect(Buffer.from(pdfInZip).equals(Buffer.from(r.signedPdf))).toBe(true);
        expect(execFileSync('sha256sum', [pdfPath], { encoding: 'utf8' }).split(' ')[0]).toBe(manifest.pdf.sha256);
        expect(manifest).toMatchObject({
          contractId: data.contractId,
          applicationId: data.applicationId,
          templateId: template.id,
          templateVersion: template.version,
        });
        expect(manifest.signers[0]).toMatchObject({ order: 1, role: 'bank', status: 'signed' });
        for (const s of manifest.signers) expect(s.rect).toHaveLength(4);
        const person = manifest.signers.find((s) => s.identifierKind === 'resident-id');
        if (person) expect(person.identifier).toMatch(/^\d{6}\*+\d{3}[\dX]$/);
        if (template.kind === 'loan') {
          expect([...files['schedule.csv']!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
          const csv = strFromU8(files['schedule.csv']!);
          expect(csv.trim().split('\r\n')).toHaveLength(data.schedule.length + 1);
        }
        // Unsigned fields for the other signers are there for the e-signature platform.
        for (const s of manifest.signers.slice(1)) expect(sig.stdout).toContain(`Signature Field Name: ${s.fieldName}`);

        const png = run('pdftoppm', ['-r', '60', '-png', pdfPath, join(pngDir, `${slug}-${method}`)]);
        expect(png.status).toBe(0);
      });
    }
  }

  it.skipIf(noOpenssl)(
    'the CMS has content-type, message-digest and signing-certificate-v2 signed attributes, and no signing-time',
    async () => {
      const r = await generateSignedPackage({ data: contractFixture(), template: WORKING_CAPITAL_LOAN_V2026_1, seal });
      const pdf = Buffer.from(r.signedPdf);
      const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1'))!;
      const [start, len, next] = [Number(m[1]), Number(m[2]), Number(m[3])];
      expect(start).toBe(0);
      expect(next + Number(m[4])).toBe(pdf.length); // the ranges run to the end of the file
      const der = Buffer.from(pdf.subarray(len + 1, next - 1).toString('latin1'), 'hex');
      expect(der[0]).toBe(0x30);
      const total =
        der[1] === 0x82 ? 4 + der.readUInt16BE(2) : der[1] === 0x83 ? 5 + der.readUIntBE(2, 3) : 2 + der[1]!;
      const cms = save('sig.der', der.subarray(0, total));
      const printed = run('openssl', ['cms', '-inform', 'DER', '-in', cms, '-cmsout', '-print']).stdout;
      expect(printed).toContain('contentType (1.2.840.113549.1.9.3)');
      expect(printed).toContain('messageDigest (1.2.840.113549.1.9.4)');
      expect(printed).toContain('1.2.840.113549.1.9.16.2.47');
      expect(printed).not.toMatch(/signingTime|1\.2\.840\.113549\.1\.9\.5\b/);
    },
  );

  it('a long schedule breaks across pages with the header row repeated and every row kept', async () => {
    const data = contractFixture({ termMonths: 120 });
    const r = await generateContract(data, WORKING_CAPITAL_LOAN_V2026_1);
    const path = save('long.pdf', r.pdf);
    const pages = Array.from(
      { length: r.pageCount },
      (_, i) => run('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), path, '-']).stdout,
    );
    const tablePages = pages.filter((p) => /^\s*\d+\s+\d{4}-\d{2}-\d{2}\s/m.test(p));
    expect(tablePages.length).toBeGreaterThan(2);
    for (const p of tablePages) expect(p).toContain('应还本息合计（元）');
    const all = pages.join('\n');
    for (const s of data.schedule) expect(all).toMatch(new RegExp(`^\\s*${s.period}\\s+${s.dueDate}\\s`, 'm'));
  });

  it('a one-byte change in the signed range makes pdfsig report the signature invalid', async () => {
    const r = await generateSignedPackage({ data: contractFixture(), template: WORKING_CAPITAL_LOAN_V2026_1, seal });
    const bytes = Buffer.from(r.signedPdf);
    const title = bytes.indexOf('/Title');
    expect(title).toBeGreaterThan(0);
    bytes[title + 1] = 't'.charCodeAt(0); // /Title → /title: the file still parses
    const sig = run('pdfsig', [save('tampered.pdf', bytes)]);
    expect(sig.stdout).not.toContain('Signature is Valid');
    expect(sig.stdout).toMatch(/Signature is Invalid|Digest Mismatch/);
  });
});

describe('layering', () => {
  it('nothing in electron/contracts imports electron (plain Node, runs in tests and the CLI)', () => {
    const dir = join(process.cwd(), 'electron', 'contracts');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/from ['"]electron['"]|require\(['"]electron['"]\)/);
    }
  });
});

describe('refusals', () => {
  it('refuses a missing seal file, a wrong passphrase, an expired and a not-yet-valid certificate', async () => {
    expect((await domainError(() => loadP12(join(work, 'nope.p12'), PASS))).code).toBe('SEAL_P12_NOT_FOUND');
    const wrong = await domainError(() => loadP12(join(work, 'seal.p12'), 'wrong'));
    expect(wrong.code).toBe('SEAL_P12_BAD_PASSPHRASE');
    expect(wrong.message).toMatch(/密码不正确.*passphrase/);
    const expired = join(work, 'expired.p12');
    await createTestSealP12({
      path: expired,
      passphrase: PASS,
      bankName: '示范银行',
      notBefore: new Date('2020-01-01'),
      notAfter: new Date('2021-01-01'),
    });
    const e = await domainError(() => loadP12(expired, PASS));
    expect(e.code).toBe('SEAL_CERT_EXPIRED');
    expect(e.message).toContain('过期');
    const future = join(work, 'future.p12');
    await createTestSealP12({
      path: future,
      passphrase: PASS,
      bankName: '示范银行',
      notBefore: new Date('2040-01-01'),
      notAfter: new Date('2041-01-01'),
    });
    expect((await domainError(() => loadP12(future, PASS))).code).toBe('SEAL_CERT_NOT_YET_VALID');
    expect((await domainError(loadSeal({}))).code).toBe('SEAL_NOT_CONFIGURED');
  });

  it('refuses to sign twice, and refuses a PDF that has no bank signature field', async () => {
    const r = await generateSignedPackage({ data: contractFixture(), template: WORKING_CAPITAL_LOAN_V2026_1, seal });
    const again = await domainError(signContract(r.signedPdf, seal, { bankName: 'x' }));
    expect(again.code).toBe('CONTRACT_ALREADY_SIGNED');
    const blank = await PDFDocument.create();
    blank.addPage();
    const other = await domainError(signContract(await blank.save(), seal, { bankName: 'x' }));
    expect(other.code).toBe('CONTRACT_NO_BANK_FIELD');
  });

  it('generates the sandbox TEST ONLY seal on first use and reuses it', async () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    const a = await loadSeal({ dataDir });
    expect(a.testOnly).toBe(true);
    expect(a.commonName).toContain('TEST ONLY');
    expect(readdirSync(join(dataDir, 'sandbox-seal')).sort()).toEqual(['README-TEST-ONLY.txt', 'TEST-ONLY-seal.p12']);
    const b = await loadSeal({ dataDir });
    expect(b.certificate.serialNumber).toBe(a.certificate.serialNumber);
  });

  it('refuses characters the font lacks, naming them, and writes no file', async () => {
    const data = contractFixture();
    data.borrower.name = '上海𪚥龘科技有限公司'; // 𪚥 (U+2A6A5) is outside the font
    const outDir = mkdtempSync(join(work, 'out-'));
    const e = await domainError(generateSignedPackage({ data, template: WORKING_CAPITAL_LOAN_V2026_1, seal, outDir }));
    expect(e.code).toBe('CONTRACT_FONT_MISSING_CHARACTERS');
    expect(e.message).toContain('U+2A6A5');
    expect(e.field).toBe('borrower.name');
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('refuses missing variables and invalid data with a clear message and writes no file', async () => {
    const outDir = mkdtempSync(join(work, 'out-'));
    const noCollateral = contractFixture({ collateral: false });
    const e = await domainError(
      generateSignedPackage({ data: noCollateral, template: MORTGAGE_V2026_1, seal, outDir }),
    );
    expect(e.code).toBe('CONTRACT_VARIABLE_MISSING');
    const bad = { ...contractFixture(), amount: 'five hundred thousand' };
    expect((await domainError(generateContract(bad, WORKING_CAPITAL_LOAN_V2026_1))).code).toBe('CONTRACT_DATA_INVALID');
    const expiredSeal = { p12Path: join(work, 'expired.p12'), passphrase: PASS };
    if (existsSync(expiredSeal.p12Path)) {
      const x = await domainError(
        generateSignedPackage({
          data: contractFixture(),
          template: WORKING_CAPITAL_LOAN_V2026_1,
          seal: expiredSeal,
          outDir,
        }),
      );
      expect(x.code).toBe('SEAL_CERT_EXPIRED');
    }
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('the same data and template give the same document hash; a new template version is recorded', async () => {
    const at = new Date('2026-03-16T02:00:00Z');
    const a = await generateContract(contractFixture(), WORKING_CAPITAL_LOAN_V2026_1, { generatedAt: at });
    const b = await generateContract(contractFixture(), WORKING_CAPITAL_LOAN_V2026_1, { generatedAt: at });
    expect(a.sha256).toBe(b.sha256);
    const v2 = { ...WORKING_CAPITAL_LOAN_V2026_1, version: '2026.2' };
    const c = await generateContract(contractFixture(), v2, { generatedAt: at });
    expect(c.contentHash).not.toBe(a.contentHash);
    const info = run('pdfinfo', [save('v2.pdf', c.pdf)]).stdout;
    expect(info).toContain('templateVersion:2026.2');
  });
  // Generation speed (SPEC §6: < 300 ms) is measured by `npm run bench` (contracts), not asserted here.
});
