import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { checkPurposeFits, fittingPurpose, LOAN_TYPE_RULES, purposeProblem } from './loan-types';
import { checkProductPurpose, getProduct, PRODUCTS, type Product, validateCatalogue } from './products';

function domainError(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('loan types', () => {
  it('a working-capital loan: three years in principle, five at most; DYD is a property-secured loan up to 120 months', () => {
    expect(LOAN_TYPE_RULES.working_capital).toMatchObject({ principleTermMonths: 36, maxTermMonths: 60 });
    expect(LOAN_TYPE_RULES.property_secured_operating.maxTermMonths).toBe(120);
    expect(PRODUCTS.map((p) => [p.code, p.loanType])).toEqual([
      ['XMD', 'working_capital'],
      ['SYD', 'working_capital'],
      ['DYD', 'property_secured_operating'],
      ['LDD', 'working_capital'],
    ]);
    for (const p of PRODUCTS) expect(p.maxTermMonths).toBeLessThanOrEqual(LOAN_TYPE_RULES[p.loanType].maxTermMonths);
  });

  it('refuses at load a product whose term is above its loan type’s maximum, naming the product', () => {
    const ldd = getProduct('LDD');
    const bad: Product = { ...ldd, maxTermMonths: 120 };
    const e = domainError(() => validateCatalogue([...PRODUCTS.filter((p) => p !== ldd), bad]));
    expect(e.code).toBe('product.term_above_legal_maximum');
    expect(e.message).toContain('LDD');
    expect(e.message).toContain('流动资金贷款');
    expect(e.message).toContain('60');
    expect(() => validateCatalogue(PRODUCTS)).not.toThrow();
    const unknown = { ...ldd, loanType: 'bridge' } as unknown as Product;
    expect(domainError(() => validateCatalogue([unknown])).code).toBe('product.loan_type_unknown');
  });

  it('a working-capital product refuses a fixed-asset purpose; the property-secured loan takes equipment for the business', () => {
    expect(purposeProblem('working_capital', '购置检测设备')).toBe('固定资产投资');
    expect(purposeProblem('working_capital', '采购原材料')).toBeNull();
    const e = domainError(() => checkProductPurpose(getProduct('LDD'), '购置检测设备'));
    expect(e).toMatchObject({ code: 'product.purpose_not_allowed', field: 'purpose' });
    expect(e.message).toContain('购置检测设备');
    expect(() => checkProductPurpose(getProduct('DYD'), '购置检测设备')).not.toThrow();
    // Never financed by any loan type.
    expect(domainError(() => checkPurposeFits('property_secured_operating', '项目开发建设', 'DYD')).code).toBe(
      'product.purpose_not_allowed',
    );
    expect(() => checkProductPurpose(getProduct('XMD'), '股票投资')).toThrow(DomainError);
  });

  it('the sandbox keeps a fitting purpose and replaces one that does not fit', () => {
    expect(fittingPurpose('working_capital', '采购商品备货')).toBe('采购商品备货');
    expect(fittingPurpose('working_capital', '扩建养殖场')).toBe('补充日常经营流动资金');
    expect(fittingPurpose('property_secured_operating', '购置农机设备')).toBe('购置农机设备');
  });
});
