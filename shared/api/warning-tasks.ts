/**
 * Wire schemas of 预警处置 (issue 17.3): warning tasks, one per loan signal, for the client's service
 * officer; verification and measure; a supervisor's confirmation.
 *
 * Routes (bank-api/routes/warning-tasks.ts):
 * - GET  /api/v1/warning-tasks                     → WarningTaskListSchema (a relationship manager: their
 *   own tasks; a supervisor: the tasks of their branch subtree, with counts by branch)
 * - GET  /api/v1/warning-tasks/{id}                → WarningTaskDetailSchema (ETag: the task's version)
 * - POST /api/v1/warning-tasks/{id}/disposition    (the service officer: verification + measure + reason)
 * - POST /api/v1/warning-tasks/{id}/confirmation   (a supervisor who did not record the measure: confirm or reject)
 *
 * Writes carry If-Match with the task's `version` and an Idempotency-Key; a retry answers the first answer.
 */
import { z } from 'zod';
import {
  VERIFICATION_KINDS,
  WARNING_MEASURES,
  WARNING_SEVERITIES,
  WARNING_TASK_STATUSES,
} from '../credit/warning-disposition';
import { MoneyString } from '../loan/quote';
import { BankDateSchema } from './authority';
import { text } from './text';

export const WarningTaskIdSchema = z.string().regex(/^[1-9][0-9]{0,15}$/, 'not a warning task id');
export const WarningTaskParamsSchema = z.strictObject({ id: WarningTaskIdSchema });

export const WarningSeveritySchema = z.enum(WARNING_SEVERITIES);
export const WarningMeasureSchema = z.enum(WARNING_MEASURES);
export const VerificationKindSchema = z.enum(VERIFICATION_KINDS);
export const WarningTaskStatusSchema = z.enum(WARNING_TASK_STATUSES);

/** active (default): everything not closed; overdue: open or escalated past the due date. */
export const WARNING_TASK_VIEWS = [
  'active',
  'open',
  'escalated',
  'overdue',
  'awaiting_confirmation',
  'closed',
  'all',
] as const;
export const WarningTaskViewSchema = z.enum(WARNING_TASK_VIEWS);
export type WarningTaskView = z.infer<typeof WarningTaskViewSchema>;

export const WarningTaskListQuerySchema = z.strictObject({
  view: WarningTaskViewSchema.default('active'),
  /** A branch within the caller's scope (its subtree); others are 400. */
  branchId: z
    .string()
    .regex(/^[A-Z]{2}(?:-[A-Z]{2,4})?$/, 'not a branch id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The last task id of the previous page (tasks are listed by due date, then id: the cursor is "dueOn,id"). */
  cursor: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2},[1-9][0-9]{0,15}$/, 'not a warning task cursor')
    .optional(),
});
export type WarningTaskListQuery = z.input<typeof WarningTaskListQuerySchema>;

export const WarningTaskSummarySchema = z.object({
  id: z.string(),
  signalId: z.string(),
  loanId: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  branchId: z.string(),
  branchName: z.string(),
  officerId: z.string().nullable(),
  officerName: z.string().nullable(),
  code: z.string(),
  severity: WarningSeveritySchema,
  openedAt: z.string(),
  dueOn: z.string(),
  status: WarningTaskStatusSchema,
  overdue: z.boolean(),
  measure: WarningMeasureSchema.nullable(),
  version: z.number().int(),
});
export type WarningTaskSummary = z.infer<typeof WarningTaskSummarySchema>;

export const WarningBranchCountSchema = z.object({
  branchId: z.string(),
  branchName: z.string(),
  open: z.number().int(),
  escalated: z.number().int(),
  awaitingConfirmation: z.number().int(),
  overdue: z.number().int(),
});
export type WarningBranchCount = z.infer<typeof WarningBranchCountSchema>;

export const WarningTaskListSchema = z.object({
  items: z.array(WarningTaskSummarySchema),
  nextCursor: z.string().nullable(),
  /** Tasks matching the view (all pages). */
  total: z.number().int(),
  /** Not-closed tasks in the caller's scope by branch (a relationship manager: their own). */
  byBranch: z.array(WarningBranchCountSchema),
  today: z.string(),
});
export type WarningTaskList = z.infer<typeof WarningTaskListSchema>;

/** What a task's history records (warning_task_events.action; 'reassigned' since migration 0033). */
export const WARNING_TASK_ACTIONS = [
  'opened',
  'escalated',
  'disposition_recorded',
  'confirmed',
  'rejected',
  'reassigned',
] as const;
export const WarningTaskActionSchema = z.enum(WARNING_TASK_ACTIONS);

/** Why a task changed hands: the client's service officer changed (the screen says it in words). */
export const REASSIGNMENT_CAUSES = ['service_officer_changed'] as const;
export type ReassignmentCause = (typeof REASSIGNMENT_CAUSES)[number];

/** A 'reassigned' entry: from whom to whom (names read at the time of the request), why. */
export const WarningTaskReassignmentSchema = z.object({
  fromOfficerId: z.string().nullable(),
  /** NULL: the task had no service officer (or the user is gone). */
  fromOfficerName: z.string().nullable(),
  toOfficerId: z.string(),
  toOfficerName: z.string().nullable(),
  cause: z.enum(REASSIGNMENT_CAUSES),
  /** The words of whoever changed the officer (POST …/service-officer `reason`). */
  reason: z.string().nullable(),
});
export type WarningTaskReassignment = z.infer<typeof WarningTaskReassignmentSchema>;

export const WarningTaskEventSchema = z.object({
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: WarningTaskActionSchema,
  fromStatus: WarningTaskStatusSchema.nullable(),
  toStatus: WarningTaskStatusSchema,
  details: z.record(z.string(), z.unknown()),
  /** Set on 'reassigned' entries, NULL on the others. */
  reassignment: WarningTaskReassignmentSchema.nullable(),
});
export type WarningTaskEvent = z.infer<typeof WarningTaskEventSchema>;

export const WarningTaskDetailSchema = WarningTaskSummarySchema.extend({
  signal: z.object({
    code: z.string(),
    severity: WarningSeveritySchema,
    ruleVersion: z.string(),
    observed: z.record(z.string(), z.unknown()),
    observedAt: z.string(),
    raisedAt: z.string(),
    clearedAt: z.string().nullable(),
    runId: z.string().nullable(),
  }),
  loan: z.object({
    productCode: z.string(),
    principal: MoneyString,
    balance: MoneyString,
    maturityDate: z.string(),
    daysPastDue: z.number().int(),
    classification: z.string(),
  }),
  verification: z
    .object({
      kind: VerificationKindSchema,
      note: z.string(),
      on: z.string(),
      by: z.string(),
      byName: z.string().nullable(),
    })
    .nullable(),
  disposition: z
    .object({
      measure: WarningMeasureSchema,
      reason: z.string(),
      by: z.string(),
      byName: z.string().nullable(),
      at: z.string(),
      needsConfirmation: z.boolean(),
    })
    .nullable(),
  confirmation: z
    .object({ by: z.string(), byName: z.string().nullable(), at: z.string(), note: z.string().nullable() })
    .nullable(),
  closedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  history: z.array(WarningTaskEventSchema),
  /** The measures that would wait for a supervisor on this task's severity. */
  measuresNeedingConfirmation: z.array(WarningMeasureSchema),
  /** The caller may record a verification and measure now (the task's service officer, task open). */
  mayRecord: z.boolean(),
  /** The caller may confirm or reject now (a supervisor in scope, not the recorder, task awaiting). */
  mayConfirm: z.boolean(),
});
export type WarningTaskDetail = z.infer<typeof WarningTaskDetailSchema>;

/** POST …/disposition: what the officer checked, and the measure with its reason. */
export const DispositionRequestSchema = z.strictObject({
  verification: z.strictObject({
    kind: VerificationKindSchema,
    note: text({ max: 1000, min: 1, trim: true, multiline: true }),
    /** The day of the call, visit or data check (Beijing): not after today, not before the signal. */
    on: BankDateSchema,
  }),
  measure: WarningMeasureSchema,
  reason: text({ max: 1000, min: 2, trim: true, multiline: true, minMessage: 'a measure needs a reason' }),
});
export type DispositionRequest = z.infer<typeof DispositionRequestSchema>;

/** POST …/confirmation: a supervisor confirms the measure, or rejects it with a reason. */
export const ConfirmationRequestSchema = z
  .strictObject({
    decision: z.enum(['confirm', 'reject']),
    note: text({ max: 1000, trim: true, multiline: true }).optional(),
  })
  .refine((b) => b.decision === 'confirm' || (b.note !== undefined && b.note.length > 0), {
    path: ['note'],
    message: 'a rejection needs a reason',
  });
export type ConfirmationRequest = z.infer<typeof ConfirmationRequestSchema>;

export const WarningTaskWriteResponseSchema = z.object({
  task: WarningTaskDetailSchema,
  outcome: z.enum(['closed', 'awaiting_confirmation', 'confirmed', 'rejected']),
  message: z.string(),
});
export type WarningTaskWriteResponse = z.infer<typeof WarningTaskWriteResponseSchema>;
