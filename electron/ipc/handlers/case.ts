import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApplicationSummarySchema } from '../../../shared/api/applications';
import { bankApi, pathOf } from '../../../shared/api/paths';
import { canonicalJson } from '../../../shared/canonical-json';
import { InvestigationRecordSchema } from '../../../shared/credit/investigation';
import {
  type CaseChannel,
  CaseNoteSchema,
  type DecideResult,
  type MaterialResult,
  MaterialSchema,
} from '../../../shared/ipc/channels/case';
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

/** The credit memo's route (GET, application/pdf; bank-api/routes/memo.ts). */
const MEMO_URL = '/api/v1/applications/:id/memo.pdf';

/** Refusals the user acts on in the form (authority, conflict, bad input), returned as data. */
const REFUSALS_AS_DATA = new Set([400, 403, 404, 409, 412, 422, 428]);

/** The materials and investigation routes (bank-api/routes/materials.ts). */
const MATERIALS = {
  list: {
    method: 'GET',
    url: '/api/v1/applications/:id/materials',
    response: z.object({ items: z.array(MaterialSchema) }),
  },
  upload: {
    method: 'POST',
    url: '/api/v1/applications/:id/materials/:code/upload',
    response: z.object({}).passthrough(),
  },
  receive: {
    method: 'POST',
    url: '/api/v1/applications/:id/materials/:code/receive',
    response: z.object({}).passthrough(),
  },
  resubmit: { method: 'POST', url: '/api/v1/applications/:id/resubmit', response: z.object({}).passthrough() },
  investigation: {
    method: 'PUT',
    url: '/api/v1/applications/:id/investigation',
    response: z.object({ investigation: InvestigationRecordSchema }).passthrough(),
  },
} as const;

/** The case notes routes (bank-api/routes/notes.ts). */
const NOTES = {
  list: {
    method: 'GET',
    url: '/api/v1/applications/:id/notes',
    response: z.object({ notes: z.array(CaseNoteSchema) }),
  },
  add: { method: 'POST', url: '/api/v1/applications/:id/notes', response: z.object({}).passthrough() },
} as const;

/** A front-office step: done, or its refusal (4xx) as data with the missing items when the bank names them. */
async function frontOffice(step: () => Promise<unknown>): Promise<MaterialResult> {
  try {
    const r = (await step()) as { investigation?: z.infer<typeof InvestigationRecordSchema> };
    return { ok: true, ...(r?.investigation ? { investigation: r.investigation } : {}) };
  } catch (e) {
    if (!(e instanceof BankApiError) || !e.status || e.status < 400 || e.status >= 500) throw e;
    const p = (e.problem ?? {}) as { missing?: { code: string; zh: string; en: string }[] };
    return {
      ok: false,
      code: e.code,
      message: e.message,
      status: e.status,
      ...(Array.isArray(p.missing) ? { missing: p.missing } : {}),
    };
  }
}

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

  // The memo is a PDF, not JSON: fetched as bytes; a refusal still comes as a problem document.
  async 'case.memo'(req, ctx) {
    const pdf = await ctx.bank.pdf(pathOf(MEMO_URL, { id: req.id }), requireToken(ctx));
    return { fileName: `审批意见书-${req.id}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') };
  },

  async 'case.materials'(req, ctx) {
    return ctx.bank.call(MATERIALS.list, { params: { id: req.id }, token: requireToken(ctx) });
  },
  // The file comes from the page's file chooser (browser mode and Electron alike), read there as base64.
  async 'case.materials.upload'(req, ctx) {
    const file = req.file;
    if (!file) return { ok: false, cancelled: true, code: 'cancelled', message: 'No file chosen.', status: 400 };
    const token = requireToken(ctx);
    return frontOffice(() =>
      ctx.bank.call(MATERIALS.upload, {
        params: { id: req.id, code: req.code },
        token,
        body: { fileName: file.name, contentBase64: file.base64 },
      }),
    );
  },
  async 'case.materials.receive'(req, ctx) {
    const token = requireToken(ctx);
    return frontOffice(() => ctx.bank.call(MATERIALS.receive, { params: { id: req.id, code: req.code }, token }));
  },
  async 'case.resubmit'(req, ctx) {
    const token = requireToken(ctx);
    return frontOffice(() => ctx.bank.call(MATERIALS.resubmit, { params: { id: req.id }, token }));
  },
  async 'case.notes'(req, ctx) {
    return ctx.bank.call(NOTES.list, { params: { id: req.id }, token: requireToken(ctx) });
  },
  async 'case.notes.add'(req, ctx) {
    const token = requireToken(ctx);
    return frontOffice(() =>
      ctx.bank.call(NOTES.add, {
        params: { id: req.id },
        token,
        body: { body: req.body, addresseeRole: req.addresseeRole },
      }),
    );
  },
  async 'case.investigation'(req, ctx) {
    const token = requireToken(ctx);
    return frontOffice(() =>
      ctx.bank.call(MATERIALS.investigation, { params: { id: req.id }, token, body: req.record }),
    );
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
