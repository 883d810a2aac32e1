import { bankApi } from '../../../shared/api/paths';
import type { PolicyChannel } from '../../../shared/ipc/channels/policy';
import { type FeatureHandlers, requireToken } from '../context';

/** The published 清单 (准入标准、负面清单与材料清单), from the bank API. */
export const policyHandlers: FeatureHandlers<PolicyChannel> = {
  async 'policy.get'(_req, ctx) {
    return ctx.bank.call(bankApi.policy, { token: requireToken(ctx) });
  },
};
