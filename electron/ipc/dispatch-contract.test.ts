/**
 * Contracts checked on the way back: a handler that answers a shape its channel does not declare is a
 * failure the user sees (a stable code, the channel and the field), logged without the data — never
 * passed on to the page as if it were right.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BankClient } from '../services/bank-client';
import { MemoryTokenStore } from '../services/stores';
import { memoryWorkspaceStore } from '../services/workspace-store';
import { dispatch } from './dispatch';
import { type HandlerContext, type Handlers, handlers } from './handlers';

const ctx: HandlerContext = {
  bank: new BankClient('http://127.0.0.1:9'),
  prefs: { get: () => ({ locale: 'zh-CN' }), set: (p) => ({ locale: 'zh-CN', ...p }) },
  workspace: memoryWorkspaceStore(),
  tokens: new MemoryTokenStore(),
  transport: 'web',
  version: 'test',
};

/** The real table with one handler replaced (typed loosely: it is the wrong shape on purpose). */
const withHandler = (channel: keyof Handlers, fn: () => Promise<unknown>): Handlers =>
  ({ ...handlers, [channel]: fn }) as unknown as Handlers;

afterEach(() => vi.restoreAllMocks());

describe('dispatch checks each handler’s answer against its channel', () => {
  it('refuses a wrong type, naming the channel and the field', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const table = withHandler('app.info', async () => ({ version: 7, transport: 'web', bankApiUrl: 'http://x' }));
    const r = await dispatch(table, 'app.info', {}, ctx);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'internal_contract_mismatch',
        message: expect.stringContaining('app.info'),
        status: 500,
        field: 'version',
      },
    });
    expect(r.ok || r.error.message).toContain('version');
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]?.[0])).toMatch(/app\.info.*version/);
  });

  it('refuses a missing field, a value outside the declared set and a nested mistake', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const missing = await dispatch(
      withHandler('session.current', async () => ({ user: null })),
      'session.current',
      {},
      ctx,
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'internal_contract_mismatch', field: 'expiresAt' } });

    const outside = await dispatch(
      withHandler('prefs.get', async () => ({ locale: 'fr' })),
      'prefs.get',
      {},
      ctx,
    );
    expect(outside).toMatchObject({ ok: false, error: { code: 'internal_contract_mismatch', field: 'locale' } });

    const nested = await dispatch(
      withHandler('session.current', async () => ({
        user: { id: 'U1', username: 'a', displayName: '王五', roles: ['not-a-role'], branch: {}, authority: null },
        expiresAt: null,
      })),
      'session.current',
      {},
      ctx,
    );
    expect(nested).toMatchObject({ ok: false, error: { code: 'internal_contract_mismatch' } });
    expect(nested.ok || nested.error.field).toMatch(/^user\./);

    const nothing = await dispatch(
      withHandler('home.summary', async () => undefined),
      'home.summary',
      {},
      ctx,
    );
    expect(nothing).toMatchObject({ ok: false, error: { code: 'internal_contract_mismatch', status: 500 } });
  });

  it('logs the channel and the field, never the values (they carry personal data)', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const table = withHandler('session.current', async () => ({
      user: {
        id: 'U1',
        username: 'wangwu',
        displayName: '王五',
        roles: ['approver'],
        branch: { id: 'B1', parentId: null, nameZh: '某支行', nameEn: 'Sub', level: 'sub_branch' },
        authority: null,
        idNumber: '330102198001011234',
      },
      expiresAt: 1_700_000_000,
    }));
    const r = await dispatch(table, 'session.current', {}, ctx);
    expect(r).toMatchObject({ ok: false, error: { field: 'expiresAt' } });
    const logged = log.mock.calls.flat().map(String).join(' ');
    expect(logged).toContain('session.current');
    expect(logged).toContain('expiresAt');
    for (const secret of ['王五', 'wangwu', '330102198001011234', '1700000000']) {
      expect(logged).not.toContain(secret);
      expect(JSON.stringify(r)).not.toContain(secret);
    }
  });

  it('passes a declared answer on, as the contract reads it (undeclared fields are not sent to the page)', async () => {
    const table = withHandler('app.info', async () => ({
      version: '1.2.3',
      transport: 'web',
      bankApiUrl: 'http://127.0.0.1:8787',
      internalPath: '/home/officer/.data',
    }));
    expect(await dispatch(table, 'app.info', {}, ctx)).toEqual({
      ok: true,
      value: { version: '1.2.3', transport: 'web', bankApiUrl: 'http://127.0.0.1:8787' },
    });
  });
});
