/**
 * Authority administration (授权管理, issue 14 item 8): supervisors grant, change or withdraw a user's
 * authority matrix — per risk grade the largest single amount in yuan, or none — with an effective date
 * and the document reference (年度授权书 number). One supervisor proposes, a second confirms; a grant
 * delegated under another user's own authority (转授权) never exceeds that user's matrix per grade.
 * The bank API reads the authority in force on the decision date (the session user's `authority`).
 */
import { z } from 'zod';
import { parseCivilDate } from '../calendar/civil-date';
import { GRADES } from '../credit/grades';
import { BranchSchema, MoneyStringSchema, RoleSchema } from './auth';
import { text } from './text';

/** Users are named by their id (`u-approver2`). */
export const AuthorityUserIdSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'not a user id (e.g. "u-approver2")');

/** A change's id: a positive integer as a string. */
export const AuthorityChangeIdSchema = z.string().regex(/^[1-9][0-9]{0,17}$/, 'not an authority change id');

/** A calendar date as the bank counts it (Beijing), "2026-12-01"; impossible dates refused. */
export const BankDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    try {
      parseCivilDate(s);
      return true;
    } catch {
      return false;
    }
  }, 'not a calendar date');

/** One grade's limit: yuan with two decimals, or null for "may not approve this grade". */
const LimitSchema = MoneyStringSchema.nullable();

/** A matrix as proposed: every grade A–E named, each an amount or null (none). Unknown grades refused. */
export const AuthorityMatrixInputSchema = z.strictObject({
  A: LimitSchema,
  B: LimitSchema,
  C: LimitSchema,
  D: LimitSchema,
  E: LimitSchema,
});
export type AuthorityMatrixInput = z.infer<typeof AuthorityMatrixInputSchema>;

/** A matrix as the API shows it: per grade yuan, or null where the user approves nothing. */
export const AuthorityMatrixSchema = z.object(
  Object.fromEntries(GRADES.map((g) => [g, LimitSchema])) as Record<(typeof GRADES)[number], typeof LimitSchema>,
);
export type AuthorityMatrixView = z.infer<typeof AuthorityMatrixSchema>;

export const DOCUMENT_REF_MAX = 64;
export const AUTHORITY_REASON_MAX = 500;

/** POST /api/v1/authority/changes — propose a grant, change or withdrawal (authority null). */
export const AuthorityProposalSchema = z.strictObject({
  userId: AuthorityUserIdSchema,
  /** The new matrix; null withdraws the user's authority altogether. */
  authority: AuthorityMatrixInputSchema.nullable(),
  /** First day it applies: today (Beijing) or later. */
  effectiveFrom: BankDateSchema,
  /** The annual authorisation document's number (年度授权书编号). */
  documentRef: text({
    max: DOCUMENT_REF_MAX,
    min: 1,
    trim: true,
    minMessage: 'the document reference (年度授权书编号) is required',
  }),
  /** 转授权: the user under whose own authority this is delegated; omitted or null for a head-office grant. */
  grantorId: AuthorityUserIdSchema.nullable().optional(),
  reason: text({ max: AUTHORITY_REASON_MAX, multiline: true, trim: true }).optional(),
});
export type AuthorityProposal = z.infer<typeof AuthorityProposalSchema>;

export const AuthorityConfirmSchema = z.strictObject({
  note: text({ max: AUTHORITY_REASON_MAX, multiline: true, trim: true }).optional(),
});
export const AuthorityRejectSchema = z.strictObject({
  reason: text({
    max: AUTHORITY_REASON_MAX,
    min: 1,
    multiline: true,
    trim: true,
    minMessage: 'say why the change is rejected',
  }),
});
export const AuthorityWithdrawSchema = z.strictObject({
  reason: text({ max: AUTHORITY_REASON_MAX, multiline: true, trim: true }).optional(),
});

export const AuthorityChangeParamsSchema = z.strictObject({ id: AuthorityChangeIdSchema });

export const AUTHORITY_KINDS = ['initial', 'grant', 'change', 'withdraw'] as const;
export const AUTHORITY_STATUSES = ['pending', 'confirmed', 'rejected', 'withdrawn'] as const;

const PersonSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

/** One grant, change or withdrawal, as proposed and (maybe) decided. */
export const AuthorityChangeSchema = z.object({
  id: z.string(),
  user: PersonSchema,
  kind: z.enum(AUTHORITY_KINDS),
  /** Null: the authority is withdrawn. */
  authority: AuthorityMatrixSchema.nullable(),
  effectiveFrom: z.string(),
  documentRef: z.string(),
  grantor: PersonSchema.nullable(),
  reason: z.string().nullable(),
  status: z.enum(AUTHORITY_STATUSES),
  /** Null for the initial grants the seed wrote. */
  proposedBy: PersonSchema.nullable(),
  proposedAt: z.string(),
  decidedBy: PersonSchema.nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type AuthorityChange = z.infer<typeof AuthorityChangeSchema>;

/** A user who may hold an authority, with what is in force today, what is scheduled and what is pending. */
export const AuthorityHolderSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  branch: BranchSchema,
  /** The confirmed grant in force today; null if none (the user approves nothing). */
  inForce: AuthorityChangeSchema.nullable(),
  /** Confirmed grants effective after today, soonest first. */
  scheduled: z.array(AuthorityChangeSchema),
  /** The open proposal awaiting a second supervisor, if any. */
  pending: AuthorityChangeSchema.nullable(),
});
export type AuthorityHolder = z.infer<typeof AuthorityHolderSchema>;

/** GET /api/v1/authority/users. */
export const AuthorityHoldersSchema = z.object({
  /** The bank's date today (Beijing). */
  today: z.string(),
  items: z.array(AuthorityHolderSchema),
});
export type AuthorityHolders = z.infer<typeof AuthorityHoldersSchema>;

/** GET /api/v1/authority/changes — the history, newest first. */
export const AuthorityHistoryQuerySchema = z.strictObject({
  userId: AuthorityUserIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const AuthorityHistorySchema = z.object({ items: z.array(AuthorityChangeSchema) });
export type AuthorityHistory = z.infer<typeof AuthorityHistorySchema>;
