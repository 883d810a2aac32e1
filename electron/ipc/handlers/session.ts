import { bankApi } from '../../../shared/api/paths';
import type { SessionChannel } from '../../../shared/ipc/contract';
import { BankApiError } from '../../services/bank-client';
import type { FeatureHandlers } from '../context';

/** App info, sign-in/out and preferences. */
export const sessionHandlers: FeatureHandlers<SessionChannel> = {
  async 'app.info'(_req, ctx) {
    return { version: ctx.version, transport: ctx.transport, bankApiUrl: ctx.bank.baseUrl };
  },

  async 'session.login'(req, ctx) {
    const r = await ctx.bank.call(bankApi.login, { body: req });
    ctx.tokens.set(r.token);
    return { user: r.user, expiresAt: r.expiresAt };
  },

  async 'session.logout'(_req, ctx) {
    const token = ctx.tokens.get();
    ctx.tokens.set(null);
    if (token) {
      // Forget the token locally even if the bank API cannot be told; it expires on its own.
      await ctx.bank.call(bankApi.logout, { token }).catch(() => {});
    }
    return { user: null, expiresAt: null };
  },

  async 'session.current'(_req, ctx) {
    const token = ctx.tokens.get();
    if (!token) return { user: null, expiresAt: null };
    try {
      const r = await ctx.bank.call(bankApi.me, { token });
      return { user: r.user, expiresAt: r.expiresAt };
    } catch (e) {
      if (e instanceof BankApiError && e.status === 401) {
        ctx.tokens.set(null);
        return { user: null, expiresAt: null };
      }
      throw e;
    }
  },

  async 'prefs.get'(_req, ctx) {
    return ctx.prefs.get();
  },

  async 'prefs.set'(req, ctx) {
    return ctx.prefs.set(req);
  },
};
