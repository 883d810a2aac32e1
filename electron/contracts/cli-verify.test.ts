/**
 * `npm run contracts -- verify`: a counter-signed contract checked against its export package — the
 * good file verified (exit 0), a bank-only and a tampered file refused with their reason (exit 1), and
 * usage errors (exit 2). One run goes through the real npm script.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { countersign, createTestCa, issueTestIdentity } from '../../node-shared/countersign/test-signer';
import { WORKING_CAPITAL_LOAN_V2026_1 } from '../../shared/contracts/index.js';
import { verifyCommand } from './cli-verify';
import { contractFixture } from './fixtures';
import { createTestSealP12, generateSignedPackage, loadP12 } from './index';

const work = mkdtempSync(join(tmpdir(), 'cli-verify-'));
const dataDir = join(work, 'data');
let docId = '';
let good = '';
let bankOnly = '';
let tampered = '';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await verifyCommand(
    args,
    { DATA_DIR: dataDir },
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  await createTestSealP12({ path: join(work, 'seal.p12'), passphrase: 'pw', bankName: '示范银行股份有限公司' });
  const seal = loadP12(join(work, 'seal.p12'), 'pw');
  const data = contractFixture({ guarantors: 0 });
  mkdirSync(join(dataDir, 'contracts'), { recursive: true });
  const pkg = await generateSignedPackage({
    data,
    template: WORKING_CAPITAL_LOAN_V2026_1,
    seal,
    outDir: join(dataDir, 'contracts'),
  });
  docId = pkg.rendered.documentId;
  const ca = await createTestCa();
  const borrower = await issueTestIdentity(ca, {
    name: data.borrower.name,
    identifier: data.borrower.uscc,
    kind: 'uscc',
  });
  let signed = pkg.signedPdf;
  for (const s of pkg.package.manifest.signers.filter((x) => x.role !== 'bank')) {
    signed = await countersign(signed, { fieldName: s.fieldName, identity: borrower });
  }
  good = join(work, `${docId}.pdf`);
  writeFileSync(good, signed);
  bankOnly = join(work, 'bank-only.pdf');
  writeFileSync(bankOnly, pkg.signedPdf);
  const bad = new Uint8Array(signed);
  const at = Buffer.from(bad).indexOf('/MediaBox', 0, 'latin1');
  bad[at + 1] = 'X'.charCodeAt(0);
  tampered = join(work, 'tampered.pdf');
  writeFileSync(tampered, bad);
  // The package unpacked into a folder, as an officer may keep it.
  mkdirSync(join(work, 'unpacked'));
  writeFileSync(join(work, 'unpacked', 'manifest.json'), strToU8(JSON.stringify(pkg.package.manifest)));
  writeFileSync(join(work, 'other.zip'), zipSync({ 'readme.txt': strToU8('not a package') }));
}, 120_000);

describe('npm run contracts -- verify', () => {
  it('verifies a good file against the kept package (found by the file name) and an unpacked folder', async () => {
    const r = await run(['--in', good]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`document  ${docId}`);
    expect(r.out).toMatch(/PASS {2}original/);
    expect(r.out).toMatch(/sig {3}borrower +valid/);
    expect(r.out.trim().split('\n').at(-1)).toBe('result    VERIFIED');
    expect((await run(['--in', good, '--package', join(work, 'unpacked')])).code).toBe(0);
  });

  it('refuses a bank-only and a tampered file with their reason', async () => {
    const b = await run(['--in', bankOnly, '--package', join(dataDir, 'contracts', `${docId}.zip`)]);
    expect(b.code).toBe(1);
    expect(b.out).toContain('result    REFUSED bank_only');
    const t = await run(['--in', tampered, '--package', join(dataDir, 'contracts')]);
    expect(t.code).toBe(1);
    expect(t.out).toContain('[original_altered]');
  });

  it('says what is wrong with the command line', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--in', join(work, 'nope.pdf')])).err).toContain('no file');
    expect((await run(['--in', bankOnly])).err).toContain('no export package');
    expect((await run(['--in', good, '--package', join(work, 'other.zip')])).err).toContain('not an export package');
  });

  it('runs as the npm script', () => {
    const r = spawnSync('npm', ['run', '--silent', 'contracts', '--', 'verify', '--in', good], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('VERIFIED');
  });
});
