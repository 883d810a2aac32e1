import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors';
import { formatMoney, parseMoney, parseRatePercent, RATE_SCALE } from '../money/money';
import { buildSchedule, equalInstallmentPayment, REPAYMENT_METHODS, type RepaymentMethod } from './schedule';

const start = parseCivilDate('2025-01-31');
const r435 = parseRatePercent('4.35');
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('等额本息 equal instalment', () => {
  it('matches published calculator figures', () => {
    // 100,000 yuan, 12 months, 4.35 %/yr: monthly payment 8530.99 (the brief's 8535.99 does not reproduce
    // with r = 4.35 %/12; 8530.99 is what bank calculators print, total interest 2371.88 on level payments).
    expect(formatMoney(equalInstallmentPayment(parseMoney('100000'), 12, r435))).toBe('8530.99');
    // 1,000,000 yuan over 30 and 20 years at 4.9 %: the well-known 5307.27 and 6544.44 monthly payments.
    expect(formatMoney(equalInstallmentPayment(parseMoney('1000000'), 360, parseRatePercent('4.9')))).toBe('5307.27');
    expect(formatMoney(equalInstallmentPayment(parseMoney('1000000'), 240, parseRatePercent('4.9')))).toBe('6544.44');
  });
  it('keeps the level payment and lets the last period absorb rounding', () => {
    const s = buildSchedule({
      principal: parseMoney('100000'),
      termMonths: 12,
      annualRate: r435,
      method: 'equal_installment',
      startDate: start,
    });
    expect(s.slice(0, 11).every((p) => p.payment === 853_099n)).toBe(true);
    expect(s[0]).toMatchObject({ dueDate: '2025-02-28', interest: 36_250n, principal: 816_849n, balance: 9_183_151n });
    expect(s[11]).toMatchObject({
      dueDate: '2026-01-31',
      principal: 850_020n,
      interest: 3_081n,
      payment: 853_101n,
      balance: 0n,
    });
    expect(sum(s.map((p) => p.principal))).toBe(10_000_000n);
  });
  it('handles a zero rate', () => {
    const s = buildSchedule({
      principal: parseMoney('1000'),
      termMonths: 3,
      annualRate: 0n,
      method: 'equal_installment',
      startDate: start,
    });
    expect(s.map((p) => formatMoney(p.payment))).toEqual(['333.33', '333.33', '333.34']);
  });
});

describe('等额本金 equal principal', () => {
  it('matches the published first payment and monthly decrease', () => {
    const s = buildSchedule({
      principal: parseMoney('100000'),
      termMonths: 12,
      annualRate: r435,
      method: 'equal_principal',
      startDate: start,
    });
    expect(formatMoney(s[0]!.payment)).toBe('8695.83');
    expect(formatMoney(s[0]!.payment - s[1]!.payment)).toBe('30.21');
    expect(formatMoney(s[11]!.principal)).toBe('8333.37');
    // Σ interest = P·r·(n+1)/2 = 2356.25 exactly, up to per-period rounding.
    expect(formatMoney(sum(s.map((p) => p.interest)))).toBe('2356.26');
  });
});

describe('先息后本 interest first', () => {
  it('charges interest monthly and the principal at maturity', () => {
    const s = buildSchedule({
      principal: parseMoney('500000'),
      termMonths: 6,
      annualRate: parseRatePercent('3.85'),
      method: 'interest_first',
      startDate: parseCivilDate('2026-03-15'),
    });
    expect(s.slice(0, 5).every((p) => p.principal === 0n && formatMoney(p.interest) === '1604.17')).toBe(true);
    expect(s[5]).toMatchObject({ dueDate: '2026-09-15', principal: 50_000_000n, balance: 0n });
  });
});

describe('due dates', () => {
  it('follow the contract day and clamp to month ends', () => {
    const s = buildSchedule({
      principal: parseMoney('12000'),
      termMonths: 4,
      annualRate: r435,
      method: 'equal_principal',
      startDate: parseCivilDate('2024-01-31'),
    });
    expect(s.map((p) => p.dueDate)).toEqual(['2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31']);
  });
});

describe('bad input', () => {
  const base = {
    principal: parseMoney('100000'),
    termMonths: 12,
    annualRate: r435,
    method: 'equal_installment' as RepaymentMethod,
    startDate: start,
  };
  it.each([
    [{ principal: 0n }, 'money.not_positive', 'amount'],
    [{ principal: -100n }, 'money.not_positive', 'amount'],
    [{ termMonths: 0 }, 'loan.term_out_of_range', 'termMonths'],
    [{ termMonths: 12.5 }, 'loan.term_out_of_range', 'termMonths'],
    [{ termMonths: 361 }, 'loan.term_out_of_range', 'termMonths'],
    [{ annualRate: -1n }, 'rate.out_of_range', 'annualRate'],
    [{ method: 'balloon' as RepaymentMethod }, 'loan.repayment_method_unknown', 'repaymentMethod'],
  ])('%o → %s', (patch, code, field) => {
    expect(() => buildSchedule({ ...base, ...patch })).toThrow(expect.objectContaining({ code, field }));
    expect(() => buildSchedule({ ...base, ...patch })).toThrow(DomainError);
  });
});

describe('schedule invariants (property)', () => {
  it('principal sums to the loan, balances never go negative and fall to zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 100_000n, max: 5_000_000_000n }),
        fc.integer({ min: 1, max: 360 }),
        fc.bigInt({ min: 0n, max: 24n * (RATE_SCALE / 100n) }),
        fc.constantFrom(...REPAYMENT_METHODS),
        fc.integer({ min: 1, max: 31 }),
        (principal, termMonths, annualRate, method, day) => {
          const s = buildSchedule({
            principal,
            termMonths,
            annualRate,
            method,
            startDate: { year: 2025, month: 1, day: Math.min(day, 28) },
            contractDay: day,
          });
          let prev = principal;
          for (const p of s) {
            if (p.balance < 0n || p.principal < 0n || p.interest < 0n) return false;
            if (p.balance !== prev - p.principal || p.payment !== p.principal + p.interest) return false;
            prev = p.balance;
          }
          return s.length === termMonths && prev === 0n && sum(s.map((p) => p.principal)) === principal;
        },
      ),
      { numRuns: 400 },
    );
  });
});
