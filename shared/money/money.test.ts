import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
  divRoundHalfUp,
  formatMoney,
  formatRatePercent,
  parseMoney,
  parsePositiveMoney,
  parseRatePercent,
  RATE_SCALE,
  tryParseMoney,
} from './money';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return `${e.code}@${e.field}`;
    throw e;
  }
  return 'no error';
};

describe('money', () => {
  it('parses yuan strings into fen exactly', () => {
    expect(parseMoney('500000.00')).toBe(50_000_000n);
    expect(parseMoney('0.1')).toBe(10n);
    expect(parseMoney('1005.06')).toBe(100_506n);
    expect(parseMoney('999999999999999.99')).toBe(99_999_999_999_999_999n);
  });
  it('formats fen as yuan with two places', () => {
    expect(formatMoney(50_000_000n)).toBe('500000.00');
    expect(formatMoney(5n)).toBe('0.05');
    expect(formatMoney(-105n)).toBe('-1.05');
  });
  it('refuses malformed or non-positive amounts with a specific code and the field', () => {
    for (const bad of ['', '1e5', '-1.00', '1,000.00', '01.00', '1.001', ' 1.00', 'NaN', '1.', '.5'])
      expect(code(() => parseMoney(bad, 'amount'))).toBe('money.malformed@amount');
    expect(code(() => parseMoney(100 as unknown, 'fee'))).toBe('money.malformed@fee');
    expect(code(() => parsePositiveMoney('0.00'))).toBe('money.not_positive@amount');
  });
  it('rounds half-up (away from zero) in one place', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(4n, 3n)).toBe(1n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfUp(7n, -2n)).toBe(-4n);
  });
  it('parses and formats percent rates on a 1e12 fixed-point scale', () => {
    expect(parseRatePercent('4.35')).toBe(43_500_000_000n);
    expect(formatRatePercent(parseRatePercent('3.85'))).toBe('3.85');
    expect(formatRatePercent(RATE_SCALE / 3n, 4)).toBe('33.3333');
    expect(code(() => parseRatePercent('37'))).toBe('rate.out_of_range@annualRate');
    expect(code(() => parseRatePercent('4.3.5'))).toBe('rate.malformed@annualRate');
    expect(code(() => parseRatePercent(4.35 as unknown))).toBe('rate.malformed@annualRate');
  });
  it('parses exactly what the documented grammar allows (property against a regex reference)', () => {
    const reference = (t: string): bigint | null => {
      const m = /^(0|[1-9]\d{0,14})(?:\.(\d{1,2}))?$/.exec(t);
      return m ? BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0')) : null;
    };
    const chars = fc.constantFrom('0', '1', '5', '9', '.', '-', 'e', ' ');
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 20 }), (t) => tryParseMoney(t) === reference(t)),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 17n - 1n }), (fen) => parseMoney(formatMoney(fen)) === fen),
      { numRuns: 5_000 },
    );
  });
});
