import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { checkUscc, isValidUscc, makeUscc, parseUscc, USCC_ALPHABET } from './uscc';

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

  it('makes a valid code from any seed text, even one with letters outside the alphabet', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (seed) => isValidUscc(makeUscc(seed))),
      { numRuns: 500 },
    );
    expect(isValidUscc(makeUscc('crash-0-0'))).toBe(true);
  });
});
