import { bankApi } from '../../../shared/api/paths';
import { type StationChannel, StationErrorCode, type StationState } from '../../../shared/ipc/channels/station';
import type { StationHost } from '../../desk/host';
import { BankApiError } from '../../services/bank-client';
import { type FeatureHandlers, type HandlerContext, requireToken } from '../context';

/** A host without a shared desk (tests, older callers): no lock, no notifications. */
const NO_LOCK: StationState['lock'] = {
  enabled: false,
  locked: false,
  idleMinutes: 0,
  remainingMs: null,
  attemptsLeft: 0,
  version: 0,
};

export function stationState(ctx: HandlerContext): StationState {
  const st = ctx.station;
  if (!st) return { lock: NO_LOCK, notifications: { available: false, enabled: false } };
  const signedIn = ctx.tokens.get() !== null;
  const remaining = st.lock.remainingMs();
  return {
    lock: {
      enabled: st.lock.enabled,
      locked: signedIn && st.lock.isLocked(),
      idleMinutes: Math.round(st.lock.idleMs / 60_000),
      remainingMs: remaining === null ? null : Math.max(0, Math.round(remaining)),
      attemptsLeft: st.lock.attemptsLeft,
      version: st.lock.version,
    },
    notifications: {
      available: st.settings !== undefined,
      enabled: st.settings !== undefined && st.userId !== null && st.settings.get(st.userId).notifications,
    },
  };
}

/** Ends the session here and at the bank (best effort: the token dies with its expiry anyway). */
async function endSession(ctx: HandlerContext, st: StationHost) {
  const token = ctx.tokens.get();
  ctx.tokens.set(null);
  st.lock.reset();
  st.userId = null;
  st.onChange?.(null);
  if (token) await ctx.bank.call(bankApi.logout, { token }).catch(() => {});
}

/** The idle lock and the notification opt-in (electron/desk/). */
export const stationHandlers: FeatureHandlers<StationChannel> = {
  async 'station.state'(_req, ctx) {
    return stationState(ctx);
  },

  async 'station.activity'(_req, ctx) {
    ctx.station?.lock.touch();
    return stationState(ctx);
  },

  async 'station.lock'(_req, ctx) {
    if (ctx.tokens.get()) ctx.station?.lock.lock();
    return stationState(ctx);
  },

  async 'station.unlock'(req, ctx) {
    const st = ctx.station;
    const token = requireToken(ctx);
    if (!st) return stationState(ctx);
    // Who is locked out: the session's own user, as the bank knows it (the token is still valid).
    const me = await ctx.bank.call(bankApi.me, { token });
    let proof: string;
    try {
      proof = (await ctx.bank.call(bankApi.login, { body: { username: me.user.username, password: req.password } }))
        .token;
    } catch (e) {
      if (!(e instanceof BankApiError) || e.status !== 401) throw e;
      if (st.lock.failed()) {
        await endSession(ctx, st);
        throw new BankApiError(StationErrorCode.signedOut, 'Too many wrong passwords: the session was ended.', 401);
      }
      throw new BankApiError(e.code, e.message, 401, e.problem);
    }
    // The password is right. The session kept in main goes on; the sign-in that proved it is ended.
    await ctx.bank.call(bankApi.logout, { token: proof }).catch(() => {});
    st.lock.unlock();
    return stationState(ctx);
  },

  async 'station.notifications.set'(req, ctx) {
    const st = ctx.station;
    requireToken(ctx);
    if (!st?.settings || !st.userId)
      throw new BankApiError(StationErrorCode.unavailable, 'This workstation shows no system notifications.', 409);
    st.settings.set(st.userId, { notifications: req.enabled });
    st.onChange?.(st.userId);
    return stationState(ctx);
  },
};
