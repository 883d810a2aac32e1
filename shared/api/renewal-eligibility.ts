/**
 * The 无还本续贷 answer on the wire (shared/credit/renewal.ts RenewalEligibility): the loan page's renewal
 * panel reads it from GET /api/v1/loans/{id}/renewal-eligibility (./renewal.ts), and the case view of a
 * renewal or top-up reads the answer the application was started with (./applications.ts `renewal`).
 * Kept apart from ./renewal.ts, which names the application summary, so that ./applications.ts can use it.
 */
import { z } from 'zod';
import { BLOCK_CODES, RENEWAL_CONDITIONS, RENEWAL_KINDS } from '../credit/renewal';
import { DateString, MoneyString } from '../loan/quote';

export const RenewalKindSchema = z.enum(RENEWAL_KINDS);
const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const RenewalConditionSchema = z.object({
  code: z.enum(RENEWAL_CONDITIONS),
  passed: z.boolean(),
  label: Bilingual,
  reason: Bilingual.nullable(),
  observed: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type RenewalConditionWire = z.infer<typeof RenewalConditionSchema>;

export const RenewalEligibilitySchema = z.object({
  ruleVersion: z.string(),
  source: z.string(),
  asOf: DateString,
  loanId: z.string(),
  blocked: z.object({ code: z.enum(BLOCK_CODES), reason: Bilingual }).nullable(),
  noPrincipalRenewal: z.object({ allowed: z.boolean(), conditions: z.array(RenewalConditionSchema) }),
  /** The outstanding balance a renewal takes over (yuan). */
  renewalAmount: MoneyString,
});
export type RenewalEligibilityWire = z.infer<typeof RenewalEligibilitySchema>;

/**
 * A case that is a renewal (续贷) or top-up (增额) of a loan (applications.kind, renewal_of_loan_id,
 * renewal_eligibility — migration 0028): the kind, the loan, and the 无还本续贷 answer it was started with
 * (null when the stored answer is not one this version reads).
 */
export const CaseRenewalSchema = z.object({
  kind: RenewalKindSchema,
  loanId: z.string(),
  eligibility: RenewalEligibilitySchema.nullable(),
});
export type CaseRenewal = z.infer<typeof CaseRenewalSchema>;
