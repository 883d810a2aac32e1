import { describe, expect, it } from 'vitest';
import { lprOn, priceLoan } from './pricing';
import { getProduct } from './products';

describe('LPR table', () => {
  it('returns the fixing in force on a date', () => {
    expect(lprOn('2024-10-20', '1y')).toBe(335);
    expect(lprOn('2024-10-21', '1y')).toBe(310);
    expect(lprOn('2025-05-20', '5y')).toBe(350);
    expect(lprOn('2026-03-02', '1y')).toBe(300);
    expect(lprOn('2020-01-01', '1y')).toBe(415);
    expect(() => lprOn('2019-08-19', '1y')).toThrow(expect.objectContaining({ code: 'pricing.no_lpr' }));
    expect(() => lprOn('2026-13-01', '1y')).toThrow(expect.objectContaining({ code: 'date.impossible' }));
  });
});

describe('pricing', () => {
  it('is LPR + the grade spread', () => {
    expect(priceLoan(getProduct('XMD'), 'A', 12, '2026-03-02')).toMatchObject({
      lpr: '3.00',
      spreadBp: 45,
      annualRate: '3.45',
      bounded: null,
    });
    expect(priceLoan(getProduct('LDD'), 'E', 36, '2026-03-02').annualRate).toBe('5.80');
  });
  it('uses the 5-year LPR beyond 60 months', () => {
    expect(priceLoan(getProduct('DYD'), 'B', 120, '2026-03-02')).toMatchObject({
      lprTenor: '5y',
      lpr: '3.50',
      annualRate: '3.80',
    });
  });
  it('keeps the rate within the product floor', () => {
    expect(priceLoan(getProduct('DYD'), 'A', 24, '2026-03-02')).toMatchObject({ annualRate: '3.10', bounded: null });
    const p = getProduct('DYD');
    const lowFloor = { ...p, pricing: { ...p.pricing, floorRateBp: 320 } };
    expect(priceLoan(lowFloor, 'A', 24, '2026-03-02')).toMatchObject({ annualRate: '3.20', bounded: 'floor' });
  });
  it('refuses a grade the product is not offered to', () => {
    expect(() => priceLoan(getProduct('XMD'), 'D', 12, '2026-03-02')).toThrow(
      expect.objectContaining({ code: 'pricing.grade_not_offered' }),
    );
  });
});
