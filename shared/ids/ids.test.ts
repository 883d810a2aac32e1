import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { maskMobile, maskName, maskResidentId, maskUscc } from './mask';
import { checkResidentId, isValidResidentId, makeResidentId, parseResidentId, residentIdSex } from './resident-id';
import { checkUscc, isValidUscc, makeUscc, parseUscc, USCC_ALPHABET } from './uscc';

const ID_ALPHABET = '0123456789X';

/** Every string that differs from `s` in exactly one position, over `alphabet`. */
function* singleChanges(s: string, alphabet: string) {
  for (let i = 0; i < s.length; i++) {
    for (const c of alphabet) if (c !== s[i]) yield s.slice(0, i) + c + s.slice(i + 1);
  }
}

describe('USCC (GB 32100-2015)', () => {
  it('accepts published codes', () => {
    // Check characters of well-known enterprises' codes (business licences are public).
    for (const code of ['91350100M000100Y43', '91110000802100433B', '914403001922038216']) {
      expect(checkUscc(code)).toEqual({ ok: true });
    }
  });
  it('names the rule a bad code breaks', () => {
    expect(checkUscc('91350100M000100Y4')).toMatchObject({ reason: 'length' });
    expect(checkUscc('91350100M000100YO3')).toMatchObject({ reason: 'alphabet' });
    expect(checkUscc('913501A0M000100Y43')).toMatchObject({ reason: 'division' });
    expect(checkUscc('91350100M000100Y44')).toMatchObject({ reason: 'check' });
    expect(() => parseUscc('91350100M000100Y44', 'uscc')).toThrow(
      expect.objectContaining({ code: 'uscc.check', field: 'uscc' }),
    );
    expect(() => parseUscc(42)).toThrow(DomainError);
  });
  it('generates valid codes, and every single-character change of one fails', () => {
    const seed = fc.stringMatching(/^[0-9A-HJ-NP-RTUW-Y]{8}$/);
    const division = fc.stringMatching(/^[1-6]\d{5}$/);
    fc.assert(
      fc.property(seed, division, (s, d) => {
        const code = makeUscc(s, d);
        if (!isValidUscc(code)) return false;
        for (const changed of singleChanges(code, USCC_ALPHABET)) if (isValidUscc(changed)) return false;
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

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

describe('masking', () => {
  it('keeps what a clerk needs', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskUscc('91350100M000100Y43')).toBe('91************0Y43');
  });
});
