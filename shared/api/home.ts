/**
 * The home screen's summary (`GET /api/v1/home`): what each role needs to start the day, as counts
 * with a few rows each. Sections appear only for the roles the caller holds; every figure is computed
 * by the bank API in SQL within the same scope as the queue (the caller's branch sub-tree and the
 * statuses the role may read), so a count on the home equals the rows the linked list shows.
 */
import { z } from 'zod';
import { TierSchema } from '../workflow/status';
import { SlaStateSchema } from './applications';
import { MoneyStringSchema } from './auth';

/** Rows shown under each count. */
export const HOME_LIST_MAX = 5;

const Instant = z.string();
const Status = z.string();

/** One case in a home list. */
export const HomeCaseSchema = z.object({
  id: z.string(),
  enterpriseName: z.string(),
  productCode: z.string(),
  amount: MoneyStringSchema,
  tier: TierSchema,
  status: Status,
  branchId: z.string(),
  /** Where an escalated case waits: the senior lane or the committee (null: not escalated). */
  escalatedTo: z.enum(['senior_approver', 'committee']).nullable(),
  slaDueAt: Instant.nullable(),
  slaState: SlaStateSchema.nullable(),
  /**
   * The instant that matters in this list: returned (returned), decided (decided today, awaiting
   * contracts), exported (exported unsigned), last change (relationship manager's lists).
   */
  at: Instant.nullable(),
  /** Decided today: the decision taken (approve, sign, decline, return, escalate, vote). */
  action: z.string().nullable(),
});
export type HomeCase = z.infer<typeof HomeCaseSchema>;

export const HomeListSchema = z.object({
  count: z.number().int().min(0),
  items: z.array(HomeCaseSchema).max(HOME_LIST_MAX),
});
export type HomeList = z.infer<typeof HomeListSchema>;

/** Approvers, senior approvers, committee members. */
export const DeciderHomeSchema = z.object({
  /** Open cases I have claimed. */
  claimed: HomeListSchema,
  /** Open cases of my tiers due within the queue's due-soon window (one working hour), soonest first. */
  dueSoon: HomeListSchema,
  /** Open cases of my tiers past their SLA, longest overdue first. */
  overdue: HomeListSchema,
  /** Cases I returned for material that still wait for the customer (status returned), oldest first. */
  returned: HomeListSchema,
  /** Cases I took a decision on today (Beijing date), latest first. */
  decidedToday: HomeListSchema,
  /** The tiers the due-soon and overdue figures cover (the lanes this user decides in). */
  tiers: z.array(TierSchema),
});
export type DeciderHome = z.infer<typeof DeciderHomeSchema>;

/** Contract officers. */
export const ContractsHomeSchema = z.object({
  /** Approved cases with no live contract document yet, longest waiting first. */
  awaiting: HomeListSchema,
  /** Cases with a contract document exported to the customer and not signed yet, oldest export first. */
  exportedUnsigned: HomeListSchema,
});
export type ContractsHome = z.infer<typeof ContractsHomeSchema>;

/** One regulatory check as the regulatory dashboard computes it (its `regulatory.checks` panel). */
export const HomeCheckSchema = z.object({
  key: z.string(),
  unit: z.enum(['percent', 'count']),
  value: z.string().nullable(),
  target: z.string().nullable(),
  met: z.boolean().nullable(),
});

/** Supervisors: the few figures that need attention, as the dashboards compute them. */
export const SupervisionHomeSchema = z.object({
  /** The date the loan data is as of. */
  dataAsOf: z.string(),
  /** The dashboards' instant, for drill-downs that must count the same way. */
  generatedAt: Instant,
  /** Regulatory checks not met (of the regulatory dashboard's pass/fail checks). */
  breaches: z.object({ count: z.number().int().min(0), checks: z.array(HomeCheckSchema) }),
  /** Loans on the book with an early-warning signal (warning dashboard), the top-ranked few listed. */
  warnings: z.object({
    count: z.number().int().min(0),
    balance: MoneyStringSchema,
    items: z
      .array(
        z.object({
          id: z.string(),
          enterpriseId: z.string(),
          enterpriseName: z.string(),
          balance: MoneyStringSchema,
          daysPastDue: z.number().int(),
          warningSignals: z.array(z.string()),
        }),
      )
      .max(HOME_LIST_MAX),
  }),
  /** Inclusive SME NPL ratio against its tolerance (all loans' NPL ratio + 3 percentage points). */
  npl: z.object({
    inclusiveRatio: z.string().nullable(),
    allRatio: z.string().nullable(),
    limit: z.string().nullable(),
    met: z.boolean().nullable(),
    /** Inclusive non-performing loans (the drill behind the ratio's numerator). */
    loans: z.number().int().min(0),
    balance: MoneyStringSchema,
  }),
});
export type SupervisionHome = z.infer<typeof SupervisionHomeSchema>;

/** Relationship managers: the applications they submitted, by status. */
export const OriginationHomeSchema = z.object({
  total: z.number().int().min(0),
  /** Every status with at least one application; counts add up to `total`. */
  byStatus: z.array(z.object({ status: Status, count: z.number().int().min(1) })),
  /** In approval (submitted, screened, in review, escalated, committee), most recently changed first. */
  inApproval: HomeListSchema,
  /** Returned for material: the customer must supply documents. */
  returned: HomeListSchema,
  /** Approved, in contracting, signed or disbursed. */
  approved: HomeListSchema,
  /** Declined, by an approver or the system. */
  declined: HomeListSchema,
});
export type OriginationHome = z.infer<typeof OriginationHomeSchema>;

export const HomeSummarySchema = z.object({
  generatedAt: Instant,
  /** Today's Beijing date ("decided today" means this date). */
  today: z.string(),
  decider: DeciderHomeSchema.nullable(),
  contracts: ContractsHomeSchema.nullable(),
  supervision: SupervisionHomeSchema.nullable(),
  origination: OriginationHomeSchema.nullable(),
});
export type HomeSummary = z.infer<typeof HomeSummarySchema>;

/** Statuses of the relationship manager's groups. */
export const ORIGINATION_GROUPS = {
  inApproval: ['submitted', 'screened', 'in_review', 'escalated', 'committee'],
  returned: ['returned'],
  approved: ['approved', 'auto_approved', 'contracting', 'signed', 'disbursed'],
  declined: ['declined', 'auto_declined'],
} as const;
