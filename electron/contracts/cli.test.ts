/**
 * The real `npm run contracts` command against a started bank API: one line per contract, the zip
 * written into --out with a manifest matching the PDF, and clear non-zero exits on failure.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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
import { BankClient } from '../services/bank-client';

const ASOF = beijingDate(new Date());
let keyN = 0;
const key = () => `cli-key-${Date.now()}-${keyN++}`;

describe('npm run contracts', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let url = '';
  const approved: string[] = [];
  let pending = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'ws-cli-data-'));

  // Asynchronous: the bank API answers from this same process while the command runs.
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn('npm', ['run', '--silent', 'contracts', '--', ...args], {
        env: { ...process.env, BANK_API_URL: url, BANK_API_PASSWORD: 'demo-pass', DATA_DIR: dataDir, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => {
        stdout += c;
      });
      child.stderr.on('data', (c) => {
        stderr += c;
      });
      child.on('close', (status) => done({ status, stdout, stderr }));
    });

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const bank = new BankClient(url);
    const token = async (u: string) =>
      (
        await bank.request<{ token: string }>('POST', '/api/v1/auth/login', {
          body: { username: u, password: 'demo-pass' },
        })
      ).token;
    const rm = await token('rm1');
    const approver = await token('approver1');
    const used = new Set<string>();
    for (const approveIt of [true, true, false]) {
      const c = findCase(
        { productCode: 'LDD', amount: '250000.00', termMonths: 24, repaymentMethod: 'equal_principal' },
        ASOF,
        (a, p) => a.tier === 'fast' && a.instant.outcome === 'refer' && p.region === '310115' && !used.has(p.uscc),
      );
      used.add(c.uscc);
      const a = (
        await bank.request<{ application: { id: string; version: number } }>('POST', '/api/v1/applications', {
          token: rm,
          headers: { 'idempotency-key': key() },
          body: {
            uscc: c.uscc,
            productCode: 'LDD',
            amount: '250000.00',
            termMonths: 24,
            repaymentMethod: 'equal_principal',
            purpose: '支付货款',
            channel: 'branch',
            guarantors: [{ name: '上海市中小微企业政策性融资担保基金管理中心' }],
          },
        })
      ).application;
      await materialsInHand(tdb.db, a.id);
      if (!approveIt) {
        pending = a.id;
        continue;
      }
      await bank.request('POST', `/api/v1/applications/${a.id}/decisions`, {
        token: approver,
        headers: { 'idempotency-key': key(), 'if-match': `"${a.version}"` },
        body: {
          action: 'approve',
          amount: '250000.00',
          annualRate: '4.10',
          termMonths: 24,
          repaymentMethod: 'equal_principal',
          conditions: [
            { type: 'guarantee_signed', params: { guarantor: '上海市中小微企业政策性融资担保基金管理中心' } },
          ],
        },
      });
      approved.push(a.id);
    }
  }, 240_000);
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('generates one case into --out and prints one line per contract', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ws-cli-out-'));
    const r = await run(['generate', '--application', approved[0]!, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // The loan contract and the guarantee contract of the guarantor the application names.
    expect(lines).toHaveLength(2);
    const loanLine = lines.find((l) => l.split('\t')[2]!.startsWith('loan.'))!;
    const [documentId, applicationId, template, status, sha256, path] = loanLine.split('\t');
    expect({ applicationId, status }).toEqual({ applicationId: approved[0], status: 'generated' });
    expect(template).toMatch(/^loan\.working-capital@2026\.\d$/);
    expect(readdirSync(out).sort()).toEqual(lines.map((l) => `${l.split('\t')[0]}.zip`).sort());
    const files = unzipSync(readFileSync(path!));
    const pdf = files[`${documentId}.pdf`]!;
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(sha256);
    expect(JSON.parse(strFromU8(files['manifest.json']!)).pdf.sha256).toBe(sha256);
    expect(strFromU8(files['schedule.csv']!).trim().split('\r\n')).toHaveLength(25);
  });

  it('--all-approved generates every approved case still without contracts', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ws-cli-all-'));
    const r = await run(['generate', '--all-approved', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[1]),
    ).toEqual([approved[1], approved[1]]); // its loan and guarantee contracts
    expect(r.stderr).toContain('1 of 1 case(s) generated');
  });

  it('fails clearly: not approved, wrong password, no BANK_API_URL, bad seal — and writes nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ws-cli-bad-'));
    const notApproved = await run(['generate', '--application', pending, '--out', out]);
    expect(notApproved.status).toBe(1);
    expect(notApproved.stderr).toContain('只有审批通过的贷款才能生成合同');
    const badPassword = await run(['generate', '--application', approved[0]!, '--out', out], {
      BANK_API_PASSWORD: 'nope',
    });
    expect(badPassword.status).toBe(1);
    expect(badPassword.stderr).toMatch(/invalid_credentials|password/i);
    const noUrl = await run(['generate', '--application', approved[0]!, '--out', out], { BANK_API_URL: '' });
    expect(noUrl.status).toBe(2);
    expect(noUrl.stderr).toContain('BANK_API_URL is not set');
    const badSeal = await run(['generate', '--application', approved[0]!, '--out', out, '--regenerate'], {
      SEAL_P12_PATH: join(out, 'missing.p12'),
    });
    expect(badSeal.status).toBe(1);
    expect(badSeal.stderr).toContain('SEAL_P12_NOT_FOUND');
    expect(readdirSync(out)).toEqual([]);
  });
});
