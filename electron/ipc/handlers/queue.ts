import { bankApi } from '../../../shared/api/paths';
import type { QueueChannel } from '../../../shared/ipc/channels/queue';
import { BankHeader, etag } from '../../../shared/ipc/transport';
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

  async 'queue.forceRelease'(req, ctx) {
    return ctx.bank.call(bankApi.forceRelease, {
      params: { id: req.id },
      token: requireToken(ctx),
      headers: { [BankHeader.ifMatch]: etag(req.version) },
      body: { reason: req.reason },
    });
  },

  async 'queue.layout.get'(_req, ctx) {
    return ctx.workspace.getLayout(await currentUserId(ctx));
  },

  async 'queue.layout.set'(req, ctx) {
    return ctx.workspace.setLayout(await currentUserId(ctx), req);
  },
};
