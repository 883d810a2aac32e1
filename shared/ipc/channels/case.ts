/**
 * One case over IPC: the application in full, claim and release, the decision (with its idempotency
 * handled by main), the quote for the terms being considered, and the half-written decision drafts main
 * keeps per user. Channel names keep their wire spelling (`case.*`, `drafts.*`).
 */
import { z } from 'zod';
import {
  ApplicationDetailSchema,
  ApplicationSummarySchema,
  DecisionRequestSchema,
  DecisionResponseSchema,
} from '../../api/applications';
import { RoleSchema } from '../../api/auth';
import { text } from '../../api/text';
import { InvestigationRecordSchema, InvestigationRequestSchema } from '../../credit/investigation';
import { QuoteRequestSchema, QuoteResponseSchema } from '../../loan/quote';
import { DECISION_ACTIONS } from '../../workflow/status';

const CaseId = z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id');
const Version = z.number().int().min(0);

/** A decision as the renderer submits it: the case version it was made against, and the decision. */
export const DecideRequestSchema = z.strictObject({
  id: CaseId,
  version: Version,
  decision: DecisionRequestSchema,
});

/** What a conflict (412 stale / 409 claimed) tells the renderer, besides the code and message. */
export const DecideResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), replayed: z.boolean(), result: DecisionResponseSchema }),
  z.object({
    ok: z.literal(false),
    code: z.string(),
    message: z.string(),
    status: z.number().int(),
    /** 403: the rule that refused, in Chinese too, and who must decide instead. */
    reasonCode: z.string().nullable(),
    reasonZh: z.string().nullable(),
    requiredRole: z.string().nullable(),
    /** 412: the case as it is now. */
    current: ApplicationSummarySchema.nullable(),
  }),
]);
export type DecideResult = z.infer<typeof DecideResultSchema>;

export const DRAFT_TEXT_MAX = 100_000;
const DraftValue = z.union([
  text({ max: DRAFT_TEXT_MAX, multiline: true }),
  z.array(text({ max: 200 })).max(50),
  z.number(),
  z.boolean(),
]);
/** A half-written decision: the action chosen and the form's fields as typed. */
export const DecisionDraftSchema = z.strictObject({
  action: z.enum(DECISION_ACTIONS),
  fields: z.record(text({ max: 40 }), DraftValue).refine((r) => Object.keys(r).length <= 30, 'too many fields'),
  /** The case version the draft was written against (to tell the user it changed meanwhile). */
  version: Version.nullable(),
  updatedAt: z.string().max(40),
});
export type DecisionDraft = z.infer<typeof DecisionDraftSchema>;

const ItemCode = z.string().regex(/^[A-Z0-9_]{2,40}$/, 'not a checklist item code');

/** One material received (bank-api/routes/materials.ts MaterialSchema). */
export const MaterialSchema = z.object({
  id: z.string(),
  itemCode: z.string(),
  via: z.enum(['upload', 'electronic']),
  fileName: z.string().nullable(),
  mediaType: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  source: z.string().nullable(),
  receivedBy: z.string(),
  receivedAt: z.string(),
});
export type Material = z.infer<typeof MaterialSchema>;

/** A front-office step's outcome: done, cancelled (no file chosen), or refused with what the bank said. */
export const MaterialResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), investigation: InvestigationRecordSchema.optional() }),
  z.object({
    ok: z.literal(false),
    cancelled: z.boolean().optional(),
    code: z.string(),
    message: z.string(),
    status: z.number().int(),
    missing: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })).optional(),
  }),
]);
export type MaterialResult = z.infer<typeof MaterialResultSchema>;

/** A note on a case (bank-api/workflow/notes.ts CaseNoteSchema). */
export const CaseNoteSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  addresseeRole: z.string().nullable(),
  addressee: z.object({ id: z.string(), name: z.string() }).nullable(),
  body: z.string(),
  createdAt: z.string(),
});
export type CaseNote = z.infer<typeof CaseNoteSchema>;

export const caseChannels = {
  /** One application in full (profile snapshot, assessment, checklist, history). */
  'case.get': { request: z.strictObject({ id: CaseId }), response: ApplicationDetailSchema },
  'case.claim': { request: z.strictObject({ id: CaseId, version: Version }), response: ApplicationSummarySchema },
  'case.release': { request: z.strictObject({ id: CaseId, version: Version }), response: ApplicationSummarySchema },
  /**
   * Submits a decision. Main makes the Idempotency-Key and reuses it while the same decision on the
   * same version is retried, so a retry after a lost answer never decides twice. Refusals the user
   * must act on (403, 409, 412, 422) come back as data with what the API said.
   */
  'case.decide': { request: DecideRequestSchema, response: DecideResultSchema },
  /** Schedule and annualised rate for the terms being considered. */
  'case.quote': { request: QuoteRequestSchema, response: QuoteResponseSchema },
  /** The credit memo (审批意见书) of a decided case: the bank API's PDF, base64, to show or download. */
  'case.memo': {
    request: z.strictObject({ id: CaseId }),
    response: z.object({ fileName: z.string(), pdfBase64: z.string() }),
  },
  /** 补件 and materials (bank-api/routes/materials.ts): the case's materials received, without content. */
  'case.materials': { request: z.strictObject({ id: CaseId }), response: z.object({ items: z.array(MaterialSchema) }) },
  /**
   * Uploads a checklist item. In Electron main opens the file dialog and reads the file (no bytes given);
   * in browser mode the page's chosen file comes as base64 and the host passes it on. Refusals as data.
   */
  'case.materials.upload': {
    request: z.strictObject({
      id: CaseId,
      code: ItemCode,
      // Base64 of at most 10 MB (the bank's default MATERIAL_MAX_BYTES; it refuses more with 413).
      file: z
        .strictObject({
          name: z.string().min(1).max(200),
          base64: z.string().max(Math.ceil((10 * 1024 * 1024) / 3) * 4),
        })
        .optional(),
    }),
    response: MaterialResultSchema,
  },
  /** Receives an electronic item (the e-licence verified through the source adapter). Refusals as data. */
  'case.materials.receive': { request: z.strictObject({ id: CaseId, code: ItemCode }), response: MaterialResultSchema },
  /** Resubmits a returned case once the asked items are in hand. Refusals (the missing items) as data. */
  'case.resubmit': { request: z.strictObject({ id: CaseId }), response: MaterialResultSchema },
  /** Records the pre-loan investigation. Refusals as data. */
  'case.investigation': {
    request: z.strictObject({ id: CaseId, record: InvestigationRequestSchema }),
    response: MaterialResultSchema,
  },
  /** Case notes (bank-api/routes/notes.ts): the case's notes, oldest first. */
  'case.notes': { request: z.strictObject({ id: CaseId }), response: z.object({ notes: z.array(CaseNoteSchema) }) },
  /** Leaves a note, addressed to a role or to nobody. Refusals as data. */
  'case.notes.add': {
    request: z.strictObject({
      id: CaseId,
      body: z.string().min(1).max(2000),
      addresseeRole: RoleSchema.nullable(),
    }),
    response: MaterialResultSchema,
  },
  /** Unfinished decisions per case, per user (kept by main; they outlive a reload and a restart). */
  'drafts.get': { request: z.strictObject({ caseId: CaseId }), response: DecisionDraftSchema.nullable() },
  'drafts.set': { request: z.strictObject({ caseId: CaseId, draft: DecisionDraftSchema }), response: z.object({}) },
  'drafts.clear': { request: z.strictObject({ caseId: CaseId }), response: z.object({}) },
} as const;
export type CaseChannel = keyof typeof caseChannels;
