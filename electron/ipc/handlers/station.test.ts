/**
 * The idle lock end to end through the handler table, against a real bank API: a locked session
 * refuses every data channel (423, nothing read), keeps the token and the drafts, unlocks with the
 * user's password checked by the bank, ends the session at the bank after five wrong ones; and the
 * notification opt-in is the signed-in user's own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../bank-api/app';
import { testProfileProvider } from '../../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/test-db';
import { stationHost } from '../../desk/host';
import { IdleLock, MAX_UNLOCK_ATTEMPTS } from '../../desk/idle-lock';
import { signOutForQuit } from '../../desk/quit';
import { DeskSettingsStore } from '../../desk/settings-store';
import { BankClient } from '../../services/bank-client';
import { MemoryTokenStore, type PrefsStore } from '../../services/stores';
import { memoryWorkspaceStore } from '../../services/workspace-store';
import { dispatch } from '../dispatch';
import { type HandlerContext, handlers } from './index';

const prefs: PrefsStore = { get: () => ({ locale: 'zh-CN' }), set: () => ({ locale: 'zh-CN' }) };

describe('the idle lock and notification opt-in through the handlers, against a real bank API', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let bank: BankClient;
  let t = 0;
  const settingsFile = join(mkdtempSync(join(tmpdir(), 'ws-station-')), 'desk-settings.json');
  const workspace = memoryWorkspaceStore();

  const desk = (): HandlerContext => {
    const station = stationHost(10, { settings: new DeskSettingsStore(settingsFile) });
    station.lock = new IdleLock(10 * 60_000, () => t);
    return { bank, prefs, workspace, tokens: new MemoryTokenStore(), transport: 'electron', version: 'test', station };
  };
  const call = (ctx: HandlerContext, channel: string, req: unknown = {}) => dispatch(handlers, channel, req, ctx);
  const ok = async <T>(ctx: HandlerContext, channel: string, req: unknown = {}) => {
    const r = await call(ctx, channel, req);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const signIn = async (ctx: HandlerContext, username = 'approver1') =>
    ok(ctx, 'session.login', { username, password: 'demo-pass' });
  const tokenAlive = async (token: string) => {
    const r = await bank.request('GET', '/api/v1/me', { token }).then(
      () => true,
      () => false,
    );
    return r;
  };

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    bank = new BankClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('locks after 10 idle minutes: data channels refused with 423, the session and drafts kept', async () => {
    const ctx = desk();
    await signIn(ctx);
    const draft = { action: 'approve', fields: { comment: '待补充' }, version: 1, updatedAt: '2026-11-30T05:00:00Z' };
    // A case without a draft answers null through the lock guard (it once read `.user` of that null).
    expect(await ok(ctx, 'drafts.get', { caseId: 'APP202611300000002' })).toBeNull();
    await ok(ctx, 'drafts.set', { caseId: 'APP202611300000001', draft });
    t += 9 * 60_000;
    await ok(ctx, 'station.activity');
    t += 9 * 60_000;
    expect((await ok<{ lock: { locked: boolean } }>(ctx, 'station.state')).lock.locked).toBe(false);
    t += 60_000;
    const st = await ok<{ lock: { locked: boolean; remainingMs: number | null } }>(ctx, 'station.state');
    expect(st.lock).toMatchObject({ locked: true, remainingMs: null });
    for (const channel of ['queue.counts', 'home.summary', 'session.login']) {
      const r = await call(
        ctx,
        channel,
        channel === 'session.login' ? { username: 'approver2', password: 'demo-pass' } : {},
      );
      expect(r).toMatchObject({ ok: false, error: { code: 'station.locked', status: 423 } });
    }
    // Input does not unlock; the session is still there (the lock screen names who is locked out).
    await ok(ctx, 'station.activity');
    const me = await ok<{ user: { username: string } | null }>(ctx, 'session.current');
    expect(me.user?.username).toBe('approver1');
    const token = ctx.tokens.get()!;
    expect(await tokenAlive(token)).toBe(true);
    expect(await call(ctx, 'drafts.get', { caseId: 'APP202611300000001' })).toMatchObject({
      ok: false,
      error: { code: 'station.locked' },
    });
    await ok(ctx, 'station.unlock', { password: 'demo-pass' });
    expect(await ok(ctx, 'drafts.get', { caseId: 'APP202611300000001' })).toEqual(draft);
  });

  it('the right password unlocks and keeps the same session; a wrong one does not', async () => {
    const ctx = desk();
    await signIn(ctx);
    const token = ctx.tokens.get()!;
    await ok(ctx, 'station.lock');
    const wrong = await call(ctx, 'station.unlock', { password: 'not-it' });
    expect(wrong).toMatchObject({ ok: false, error: { status: 401 } });
    expect((await ok<{ lock: { locked: boolean; attemptsLeft: number } }>(ctx, 'station.state')).lock).toMatchObject({
      locked: true,
      attemptsLeft: MAX_UNLOCK_ATTEMPTS - 1,
    });
    const st = await ok<{ lock: { locked: boolean } }>(ctx, 'station.unlock', { password: 'demo-pass' });
    expect(st.lock.locked).toBe(false);
    expect(ctx.tokens.get()).toBe(token);
    await ok(ctx, 'queue.counts');
  });

  it('five wrong passwords end the session at the bank', async () => {
    const ctx = desk();
    await signIn(ctx);
    const token = ctx.tokens.get()!;
    await ok(ctx, 'station.lock');
    for (let i = 1; i < MAX_UNLOCK_ATTEMPTS; i++) await call(ctx, 'station.unlock', { password: `wrong-${i}` });
    const last = await call(ctx, 'station.unlock', { password: 'wrong-last' });
    expect(last).toMatchObject({ ok: false, error: { code: 'station.signed_out' } });
    expect(ctx.tokens.get()).toBeNull();
    expect(await tokenAlive(token)).toBe(false);
    expect((await ok<{ user: unknown }>(ctx, 'session.current')).user).toBeNull();
  });

  it('notifications: off by default, each user’s own choice', async () => {
    const a = desk();
    await signIn(a, 'approver1');
    expect((await ok<{ notifications: unknown }>(a, 'station.state')).notifications).toEqual({
      available: true,
      enabled: false,
    });
    await ok(a, 'station.notifications.set', { enabled: true });
    const b = desk();
    await signIn(b, 'approver2');
    expect((await ok<{ notifications: { enabled: boolean } }>(b, 'station.state')).notifications.enabled).toBe(false);
    const again = desk();
    await signIn(again, 'approver1');
    expect((await ok<{ notifications: { enabled: boolean } }>(again, 'station.state')).notifications.enabled).toBe(
      true,
    );
    const bad = await call(a, 'station.notifications.set', { enabled: 'yes' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request' } });
  });

  it('quitting signs out at the bank: the token is revoked, not left valid for hours', async () => {
    const ctx = desk();
    await signIn(ctx);
    const token = ctx.tokens.get()!;
    expect(await signOutForQuit(ctx.tokens, bank)).toBe(true);
    expect(ctx.tokens.get()).toBeNull();
    expect(await tokenAlive(token)).toBe(false);
    expect(await signOutForQuit(ctx.tokens, bank)).toBe(true); // nothing left to revoke
  });

  it('a host without the shared desk (no station) has no lock and no notifications', async () => {
    const ctx = { ...desk(), station: undefined } as HandlerContext;
    await signIn(ctx);
    t += 24 * 3600_000;
    expect(await ok(ctx, 'station.state')).toEqual({
      lock: { enabled: false, locked: false, idleMinutes: 0, remainingMs: null, attemptsLeft: 0, version: 0 },
      notifications: { available: false, enabled: false },
    });
    await ok(ctx, 'queue.counts');
  });
});
