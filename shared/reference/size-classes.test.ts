import { describe, expect, it } from 'vitest';
import { classifySize, SIZE_THRESHOLDS, type SizeFamily, sizeFamilyOf } from './size-classes';

const WAN = 10_000;
/** Classify with staff, revenue (万元) and assets (万元); null = unknown. */
const size = (code: string, staff: number | null, revenueWan: number | null, assetsWan: number | null = null) =>
  classifySize({
    industryCode: code,
    staff,
    revenueYuan: revenueWan === null ? null : revenueWan * WAN,
    assetsYuan: assetsWan === null ? null : assetsWan * WAN,
  }).sizeClass;

describe('size classes by industry (工信部联企业〔2011〕300号)', () => {
  it('maps GB/T 4754-2017 codes to the standard’s industries', () => {
    const cases: [string, SizeFamily][] = [
      ['A0141', 'agriculture'],
      ['A0313', 'agriculture'],
      ['B0610', 'industry'],
      ['C3484', 'industry'],
      ['D4411', 'industry'],
      ['E4710', 'construction'],
      ['E5012', 'construction'],
      ['F5127', 'wholesale'],
      ['F5199', 'wholesale'],
      ['F5292', 'retail'],
      ['G5431', 'transport'],
      ['G5910', 'transport'],
      ['G5920', 'warehousing'],
      ['G6010', 'postal'],
      ['G5310', 'other'], // railway transport is outside the standard
      ['H6110', 'accommodation'],
      ['H6210', 'catering'],
      ['I6311', 'telecom'],
      ['I6450', 'telecom'],
      ['I6513', 'software'],
      ['K7010', 'real_estate_development'],
      ['K7020', 'property_management'],
      ['L7212', 'leasing_business'],
      ['M7320', 'other'],
      ['R9011', 'other'],
    ];
    for (const [code, family] of cases) expect([code, sizeFamilyOf(code)]).toEqual([code, family]);
  });

  it('agriculture: by revenue alone — 50 and 500 万元 are the lower bounds of small and medium', () => {
    expect(size('A0141', 500, 49.99)).toBe('micro'); // staff do not count in agriculture
    expect(size('A0141', 1, 50)).toBe('small');
    expect(size('A0141', null, 499.99)).toBe('small');
    expect(size('A0141', null, 500)).toBe('medium');
    expect(size('A0141', null, 19_999.99)).toBe('medium');
    expect(size('A0141', null, 20_000)).toBe('large');
  });

  it('industry: staff AND revenue — a "medium" manufacturer needs 300 staff and 2000 万元', () => {
    expect(size('C3484', 300, 2000)).toBe('medium');
    expect(size('C3484', 299, 50_000)).toBe('small'); // under 300 staff: not medium, whatever the revenue
    expect(size('C3484', 1000, 1999)).toBe('small');
    expect(size('C3484', 20, 300)).toBe('small');
    expect(size('C3484', 19, 30_000)).toBe('micro'); // under 20 staff: micro
    expect(size('C3484', 200, 299.99)).toBe('micro');
    expect(size('C3484', 999, 40_000)).toBe('medium');
    expect(size('C3484', 1000, 39_999)).toBe('medium');
    expect(size('C3484', 1000, 40_000)).toBe('large');
  });

  it('construction: revenue AND total assets', () => {
    expect(size('E4710', 5000, 6000, 5000)).toBe('medium');
    expect(size('E4710', 5000, 6000, 4999)).toBe('small');
    expect(size('E4710', 1, 300, 300)).toBe('small');
    expect(size('E4710', 1, 299, 10_000)).toBe('micro');
    expect(size('E4710', 1, 80_000, 80_000)).toBe('large');
  });

  it('wholesale: staff AND revenue — small wholesalers start at 5 people and 1000 万元', () => {
    expect(size('F5127', 5, 1000)).toBe('small');
    expect(size('F5127', 4, 3000)).toBe('micro');
    expect(size('F5127', 50, 999)).toBe('micro');
    expect(size('F5127', 20, 5000)).toBe('medium');
    expect(size('F5127', 19, 5000)).toBe('small');
    expect(size('F5127', 200, 40_000)).toBe('large');
    expect(size('F5127', 199, 40_000)).toBe('medium');
  });

  it('retail: staff AND revenue', () => {
    expect(size('F5292', 10, 100)).toBe('small');
    expect(size('F5292', 9, 100)).toBe('micro');
    expect(size('F5292', 10, 99)).toBe('micro');
    expect(size('F5292', 50, 500)).toBe('medium');
    expect(size('F5292', 49, 500)).toBe('small');
    expect(size('F5292', 300, 20_000)).toBe('large');
  });

  it('transport, warehousing and postal services', () => {
    expect(size('G5431', 300, 3000)).toBe('medium');
    expect(size('G5431', 300, 2999)).toBe('small');
    expect(size('G5431', 20, 200)).toBe('small');
    expect(size('G5431', 20, 199)).toBe('micro');
    expect(size('G5920', 100, 1000)).toBe('medium');
    expect(size('G5920', 20, 100)).toBe('small');
    expect(size('G5920', 19, 100)).toBe('micro');
    expect(size('G5920', 200, 30_000)).toBe('large');
    expect(size('G6010', 300, 2000)).toBe('medium');
    expect(size('G6010', 20, 100)).toBe('small');
  });

  it('accommodation and catering', () => {
    for (const code of ['H6110', 'H6210']) {
      expect(size(code, 100, 2000)).toBe('medium');
      expect(size(code, 99, 2000)).toBe('small');
      expect(size(code, 10, 100)).toBe('small');
      expect(size(code, 10, 99)).toBe('micro');
      expect(size(code, 300, 10_000)).toBe('large');
    }
  });

  it('information transmission, and software and IT services', () => {
    expect(size('I6450', 100, 1000)).toBe('medium');
    expect(size('I6450', 10, 100)).toBe('small');
    expect(size('I6450', 10, 99)).toBe('micro');
    expect(size('I6450', 2000, 100_000)).toBe('large');
    expect(size('I6513', 10, 50)).toBe('small');
    expect(size('I6513', 10, 49)).toBe('micro');
    expect(size('I6513', 100, 1000)).toBe('medium');
    expect(size('I6513', 300, 10_000)).toBe('large');
  });

  it('real estate development, property management, leasing and business services, other', () => {
    expect(size('K7010', 1, 1000, 5000)).toBe('medium');
    expect(size('K7010', 1, 100, 2000)).toBe('small');
    expect(size('K7010', 1, 100, 1999)).toBe('micro');
    expect(size('K7020', 300, 1000)).toBe('medium');
    expect(size('K7020', 100, 500)).toBe('small');
    expect(size('K7020', 99, 500)).toBe('micro');
    expect(size('L7212', 100, null, 8000)).toBe('medium');
    expect(size('L7212', 10, null, 100)).toBe('small');
    expect(size('L7212', 10, null, 99)).toBe('micro');
    expect(size('M7320', 100, null)).toBe('medium');
    expect(size('M7320', 99, 1e6)).toBe('small'); // revenue is not an indicator there
    expect(size('M7320', 9, null)).toBe('micro');
    expect(size('M7320', 300, null)).toBe('large');
  });

  it('says which indicators were unknown and classifies on the others', () => {
    const c = classifySize({ industryCode: 'C3484', staff: null, revenueYuan: 350 * WAN, assetsYuan: null });
    expect(c).toEqual({ sizeClass: 'small', family: 'industry', missing: ['staff'] });
    expect(
      classifySize({ industryCode: 'A0141', staff: null, revenueYuan: 10 * WAN, assetsYuan: null }).missing,
    ).toEqual([]);
  });

  it('has thresholds that grow from small to medium to large on every indicator', () => {
    for (const t of Object.values(SIZE_THRESHOLDS)) {
      for (const k of ['staff', 'revenueWan', 'assetsWan'] as const) {
        const [s, m, l] = [t.small[k], t.medium[k], t.large[k]];
        expect(s === undefined).toBe(m === undefined);
        expect(m === undefined).toBe(l === undefined);
        if (s !== undefined) expect(s < m! && m! < l!).toBe(true);
      }
    }
  });
});
