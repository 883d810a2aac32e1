/**
 * The loan page (issue 17 item 2): `GET /api/v1/loans/{id}` — one loan with its repayment schedule
 * (each instalment paid, due or overdue), days past due, classification history, warning signals over
 * time, the application it came from, its contract and its service officer; and `GET /api/v1/loans?q=`
 * to find a loan by its id or its borrower's name. Both are scoped to the reader's branch subtree
 * (and, for a relationship manager, the clients they serve); a loan outside it is 404.
 */
import { z } from 'zod';
import { DateString } from '../loan/quote';
import type { Role } from './auth';
import { text } from './text';

/** Who reads loans: every role that follows a loan after disbursement. Contract officers' work ends at signing. */
export const LOAN_READ_ROLES: readonly Role[] = [
  'relationship_manager',
  'approver',
  'senior_approver',
  'committee',
  'supervisor',
  'disbursement_officer',
];

/** A loan id: the sandbox book's `LN000000001`, a disbursed case's `LN-APP…`. */
export const LOAN_ID_PATTERN = /^[A-Z0-9][A-Z0-9-]{3,59}$/;
export const LoanIdParamsSchema = z.strictObject({ id: z.string().regex(LOAN_ID_PATTERN, 'not a loan id') });

export const CLASSIFICATIONS = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export const ClassificationSchema = z.enum(CLASSIFICATIONS);

/** paid: due on or before the data date and not in arrears; overdue: in arrears; due: not yet due (or due today). */
export const INSTALMENT_STATES = ['paid', 'due', 'overdue'] as const;
export const InstalmentStateSchema = z.enum(INSTALMENT_STATES);
export type InstalmentState = z.infer<typeof InstalmentStateSchema>;

export const LoanInstalmentSchema = z.object({
  period: z.number().int(),
  dueDate: DateString,
  /** Yuan strings. */
  principal: z.string(),
  interest: z.string(),
  amount: z.string(),
  state: InstalmentStateSchema,
});
export type LoanInstalment = z.infer<typeof LoanInstalmentSchema>;

export const ClassificationEntrySchema = z.object({
  /** The month-end the entry is for; for the current class without history, the data date. */
  period: DateString,
  proposed: ClassificationSchema,
  /** The class in force: the reviewer's final class, else the proposal. */
  classification: ClassificationSchema,
  /** 'current': no review history yet — the loan's present class as the one entry. */
  status: z.enum(['proposed', 'confirmed', 'overridden', 'awaiting_second', 'current']),
  reviewerName: z.string().nullable(),
  secondReviewerName: z.string().nullable(),
  reason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type ClassificationEntry = z.infer<typeof ClassificationEntrySchema>;

export const LoanSignalSchema = z.object({
  code: z.string(),
  severity: z.enum(['low', 'medium', 'high']).nullable(),
  /** When it was raised and (if so) cleared; null for a signal only on the loan record (before monitoring ran). */
  raisedAt: z.string().nullable(),
  clearedAt: z.string().nullable(),
  observedAt: z.string().nullable(),
  /** The figures the rule saw and its threshold (as the monitoring job stored them). */
  observed: z.record(z.string(), z.unknown()).nullable(),
  ruleVersion: z.string().nullable(),
  /** 'monitoring': a loan_signals row; 'loan_record': the loan's warning_signals column. */
  source: z.enum(['monitoring', 'loan_record']),
});
export type LoanSignal = z.infer<typeof LoanSignalSchema>;

export const LoanApplicationRefSchema = z.object({
  id: z.string(),
  grade: z.string().nullable(),
  tier: z.string(),
  channel: z.string(),
  status: z.string(),
  decidedAt: z.string().nullable(),
  /** Who approved it; null with `decidedAutomatically` for the instant channel. */
  decidedByName: z.string().nullable(),
  decidedAutomatically: z.boolean(),
});

export const LoanDetailSchema = z.object({
  id: z.string(),
  /** The date the loan data is as of (the sandbox's data date, else today in Beijing). */
  asOf: DateString,
  enterprise: z.object({
    id: z.string(),
    name: z.string(),
    /** Public (on the business licence). */
    uscc: z.string(),
    /** Legal representative, masked (surname; region and last four of the ID). */
    legalRepName: z.string(),
    legalRepId: z.string(),
  }),
  branchId: z.string(),
  productCode: z.string(),
  /** Yuan strings. */
  principal: z.string(),
  balance: z.string(),
  /** Annual rate, percent (e.g. "3.4500"); LPR percent and spread in basis points when recorded. */
  annualRate: z.string(),
  lprPercent: z.string().nullable(),
  spreadBp: z.number().int().nullable(),
  termMonths: z.number().int().nullable(),
  repaymentMethod: z.string().nullable(),
  disbursedOn: DateString,
  maturityDate: DateString,
  /** active: balance outstanding; overdue: in arrears; settled: no balance. */
  status: z.enum(['active', 'overdue', 'settled']),
  daysPastDue: z.number().int(),
  maxDaysPastDue: z.number().int(),
  /** The first missed due date the days past due count from (data date − days past due); null when none. */
  overdueSince: DateString.nullable(),
  classification: ClassificationSchema,
  schedule: z.object({
    source: z.enum(['stored', 'derived', 'none']),
    instalments: z.array(LoanInstalmentSchema),
    paidCount: z.number().int(),
    overdueCount: z.number().int(),
    /** Sum of the overdue instalments, yuan. */
    overdueAmount: z.string(),
    /** The next instalment not yet due, or null. */
    next: LoanInstalmentSchema.nullable(),
  }),
  classificationHistory: z.array(ClassificationEntrySchema),
  /** Newest first. */
  signals: z.array(LoanSignalSchema),
  application: LoanApplicationRefSchema.nullable(),
  contractId: z.string().nullable(),
  serviceOfficer: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type LoanDetail = z.infer<typeof LoanDetailSchema>;

export const LOAN_SEARCH_MAX = 50;
export const LoanSearchQuerySchema = z
  .strictObject({
    /** A loan id, or part of the borrower's name. */
    q: text({ max: 60, min: 2, trim: true }).optional(),
    /** The loans of the clients this service officer (a user id) serves. */
    officer: z
      .string()
      .regex(/^u-[a-z0-9_-]{1,40}$/, 'not a user id')
      .optional(),
    limit: z.coerce.number().int().min(1).max(LOAN_SEARCH_MAX).default(LOAN_SEARCH_MAX),
  })
  .refine((x) => x.q !== undefined || x.officer !== undefined, {
    error: 'give q (a loan id or part of a borrower name) or officer',
    path: ['q'],
  });
export type LoanSearchQuery = z.input<typeof LoanSearchQuerySchema>;

export const LoanSearchResultSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      enterpriseName: z.string(),
      productCode: z.string(),
      balance: z.string(),
      daysPastDue: z.number().int(),
      classification: ClassificationSchema,
      disbursedOn: DateString,
    }),
  ),
});
export type LoanSearchResult = z.infer<typeof LoanSearchResultSchema>;
