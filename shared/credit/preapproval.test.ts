import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '../calendar/civil-date';
import { formatMoney } from '../money/money';
import { computeFeatures } from './features';
import { AS_OF, strongProfile } from './fixtures.testkit';
import { preapprovalRange } from './preapproval';
import { getProduct } from './products';

const f = computeFeatures(strongProfile(), parseCivilDate(AS_OF));

describe('pre-approval', () => {
  it('derives the range from sales, grade and existing debt', () => {
    // SYD grade B: 12 m × 25 % − 30 % × 1.5 m = 2.55 m → 255 万; bottom 60 % = 153 万.
    const r = preapprovalRange(getProduct('SYD'), 'B', f);
    expect([r.eligible, formatMoney(r.minAmount), formatMoney(r.maxAmount)]).toEqual([
      true,
      '1530000.00',
      '2550000.00',
    ]);
  });
  it('caps at the product maximum', () => {
    const r = preapprovalRange(getProduct('XMD'), 'A', f);
    expect(formatMoney(r.maxAmount)).toBe('1000000.00');
    expect(formatMoney(r.minAmount)).toBe('600000.00');
  });
  it('says so when the figures do not reach the product minimum', () => {
    const r = preapprovalRange(getProduct('XMD'), 'D', f);
    expect(r).toMatchObject({ eligible: false, code: 'PA_BELOW_PRODUCT_MIN' });
    expect(r.reason.zh).toContain('10000.00');
  });
});
