import { describe, expect, it } from 'vitest';
import { strongProfile } from './fixtures.testkit';
import { EnterpriseProfileSchema, parseEnterpriseProfile } from './profile';
import { makeSampleProfile } from './sample-profile';

describe('enterprise profile', () => {
  it('accepts the fixture and generated sandbox profiles', () => {
    expect(parseEnterpriseProfile(strongProfile()).uscc).toHaveLength(18);
    for (let s = 1; s <= 200; s++) {
      expect(EnterpriseProfileSchema.safeParse(makeSampleProfile(s, { asOf: '2026-03-02' })).success).toBe(true);
    }
  });
  it('generates the same profile from the same seed', () => {
    expect(makeSampleProfile(7, { asOf: '2026-03-02' })).toEqual(makeSampleProfile(7, { asOf: '2026-03-02' }));
  });
  it.each([
    [{ uscc: '91310115123456780X' }, 'uscc'],
    [{ legalRepId: '110105194912310021' }, 'legalRepId'],
    [{ industryCode: 'Z99' }, 'industryCode'],
    [{ dataCompleteness: 101 }, 'dataCompleteness'],
    [{ establishedDate: '2025-02-30' }, 'establishedDate'],
  ])('names the bad field %o', (patch, field) => {
    expect(() => parseEnterpriseProfile(strongProfile(patch as never))).toThrow(expect.objectContaining({ field }));
  });
  it('requires consecutive months', () => {
    const p = strongProfile();
    const monthly = [...p.monthly];
    monthly.splice(5, 1);
    expect(() => parseEnterpriseProfile({ ...p, monthly })).toThrow(
      expect.objectContaining({ code: 'profile.invalid', field: 'monthly.5.month' }),
    );
  });
  it('refuses money as numbers (binary floats never enter)', () => {
    const p = strongProfile();
    expect(() => parseEnterpriseProfile({ ...p, registeredCapital: 5000000 })).toThrow(
      expect.objectContaining({ field: 'registeredCapital' }),
    );
  });
});
