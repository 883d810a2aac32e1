import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResidentId, isValidResidentId, makeResidentId, parseResidentId, residentIdSex } from './resident-id';

const ID_ALPHABET = '0123456789X';

/** Every string that differs from `s` in exactly one position, over `alphabet`. */
function* singleChanges(s: string, alphabet: string) {
  for (let i = 0; i < s.length; i++) {
    for (const c of alphabet) if (c !== s[i]) yield s.slice(0, i) + c + s.slice(i + 1);
  }
}

describe('resident ID (GB 11643-1999)', () => {
  it('accepts the standard example and reads the sex', () => {
    expect(checkResidentId('11010519491231002X')).toEqual({ ok: true });
    expect(residentIdSex('11010519491231002X')).toBe('female');
    expect(isValidResidentId('440524188001010014')).toBe(false); // year before 1900
  });
  it('names the rule a bad ID breaks', () => {
    expect(checkResidentId('1101051949123100')).toMatchObject({ reason: 'length' });
    expect(checkResidentId('11010519491231002x')).toMatchObject({ reason: 'alphabet' });
    expect(checkResidentId('110105194902300021')).toMatchObject({ reason: 'birth_date' });
    expect(checkResidentId('110105194912310021')).toMatchObject({ reason: 'check' });
    expect(checkResidentId(makeResidentId({ birthDate: '2030-01-01', sequence: 1 }), '2026-01-01')).toMatchObject({
      reason: 'birth_date',
    });
    expect(() => parseResidentId('110105194912310021')).toThrow(
      expect.objectContaining({ code: 'resident_id.check', field: 'legalRepId' }),
    );
  });
  it('generates valid IDs, and every single-character change of one fails', () => {
    const birth = fc
      .date({ min: new Date('1940-01-01T00:00:00Z'), max: new Date('2005-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.stringMatching(/^[1-6]\d{5}$/), birth, fc.integer({ min: 0, max: 999 }), (region, b, seq) => {
        const id = makeResidentId({ region, birthDate: b, sequence: seq });
        if (!isValidResidentId(id)) return false;
        for (const changed of singleChanges(id, ID_ALPHABET)) if (isValidResidentId(changed)) return false;
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
