import { bankApi } from '../../../shared/api/paths';
import type { RuleChannel } from '../../../shared/ipc/channels/rules';
import { type FeatureHandlers, requireToken } from '../context';

/** Rule-set versions, drafts, replay and the four-eyes approval, from the bank API. */
export const ruleHandlers: FeatureHandlers<RuleChannel> = {
  async 'rules.list'(_req, ctx) {
    return ctx.bank.call(bankApi.ruleSets, { token: requireToken(ctx) });
  },
  async 'rules.get'({ version }, ctx) {
    return ctx.bank.call(bankApi.ruleSet, { params: { version }, token: requireToken(ctx) });
  },
  async 'rules.createDraft'(body, ctx) {
    return ctx.bank.call(bankApi.createRuleSetDraft, { body, token: requireToken(ctx) });
  },
  async 'rules.updateDraft'({ version, draft }, ctx) {
    return ctx.bank.call(bankApi.updateRuleSetDraft, { params: { version }, body: draft, token: requireToken(ctx) });
  },
  async 'rules.replay'({ version, ...body }, ctx) {
    return ctx.bank.call(bankApi.replayRuleSet, { params: { version }, body, token: requireToken(ctx) });
  },
  async 'rules.submit'({ version }, ctx) {
    return ctx.bank.call(bankApi.submitRuleSet, { params: { version }, token: requireToken(ctx) });
  },
  async 'rules.approve'({ version }, ctx) {
    return ctx.bank.call(bankApi.approveRuleSet, { params: { version }, token: requireToken(ctx) });
  },
  async 'rules.reject'({ version, ...body }, ctx) {
    return ctx.bank.call(bankApi.rejectRuleSet, { params: { version }, body, token: requireToken(ctx) });
  },
};
