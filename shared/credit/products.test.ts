import { describe, expect, it } from 'vitest';
import { REPAYMENT_METHODS } from '../loan/schedule';
import { GRADES } from './grades';
import { checkProductLimits, getProduct, PRODUCTS, productToApi } from './products';

describe('product catalogue', () => {
  it('offers an instant credit, a tax-data credit, a mortgage-backed and a working-capital product', () => {
    expect(PRODUCTS.map((p) => [p.code, p.guaranteeType, p.instantEligible])).toEqual([
      ['XMD', 'credit', true],
      ['SYD', 'credit', true],
      ['DYD', 'mortgage', false],
      ['LDD', 'guarantee', false],
    ]);
  });
  it('is internally consistent', () => {
    for (const p of PRODUCTS) {
      expect(p.minAmount).toBeGreaterThan(0n);
      expect(p.maxAmount).toBeGreaterThan(p.minAmount);
      expect(p.minTermMonths).toBeLessThanOrEqual(p.maxTermMonths);
      expect(p.repaymentMethods.every((m) => REPAYMENT_METHODS.includes(m))).toBe(true);
      expect(p.materials.length).toBeGreaterThan(0);
      expect(Object.keys(p.pricing.spreadBpByGrade).sort()).toEqual([...GRADES]);
      if (p.instantEligible) expect(p.materials.every((m) => m.electronic)).toBe(true);
    }
  });
  it('lists products in the API shape (SPEC §5)', () => {
    expect(productToApi(getProduct('XMD'))).toMatchObject({
      code: 'XMD',
      name: '信秒贷',
      guaranteeType: 'credit',
      instantEligible: true,
      minAmount: '10000.00',
      maxAmount: '1000000.00',
      minTermMonths: 3,
      maxTermMonths: 12,
      repaymentMethods: ['equal_installment', 'interest_first'],
    });
  });
  it('refuses amounts, terms and methods outside the product', () => {
    const p = getProduct('XMD');
    expect(() => checkProductLimits(p, 100n, 12, 'equal_installment')).toThrow(
      expect.objectContaining({ code: 'product.amount_out_of_range', field: 'amount' }),
    );
    expect(() => checkProductLimits(p, 5_000_000n, 24, 'equal_installment')).toThrow(
      expect.objectContaining({ code: 'product.term_out_of_range', field: 'termMonths' }),
    );
    expect(() => checkProductLimits(p, 5_000_000n, 12, 'equal_principal')).toThrow(
      expect.objectContaining({ code: 'product.repayment_method_not_offered', field: 'repaymentMethod' }),
    );
    expect(() => getProduct('NOPE')).toThrow(
      expect.objectContaining({ code: 'product.unknown', field: 'productCode' }),
    );
  });
});
