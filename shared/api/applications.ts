/** Wire schemas of the loan workflow (SPEC §5): applications, queue, decisions. */
import { z } from 'zod';
import { LoanConditionSchema, LoanConditionsSchema } from '../credit/loan-conditions';
import { APPLICATION_KINDS } from '../credit/renewal';
import { DateString, MoneyString, PercentString, RepaymentMethodSchema } from '../loan/quote';
import { DECISION_ACTIONS, StatusSchema, TierSchema } from '../workflow/status';
import { IdRevealWithheldSchema } from './audit';
import { GradeSchema } from './auth';
import { CaseRenewalSchema } from './renewal-eligibility';
import { text } from './text';

export const ChannelSchema = z.enum(['branch', 'mobile', 'online', 'partner']);
export const SlaStateSchema = z.enum(['on_track', 'due_soon', 'overdue']);
/** A new need, a renewal (续贷) of a loan, or a top-up (增额) on it (applications.kind, migration 0028). */
export const ApplicationKindSchema = z.enum(APPLICATION_KINDS);
export const CONDITIONS_MAX_CHARS = 2000;
/** Free text a person types (purpose, comments, conditions): trimmed, line feeds and tabs allowed. */
const Text = (max: number, min = 0) => text({ max, min, multiline: true, trim: true });
/** A code or identifier: one line, taken as sent. */
const Code = (max: number, min = 0) => text({ max, min });

export const CreateApplicationRequestSchema = z.strictObject({
  uscc: Code(18, 18),
  productCode: Code(16, 1),
  amount: MoneyString,
  termMonths: z.number().int().min(1).max(360),
  repaymentMethod: RepaymentMethodSchema,
  purpose: Text(500, 1),
  channel: ChannelSchema,
  /** Guarantors offered (保证人); a guaranteed product without one raises `guarantor_missing`. */
  guarantors: z
    .array(z.strictObject({ name: Text(200, 1), uscc: Code(18, 18).optional() }))
    .max(10)
    .optional(),
  /** A rate the relationship manager asks for, with the reason; below the product floor it raises `rate_below_floor`. */
  rateException: z.strictObject({ annualRate: PercentString, reason: Text(500, 1) }).optional(),
});
export type CreateApplicationRequest = z.infer<typeof CreateApplicationRequestSchema>;

export const ApplicationSummarySchema = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  uscc: z.string(),
  enterpriseName: z.string(),
  productCode: z.string(),
  amount: MoneyString,
  termMonths: z.number().int(),
  repaymentMethod: RepaymentMethodSchema,
  channel: ChannelSchema,
  status: StatusSchema,
  tier: TierSchema,
  grade: GradeSchema.nullable(),
  score: z.number().int().nullable(),
  branchId: z.string(),
  assigneeId: z.string().nullable(),
  /** The assignee's display name, where the answer carries it (the queue list). */
  assigneeName: z.string().nullable().optional(),
  submittedAt: z.string(),
  slaDueAt: z.string().nullable(),
  slaState: SlaStateSchema.nullable(),
  version: z.number().int(),
  /** 续贷 / 增额 or a new loan: the queue tags renewals and top-ups beside the enterprise's name. */
  kind: ApplicationKindSchema,
  /** 补件: the case came back from a return (queue list), and who returned it. */
  resubmitted: z.boolean().optional(),
  returnedBy: z.string().nullable().optional(),
  /** Notes addressed to the caller or one of their roles on this open case (queue list; issue 15 item 6). */
  notesForMe: z.number().int().optional(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>;

export const DecisionRecordSchema = z.object({
  id: z.number().int(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: StatusSchema,
  toStatus: StatusSchema,
  payload: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const ApplicationDetailSchema = ApplicationSummarySchema.extend({
  purpose: z.string(),
  legalRepName: z.string(),
  legalRepId: z.string(),
  /** Present when the caller's role sees this ID in full but reached the hourly limit (bank-api/audit/reveals.ts). */
  legalRepIdWithheld: IdRevealWithheldSchema.optional(),
  assessment: z.record(z.string(), z.unknown()),
  routing: z.record(z.string(), z.unknown()),
  preapproval: z.record(z.string(), z.unknown()).nullable(),
  profile: z.record(z.string(), z.unknown()),
  checklist: z.array(z.record(z.string(), z.unknown())),
  investigation: z.record(z.string(), z.unknown()).nullable(),
  approvedTerms: z.record(z.string(), z.unknown()).nullable(),
  /** The approval's conditions as items (shared/credit/loan-conditions.ts); legacy strings read as `other`. */
  conditions: z.array(LoanConditionSchema),
  /**
   * The guarantors the case names (the application's, then the profile's registered ones): a guaranteed
   * product's approval needs a `guarantee_signed` condition for each (shared/credit/required-conditions.ts).
   */
  guarantors: z.array(z.object({ name: z.string(), uscc: z.string().optional() })).optional(),
  createdBy: z.string().nullable(),
  investigatedBy: z.string().nullable(),
  /** Where an escalated case waits (a senior approver's lane or the committee); null if never escalated. */
  escalatedTo: z.enum(['senior_approver', 'committee']).nullable(),
  /** A pricing exception (定价授权) awaiting or granted: proposed terms, reason, requestedBy, grantRole, facts. */
  pricingException: z.record(z.string(), z.unknown()).nullable(),
  /** Policy exceptions raised at submission: [{ code, zh, en, facts }]. */
  policyExceptions: z.array(z.record(z.string(), z.unknown())),
  /** 首席服务官: the relationship manager who serves the enterprise (null when none is assigned). */
  serviceOfficer: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
  /** 续贷 / 增额: the loan this case renews or tops up and the 无还本续贷 answer it was started with; null for a new need. */
  renewal: CaseRenewalSchema.nullable().optional(),
  /** The loan the case became once disbursed (the loan page); null before. */
  loanId: z.string().nullable().optional(),
  history: z.array(DecisionRecordSchema),
});
export type ApplicationDetail = z.infer<typeof ApplicationDetailSchema>;

export const QUEUE_SORTS = ['slaDueAt', '-slaDueAt', 'submittedAt', '-submittedAt', 'amount', '-amount'] as const;

export const ApplicationListQuerySchema = z.strictObject({
  tier: TierSchema.optional(),
  /** Escalated cases by destination: the senior lane ('senior_approver') or the committee. */
  escalatedTo: z.enum(['senior_approver', 'committee']).optional(),
  status: Code(400)
    .transform((s) => s.split(','))
    .pipe(z.array(StatusSchema).min(1).max(15))
    .optional(),
  branchId: Code(32).optional(),
  productCode: Code(16).optional(),
  assigneeId: Code(64).optional(),
  /**
   * 'true': only the caller's own cases — those they submitted or whose enterprise they serve as
   * 首席服务官 (the relationship manager's "my applications"); within their read scope as always.
   */
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  slaState: SlaStateSchema.optional(),
  amountMin: MoneyString.optional(),
  amountMax: MoneyString.optional(),
  q: text({ max: 100, min: 1, trim: true }).optional(),
  sort: z.enum(QUEUE_SORTS).default('slaDueAt'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Opaque: the `nextCursor` of the previous page of the same sort (bank-api/workflow/queue.ts). */
  cursor: Code(200).optional(),
});
export type ApplicationListQuery = z.input<typeof ApplicationListQuerySchema>;

export const ApplicationListSchema = z.object({
  items: z.array(ApplicationSummarySchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const QueueCountsSchema = z.object({
  tiers: z.array(
    z.object({ tier: TierSchema, open: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int() }),
  ),
  /** Cases escalated to a senior approver (the senior lane); not counted in their tier's lane. */
  senior: z.object({ open: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int() }).optional(),
  returned: z.number().int(),
});

const ReasonCodes = z.array(Code(64, 1)).min(1, 'at least one reason code is required').max(20);

export const DecisionRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('approve'),
    amount: MoneyString,
    annualRate: PercentString,
    termMonths: z.number().int().min(1).max(360),
    repaymentMethod: RepaymentMethodSchema,
    /**
     * The approval's conditions as items (at most 20); the ones the case requires
     * (shared/credit/required-conditions.ts) must be there, or 422 `conditions.required_missing`.
     */
    conditions: LoanConditionsSchema.default([]),
    comment: Text(CONDITIONS_MAX_CHARS).optional(),
    /**
     * A rate outside the decider's pricing authority (定价授权) goes, with this, to whoever may grant it
     * (a senior approver or the committee) instead of being refused.
     */
    pricingException: z.strictObject({ reason: Text(CONDITIONS_MAX_CHARS, 1) }).optional(),
  }),
  z.strictObject({
    action: z.literal('decline'),
    reasonCodes: ReasonCodes,
    comment: Text(CONDITIONS_MAX_CHARS).optional(),
  }),
  z.strictObject({
    action: z.literal('return'),
    items: z.array(Code(64, 1)).min(1, 'pick at least one checklist item').max(50),
    comment: Text(CONDITIONS_MAX_CHARS).optional(),
  }),
  z.strictObject({
    action: z.literal('escalate'),
    reason: Text(CONDITIONS_MAX_CHARS, 1),
    to: z.enum(['senior_approver', 'committee']).default('committee'),
  }),
  z.strictObject({
    action: z.literal('vote'),
    vote: z.enum(['approve', 'decline']),
    comment: Text(CONDITIONS_MAX_CHARS).optional(),
  }),
]);
export type DecisionRequest = z.input<typeof DecisionRequestSchema>;
export const DecisionActionSchema = z.enum(DECISION_ACTIONS);

/** Force-releasing another user's claim (senior approver, supervisor): the reason is required. */
export const ForceReleaseRequestSchema = z.strictObject({
  reason: Text(CONDITIONS_MAX_CHARS, 1),
});

export const DecisionResponseSchema = z.object({
  application: ApplicationSummarySchema,
  outcome: z.string(),
  message: z.string(),
});

export const DateRangeSchema = z.object({ from: DateString, to: DateString });
