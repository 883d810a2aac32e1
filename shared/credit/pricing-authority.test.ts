import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { checkPricingAuthority, mayGrantPricing, PRICING_AUTHORITY_POLICY } from './pricing-authority';
import { getProduct } from './products';

const LDD = getProduct('LDD');
const on = (annualRate: string, grade: 'A' | 'B' | 'C' | 'D' | 'E' = 'A', termMonths = 12) =>
  checkPricingAuthority({ product: LDD, grade, termMonths, lprDate: '2026-11-27', annualRate });

describe('pricing authority (定价授权)', () => {
  it('accepts the grid rate and anything above it up to the cap', () => {
    // LDD grade A: 1-year LPR 3.00 % + 35 bp = 3.35 %.
    expect(on('3.35')).toMatchObject({ grant: 'within', code: 'PRICING_WITHIN_BAND' });
    expect(on('12.00').grant).toBe('within');
    expect(on('3.35').facts).toMatchObject({
      lpr: '3.00',
      floor: '3.00',
      cap: '12.00',
      gridSpreadBp: 35,
      gridRate: '3.35',
      proposedSpreadBp: 35,
      discountBp: 0,
      approverMinRate: '3.15',
      seniorMinRate: '3.00',
    });
  });
  it('lets an approver go down by the policy’s discount, a senior further', () => {
    // Grade C: 3.00 + 120 bp = 4.20 %; approver to 4.00 %, senior to 3.70 %.
    expect(on('4.00', 'C').grant).toBe('within');
    const senior = on('3.99', 'C');
    expect(senior).toMatchObject({ grant: 'senior_approver', code: 'PRICING_BELOW_APPROVER_BAND' });
    expect(senior.facts.discountBp).toBe(21);
    expect(senior.reason.zh).toContain('高级审批人');
    expect(on('3.70', 'C').grant).toBe('senior_approver');
    expect(on('3.6999', 'C')).toMatchObject({ grant: 'committee', code: 'PRICING_BELOW_SENIOR_BAND' });
    expect(on('3.6999', 'C').facts.discountBp).toBe(50.01);
  });
  it('sends a rate below the product floor or above its cap to the committee, with the facts', () => {
    const low = on('0.50');
    expect(low).toMatchObject({ grant: 'committee', code: 'PRICING_BELOW_FLOOR' });
    expect(low.facts).toMatchObject({ proposedRate: '0.50', proposedSpreadBp: -250, floor: '3.00' });
    expect(low.reason.en).toContain('floor of 3.00%');
    expect(low.reason.zh).toContain('利率下限');
    expect(on('12.01')).toMatchObject({ grant: 'committee', code: 'PRICING_ABOVE_CAP' });
  });
  it('takes the band parameters as data', () => {
    const r = checkPricingAuthority(
      { product: LDD, grade: 'C', termMonths: 12, lprDate: '2026-11-27', annualRate: '3.99' },
      { approverDiscountBp: 30, seniorDiscountBp: 60 },
    );
    expect(r.grant).toBe('within');
    expect(PRICING_AUTHORITY_POLICY.seniorDiscountBp).toBeGreaterThanOrEqual(
      PRICING_AUTHORITY_POLICY.approverDiscountBp,
    );
  });
  it('refuses a grade the product is not offered to and a malformed rate', () => {
    expect(() =>
      checkPricingAuthority({
        product: getProduct('XMD'),
        grade: 'D',
        termMonths: 12,
        lprDate: '2026-11-27',
        annualRate: '5',
      }),
    ).toThrow(DomainError);
    expect(() => on('abc')).toThrow(DomainError);
  });
  it('says who may grant what', () => {
    expect(mayGrantPricing(['approver'], 'within')).toBe(true);
    expect(mayGrantPricing(['approver'], 'senior_approver')).toBe(false);
    expect(mayGrantPricing(['approver', 'senior_approver'], 'senior_approver')).toBe(true);
    expect(mayGrantPricing(['approver', 'senior_approver'], 'committee')).toBe(false);
  });
});
