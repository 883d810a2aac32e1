import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bank-api/app';
import { makeUscc } from '../../shared/ids';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import { BankApiError, BankClient } from '../services/bank-client';
import { MemoryTokenStore, type PrefsStore } from '../services/stores';
import { memoryWorkspaceStore } from '../services/workspace-store';
import { dispatch } from './dispatch';
import { type HandlerContext, type Handlers, handlers } from './handlers';

class MemoryPrefs implements PrefsStore {
  value = { locale: 'zh-CN' as const } as { locale: 'zh-CN' | 'en' };
  get() {
    return { ...this.value };
  }
  set(p: Partial<typeof this.value>) {
    this.value = { ...this.value, ...p };
    return this.get();
  }
}

describe('IPC dispatch against a real bank API', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let ctx: HandlerContext;

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    ctx = {
      bank: new BankClient(`http://127.0.0.1:${port}`),
      prefs: new MemoryPrefs(),
      workspace: memoryWorkspaceStore(),
      tokens: new MemoryTokenStore(),
      transport: 'web',
      version: 'test',
    };
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('refuses a channel that is not in the contract', async () => {
    const r = await dispatch(handlers, 'fs.readFile', {}, ctx);
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ipc.unknown_channel', status: 404 }) });
    expect((await dispatch(handlers, 42, {}, ctx)).ok).toBe(false);
    // Inherited object keys are not channels either.
    expect(await dispatch(handlers, 'toString', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'ipc.unknown_channel' },
    });
  });

  it('refuses a payload that does not match the channel schema, naming the field', async () => {
    const wrongType = await dispatch(handlers, 'session.login', { username: 1, password: 'x' }, ctx);
    expect(wrongType).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalid_request', field: 'username', status: 400 },
    });
    const extra = await dispatch(handlers, 'prefs.set', { locale: 'en', theme: 'dark' }, ctx);
    expect(extra).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request' } });
    expect(extra.ok || extra.error.message).toContain('theme');
    const badLocale = await dispatch(handlers, 'prefs.set', { locale: 'fr' }, ctx);
    expect(badLocale.ok).toBe(false);
    expect(ctx.prefs.get().locale).toBe('zh-CN');
    expect((await dispatch(handlers, 'session.current', null, ctx)).ok).toBe(false);
  });

  it('signs in, keeps the token in main, and never returns it to the renderer', async () => {
    const r = await dispatch(handlers, 'session.login', { username: 'approver1', password: 'demo-pass' }, ctx);
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toContain(ctx.tokens.get()!);
    expect(ctx.tokens.get()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cur = await dispatch(handlers, 'session.current', {}, ctx);
    expect(cur).toMatchObject({ ok: true, value: { user: { username: 'approver1' } } });
  });

  it('passes the bank API refusal code through as data', async () => {
    const r = await dispatch(handlers, 'session.login', { username: 'approver1', password: 'wrong' }, ctx);
    expect(r).toEqual({
      ok: false,
      error: { code: 'invalid_credentials', message: 'The username or password is wrong.', status: 401 },
    });
  });

  it('logs out: the token is forgotten and the bank API session ends', async () => {
    await dispatch(handlers, 'session.login', { username: 'senior1', password: 'demo-pass' }, ctx);
    const token = ctx.tokens.get()!;
    expect((await dispatch(handlers, 'session.logout', {}, ctx)).ok).toBe(true);
    expect(ctx.tokens.get()).toBeNull();
    await expect(ctx.bank.request('GET', '/api/v1/me', { token })).rejects.toMatchObject({ status: 401 });
    expect(await dispatch(handlers, 'session.current', {}, ctx)).toEqual({
      ok: true,
      value: { user: null, expiresAt: null },
    });
  });

  it("carries the bank's Chinese reason (reasonZh) with a refusal, for a Chinese screen", async () => {
    await dispatch(handlers, 'session.login', { username: 'rm1', password: 'demo-pass' }, ctx);
    // A pre-approval for an enterprise outside rm1's branch: the bank refuses with its reason in both languages.
    const r = await dispatch(
      handlers,
      'workspace.preapprove',
      {
        uscc: makeUscc(77, '330106'),
        productCode: 'XMD',
        amount: '200000.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
      },
      ctx,
    );
    expect(r).toMatchObject({ ok: false, error: { status: 403, reasonZh: expect.stringMatching(/[\u4e00-\u9fff]/) } });
    await dispatch(handlers, 'session.logout', {}, ctx);
  });

  it('turns an unexpected handler failure into a typed internal error', async () => {
    const broken: Handlers = {
      ...handlers,
      'app.info': async () => {
        throw new TypeError('boom');
      },
    };
    const r = await dispatch(broken, 'app.info', {}, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'ipc.internal', status: 500 } });
  });

  it('reports an unreachable bank API with a specific code', async () => {
    const offline = { ...ctx, bank: new BankClient('http://127.0.0.1:9') };
    const r = await dispatch(handlers, 'session.login', { username: 'approver1', password: 'demo-pass' }, offline);
    expect(r).toMatchObject({ ok: false, error: { code: 'bank.unreachable' } });
    await expect(offline.bank.request('GET', '/healthz')).rejects.toBeInstanceOf(BankApiError);
  });
});
