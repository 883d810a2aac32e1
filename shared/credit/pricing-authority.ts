import { bpToRate, formatRatePercent, parseRatePercent, RATE_SCALE, type Rate } from '../money/money';
import type { Bilingual, Grade } from './grades';
import { lprOn, lprTenorFor, priceLoan } from './pricing';
import type { Product } from './products';

/**
 * Pricing authority (定价授权): who may grant a rate. The grid rate is the LPR of the loan's tenor plus the
 * grade's spread, kept within the product's floor and cap (pricing.ts priceLoan). An approver may price
 * down to `approverDiscountBp` below the grid rate, a senior approver down to `seniorDiscountBp` below
 * it; anything lower, and any rate below the product's floor or above its cap, only the credit committee
 * may grant. Pricing above the grid rate (up to the cap) needs no exception: it costs the bank nothing.
 * Pure and data-driven: the band parameters are a `PricingAuthorityPolicy` value (rule sets may carry
 * their own version of it).
 */
export interface PricingAuthorityPolicy {
  /** How far below the grid rate an approver may price, in bp (≥ 0). */
  approverDiscountBp: number;
  /** How far below the grid rate a senior approver may price, in bp (≥ approverDiscountBp). */
  seniorDiscountBp: number;
}

export const PRICING_AUTHORITY_POLICY: PricingAuthorityPolicy = Object.freeze({
  approverDiscountBp: 20,
  seniorDiscountBp: 50,
});

/** Who must grant a rate: nobody beyond the deciding approver (within), a senior approver, or the committee. */
export type PricingGrant = 'within' | 'senior_approver' | 'committee';

export interface PricingFacts {
  productCode: string;
  grade: Grade;
  termMonths: number;
  lprDate: string;
  lprTenor: '1y' | '5y';
  /** All rates as percent strings with 2 decimals (4 where the proposal needs them); spreads in bp. */
  lpr: string;
  floor: string;
  cap: string;
  gridSpreadBp: number;
  gridRate: string;
  /** The lowest rate an approver, resp. a senior approver, may grant on this case. */
  approverMinRate: string;
  seniorMinRate: string;
  proposedRate: string;
  proposedSpreadBp: number;
  /** Grid rate minus proposed rate, in bp (negative when priced above the grid). */
  discountBp: number;
}

export interface PricingAuthorityResult {
  grant: PricingGrant;
  code:
    | 'PRICING_WITHIN_BAND'
    | 'PRICING_BELOW_APPROVER_BAND'
    | 'PRICING_BELOW_SENIOR_BAND'
    | 'PRICING_BELOW_FLOOR'
    | 'PRICING_ABOVE_CAP';
  reason: Bilingual;
  facts: PricingFacts;
}

export interface PricingProposal {
  product: Product;
  grade: Grade;
  termMonths: number;
  /** The date whose LPR applies (YYYY-MM-DD), normally the case's submission date. */
  lprDate: string;
  /** Proposed annual rate, percent string ("3.35"). */
  annualRate: string;
}

const BP = RATE_SCALE / 10_000n;
/** A rate difference in bp, exact to 1/100 bp (rates carry at most 10 decimals of a percent). */
const toBp = (r: Rate): number => Number((r * 100n) / BP) / 100;
const pct = (r: Rate): string => {
  const four = formatRatePercent(r, 4);
  return four.endsWith('00') ? formatRatePercent(r, 2) : four;
};

/** Throws DomainError (rate.malformed / pricing.*) for input that is not a rate or a grade the product is not offered to. */
export function checkPricingAuthority(
  p: PricingProposal,
  policy: PricingAuthorityPolicy = PRICING_AUTHORITY_POLICY,
): PricingAuthorityResult {
  const price = priceLoan(p.product, p.grade, p.termMonths, p.lprDate);
  const tenor = lprTenorFor(p.termMonths);
  const lpr = bpToRate(lprOn(p.lprDate, tenor));
  const floor = bpToRate(p.product.pricing.floorRateBp);
  const cap = bpToRate(p.product.pricing.capRateBp);
  const grid = price.annualRateValue;
  const proposed = parseRatePercent(p.annualRate, 'annualRate');
  const maxOf = (a: Rate, b: Rate) => (a > b ? a : b);
  const approverMin = maxOf(grid - bpToRate(policy.approverDiscountBp), floor);
  const seniorMin = maxOf(grid - bpToRate(policy.seniorDiscountBp), floor);
  const facts: PricingFacts = {
    productCode: p.product.code,
    grade: p.grade,
    termMonths: p.termMonths,
    lprDate: p.lprDate,
    lprTenor: tenor,
    lpr: pct(lpr),
    floor: pct(floor),
    cap: pct(cap),
    gridSpreadBp: price.spreadBp,
    gridRate: pct(grid),
    approverMinRate: pct(approverMin),
    seniorMinRate: pct(seniorMin),
    proposedRate: pct(proposed),
    proposedSpreadBp: toBp(proposed - lpr),
    discountBp: toBp(grid - proposed),
  };
  const r = (grant: PricingGrant, code: PricingAuthorityResult['code'], zh: string, en: string) => ({
    grant,
    code,
    reason: { zh, en },
    facts,
  });
  const f = facts;
  if (proposed < floor)
    return r(
      'committee',
      'PRICING_BELOW_FLOOR',
      `利率 ${f.proposedRate}% 低于产品 ${f.productCode} 的利率下限 ${f.floor}%，须审贷会定价授权`,
      `Rate ${f.proposedRate}% is below product ${f.productCode}'s floor of ${f.floor}%; only the credit committee may grant it`,
    );
  if (proposed > cap)
    return r(
      'committee',
      'PRICING_ABOVE_CAP',
      `利率 ${f.proposedRate}% 高于产品 ${f.productCode} 的利率上限 ${f.cap}%，须审贷会定价授权`,
      `Rate ${f.proposedRate}% is above product ${f.productCode}'s cap of ${f.cap}%; only the credit committee may grant it`,
    );
  if (proposed < seniorMin)
    return r(
      'committee',
      'PRICING_BELOW_SENIOR_BAND',
      `利率 ${f.proposedRate}% 低于高级审批人可授权的最低利率 ${f.seniorMinRate}%（${f.grade} 级定价 ${f.gridRate}%），须审贷会定价授权`,
      `Rate ${f.proposedRate}% is below the lowest a senior approver may grant (${f.seniorMinRate}%; grid ${f.gridRate}% for grade ${f.grade}); only the credit committee may grant it`,
    );
  if (proposed < approverMin)
    return r(
      'senior_approver',
      'PRICING_BELOW_APPROVER_BAND',
      `利率 ${f.proposedRate}% 低于审批人可授权的最低利率 ${f.approverMinRate}%（${f.grade} 级定价 ${f.gridRate}%），须高级审批人定价授权`,
      `Rate ${f.proposedRate}% is below the lowest an approver may grant (${f.approverMinRate}%; grid ${f.gridRate}% for grade ${f.grade}); a senior approver must grant it`,
    );
  return r(
    'within',
    'PRICING_WITHIN_BAND',
    `利率 ${f.proposedRate}% 在定价授权范围内（${f.grade} 级定价 ${f.gridRate}%，下限 ${f.floor}%，上限 ${f.cap}%）`,
    `Rate ${f.proposedRate}% is within pricing authority (grid ${f.gridRate}% for grade ${f.grade}, floor ${f.floor}%, cap ${f.cap}%)`,
  );
}

/** Whether a user with these roles may grant a rate needing `grant` (committee grants come by vote). */
export function mayGrantPricing(roles: readonly string[], grant: PricingGrant): boolean {
  if (grant === 'within') return roles.includes('approver') || roles.includes('senior_approver');
  if (grant === 'senior_approver') return roles.includes('senior_approver');
  return false;
}
