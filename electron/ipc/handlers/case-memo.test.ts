/**
 * IPC `case.memo` against a real bank API over HTTP: main fetches the PDF bytes (not JSON) for the
 * signed-in user and hands them on as base64; the bank's refusals (409 open case, 403 out of scope)
 * come through with their problem codes.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../bank-api/app';
import { beijingDate } from '../../../shared/calendar';
import { findCase, testProfileProvider } from '../../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/test-db';
import { BankClient } from '../../services/bank-client';
import { MemoryTokenStore, type PrefsStore } from '../../services/stores';
import { memoryWorkspaceStore } from '../../services/workspace-store';
import { dispatch } from '../dispatch';
import { type HandlerContext, handlers } from './index';

const prefs: PrefsStore = { get: () => ({ locale: 'zh-CN' }), set: () => ({ locale: 'zh-CN' }) };
const ASOF = beijingDate(new Date());

describe('case.memo through main', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let bank: BankClient;
  const ctxs: Record<string, HandlerContext> = {};

  const memo = (user: string, id: string) => dispatch(handlers, 'case.memo', { id }, ctxs[user]!);

  async function submit(productCode: string, amount: string, from: number) {
    const c = findCase(
      { productCode, amount, termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) =>
        p.region.startsWith('31') &&
        (productCode === 'XMD' ? a.instant.outcome === 'approve' : a.instant.outcome === 'refer'),
      from,
    );
    const { token } = await bank.request<{ token: string }>('POST', '/api/v1/auth/login', {
      body: { username: 'rm1', password: 'demo-pass' },
    });
    const r = await bank.request<{ application: { id: string; status: string } }>('POST', '/api/v1/applications', {
      token,
      headers: { 'idempotency-key': `memo-ipc-${from}-${Date.now()}` },
      body: {
        uscc: c.uscc,
        productCode,
        amount,
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        purpose: '采购原材料',
        channel: 'branch',
      },
    });
    return r.application;
  }

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    bank = new BankClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    for (const u of ['approver1', 'approver3']) {
      ctxs[u] = {
        bank,
        prefs,
        workspace: memoryWorkspaceStore(),
        tokens: new MemoryTokenStore(),
        transport: 'web',
        version: 'test',
      };
      const r = await dispatch(handlers, 'session.login', { username: u, password: 'demo-pass' }, ctxs[u]!);
      expect(r.ok).toBe(true);
    }
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('hands on the PDF of a decided case, and the bank’s refusals with their codes', async () => {
    const decided = await submit('XMD', '100000.00', 1);
    expect(decided.status).toBe('auto_approved');
    const r = await memo('approver1', decided.id);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const v = r.value as { fileName: string; pdfBase64: string };
    expect(v.fileName).toBe(`审批意见书-${decided.id}.pdf`);
    const pdf = Buffer.from(v.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);

    const open = await submit('SYD', '200000.00', 300);
    const refused = await memo('approver1', open.id);
    expect(refused).toMatchObject({ ok: false, error: { code: 'memo.no_final_decision' } });
    // approver3 works in Hangzhou; the case is Shanghai Pudong's.
    expect(await memo('approver3', decided.id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await memo('approver1', 'not an id')).toMatchObject({ ok: false });
  });
});
