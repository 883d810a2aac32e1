import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '../calendar/civil-date';
import { coefficientOfVariationBp, computeFeatures, FEATURE_CAP_BP, ratiosWithoutBase } from './features';
import { AS_OF, strongProfile } from './fixtures.testkit';

describe('features', () => {
  it('computes the worked example exactly', () => {
    const f = computeFeatures(strongProfile(), parseCivilDate(AS_OF));
    expect(f).toMatchObject({
      monthsInBusiness: 165, // 2012-05-10 → 2026-03-02
      annualSalesYuan: 12_000_000,
      salesTrendBp: 2500, // 12.0 m vs 9.6 m
      inflowCvBp: 0,
      debtToSalesBp: 1250, // 1.5 m / 12 m
      dataAgeDays: 15, // tax data as of 2026-02-15
      industrySection: 'C',
    });
  });
  it('uses the last 6 vs previous 6 months when only 12 are known', () => {
    const p = strongProfile();
    const f = computeFeatures({ ...p, monthly: p.monthly.slice(6, 18) }, parseCivilDate(AS_OF));
    expect(f.salesTrendBp).toBe(2500); // months 12-17 at 1.0 m vs 6-11 at 0.8 m
  });
  it('names the ratios whose base is zero (scored at the cap or 0, shown as no figure)', () => {
    const p = strongProfile();
    expect([...ratiosWithoutBase(p)]).toEqual([]);
    const noInflow = { ...p, monthly: p.monthly.map((m) => ({ ...m, settlementInflow: '0.00' })) };
    expect([...ratiosWithoutBase(noInflow)]).toEqual(['inflowCvBp']);
    expect(computeFeatures(noInflow, parseCivilDate(AS_OF)).inflowCvBp).toBe(FEATURE_CAP_BP);
    // A young business: nothing sold in the previous year's window.
    const young = { ...p, monthly: p.monthly.map((m, i) => (i < 12 ? { ...m, vatSales: '0.00' } : m)) };
    expect([...ratiosWithoutBase(young)]).toEqual(['salesTrendBp']);
    const none = { ...p, monthly: p.monthly.map((m) => ({ ...m, vatSales: '0.00' })) };
    expect(ratiosWithoutBase(none)).toEqual(new Set(['salesTrendBp', 'debtToSalesBp']));
  });
  it('computes the coefficient of variation with integers', () => {
    expect(coefficientOfVariationBp([100n, 100n, 100n])).toBe(0);
    // values 2,4,4,4,5,5,7,9: mean 5, population sd 2 → CV 40 %
    expect(coefficientOfVariationBp([2n, 4n, 4n, 4n, 5n, 5n, 7n, 9n])).toBe(4000);
    expect(coefficientOfVariationBp([0n, 0n])).toBe(99_999);
  });
  it('refuses a business established after the assessment date', () => {
    expect(() => computeFeatures(strongProfile({ establishedDate: '2026-04-01' }), parseCivilDate(AS_OF))).toThrow(
      expect.objectContaining({ code: 'profile.established_in_future', field: 'establishedDate' }),
    );
  });
});
