/**
 * The counter-signed contract verifier (node-shared/countersign) on real files: a contract sealed by
 * the bank (test seal), counter-signed by a TEST ONLY e-signature CA in this test, and each bad file
 * the issue names refused with its own code. pdfsig (poppler) checks the good file independently.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFParser, PDFString } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countersign,
  createTestCa,
  issueTestIdentity,
  type TestCa,
  type TestIdentity,
} from '../../node-shared/countersign/test-signer.js';
import {
  COUNTERSIGN_MAX_BYTES,
  type CountersignExpectation,
  verifyCountersigned,
} from '../../node-shared/countersign/verify.js';
import { GUARANTEE_V2026_1, WORKING_CAPITAL_LOAN_V2026_2 } from '../../shared/contracts/index.js';
import { contractFixture, currentContractFixture } from './fixtures.js';
import { createTestSealP12, generateSignedPackage, loadP12 } from './index.js';

const work = mkdtempSync(join(tmpdir(), 'countersign-test-'));
const hasPdfsig = spawnSync('which', ['pdfsig']).status === 0;
const hasQpdf = spawnSync('which', ['qpdf']).status === 0;

let sealed: Uint8Array;
let expected: CountersignExpectation;
let other: Uint8Array;
let ca: TestCa;
let guarantorCo: TestIdentity;
let guarantorPerson: TestIdentity;
let stranger: TestIdentity;
let good: Uint8Array;

beforeAll(async () => {
  const p12 = join(work, 'seal.p12');
  await createTestSealP12({ path: p12, passphrase: 'pw', bankName: '示范银行股份有限公司' });
  const seal = loadP12(p12, 'pw');
  // A guarantee contract with two guarantors: an enterprise (USCC) and a person (resident ID).
  const data = contractFixture({ guarantors: 2 });
  const pkg = await generateSignedPackage({ data, template: GUARANTEE_V2026_1, seal });
  sealed = pkg.signedPdf;
  const m = pkg.package.manifest;
  expected = { sha256: m.pdf.sha256, bytes: m.pdf.bytes, signers: m.signers };
  other = (
    await generateSignedPackage({
      data: contractFixture({ guarantors: 2, amount: '600000.00' }),
      template: GUARANTEE_V2026_1,
      seal,
    })
  ).signedPdf;
  ca = await createTestCa();
  const [, g1, g2] = data.guarantors.length === 2 ? [null, data.guarantors[0]!, data.guarantors[1]!] : [];
  guarantorCo = await issueTestIdentity(ca, { name: g1!.name, identifier: g1!.idNumber, kind: 'uscc' });
  guarantorPerson = await issueTestIdentity(ca, { name: g2!.name, identifier: g2!.idNumber, kind: 'resident-id' });
  stranger = await issueTestIdentity(ca, { name: '某某贸易有限公司', identifier: '91310000MA1FL0000X', kind: 'uscc' });
  const fields = expected.signers.filter((s) => s.role !== 'bank').map((s) => s.fieldName);
  expect(fields).toEqual(['guarantor-1', 'guarantor-2']);
  good = await countersign(sealed, { fieldName: 'guarantor-1', identity: guarantorCo });
  good = await countersign(good, { fieldName: 'guarantor-2', identity: guarantorPerson });
}, 120_000);

async function code(bytes: Uint8Array) {
  return (await verifyCountersigned(bytes, expected)).code;
}

describe('counter-signed contract verification', () => {
  it('passes a correctly counter-signed file, every check and signature valid', async () => {
    const r = await verifyCountersigned(good, expected);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    // Every chain verifies, the bank's too: the seal certificate survives node-forge's PKCS#12 round trip
    // (node-shared/pki/certificate.ts writes the algorithm parameters as forge does).
    expect(r.signatures.map((s) => [s.fieldName, s.digestOk, s.signatureOk, s.chainOk, s.subjectMatches])).toEqual([
      ['bank', true, true, true, false],
      ['guarantor-1', true, true, true, true],
      ['guarantor-2', true, true, true, true],
    ]);
    // The person's ID number is masked in the reported subject.
    expect(r.signatures[2]!.subject).toContain('310101********4328');
    expect(r.signatures[2]!.subject).not.toContain('198503154328');
    // With the test CA as the trusted root it still passes; with another root, untrusted.
    expect((await verifyCountersigned(good, { ...expected, trustedRoots: [ca.certificateDer] })).ok).toBe(true);
    const otherCa = await createTestCa();
    expect((await verifyCountersigned(good, { ...expected, trustedRoots: [otherCa.certificateDer] })).code).toBe(
      'signer_untrusted',
    );
  });

  it('accepts full identifiers (the bank API) as well as the manifest’s masked ones', async () => {
    const full = expected.signers.map((s) =>
      s.fieldName === 'guarantor-2' ? { ...s, identifier: '310101198503154328' } : s,
    );
    expect((await verifyCountersigned(good, { ...expected, signers: full })).ok).toBe(true);
    const wrong = full.map((s) => (s.fieldName === 'guarantor-2' ? { ...s, identifier: '310101198503154336' } : s));
    expect((await verifyCountersigned(good, { ...expected, signers: wrong })).code).toBe('signer_mismatch');
  });

  it.skipIf(!hasPdfsig)('pdfsig reports all three signatures with valid signatures', () => {
    const path = join(work, 'good.pdf');
    writeFileSync(path, good);
    const r = spawnSync('pdfsig', [path], { encoding: 'utf8' });
    const out = r.stdout;
    writeFileSync(join(work, 'pdfsig.txt'), out);
    expect(out).toMatch(/Signature #3/);
    expect(out.match(/Signature Validation: Signature is Valid\./g)?.length).toBe(3);
    // The test CAs are not in poppler's trust store: the certificates are reported untrusted.
    expect(out).toMatch(/Certificate Validation: Certificate issuer isn't Trusted/);
    // The last party's signature covers the whole file; the bank's covers the original revision only.
    const section = (field: string) =>
      out.split(/Signature #\d:/).find((s) => s.includes(`Field Name: ${field}`)) ?? '';
    expect(section('guarantor-2')).toMatch(/Total document signed/);
    expect(section('bank')).toMatch(/Not total document signed/);
  });

  it('refuses one byte altered in the original revision', async () => {
    const bad = new Uint8Array(good);
    const at = bad.indexOf(0x42, 2000); // a byte in the original's body
    bad[at] = 0x43;
    expect(await code(bad)).toBe('original_altered');
  });

  it('refuses a signature over a different document', async () => {
    const bad = await countersign(
      await countersign(sealed, { fieldName: 'guarantor-1', identity: guarantorCo, signOver: other }),
      {
        fieldName: 'guarantor-2',
        identity: guarantorPerson,
      },
    );
    const r = await verifyCountersigned(bad, expected);
    expect(r.code).toBe('signer_signature_invalid');
    expect(r.signatures.find((s) => s.fieldName === 'guarantor-1')?.digestOk).toBe(false);
  });

  it('refuses a missing signer', async () => {
    const once = await countersign(sealed, { fieldName: 'guarantor-1', identity: guarantorCo });
    const r = await verifyCountersigned(once, expected);
    expect(r.code).toBe('signer_missing');
    expect(r.checks.find((c) => c.code === 'signer_missing')?.detail).toContain('guarantor-2');
  });

  it('refuses a signer whose certificate names someone else', async () => {
    const bad = await countersign(await countersign(sealed, { fieldName: 'guarantor-1', identity: stranger }), {
      fieldName: 'guarantor-2',
      identity: guarantorPerson,
    });
    expect(await code(bad)).toBe('signer_mismatch');
    // A person signing with the enterprise's certificate is someone else too.
    const swapped = await countersign(await countersign(sealed, { fieldName: 'guarantor-1', identity: guarantorCo }), {
      fieldName: 'guarantor-2',
      identity: guarantorCo,
    });
    expect(await code(swapped)).toBe('signer_mismatch');
  });

  it('refuses an update that changes page content after the seal', async () => {
    const bad = await countersign(await countersign(sealed, { fieldName: 'guarantor-1', identity: guarantorCo }), {
      fieldName: 'guarantor-2',
      identity: guarantorPerson,
      alterPageContent: true,
    });
    const r = await verifyCountersigned(bad, expected);
    expect(r.code).toBe('update_not_signature_only');
    // Each signature by itself is valid: only the comparison of revisions finds it.
    expect(r.signatures.every((s) => s.digestOk && s.signatureOk)).toBe(true);
  });

  it('refuses a file signed only by the bank', async () => {
    expect(await code(sealed)).toBe('bank_only');
  });

  it('refuses what is not a PDF, an encrypted PDF and a file over the cap', async () => {
    expect(await code(new TextEncoder().encode('PK\u0003\u0004 this is a zip, not a PDF'))).toBe('not_pdf');
    expect(await code(new Uint8Array(0))).toBe('not_pdf');
    const big = new Uint8Array(COUNTERSIGN_MAX_BYTES + 1);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    expect(await code(big)).toBe('too_large');
    if (hasQpdf) {
      const inPath = join(work, 'in.pdf');
      const outPath = join(work, 'enc.pdf');
      writeFileSync(inPath, good);
      const q = spawnSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', inPath, outPath]);
      expect(q.status === 0 || q.status === 3).toBe(true);
      expect(await code(new Uint8Array(readFileSync(outPath)))).toBe('encrypted');
    }
  });

  it('refuses a broken bank seal', async () => {
    // The bank's own Contents altered: the hash of the original catches it first, as the manifest pins it.
    const bad = new Uint8Array(good);
    const at = Buffer.from(bad).indexOf('/Contents <', 0, 'latin1') + 40;
    bad[at] = bad[at] === 0x30 ? 0x31 : 0x30;
    const r = await verifyCountersigned(bad, expected);
    expect(r.code).toBe('original_altered');
    expect(r.checks.find((c) => c.check === 'bank_seal')?.code).toBe('bank_signature_invalid');
  });

  it('a loan contract whose parties’ names hold 利 (low byte ")") parses strictly and takes two counter-signatures', async () => {
    // Seen in CI: the signature fields' /TU was a literal string of each character's low byte, so a
    // guarantor named …顺利… closed it early; the test platform then could not read the file back.
    const seal = loadP12(join(work, 'seal.p12'), 'pw');
    const base = currentContractFixture({ guarantors: 1 });
    const data = {
      ...base,
      borrower: { ...base.borrower, name: '上海顺利达(集团)贸易有限公司' },
      guarantors: base.guarantors.map((g) => ({ ...g, name: '杭州利华\\融资担保有限公司' })),
    };
    const pkg = await generateSignedPackage({ data, template: WORKING_CAPITAL_LOAN_V2026_2, seal });
    const ctx = await PDFParser.forBytesWithOptions(pkg.signedPdf, Number.POSITIVE_INFINITY, true).parseDocument();
    const acro = ctx.lookup(ctx.trailerInfo.Root, PDFDict).lookup(PDFName.of('AcroForm'), PDFDict);
    const fields = acro.lookup(PDFName.of('Fields'), PDFArray).asArray();
    const tooltips = fields.map((r) => {
      const tu = ctx.lookup(r, PDFDict).lookup(PDFName.of('TU'));
      return tu instanceof PDFHexString || tu instanceof PDFString ? tu.decodeText() : null;
    });
    expect(tooltips).toContain('借款人: 上海顺利达(集团)贸易有限公司');
    expect(tooltips).toContain('保证人: 杭州利华\\融资担保有限公司');
    const m = pkg.package.manifest;
    const parties = m.signers.filter((x) => x.role !== 'bank');
    expect(parties.map((p) => p.fieldName)).toEqual(['borrower', 'guarantor-1']);
    let signed = pkg.signedPdf;
    for (const p of parties) {
      const identity = await issueTestIdentity(ca, { name: p.name, identifier: p.identifier, kind: 'uscc' });
      signed = await countersign(signed, { fieldName: p.fieldName, identity });
    }
    const r = await verifyCountersigned(signed, { sha256: m.pdf.sha256, bytes: m.pdf.bytes, signers: m.signers });
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.signatures.map((s) => [s.fieldName, s.signatureOk, s.chainOk])).toEqual([
      ['bank', true, true],
      ['borrower', true, true],
      ['guarantor-1', true, true],
    ]);
  });
});
