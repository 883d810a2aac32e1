/**
 * Repayment reminders for relationship managers (issue 16 item 5): the loans of the RM's clients (the
 * enterprises they serve as 首席服务官) with an instalment due in the next N bank working days, and the
 * loans past due. `GET /api/v1/workspace/repayments?days=N`.
 */
import { z } from 'zod';
import { DateString } from '../loan/quote';

/** How far ahead reminders look by default, and at most (bank working days). */
export const REMINDER_DEFAULT_DAYS = 5;
export const REMINDER_MAX_DAYS = 30;
/** Most rows each list carries (the RM's whole book is rarely this long; `total` says when it is). */
export const REMINDER_MAX_ROWS = 500;

export const RepaymentsQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(REMINDER_MAX_DAYS).default(REMINDER_DEFAULT_DAYS),
});
export type RepaymentsQuery = z.input<typeof RepaymentsQuerySchema>;

/** Where the instalments come from: stored with the loan at disbursement, or derived from its terms. */
export const ScheduleSourceSchema = z.enum(['stored', 'derived']);

const LoanRef = {
  loanId: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  productCode: z.string(),
  /** Outstanding balance, yuan. */
  balance: z.string(),
  schedule: ScheduleSourceSchema,
};

export const DueInstalmentSchema = z.object({
  ...LoanRef,
  period: z.number().int(),
  dueDate: DateString,
  principal: z.string(),
  interest: z.string(),
  /** principal + interest, yuan. */
  amountDue: z.string(),
  /** Bank working days from the data date to the due date (0: due today). */
  workingDaysLeft: z.number().int(),
});

export const PastDueLoanSchema = z.object({
  ...LoanRef,
  daysPastDue: z.number().int(),
  /** The missed due date the days past due count from (data date − days past due). */
  overdueSince: DateString,
  /** The earliest unpaid instalment's due date, or null when no instalment could be derived. */
  dueDate: DateString.nullable(),
  /** The instalments due from `overdueSince` to the data date, yuan; null when none could be derived. */
  amountDue: z.string().nullable(),
});

export const RepaymentsSchema = z.object({
  /** The date the loan data is as of (the sandbox's data date, else today in Beijing). */
  asOf: DateString,
  days: z.number().int(),
  /** The last day of the window: `days` working days after `asOf`. */
  windowEnd: DateString,
  due: z.array(DueInstalmentSchema),
  dueTotal: z.number().int(),
  pastDue: z.array(PastDueLoanSchema),
  pastDueTotal: z.number().int(),
});
export type Repayments = z.infer<typeof RepaymentsSchema>;
export type DueInstalment = z.infer<typeof DueInstalmentSchema>;
export type PastDueLoan = z.infer<typeof PastDueLoanSchema>;
