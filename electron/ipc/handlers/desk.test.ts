import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../bank-api/app';
import { beijingDate } from '../../../shared/calendar';
import type { DecideResult } from '../../../shared/ipc/channels/case';
import { materialsInHand } from '../../../test/helpers/gates';
import { findCase, testProfileProvider } from '../../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/test-db';
import { BankClient } from '../../services/bank-client';
import { MemoryTokenStore, type PrefsStore } from '../../services/stores';
import { memoryWorkspaceStore } from '../../services/workspace-store';
import { dispatch } from '../dispatch';
import { type HandlerContext, handlers } from './index';

const prefs: PrefsStore = { get: () => ({ locale: 'zh-CN' }), set: () => ({ locale: 'zh-CN' }) };
const ASOF = beijingDate(new Date());

describe('approver’s desk handlers against a real bank API', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let bank: BankClient;
  const workspace = memoryWorkspaceStore();
  const ctxs: Record<string, HandlerContext> = {};
  let n = 0;

  const as = (user: string) => ctxs[user]!;
  const call = async <T>(user: string, channel: string, req: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, req, as(user));
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };

  /** Submits as rm1 straight to the API, like a branch channel would. */
  async function submit(amount: string, want: Parameters<typeof findCase>[2]) {
    const c = findCase(
      { productCode: 'LDD', amount, termMonths: 12, repaymentMethod: 'equal_installment' },
      ASOF,
      (a, p) => p.region.startsWith('31') && want(a, p),
      1 + 97 * n++,
    );
    const token = (
      await bank.request<{ token: string }>('POST', '/api/v1/auth/login', {
        body: { username: 'rm1', password: 'demo-pass' },
      })
    ).token;
    const r = await bank.request<{ application: { id: string; version: number; tier: string } }>(
      'POST',
      '/api/v1/applications',
      {
        token,
        headers: { 'idempotency-key': `desk-test-${n}-${Date.now()}` },
        body: {
          uscc: c.uscc,
          productCode: 'LDD',
          amount,
          termMonths: 12,
          repaymentMethod: 'equal_installment',
          purpose: '采购原材料',
          channel: 'branch',
          // A guaranteed product names its guarantor (without one: policy exception, standard lane).
          guarantors: [{ name: '上海市中小微企业政策性融资担保基金管理中心' }],
        },
      },
    );
    await materialsInHand(tdb.db, r.application.id);
    return r.application;
  }

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    bank = new BankClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    for (const u of ['approver1', 'approver2']) {
      ctxs[u] = { bank, prefs, workspace, tokens: new MemoryTokenStore(), transport: 'web', version: 'test' };
      await call(u, 'session.login', { username: u, password: 'demo-pass' });
    }
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('lists a lane with the API’s filters and the counts per tier', async () => {
    const a = await submit('300000.00', (x) => x.instant.outcome === 'refer' && x.instant.tier === 'fast');
    const list = await call<{ items: { id: string }[]; total: number }>('approver1', 'queue.list', {
      tier: 'fast',
      status: ['in_review'],
      q: a.id,
      limit: 10,
    });
    expect(list.items.map((i) => i.id)).toEqual([a.id]);
    const counts = await call<{ tiers: { tier: string; open: number }[] }>('approver1', 'queue.counts', {});
    expect(counts.tiers.find((t) => t.tier === 'fast')!.open).toBeGreaterThanOrEqual(1);
    const bad = await dispatch(handlers, 'queue.list', { status: ['nonsense'] }, as('approver1'));
    expect(bad).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request' } });
  });

  it('a retried decision reuses its idempotency key: the API replays, nothing is decided twice', async () => {
    const a = await submit('200000.00', (x) => x.instant.outcome === 'refer' && x.instant.tier === 'fast');
    const decision = { action: 'decline', reasonCodes: ['DEC_POLICY'] };
    const first = await call<DecideResult>('approver1', 'case.decide', { id: a.id, version: a.version, decision });
    const retry = await call<DecideResult>('approver1', 'case.decide', { id: a.id, version: a.version, decision });
    expect(first).toMatchObject({ ok: true, replayed: false, result: { outcome: 'declined' } });
    expect(retry).toMatchObject({ ok: true, replayed: true, result: { outcome: 'declined' } });
    const detail = await call<{ history: { action: string }[] }>('approver1', 'case.get', { id: a.id });
    expect(detail.history.filter((h) => h.action === 'decline')).toHaveLength(1);
  });

  it('returns a conflict as data with the case as it is now; a claim by another is explained', async () => {
    const a = await submit('150000.00', (x) => x.instant.outcome === 'refer' && x.instant.tier === 'fast');
    const claimed = await call<{ version: number; assigneeId: string }>('approver1', 'case.claim', {
      id: a.id,
      version: a.version,
    });
    expect(claimed.assigneeId).toBe('u-approver1');
    const other = await call<DecideResult>('approver2', 'case.decide', {
      id: a.id,
      version: claimed.version,
      decision: { action: 'decline', reasonCodes: ['DEC_POLICY'] },
    });
    expect(other).toMatchObject({ ok: false, status: 409, code: 'claimed_by_other' });
    const stale = await call<DecideResult>('approver1', 'case.decide', {
      id: a.id,
      version: a.version,
      decision: { action: 'decline', reasonCodes: ['DEC_POLICY'] },
    });
    expect(stale).toMatchObject({
      ok: false,
      status: 412,
      code: 'version_mismatch',
      current: { version: claimed.version },
    });
  });

  it('explains an authority refusal with the rule and who must decide', async () => {
    const a = await submit('800000.00', (x) => x.instant.outcome === 'refer' && x.score.grade === 'D');
    const r = await call<DecideResult>('approver1', 'case.decide', {
      id: a.id,
      version: a.version,
      decision: {
        action: 'approve',
        amount: '800000.00',
        annualRate: '4.90',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
      },
    });
    expect(r).toMatchObject({
      ok: false,
      status: 403,
      reasonCode: 'AUTH_ABOVE_LIMIT',
      requiredRole: 'senior_approver',
    });
    expect(r.ok || r.reasonZh).toContain('须上报');
  });

  it('keeps drafts and the queue layout per user', async () => {
    const draft = {
      action: 'approve' as const,
      fields: { amount: '1.00' },
      version: 3,
      updatedAt: new Date().toISOString(),
    };
    await call('approver1', 'drafts.set', { caseId: 'APP-0001', draft });
    expect(await call('approver1', 'drafts.get', { caseId: 'APP-0001' })).toEqual(draft);
    expect(await call('approver2', 'drafts.get', { caseId: 'APP-0001' })).toBeNull();
    await call('approver1', 'drafts.clear', { caseId: 'APP-0001' });
    expect(await call('approver1', 'drafts.get', { caseId: 'APP-0001' })).toBeNull();
    const layout = await call<{ lane: string }>('approver2', 'queue.layout.get', {});
    await call('approver2', 'queue.layout.set', { ...layout, lane: 'committee', sort: '-amount' });
    expect(await call('approver2', 'queue.layout.get', {})).toMatchObject({ lane: 'committee', sort: '-amount' });
    expect(await call('approver1', 'queue.layout.get', {})).toMatchObject({ lane: 'fast' });
  });

  it('prices the terms through the quote endpoint', async () => {
    const q = await call<{ schedule: unknown[]; aprNominal: string }>('approver1', 'case.quote', {
      amount: '100000.00',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      annualRate: '4.35',
      startDate: new Date().toISOString().slice(0, 10),
    });
    expect(q.schedule).toHaveLength(12);
    expect(q.aprNominal).toBe('4.3500');
  });
});
