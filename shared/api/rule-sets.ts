/**
 * Rule-set publishing (规则版本发布, issue 14 item 9): the bank API's wire schemas for rule-set versions,
 * their drafts, replay reports and the four-eyes approval. The rule set's own data schema lives in
 * shared/credit/rule-set.ts.
 */
import { z } from 'zod';
import { RuleSetBodySchema, RuleSetDataSchema, RuleSetVersionId } from '../credit/rule-set';
import { TierSchema } from '../workflow/status';
import { RULE_SET_ROLES } from './areas';
import { text } from './text';

export { RULE_SET_ROLES };

export const RULE_SET_STATUSES = ['draft', 'pending_approval', 'published', 'rejected'] as const;
export const RuleSetStatusSchema = z.enum(RULE_SET_STATUSES);
export type RuleSetStatus = z.infer<typeof RuleSetStatusSchema>;

export const RuleSetVersionParams = z.strictObject({ version: RuleSetVersionId });

export const RuleSetSummarySchema = z.object({
  version: z.string(),
  status: RuleSetStatusSchema,
  effectiveFrom: z.string(),
  basedOn: z.string().nullable(),
  note: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  approverId: z.string().nullable(),
  approverName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  /** The version the submission path uses today. */
  inForce: z.boolean(),
});
export type RuleSetSummary = z.infer<typeof RuleSetSummarySchema>;

export const RuleSetDetailSchema = RuleSetSummarySchema.extend({ data: RuleSetDataSchema });
export type RuleSetDetail = z.infer<typeof RuleSetDetailSchema>;

export const RuleSetListSchema = z.object({
  items: z.array(RuleSetSummarySchema),
  /** The version in force today (Beijing date). */
  inForce: z.string(),
  today: z.string(),
});
export type RuleSetList = z.infer<typeof RuleSetListSchema>;

const Note = text({ max: 500, trim: true });

/** POST /api/v1/rule-sets: a new draft, a copy of the version in force. */
export const CreateRuleSetDraftSchema = z.strictObject({ note: Note.optional() });
export type CreateRuleSetDraft = z.infer<typeof CreateRuleSetDraftSchema>;

/** PUT /api/v1/rule-sets/:version: the draft's whole editable body (and its note). */
export const UpdateRuleSetDraftSchema = RuleSetBodySchema.extend({ note: Note.optional() });
export type UpdateRuleSetDraft = z.input<typeof UpdateRuleSetDraftSchema>;

export const ReplayRequestSchema = z.strictObject({
  /** How many of the most recently decided cases to replay. */
  limit: z.number().int().min(1).max(500).default(50),
});
export type ReplayRequest = z.input<typeof ReplayRequestSchema>;

const OutcomeSchema = z.object({
  decision: z.enum(['auto_approve', 'auto_decline', 'review']),
  tier: TierSchema,
  grade: z.string().optional(),
});

export const ReplayReasonSchema = z.object({ code: z.string(), zh: z.string(), en: z.string() });

export const ReplayResponseSchema = z.object({
  baselineVersion: z.string(),
  candidateVersion: z.string(),
  total: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  transitions: z.record(z.string(), z.number().int()),
  changes: z.array(
    z.object({
      applicationId: z.string(),
      enterpriseName: z.string(),
      decidedAt: z.string().nullable(),
      recordedVersion: z.string().nullable(),
      before: OutcomeSchema,
      after: OutcomeSchema,
      fields: z.array(z.enum(['decision', 'tier', 'grade'])),
      why: z.array(ReplayReasonSchema),
    }),
  ),
  errors: z.array(z.object({ applicationId: z.string(), code: z.string() })),
});
export type ReplayResponse = z.infer<typeof ReplayResponseSchema>;

export const RejectRuleSetSchema = z.strictObject({
  reason: text({ min: 2, max: 500, trim: true, multiline: true, minMessage: 'say why the version is rejected' }),
});
export type RejectRuleSet = z.infer<typeof RejectRuleSetSchema>;
