import { z } from 'zod';
import { parseCivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors';
import { checkResidentId } from '../ids/resident-id';
import { checkUscc } from '../ids/uscc';
import { DateString, MoneyString } from '../loan/quote';

/**
 * The enterprise profile (企业画像) the engine scores — SPEC §4 "Enterprise". It is what the data-source
 * adapters (tax, registry, social insurance, bureau, the bank's own settlement data) assemble, and what the
 * sandbox generator produces. Money is yuan strings with two places, as on the wire.
 */
export const TAX_RATINGS = ['A', 'B', 'M', 'C', 'D'] as const;
export type TaxRating = (typeof TAX_RATINGS)[number];
export const SIZE_CLASSES = ['micro', 'small', 'medium'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

const MonthString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM');
const Count = z.number().int().min(0).max(1_000_000);

export const MonthlyFiguresSchema = z.object({
  /** Calendar month, YYYY-MM. */
  month: MonthString,
  /** 增值税申报销售额 — VAT-declared sales that month. */
  vatSales: MoneyString,
  /** Settlement inflow (结算流入) through this bank's accounts. */
  settlementInflow: MoneyString,
  /** Settlement outflow (结算流出) through this bank's accounts. */
  settlementOutflow: MoneyString,
  /** Taxes paid that month (实缴税额). */
  taxPaid: MoneyString,
});
export type MonthlyFigures = z.infer<typeof MonthlyFiguresSchema>;

export const BureauSummarySchema = z.object({
  /** 征信 — loan balances outstanding at all lenders. */
  loansOutstanding: MoneyString,
  /** Number of overdue instalments in the last 12 months. */
  overdueCount12m: Count,
  /** Longest overdue spell in the last 24 months, in days (0 = never overdue). */
  maxOverdueDays24m: Count,
  /** Hard inquiries (贷款审批查询) in the last 6 months. */
  inquiries6m: Count,
});

export const PublicFlagsSchema = z.object({
  /** Listed as a party subject to enforcement (被执行人). */
  courtEnforcement: z.boolean(),
  /** Administrative penalties (行政处罚) in the last 24 months. */
  adminPenalties: Count,
  /** On the abnormal operation list (经营异常名录). */
  abnormalOperation: z.boolean(),
});

export const RelationSchema = z.object({
  name: z.string().min(1).max(200),
  kind: z.enum(['shareholder', 'guarantor']),
  /** Shareholding in percent ("51.00"), shareholders only. */
  sharePercent: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/)
    .optional(),
  uscc: z.string().optional(),
});

export const SourceDatesSchema = z.object({
  registry: DateString,
  tax: DateString,
  socialInsurance: DateString,
  bureau: DateString,
  settlement: DateString,
});

export const EnterpriseProfileSchema = z
  .object({
    /** 统一社会信用代码, GB 32100-2015, check characters verified. */
    uscc: z.string().refine((s) => checkUscc(s).ok, 'uscc is not a valid unified social credit code'),
    name: z.string().min(1).max(200),
    /** Legal representative's name; masked in the UI. */
    legalRepName: z.string().min(1).max(100),
    /** Legal representative's resident ID (GB 11643-1999), check character verified; masked in the UI. */
    legalRepId: z.string().refine((s) => checkResidentId(s).ok, 'legalRepId is not a valid resident ID number'),
    establishedDate: DateString,
    registeredCapital: MoneyString,
    /** GB/T 4754-2017 code: section letter and up to four digits, e.g. "C3311". */
    industryCode: z.string().regex(/^[A-T](\d{2}|\d{3}|\d{4})?$/, 'industryCode must be a GB/T 4754 code like C3311'),
    sizeClass: z.enum(SIZE_CLASSES),
    /** Administrative division code of the registered address (GB/T 2260), e.g. "310115". */
    region: z.string().regex(/^\d{6}$/),
    taxRating: z.enum(TAX_RATINGS),
    insuredHeadcount: Count,
    /** 12–24 consecutive months, oldest first, the last one the most recent complete month. */
    monthly: z.array(MonthlyFiguresSchema).min(12).max(24),
    bureau: BureauSummarySchema,
    publicFlags: PublicFlagsSchema,
    relations: z.array(RelationSchema).max(100).default([]),
    /** Share of expected data fields that sources returned, 0–100. */
    dataCompleteness: z.number().int().min(0).max(100),
    /** The date each source's data is as of. */
    asOf: SourceDatesSchema,
  })
  .superRefine((p, ctx) => {
    for (let i = 1; i < p.monthly.length; i++) {
      const [y0, m0] = p.monthly[i - 1]!.month.split('-').map(Number) as [number, number];
      const [y1, m1] = p.monthly[i]!.month.split('-').map(Number) as [number, number];
      if (y1 * 12 + m1 !== y0 * 12 + m0 + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['monthly', i, 'month'],
          message: 'months must be consecutive, oldest first',
        });
        return;
      }
    }
  });
export type EnterpriseProfile = z.input<typeof EnterpriseProfileSchema>;

/**
 * Parses untrusted input into a profile; throws DomainError `profile.invalid` naming the first bad field.
 * Dates are also checked to be real calendar dates.
 */
export function parseEnterpriseProfile(input: unknown): EnterpriseProfile {
  const r = EnterpriseProfileSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || 'profile';
    throw new DomainError('profile.invalid', `${field}: ${issue.message}`, field, { issues: r.error.issues.length });
  }
  const p = r.data;
  parseCivilDate(p.establishedDate, 'establishedDate');
  for (const [k, v] of Object.entries(p.asOf)) parseCivilDate(v, `asOf.${k}`);
  return p;
}
