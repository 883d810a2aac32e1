import { bankApi } from '../../../shared/api/paths';
import type { AuthorityChannel } from '../../../shared/ipc/channels/authority';
import { type FeatureHandlers, requireToken } from '../context';

/** Authority administration (授权管理): each call as the signed-in supervisor, to the bank API. */
export const authorityHandlers: FeatureHandlers<AuthorityChannel> = {
  async 'authority.users'(_req, ctx) {
    return ctx.bank.call(bankApi.authorityUsers, { token: requireToken(ctx) });
  },
  async 'authority.history'(query, ctx) {
    return ctx.bank.call(bankApi.authorityChanges, { query, token: requireToken(ctx) });
  },
  async 'authority.propose'(body, ctx) {
    return ctx.bank.call(bankApi.proposeAuthority, { body, token: requireToken(ctx) });
  },
  async 'authority.confirm'({ id, ...body }, ctx) {
    return ctx.bank.call(bankApi.confirmAuthority, { params: { id }, body, token: requireToken(ctx) });
  },
  async 'authority.reject'({ id, ...body }, ctx) {
    return ctx.bank.call(bankApi.rejectAuthority, { params: { id }, body, token: requireToken(ctx) });
  },
  async 'authority.withdraw'({ id, ...body }, ctx) {
    return ctx.bank.call(bankApi.withdrawAuthority, { params: { id }, body, token: requireToken(ctx) });
  },
};
