import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '../calendar/civil-date';
import { computeFeatures } from './features';
import { AS_OF, strongProfile } from './fixtures.testkit';
import { BASE_SCORE, FACTORS, gradeForPd, PD_SCALE, pdForScore, SCORECARD_VERSION, score } from './scorecard';

const features = (patch: Parameters<typeof strongProfile>[0] = {}) =>
  computeFeatures(strongProfile(patch), parseCivilDate(AS_OF));

describe('PD from score', () => {
  it('follows the scaling: odds 50:1 at 600, doubling every 40 points', () => {
    expect(pdForScore(600)).toBe(1_960_784n); // 1/51 = 1.960784 %
    expect(pdForScore(640)).toBe(990_099n); // 1/101
    expect(pdForScore(560)).toBe(3_846_154n); // 1/26
    expect(pdForScore(620)).toBe(1_394_492n); // 1/(1+50·√2) = 1.394492 %
  });
  it('is strictly decreasing in the score (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 300, max: 900 }), (s) => pdForScore(s + 1) < pdForScore(s)));
  });
  it('grades at 1 %, 2 %, 4 %, 8 %', () => {
    expect(gradeForPd(999_999n)).toBe('A');
    expect(gradeForPd(PD_SCALE / 100n)).toBe('B');
    expect(gradeForPd(3_999_999n)).toBe('C');
    expect(gradeForPd(7_999_999n)).toBe('D');
    expect(gradeForPd(8_000_000n)).toBe('E');
  });
});

describe('scorecard', () => {
  it('scores a strong manufacturer as grade A with its version and points per factor', () => {
    const s = score(features());
    expect(s.modelVersion).toBe(SCORECARD_VERSION);
    expect(s.factors).toHaveLength(FACTORS.length);
    expect(s.points).toBe(430);
    expect(s.score).toBe(BASE_SCORE + 430);
    expect(s.pd).toBe('0.2098');
    expect(s.grade).toBe('A');
    expect(s.reasonCodes).toEqual([]);
  });

  it('names the factors that cost the most points, with the value seen', () => {
    const s = score(
      features({
        taxRating: 'C',
        bureau: { loansOutstanding: '9000000.00', overdueCount12m: 2, maxOverdueDays24m: 20, inquiries6m: 6 },
        establishedDate: '2024-09-01',
      }),
    );
    expect(s.reasonCodes.map((r) => r.code)).toEqual([
      'SC_TAX_RATING_LOW',
      'SC_YEARS_SHORT',
      'SC_DEBT_HIGH',
      'SC_OVERDUE_HISTORY',
    ]);
    expect(s.reasonCodes[0]).toMatchObject({ factor: 'tax_rating', pointsLost: 50, value: 'C' });
    expect(s.reasonCodes[0]!.text.zh).toBe('纳税信用等级偏低（C 级）');
    // Equal losses (35 points each) keep the factor order: years before debt.
    expect(s.reasonCodes[2]!.text.en).toBe('High debt relative to sales (75.00%)');
    expect(s.grade).not.toBe('A');
  });

  it('is deterministic', () => {
    expect(score(features())).toEqual(score(features()));
  });
});
