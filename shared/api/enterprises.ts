/**
 * Wire schemas of enterprise search, closest peers and side-by-side comparison (企业对比). A comparison
 * takes 2–4 enterprises; every metric also comes as the enterprise's percentile within its industry and
 * size class, and metrics whose values differ in a way that matters are flagged.
 */
import { z } from 'zod';
import type { Role } from './auth';
import { text } from './text';

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;
/** Staff who read enterprise profiles to decide or supervise (contract officers work from approved cases). */
export const COMPARE_ROLES: readonly Role[] = [
  'approver',
  'senior_approver',
  'committee',
  'supervisor',
  'relationship_manager',
];
export const EnterpriseIdSchema = z.string().regex(/^E[0-9A-HJ-NPQRTUWXY]{18}$/, 'not an enterprise id');

export const EnterpriseSearchQuerySchema = z.strictObject({
  q: text({ max: 100, min: 1, trim: true }),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const PeersQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(COMPARE_MAX - 1)
    .default(3),
});
export const CompareQuerySchema = z.strictObject({
  ids: text({ max: 400 })
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(EnterpriseIdSchema)
        .min(COMPARE_MIN, `compare at least ${COMPARE_MIN} different enterprises`)
        .max(COMPARE_MAX, `compare at most ${COMPARE_MAX} enterprises at a time`),
    ),
});

export const EnterpriseSummarySchema = z.object({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  industryCode: z.string(),
  sizeClass: z.string(),
  branchId: z.string(),
  annualSales: z.string(),
});
export type EnterpriseSummary = z.infer<typeof EnterpriseSummarySchema>;
export const EnterpriseListSchema = z.object({
  items: z.array(EnterpriseSummarySchema),
  nextCursor: z.null(),
  total: z.number().int(),
});
export const PeersSchema = EnterpriseListSchema.extend({
  /** `industry`: same GB/T 4754 code and size class; `section`: widened to the industry section. */
  basis: z.enum(['industry', 'section']),
});

export const METRIC_GROUPS = [
  'identity',
  'scale',
  'growth',
  'cashflow',
  'leverage',
  'credit',
  'tax',
  'flags',
  'score',
] as const;
export const MetricUnitSchema = z.enum(['yuan', 'percent', 'count', 'months', 'days', 'text', 'flag']);

export const CompareMetricSchema = z.object({
  key: z.string(),
  group: z.enum(METRIC_GROUPS),
  unit: MetricUnitSchema,
  /** Whether a higher value is better for credit (null: neither). */
  higherIsBetter: z.boolean().nullable(),
  /** One per enterprise, in the order of `enterprises`. */
  values: z.array(
    z.object({
      value: z.string().nullable(),
      /** Share of the enterprise's industry-and-size peers with a value at or below this one, 0–100. */
      percentile: z.number().int().min(0).max(100).nullable(),
    }),
  ),
  /** The values differ in a way that matters (percentiles ≥ 40 points apart, or a different rating or flag). */
  differs: z.boolean(),
});

export const ComparedEnterpriseSchema = z.object({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  industryCode: z.string(),
  sizeClass: z.string(),
  region: z.string(),
  branchId: z.string(),
  /** Which adapter the data came from ('sandbox' for the generator). */
  source: z.string(),
  /** The date each source's data is as of. */
  dataDates: z.record(z.string(), z.string()),
  score: z.object({
    modelVersion: z.string(),
    score: z.number().int(),
    grade: z.string(),
    pd: z.string(),
    reasonCodes: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  }),
  peerGroup: z.object({ basis: z.enum(['industry', 'section']), size: z.number().int() }),
  /** Monthly series, oldest first: VAT sales and settlement inflow in yuan. */
  series: z.array(z.object({ month: z.string(), vatSales: z.string(), settlementInflow: z.string() })),
});

export const CompareSchema = z.object({
  enterprises: z.array(ComparedEnterpriseSchema),
  metrics: z.array(CompareMetricSchema),
});
export type Compare = z.infer<typeof CompareSchema>;
export type CompareMetric = z.infer<typeof CompareMetricSchema>;
