import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../bank-api/app';
import type { HomeSummary } from '../../../shared/api/home';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/test-db';
import { BankClient } from '../../services/bank-client';
import { MemoryTokenStore, type PrefsStore } from '../../services/stores';
import { memoryWorkspaceStore } from '../../services/workspace-store';
import { dispatch } from '../dispatch';
import { type HandlerContext, handlers } from './index';

const prefs: PrefsStore = { get: () => ({ locale: 'zh-CN' }), set: () => ({ locale: 'zh-CN' }) };

describe('home.summary through the handler table, against a real bank API', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let bank: BankClient;
  const ctx = (): HandlerContext => ({
    bank,
    prefs,
    workspace: memoryWorkspaceStore(),
    tokens: new MemoryTokenStore(),
    transport: 'web',
    version: 'test',
  });

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    bank = new BankClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('answers the signed-in user’s summary, parsed against the contract', async () => {
    const c = ctx();
    const login = await dispatch(handlers, 'session.login', { username: 'contract1', password: 'demo-pass' }, c);
    expect(login.ok).toBe(true);
    const r = await dispatch(handlers, 'home.summary', {}, c);
    expect(r.ok).toBe(true);
    const h = (r as { ok: true; value: HomeSummary }).value;
    expect(h.contracts).toMatchObject({ awaiting: { count: 0, items: [] }, exportedUnsigned: { count: 0 } });
    expect(h.decider).toBeNull();
  });

  it('says so when nobody is signed in, and refuses a request with fields', async () => {
    const c = ctx();
    expect(await dispatch(handlers, 'home.summary', {}, c)).toMatchObject({
      ok: false,
      error: { code: 'auth.not_signed_in' },
    });
    expect(await dispatch(handlers, 'home.summary', { role: 'supervisor' }, c)).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalid_request' },
    });
  });
});
