/**
 * The contract data's own rules (#18), without a database: the spread is fixed at approval over the LPR
 * fixing the approval used — an LPR change before signing does not move it — and a guaranteed or
 * mortgage product is refused without its guarantor or collateral (the contract-data route's 409).
 */
import { describe, expect, it } from 'vitest';
import { lprOn } from '../../shared/credit/pricing';
import { getProduct } from '../../shared/credit/products';
import { ApiProblem } from '../http/problems';
import { type ApprovedTerms, loanTerms, refuseWithoutSecurity } from './data';

const terms: ApprovedTerms = {
  amount: '300000.00',
  annualRate: '4.35',
  termMonths: 12,
  repaymentMethod: 'equal_installment',
};

function problem(f: () => unknown): ApiProblem {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiProblem) return e;
    throw e;
  }
  throw new Error('expected an ApiProblem');
}

describe('contract data', () => {
  it('keeps the spread fixed at approval when the LPR changes before signing, and names the fixing', () => {
    // Approved on 2024-10-15 (1-year LPR of the 2024-09-20 fixing: 3.35 %); the LPR moved to 3.10 % on
    // 2024-10-21 and lower since. Signed later, the contract prints 3.35 % + 1.00 — not today's LPR + a
    // recomputed spread.
    expect(lprOn('2024-09-20', '1y')).toBe(335);
    const signedLater = loanTerms(terms, '2026-11-30', '2024-10-15');
    expect(lprOn('2026-11-30', '1y')).toBeLessThan(335);
    expect(signedLater).toMatchObject({ lprDate: '2024-09-20', lprRate: '3.35', spread: '1.00', annualRate: '4.35' });
    // The same approval contracted on another day: the same fixing and spread (only the dates move).
    const signedEarlier = loanTerms(terms, '2024-10-25', '2024-10-15');
    expect(signedEarlier).toMatchObject({ lprDate: '2024-09-20', lprRate: '3.35', spread: '1.00' });
    expect(signedEarlier.startDate).toBe('2024-10-25');
  });

  it('a rate approved below the LPR keeps its negative spread', () => {
    const below = loanTerms({ ...terms, annualRate: '2.90' }, '2026-11-30', '2026-11-30');
    expect(below.lprDate).toBe('2026-11-20');
    expect(below.spread?.startsWith('-')).toBe(true);
  });

  it('refuses a guaranteed product without a guarantor, and a mortgage product without collateral (409)', () => {
    const g = problem(() => refuseWithoutSecurity('APP1', getProduct('LDD'), 0, false));
    expect(g).toMatchObject({ status: 409, code: 'contract.guarantor_missing' });
    expect(g.detail).toContain('没有保证人');
    expect(() => refuseWithoutSecurity('APP1', getProduct('LDD'), 1, false)).not.toThrow();
    expect(problem(() => refuseWithoutSecurity('APP2', getProduct('DYD'), 0, true)).code).toBe(
      'contract.collateral_missing',
    );
    expect(() => refuseWithoutSecurity('APP3', getProduct('XMD'), 0, false)).not.toThrow();
  });
});
