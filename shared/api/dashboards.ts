/**
 * Wire schemas of the supervisors' dashboards (风险看板). Every dashboard answers with panels in one
 * generic shape — rows × series of exact decimal strings — and every count or sum in a panel can be
 * drilled: `GET /api/v1/dashboards/{dashboard}/drill?panel&row&series` with the same filters lists
 * exactly the rows behind it (their number is the count; their balances add up to the sum).
 */
import { z } from 'zod';
import { DateString } from '../loan/quote';
import { TierSchema } from '../workflow/status';
import { text } from './text';

export const DASHBOARDS = ['process', 'portfolio', 'warning', 'regulatory'] as const;
export const DashboardIdSchema = z.enum(DASHBOARDS);
export type DashboardId = z.infer<typeof DashboardIdSchema>;

/** Longest period a dashboard covers (three years), and the earliest date it accepts. */
export const MAX_PERIOD_DAYS = 1096;
export const EARLIEST_DATE = '2015-01-01';

/** Filters shared by every dashboard; unknown query parameters are refused. */
export const DashboardFilterShape = {
  /** First day of the period (Beijing date), inclusive. */
  from: DateString.optional(),
  /** Last day of the period (Beijing date), inclusive. */
  to: DateString.optional(),
  /** A branch: it and its sub-branches. Must lie within the caller's own scope. */
  branchId: text({ max: 32, min: 1 }).optional(),
  productCode: text({ max: 16, min: 1 }).optional(),
  tier: TierSchema.optional(),
  /** GB/T 4754 section letter ("C") or a code prefix ("C34"). */
  industry: z
    .string()
    .regex(/^[A-T]\d{0,4}$/, 'industry must be a GB/T 4754 section letter or code prefix like C or C34')
    .optional(),
  /**
   * The instant the figures were computed at (a dashboard's `generatedAt`); drill-downs pass it back so
   * open cases that crossed their SLA since then are counted the same way.
   */
  at: z.iso.datetime({ offset: true }).optional(),
};
export const DashboardQuerySchema = z.strictObject(DashboardFilterShape);
export type DashboardQuery = z.input<typeof DashboardQuerySchema>;

export const DrillQuerySchema = z.strictObject({
  ...DashboardFilterShape,
  panel: text({ max: 64, min: 1 }),
  row: text({ max: 64, min: 1 }),
  series: text({ max: 64, min: 1 }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, 'not a cursor this API issued')
    .optional(),
});
export type DrillQuery = z.input<typeof DrillQuerySchema>;

export const Bilingual = z.object({ zh: z.string(), en: z.string() });
/**
 * What kind of value a figure is, which decides how a person reads it: `count` (笔, cases or loans),
 * `borrowers` (户, distinct enterprises), `yuan` (money, exact to the fen), `percent` (a ratio, two
 * places), `hours` (a duration), `check` (a pass/fail: "true" / "false", shown as 达标 / 未达标),
 * `workingDays` (bank working days, shared/calendar).
 */
export const UNITS = ['count', 'borrowers', 'yuan', 'percent', 'hours', 'check', 'workingDays'] as const;
export const UnitSchema = z.enum(UNITS);
export type Unit = z.infer<typeof UnitSchema>;
export const CHART_KINDS = ['bar', 'stackedBar', 'hbar', 'line', 'kpi', 'vintage', 'funnel'] as const;

export const PanelSeriesSchema = z.object({
  key: z.string(),
  unit: UnitSchema,
  /** Shown as a name when the UI has no translation for the key (e.g. a disbursement quarter). */
  label: Bilingual.nullable(),
  /** Plotted in the chart (others appear in the table view only). */
  plotted: z.boolean(),
  /** The series a click drills into: itself for counts and sums, the numerator for a ratio; null: none. */
  drill: z.string().nullable(),
});

export const PanelRowSchema = z.object({
  key: z.string(),
  label: Bilingual.nullable(),
  /** Exact decimal strings per series key; null where a figure does not exist (e.g. no SLA). */
  values: z.record(z.string(), z.string().nullable()),
  /**
   * The unit of this row's figure for a series, where it differs from the series' own (a table of
   * checks mixes ratios and borrower counts in one column). Absent: every figure has its series' unit.
   */
  units: z.record(z.string(), UnitSchema).optional(),
});

export const PanelSchema = z.object({
  id: z.string(),
  chart: z.enum(CHART_KINDS),
  series: z.array(PanelSeriesSchema),
  rows: z.array(PanelRowSchema),
  /** How a figure was derived where that is not obvious. */
  notes: z.array(Bilingual),
});
export type Panel = z.infer<typeof PanelSchema>;

export const DashboardSchema = z.object({
  dashboard: DashboardIdSchema,
  generatedAt: z.string(),
  /** The date the loan data is as of (portfolio, warning, regulatory), or null. */
  dataAsOf: DateString.nullable(),
  filters: z.object({
    from: DateString,
    to: DateString,
    branchId: z.string(),
    productCode: z.string().nullable(),
    tier: TierSchema.nullable(),
    industry: z.string().nullable(),
  }),
  /** The branches the figures cover (the filter's sub-tree within the caller's scope). */
  branches: z.array(z.string()),
  /** Their names, by id (for the meta line, the branch filter and drill-down lists). */
  branchNames: z.record(z.string(), Bilingual),
  panels: z.array(PanelSchema),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const DrillApplicationSchema = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  productCode: z.string(),
  tier: z.string(),
  status: z.string(),
  branchId: z.string(),
  amount: z.string(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  slaDueAt: z.string().nullable(),
});
export const DrillLoanSchema = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  productCode: z.string(),
  branchId: z.string(),
  industryCode: z.string(),
  principal: z.string(),
  balance: z.string(),
  annualRate: z.string(),
  disbursedOn: z.string(),
  maturityDate: z.string(),
  daysPastDue: z.number().int(),
  classification: z.string(),
  warningSignals: z.array(z.string()),
});

export const DrillResultSchema = z.object({
  kind: z.enum(['applications', 'loans']),
  panel: z.string(),
  row: z.string(),
  series: z.string(),
  items: z.array(z.union([DrillApplicationSchema, DrillLoanSchema])),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  /** Loans: the sum of their balances (yuan) — equals the panel's balance figure. */
  balance: z.string().nullable(),
  /**
   * Loans drilled from a borrower count: how many distinct borrowers they belong to — equals that
   * figure. Null for other drill-downs (counting them would cost a pass over the whole cohort).
   */
  enterprises: z.number().int().nullable(),
});
export type DrillResult = z.infer<typeof DrillResultSchema>;
export type DrillApplication = z.infer<typeof DrillApplicationSchema>;
export type DrillLoan = z.infer<typeof DrillLoanSchema>;
