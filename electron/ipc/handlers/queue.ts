import { bankApi } from '../../../shared/api/paths';
import type { DraftChannel, QueueChannel } from '../../../shared/ipc/channels/queue';
import { type FeatureHandlers, requireToken } from '../context';
import { currentUserId } from '../current-user';

/** The queue from the bank API, and the per-user queue layout. */
export const queueHandlers: FeatureHandlers<QueueChannel> = {
  async 'queue.list'(req, ctx) {
    // The bank API takes the status list comma-joined, as the query string does.
    return ctx.bank.call(bankApi.applications, { query: req, token: requireToken(ctx) });
  },

  async 'queue.counts'(_req, ctx) {
    return ctx.bank.call(bankApi.queueCounts, { token: requireToken(ctx) });
  },

  async 'queue.layout.get'(_req, ctx) {
    return ctx.workspace.getLayout(await currentUserId(ctx));
  },

  async 'queue.layout.set'(req, ctx) {
    return ctx.workspace.setLayout(await currentUserId(ctx), req);
  },
};

/** Unfinished decisions per case, per user; they outlive a reload and a restart. */
export const draftHandlers: FeatureHandlers<DraftChannel> = {
  async 'drafts.get'(req, ctx) {
    return ctx.workspace.getDraft(await currentUserId(ctx), req.caseId);
  },
  async 'drafts.set'(req, ctx) {
    ctx.workspace.setDraft(await currentUserId(ctx), req.caseId, req.draft);
    return {};
  },
  async 'drafts.clear'(req, ctx) {
    ctx.workspace.clearDraft(await currentUserId(ctx), req.caseId);
    return {};
  },
};
