import type { z } from 'zod';
import type { ApplicationListSchema, QueueCountsSchema } from '../../../shared/api/applications';
import type { DraftChannel, QueueChannel } from '../../../shared/ipc/channels/queue';
import { type FeatureHandlers, requireToken } from '../context';
import { currentUserId } from '../current-user';

type List = z.infer<typeof ApplicationListSchema>;
type Counts = z.infer<typeof QueueCountsSchema>;

/** The queue from the bank API, and the per-user queue layout. */
export const queueHandlers: FeatureHandlers<QueueChannel> = {
  async 'queue.list'(req, ctx) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(req)) {
      if (v === undefined) continue;
      qs.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
    return ctx.bank.request<List>('GET', `/api/v1/applications?${qs}`, { token: requireToken(ctx) });
  },

  async 'queue.counts'(_req, ctx) {
    return ctx.bank.request<Counts>('GET', '/api/v1/applications/counts', { token: requireToken(ctx) });
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
