/**
 * The approver's desk over IPC: the queue, one case, its decisions, and what main keeps per user
 * (decision drafts, queue layout). Main is the only caller of the bank API; these channels are the
 * renderer's whole view of it.
 */
import { z } from 'zod';
import {
  ApplicationDetailSchema,
  ApplicationListSchema,
  ApplicationSummarySchema,
  DecisionRequestSchema,
  DecisionResponseSchema,
  QUEUE_SORTS,
  QueueCountsSchema,
  SlaStateSchema,
} from '../../api/applications';
import { MoneyString, QuoteRequestSchema, QuoteResponseSchema } from '../../loan/quote';
import { DECISION_ACTIONS, StatusSchema, TierSchema } from '../../workflow/status';

const CaseId = z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id');
const Version = z.number().int().min(0);

/** A queue page request: the bank API's filters, typed (status as a list rather than a comma string). */
export const QueueListRequestSchema = z.strictObject({
  tier: TierSchema.optional(),
  status: z.array(StatusSchema).min(1).max(15).optional(),
  branchId: z.string().max(32).optional(),
  productCode: z.string().max(16).optional(),
  assigneeId: z.string().max(64).optional(),
  slaState: SlaStateSchema.optional(),
  amountMin: MoneyString.optional(),
  amountMax: MoneyString.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(QUEUE_SORTS).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z.string().max(200).optional(),
});
export type QueueListRequest = z.input<typeof QueueListRequestSchema>;

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
  z.string().max(DRAFT_TEXT_MAX),
  z.array(z.string().max(200)).max(50),
  z.number(),
  z.boolean(),
]);
/** A half-written decision: the action chosen and the form's fields as typed. */
export const DecisionDraftSchema = z.strictObject({
  action: z.enum(DECISION_ACTIONS),
  fields: z.record(z.string().max(40), DraftValue).refine((r) => Object.keys(r).length <= 30, 'too many fields'),
  /** The case version the draft was written against (to tell the user it changed meanwhile). */
  version: Version.nullable(),
  updatedAt: z.string().max(40),
});
export type DecisionDraft = z.infer<typeof DecisionDraftSchema>;

export const QUEUE_COLUMNS = [
  'enterprise',
  'product',
  'amount',
  'grade',
  'tier',
  'channel',
  'waiting',
  'sla',
  'status',
  'assignee',
] as const;
export const QueueColumnSchema = z.enum(QUEUE_COLUMNS);
export type QueueColumn = z.infer<typeof QueueColumnSchema>;
export const QUEUE_LANES = ['fast', 'standard', 'committee', 'returned', 'instant'] as const;
export const QueueLaneSchema = z.enum(QUEUE_LANES);
export type QueueLane = z.infer<typeof QueueLaneSchema>;

/** The queue as the user left it: lane, columns, sort, filters, my cases vs branch. */
export const QueueLayoutSchema = z.strictObject({
  lane: QueueLaneSchema,
  scope: z.enum(['mine', 'branch']),
  columns: z.array(QueueColumnSchema).max(QUEUE_COLUMNS.length),
  sort: z.enum(QUEUE_SORTS),
  filters: z.strictObject({
    productCode: z.string().max(16).optional(),
    slaState: SlaStateSchema.optional(),
    grade: z.enum(['A', 'B', 'C', 'D', 'E']).optional(),
    channel: z.string().max(16).optional(),
    /** As typed (checked when applied): a half-typed amount must not stop the layout being kept. */
    amountMin: z.string().max(24).optional(),
    amountMax: z.string().max(24).optional(),
    q: z.string().max(100).optional(),
  }),
});
export type QueueLayout = z.infer<typeof QueueLayoutSchema>;

export const DEFAULT_QUEUE_LAYOUT: QueueLayout = {
  lane: 'fast',
  scope: 'branch',
  columns: [...QUEUE_COLUMNS],
  sort: 'slaDueAt',
  filters: {},
};

export const queueChannels = {
  /** One page of the queue from the bank API. */
  'queue.list': { request: QueueListRequestSchema, response: ApplicationListSchema },
  /** Open cases per tier with due-soon / overdue, and returned cases. */
  'queue.counts': { request: z.strictObject({}), response: QueueCountsSchema },
  /** The queue layout this user left (per user, kept by main). */
  'queue.layout.get': { request: z.strictObject({}), response: QueueLayoutSchema },
  'queue.layout.set': { request: QueueLayoutSchema, response: QueueLayoutSchema },
} as const;
export type QueueChannel = keyof typeof queueChannels;

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
} as const;
export type CaseChannel = keyof typeof caseChannels;

export const draftChannels = {
  'drafts.get': { request: z.strictObject({ caseId: CaseId }), response: DecisionDraftSchema.nullable() },
  'drafts.set': { request: z.strictObject({ caseId: CaseId, draft: DecisionDraftSchema }), response: z.object({}) },
  'drafts.clear': { request: z.strictObject({ caseId: CaseId }), response: z.object({}) },
} as const;
export type DraftChannel = keyof typeof draftChannels;

/** Pushed from main to the renderer (Electron: webContents.send; browser mode: the host's event stream). */
export const WorkstationEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['application.created', 'application.updated']),
    id: z.string(),
    status: StatusSchema,
    tier: TierSchema,
    branchId: z.string(),
    version: z.number().int(),
  }),
  /** Whether main's subscription to the bank API's events is up (false while it reconnects). */
  z.object({ type: z.literal('stream.status'), connected: z.boolean() }),
]);
export type WorkstationEvent = z.infer<typeof WorkstationEventSchema>;
