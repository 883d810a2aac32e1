/**
 * Renewal (续贷) and top-up (增额) from a loan (issue 17 item 5): `GET /api/v1/loans/{id}/renewal-eligibility`
 * answers whether a renewal without principal repayment (无还本续贷) is allowed and why, creating nothing;
 * `POST /api/v1/loans/{id}/renewal` (the client's relationship manager, Idempotency-Key) starts a renewal or
 * a top-up application pre-filled from the loan, submitted and routed as any new application.
 */
import { z } from 'zod';
import { APPLICATION_KINDS, LOAN_CLASSES } from '../credit/renewal';
import { DateString, MoneyString } from '../loan/quote';
import { StatusSchema } from '../workflow/status';
import { ApplicationSummarySchema } from './applications';
import type { Role } from './auth';
import { RenewalEligibilitySchema, RenewalKindSchema } from './renewal-eligibility';
import { text } from './text';

/** Who reads a loan's renewal answer: the roles that read loans (shared/api/loans.ts). */
export const RENEWAL_READ_ROLES: readonly Role[] = [
  'relationship_manager',
  'approver',
  'senior_approver',
  'committee',
  'supervisor',
  'disbursement_officer',
];
/** Who starts one: the client's service officer (客户经理). */
export const RENEWAL_START_ROLES: readonly Role[] = ['relationship_manager'];

/** A loan id: the sandbox book's `LN000000001`, a disbursed case's `LN-APP…`. */
export const RenewalLoanParamsSchema = z.strictObject({
  id: z.string().regex(/^[A-Z0-9][A-Z0-9-]{3,59}$/, 'not a loan id'),
});

export const ApplicationKindSchema = z.enum(APPLICATION_KINDS);
export {
  RenewalConditionSchema,
  type RenewalConditionWire,
  RenewalEligibilitySchema,
  type RenewalEligibilityWire,
  RenewalKindSchema,
} from './renewal-eligibility';

/** An application started from the loan earlier (a renewal or a top-up). */
export const RenewalApplicationSchema = z.object({
  id: z.string(),
  kind: RenewalKindSchema,
  status: StatusSchema,
  amount: MoneyString,
  termMonths: z.number().int(),
  submittedAt: z.string(),
});
export type RenewalApplication = z.infer<typeof RenewalApplicationSchema>;

/** GET …/renewal-eligibility: the rules' answer, the loan as the form pre-fills it, and what was started before. */
export const RenewalEligibilityResponseSchema = z.object({
  eligibility: RenewalEligibilitySchema,
  loan: z.object({
    id: z.string(),
    enterpriseName: z.string(),
    productCode: z.string(),
    balance: MoneyString,
    maturityDate: DateString,
    termMonths: z.number().int(),
    classification: z.enum(LOAN_CLASSES),
  }),
  /** The pre-filled terms of a renewal (the balance, the loan's term within the product's range). */
  defaults: z.object({
    amount: MoneyString,
    termMonths: z.number().int(),
    minTermMonths: z.number().int(),
    maxTermMonths: z.number().int(),
  }),
  applications: z.array(RenewalApplicationSchema),
});
export type RenewalEligibilityResponse = z.infer<typeof RenewalEligibilityResponseSchema>;

export const StartRenewalRequestSchema = z.strictObject({
  kind: RenewalKindSchema,
  /** Renewal: at most the balance (default the balance). Top-up: the new money asked for, required. */
  amount: MoneyString.optional(),
  termMonths: z.number().int().min(1).max(360).optional(),
  purpose: text({ max: 500, min: 1, multiline: true, trim: true }).optional(),
});
export type StartRenewalRequest = z.infer<typeof StartRenewalRequestSchema>;

export const StartRenewalResponseSchema = z.object({
  application: ApplicationSummarySchema,
  decidedInstantly: z.boolean(),
  kind: RenewalKindSchema,
  loanId: z.string(),
  eligibility: RenewalEligibilitySchema,
});
export type StartRenewalResponse = z.infer<typeof StartRenewalResponseSchema>;
