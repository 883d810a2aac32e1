import { bankApi } from '../../../shared/api/paths';
import type { HomeChannel } from '../../../shared/ipc/channels/home';
import { type FeatureHandlers, requireToken } from '../context';

/** The home summary, from the bank API. */
export const homeHandlers: FeatureHandlers<HomeChannel> = {
  async 'home.summary'(_req, ctx) {
    return ctx.bank.call(bankApi.home, { token: requireToken(ctx) });
  },
};
