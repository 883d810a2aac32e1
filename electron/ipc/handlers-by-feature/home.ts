import type { HomeSummary } from '../../../shared/api/home';
import type { HomeChannel } from '../../../shared/ipc/channels/home';
import { type FeatureHandlers, requireToken } from '../context';

/** The home summary, from the bank API. */
export const homeHandlers: FeatureHandlers<HomeChannel> = {
  async 'home.summary'(_req, ctx) {
    return ctx.bank.request<HomeSummary>('GET', '/api/v1/home', { token: requireToken(ctx) });
  },
};
