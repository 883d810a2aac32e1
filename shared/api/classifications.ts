/**
 * Wire schemas of the five-level classification review (五级分类, issue 17.4; rules in
 * shared/credit/classification.ts).
 *
 * Routes (bank-api/routes/classifications.ts):
 * - POST /api/v1/classifications/runs      (supervisor) start the month-end run in the background: 202 with the
 *                                           run (follow it at GET …/runs/{id}); idempotent per (loan, period): a
 *                                           second run adds only loans new since. While a run of the same period
 *                                           goes on, the POST answers that run (202); while one of another period
 *                                           goes on, 409 classification.run_in_progress with that run (`run`)
 * - GET  /api/v1/classifications/runs      (reviewers, supervisors) the latest runs (optionally of one period)
 * - GET  /api/v1/classifications/runs/{id} one run: status, progress (loans done / total), duration, figures
 * - GET  /api/v1/classifications           (reviewers, supervisors) the proposals of a period in the caller's
 *                                           branch scope, by status
 * - POST /api/v1/classifications/{id}/decision (reviewers) confirm, override with a reason, or — as the second
 *                                           reviewer of an upgrade out of non-performing — confirm or refuse it
 */
import { z } from 'zod';
import type { Role } from './auth';
import { text } from './text';

export const CLASS_VALUES = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export const LoanClassSchema = z.enum(CLASS_VALUES);

export const CLASSIFICATION_STATUSES = ['proposed', 'confirmed', 'overridden', 'awaiting_second'] as const;
export const ClassificationStatusSchema = z.enum(CLASSIFICATION_STATUSES);
export type ClassificationStatus = z.infer<typeof ClassificationStatusSchema>;

/** Supervisors run the month-end. */
export const CLASSIFICATION_RUN_ROLES: readonly Role[] = ['supervisor'];
/** Approvers review (confirm or override); senior approvers are the second reviewers of upgrades out of NPL. */
export const CLASSIFICATION_REVIEW_ROLES: readonly Role[] = ['approver', 'senior_approver'];
export const CLASSIFICATION_SECOND_ROLES: readonly Role[] = ['senior_approver'];
/** Who reads the review list: the reviewers and the supervisors. */
export const CLASSIFICATION_READ_ROLES: readonly Role[] = ['supervisor', 'approver', 'senior_approver'];

const Period = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a month-end date YYYY-MM-DD')
  .describe('The month-end (last day of a month), YYYY-MM-DD.');

export const RunClassificationRequestSchema = z.strictObject({ period: Period });
export const RunClassificationResponseSchema = z.object({
  period: z.string(),
  ruleVersion: z.string(),
  loans: z.number().int().describe('Active loans at the period.'),
  proposed: z.number().int().describe('Proposals this run added (0 when the period was already run).'),
  existing: z.number().int().describe('Loans that already had a proposal for the period.'),
});
export type RunClassificationResponse = z.infer<typeof RunClassificationResponseSchema>;

export const CLASSIFICATION_RUN_STATUSES = ['running', 'done', 'failed'] as const;
export const ClassificationRunIdSchema = z.string().regex(/^CR-\d{14}-[a-z0-9]{6}$/, 'a classification run id');

/** A month-end run (the background job): progress while it runs, the figures when done. */
export const ClassificationRunSchema = z.object({
  id: z.string(),
  period: z.string(),
  ruleVersion: z.string(),
  status: z.enum(CLASSIFICATION_RUN_STATUSES),
  requestedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** ISO instants with the +08:00 offset. */
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Seconds from start to finish (or to now while running). */
  durationSeconds: z.number().int().nonnegative(),
  loansTotal: z.number().int().nonnegative().describe('Active loans at the period when the run started.'),
  loansDone: z.number().int().nonnegative(),
  proposed: z.number().int().nonnegative().describe('Proposals this run added.'),
  existing: z.number().int().nonnegative().describe('Loans done that already had a proposal for the period.'),
  /** True when the run is marked running but its heartbeat is older than the stale limit (its process died). */
  stale: z.boolean(),
  error: z.string().nullable(),
});
export type ClassificationRun = z.infer<typeof ClassificationRunSchema>;
export const ClassificationRunListSchema = z.object({ runs: z.array(ClassificationRunSchema) });
export type ClassificationRunList = z.infer<typeof ClassificationRunListSchema>;
export const ClassificationRunsQuerySchema = z.strictObject({
  period: Period.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ClassificationRunParamsSchema = z.strictObject({ id: ClassificationRunIdSchema });

export const ClassificationListQuerySchema = z.strictObject({
  period: Period,
  status: ClassificationStatusSchema.optional(),
  /** Only proposals that differ from the loan's class when proposed. */
  changed: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const ReasonSchema = z.object({
  code: z.string(),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  zh: z.string(),
  en: z.string(),
});

export const ClassificationRowSchema = z.object({
  id: z.string(),
  loanId: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  branchId: z.string(),
  period: z.string(),
  previous: LoanClassSchema,
  proposed: LoanClassSchema,
  floor: LoanClassSchema,
  final: LoanClassSchema.nullable(),
  current: LoanClassSchema.describe("The loan's class now."),
  status: ClassificationStatusSchema,
  reasons: z.array(ReasonSchema),
  reviewFlags: z.array(z.string()),
  needsSecond: z.boolean(),
  daysPastDue: z.number().int(),
  onTime: z.number().int(),
  balance: z.string().describe('Yuan, exact.'),
  ruleVersion: z.string(),
  reviewerId: z.string().nullable(),
  reviewerName: z.string().nullable(),
  secondReviewerId: z.string().nullable(),
  secondReviewerName: z.string().nullable(),
  reason: z.string().nullable(),
  secondReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type ClassificationRow = z.infer<typeof ClassificationRowSchema>;

export const ClassificationListSchema = z.object({
  period: z.string(),
  total: z.number().int(),
  counts: z.record(ClassificationStatusSchema, z.number().int()),
  rows: z.array(ClassificationRowSchema),
});
export type ClassificationList = z.infer<typeof ClassificationListSchema>;

export const ClassificationParamsSchema = z.strictObject({
  id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'a classification id'),
});

/**
 * confirm: take the proposal (first reviewer), or the first reviewer's decision (second reviewer);
 * override: another class, with a reason (first reviewer); refuse: the second reviewer refuses an upgrade
 * out of non-performing, with a reason (the loan keeps its class).
 */
export const DecideClassificationRequestSchema = z.strictObject({
  action: z.enum(['confirm', 'override', 'refuse']),
  final: LoanClassSchema.optional(),
  reason: text({ max: 500, multiline: true, trim: true }).optional(),
});
export type DecideClassificationRequest = z.infer<typeof DecideClassificationRequestSchema>;

export const DecideClassificationResponseSchema = z.object({ classification: ClassificationRowSchema });
