/**
 * Wire schemas of the pre-approval query (预审批, issue 15 item 1): POST /api/v1/preapprovals answers
 * what a submission of these terms would meet — amount range, indicative grade and rate, the rules that
 * block it (with the fact seen and the threshold, in both languages), the policy exceptions it would
 * raise and the material list — without creating an application.
 */
import { z } from 'zod';
import { MoneyString, PercentString } from '../loan/quote';
import { CreateApplicationRequestSchema } from './applications';
import { GradeSchema } from './auth';

/** The same body as a submission; purpose and channel are not needed for the answer. */
export const PreapprovalRequestSchema = CreateApplicationRequestSchema.partial({ purpose: true, channel: true });
export type PreapprovalRequest = z.infer<typeof PreapprovalRequestSchema>;

const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const PreapprovalBlockerSchema = z.object({
  /** The rule's id (ADM_…, NEG_…, or PA_BELOW_PRODUCT_MIN when the figures support less than the product minimum). */
  id: z.string(),
  kind: z.enum(['admission', 'negative_list', 'preapproval']),
  /** What the rule checks, in words. */
  rule: Bilingual,
  fact: z.string().nullable(),
  /** The value seen and the threshold, in words and units (shared/credit/describe.ts). */
  seen: Bilingual,
  threshold: Bilingual,
});
export type PreapprovalBlocker = z.infer<typeof PreapprovalBlockerSchema>;

export const PreapprovalSchema = z.object({
  uscc: z.string(),
  enterpriseName: z.string(),
  productCode: z.string(),
  amount: MoneyString,
  asOf: z.string(),
  ruleSetVersion: z.string(),
  modelVersion: z.string(),
  /** True when no rule blocks and the figures support an amount within the product's limits. */
  eligible: z.boolean(),
  range: z.object({ minAmount: MoneyString, maxAmount: MoneyString }).nullable(),
  rangeReason: Bilingual,
  /** Whether the amount asked lies within the range. */
  amountWithinRange: z.boolean(),
  grade: GradeSchema,
  /** The indicative annual rate for the grade and term; null when the product is not offered to the grade. */
  indicativeRate: PercentString.nullable(),
  /** Where the case would go: instant, fast, standard or committee. */
  tier: z.string(),
  blockers: z.array(PreapprovalBlockerSchema),
  policyExceptions: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  materials: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), electronic: z.boolean() })),
});
export type Preapproval = z.infer<typeof PreapprovalSchema>;

/** A product as GET /api/v1/products lists it (shared/credit/products.ts productToApi), for the new-application form. */
export const ProductSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  guaranteeType: z.enum(['credit', 'guarantee', 'mortgage', 'pledge']),
  instantEligible: z.boolean(),
  minAmount: MoneyString,
  maxAmount: MoneyString,
  minTermMonths: z.number().int(),
  maxTermMonths: z.number().int(),
  repaymentMethods: z.array(z.string()),
  materials: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), electronic: z.boolean() })),
});
export type ProductInfo = z.infer<typeof ProductSchema>;
export const ProductListSchema = z.object({
  items: z.array(ProductSchema),
  nextCursor: z.null(),
  total: z.number().int(),
});
