import { describe, expect, it } from 'vitest';
import { INDUSTRY_NAMES } from '../../shared/reference/industries';
import { DISTRICTS } from '../../shared/reference/regions';
import { INDUSTRIES, placeName, SEED_REGIONS } from './sandbox-catalogue';

describe('the sandbox names what it seeds (shared/reference)', () => {
  it('every trade and every registered district has a name the screens can show', () => {
    for (const i of INDUSTRIES) expect(INDUSTRY_NAMES[i.code], i.code).toBeDefined();
    for (const [code] of SEED_REGIONS) expect(DISTRICTS[code], code).toBeDefined();
  });

  it('company names carry the served city, else the province', () => {
    expect(placeName('330106')).toBe('杭州');
    expect(placeName('330602')).toBe('绍兴');
    expect(placeName('310115')).toBe('上海');
    expect(placeName('320505')).toBe('江苏');
    expect(placeName('440305')).toBe('广东');
    expect(placeName('990000')).toBe('');
  });
});
