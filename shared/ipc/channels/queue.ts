/**
 * The approver's queue over IPC: a page of cases, the counts per lane, the queue layout main keeps per
 * user, and the events main pushes when a case changes. One case, its decisions and drafts are the
 * `case` feature (channels/case.ts). Main is the only caller of the bank API; these channels are the
 * renderer's whole view of it.
 */
import { z } from 'zod';
import {
  ApplicationListSchema,
  ApplicationSummarySchema,
  ForceReleaseRequestSchema,
  QUEUE_SORTS,
  QueueCountsSchema,
  SlaStateSchema,
} from '../../api/applications';
import { MoneyString } from '../../loan/quote';
import { StatusSchema, TierSchema } from '../../workflow/status';

/** A queue page request: the bank API's filters, typed (status as a list rather than a comma string). */
export const QueueListRequestSchema = z.strictObject({
  tier: TierSchema.optional(),
  escalatedTo: z.enum(['senior_approver', 'committee']).optional(),
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
export const QUEUE_LANES = ['fast', 'standard', 'committee', 'senior', 'returned', 'instant'] as const;
/** Lanes only some roles see: the senior lane is for senior approvers and supervisors. */
export const LANE_ROLES: Partial<Record<(typeof QUEUE_LANES)[number], readonly string[]>> = {
  senior: ['senior_approver', 'supervisor'],
};
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
  /** A senior approver or supervisor takes another user's claim off a case, with the reason (audited). */
  'queue.forceRelease': {
    request: ForceReleaseRequestSchema.extend({ id: z.string().max(40), version: z.number().int().min(1) }).strict(),
    response: ApplicationSummarySchema,
  },
} as const;
export type QueueChannel = keyof typeof queueChannels;

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
