import { describe, expect, it } from 'vitest';
import { evaluateNegativeList, NEGATIVE_LIST_2025 } from './negative-list';

const clean = {
  courtEnforcement: false,
  abnormalOperation: false,
  taxRating: 'A',
  adminPenalties: 0,
  industryCode: 'C3311',
};

describe('negative list', () => {
  it('does not hit a clean enterprise', () => {
    expect(evaluateNegativeList(NEGATIVE_LIST_2025, clean)).toMatchObject({ hit: false, hits: [] });
  });
  it('hits each published exclusion with the value it saw', () => {
    const r = evaluateNegativeList(NEGATIVE_LIST_2025, {
      ...clean,
      courtEnforcement: true,
      adminPenalties: 3,
      industryCode: 'K7010',
    });
    expect(r.hits).toEqual(['NEG_COURT_ENFORCEMENT', 'NEG_ADMIN_PENALTIES', 'NEG_INDUSTRY']);
    expect(r.outcomes.find((o) => o.id === 'NEG_INDUSTRY')).toMatchObject({ seen: 'K7010', hit: true });
  });
  it('excludes by industry prefix, not by section alone', () => {
    expect(evaluateNegativeList(NEGATIVE_LIST_2025, { ...clean, industryCode: 'K7020' }).hit).toBe(false);
    // Every lottery class (彩票活动 R904): sports (R9041), welfare (R9042) and other (R9049) lotteries.
    for (const code of ['R9041', 'R9042', 'R9049']) {
      expect(evaluateNegativeList(NEGATIVE_LIST_2025, { ...clean, industryCode: code }).hits).toEqual(['NEG_INDUSTRY']);
    }
    expect(evaluateNegativeList(NEGATIVE_LIST_2025, { ...clean, industryCode: 'R9051' }).hit).toBe(false);
  });
});
