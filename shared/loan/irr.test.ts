import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '../calendar/civil-date';
import { RATE_SCALE } from '../money/money';
import { annualise, apr, IRR_SCALE, monthlyIrr, npvScaled } from './irr';
import { buildSchedule, REPAYMENT_METHODS } from './schedule';

describe('IRR / APR', () => {
  it('reproduces the contract rate when there are no fees', () => {
    // 10,000 yuan at 12 %: the exact level payment is 888.4879, printed 888.49; that 0.12 fen of rounding
    // shows in the fourth decimal (checked with 50-digit Python decimal), which is why a real schedule's APR is computed, never assumed.
    const payments = Array.from({ length: 12 }, () => 88_849n);
    expect(apr(1_000_000n, 0n, payments).aprNominal).toBe('12.0005');
    expect(apr(1_000_000n, 0n, payments).aprEffective).toBe('12.6830');
  });
  it('raises the APR by the upfront fee', () => {
    // Net 99,000 received, 12 × 8530.99 paid: the fee costs about 1.85 points a year.
    const payments = [...Array.from({ length: 11 }, () => 853_099n), 853_101n];
    const a = apr(10_000_000n, 100_000n, payments);
    expect(a.aprNominal).toBe('6.2288');
    expect(a.aprEffective).toBe('6.4097');
  });
  it('annualises exactly: 1 % a month is 12 % nominal and 12.6825 % effective', () => {
    expect(annualise(IRR_SCALE / 100n)).toMatchObject({ aprNominal: '12.0000', aprEffective: '12.6825' });
  });
  it('returns zero for an interest-free loan and refuses impossible flows', () => {
    expect(monthlyIrr(300n, [100n, 100n, 100n])).toBe(0n);
    expect(() => monthlyIrr(300n, [100n, 100n])).toThrow(expect.objectContaining({ code: 'apr.no_solution' }));
    expect(() => monthlyIrr(0n, [100n])).toThrow(expect.objectContaining({ field: 'upfrontFee' }));
  });
  it('finds a rate at which the schedule has NPV within one fen of zero (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100_000n, max: 10_000_000_000n }),
        fc.integer({ min: 1, max: 120 }),
        fc.bigInt({ min: 0n, max: 24n * (RATE_SCALE / 100n) }),
        fc.constantFrom(...REPAYMENT_METHODS),
        fc.integer({ min: 0, max: 500 }),
        (principal, termMonths, annualRate, method, feeBp) => {
          const s = buildSchedule({
            principal,
            termMonths,
            annualRate,
            method,
            startDate: parseCivilDate('2026-01-15'),
          });
          const fee = (principal * BigInt(feeBp)) / 10_000n;
          const payments = s.map((p) => p.payment);
          const x = monthlyIrr(principal - fee, payments);
          const npv = npvScaled(principal - fee, payments, x);
          return (npv < 0n ? -npv : npv) <= IRR_SCALE && x >= 0n;
        },
      ),
      { numRuns: 300 },
    );
  });
});
