import { randomUUID } from 'node:crypto';
import { ApplicationSummarySchema } from '../../../shared/api/applications';
import { bankApi } from '../../../shared/api/paths';
import { canonicalJson } from '../../../shared/canonical-json';
import type { CaseChannel, DecideResult } from '../../../shared/ipc/channels/case';
import { BankHeader, etag } from '../../../shared/ipc/transport';
import { BankApiError } from '../../services/bank-client';
import { type FeatureHandlers, requireToken } from '../context';
import { currentUserId, tokenDigest } from '../current-user';

/**
 * Idempotency keys per submission: the same decision, on the same case version, by the same session,
 * gets the same key for as long as main runs — so a retry after a lost answer replays the first answer
 * instead of deciding twice. (After a restart a retry gets a new key, but If-Match still refuses it:
 * the first attempt, if it landed, moved the version on.)
 */
const submissionKeys = new Map<string, string>();
const MAX_KEYS = 2000;

export function idempotencyKeyFor(token: string, id: string, version: number, decision: unknown): string {
  const submission = `${tokenDigest(token)}|${id}|${version}|${canonicalJson(decision)}`;
  let key = submissionKeys.get(submission);
  if (!key) {
    if (submissionKeys.size >= MAX_KEYS) submissionKeys.delete(submissionKeys.keys().next().value as string);
    key = randomUUID();
    submissionKeys.set(submission, key);
  }
  return key;
}

/** Refusals the user acts on in the form (authority, conflict, bad input), returned as data. */
const REFUSALS_AS_DATA = new Set([400, 403, 404, 409, 412, 422, 428]);

/** One case from the bank API (claim, release, decide, quote), and the user's decision drafts kept by main. */
export const caseHandlers: FeatureHandlers<CaseChannel> = {
  async 'case.get'(req, ctx) {
    return ctx.bank.call(bankApi.application, { params: { id: req.id }, token: requireToken(ctx) });
  },

  async 'case.claim'(req, ctx) {
    return ctx.bank.call(bankApi.claim, {
      params: { id: req.id },
      token: requireToken(ctx),
      headers: { [BankHeader.ifMatch]: etag(req.version) },
    });
  },

  async 'case.release'(req, ctx) {
    return ctx.bank.call(bankApi.release, {
      params: { id: req.id },
      token: requireToken(ctx),
      headers: { [BankHeader.ifMatch]: etag(req.version) },
    });
  },

  async 'case.decide'(req, ctx): Promise<DecideResult> {
    const token = requireToken(ctx);
    const key = idempotencyKeyFor(token, req.id, req.version, req.decision);
    let replayed = false;
    try {
      const result = await ctx.bank.call(bankApi.decide, {
        params: { id: req.id },
        token,
        body: req.decision,
        headers: { [BankHeader.ifMatch]: etag(req.version), [BankHeader.idempotencyKey]: key },
        onHeaders: (h) => {
          replayed = h.get(BankHeader.idempotentReplayed) === 'true';
        },
      });
      return { ok: true, replayed, result };
    } catch (e) {
      // Unreachable or 5xx: thrown, so the renderer can retry — with the same key, by construction.
      if (!(e instanceof BankApiError) || !e.status || !REFUSALS_AS_DATA.has(e.status)) throw e;
      const p = (e.problem ?? {}) as Record<string, unknown>;
      const current = ApplicationSummarySchema.safeParse(p.current);
      return {
        ok: false,
        code: e.code,
        message: e.message,
        status: e.status,
        reasonCode: typeof p.reasonCode === 'string' ? p.reasonCode : null,
        reasonZh: typeof p.reasonZh === 'string' ? p.reasonZh : null,
        requiredRole: typeof p.requiredRole === 'string' ? p.requiredRole : null,
        current: current.success ? current.data : null,
      };
    }
  },

  async 'case.quote'(req, ctx) {
    return ctx.bank.call(bankApi.quote, { token: requireToken(ctx), body: req });
  },

  // Unfinished decisions per case, per user; they outlive a reload and a restart.
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
