import { bankApi } from '../../../shared/api/paths';
import type { WorkspaceChannel } from '../../../shared/ipc/channels/workspace';
import { BankHeader } from '../../../shared/ipc/transport';
import { STATUSES } from '../../../shared/workflow/status';
import { type FeatureHandlers, requireToken } from '../context';

/** The relationship manager's workspace, from the bank API (which scopes and validates every call). */
export const workspaceHandlers: FeatureHandlers<WorkspaceChannel> = {
  async 'workspace.applications'(_req, ctx) {
    return ctx.bank.call(bankApi.applications, {
      // My applications: those I submitted or whose client I serve (首席服务官), not the whole branch's.
      query: { status: STATUSES.join(','), sort: '-submittedAt', limit: 200, mine: 'true' },
      token: requireToken(ctx),
    });
  },
  async 'workspace.search'(req, ctx) {
    return ctx.bank.call(bankApi.enterprises, { query: req, token: requireToken(ctx) });
  },
  async 'workspace.repayments'(req, ctx) {
    return ctx.bank.call(bankApi.repayments, { query: req, token: requireToken(ctx) });
  },
  async 'workspace.products'(_req, ctx) {
    return ctx.bank.call(bankApi.products, { token: requireToken(ctx) });
  },
  async 'workspace.preapprove'(req, ctx) {
    return ctx.bank.call(bankApi.preapprove, { body: req, token: requireToken(ctx) });
  },
  async 'workspace.submit'({ draftId, application }, ctx) {
    return ctx.bank.call(bankApi.createApplication, {
      body: application,
      headers: { [BankHeader.idempotencyKey]: draftId },
      token: requireToken(ctx),
    });
  },
};
