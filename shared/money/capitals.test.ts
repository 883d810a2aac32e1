import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { MAX_CAPITALS_FEN, toChineseCapitals } from './capitals';
import { parseMoney } from './money';

const DIGIT: Record<string, bigint> = {
  零: 0n,
  壹: 1n,
  贰: 2n,
  叁: 3n,
  肆: 4n,
  伍: 5n,
  陆: 6n,
  柒: 7n,
  捌: 8n,
  玖: 9n,
};
const UNIT: Record<string, bigint> = { 拾: 10n, 佰: 100n, 仟: 1000n };

/** Inverse of toChineseCapitals, written independently for the round-trip property. */
function parseCapitals(s: string): bigint {
  if (!s.startsWith('人民币')) throw new Error(`no prefix: ${s}`);
  let body = s.slice(3);
  if (body === '零元整') return 0n;
  let yuanPart = 0n;
  const yi = body.indexOf('元');
  const section = (t: string): bigint => {
    let total = 0n;
    let cur = 0n;
    for (const ch of t) {
      if (ch in DIGIT) cur = DIGIT[ch]!;
      else if (ch in UNIT) {
        if (cur === 0n) throw new Error(`unit without digit in ${s}`);
        total += cur * UNIT[ch]!;
        cur = 0n;
      } else throw new Error(`unexpected ${ch} in ${s}`);
    }
    return total + cur;
  };
  if (yi >= 0) {
    let int = body.slice(0, yi);
    body = body.slice(yi + 1);
    const a = int.indexOf('亿');
    if (a >= 0) {
      yuanPart += section(int.slice(0, a)) * 100_000_000n;
      int = int.slice(a + 1);
    }
    const w = int.indexOf('万');
    if (w >= 0) {
      yuanPart += section(int.slice(0, w)) * 10_000n;
      int = int.slice(w + 1);
    }
    yuanPart += section(int);
  }
  let fen = yuanPart * 100n;
  if (body === '整') return fen;
  const j = /^(.)角/.exec(body);
  if (j) {
    fen += DIGIT[j[1]!]! * 10n;
    body = body.slice(2);
  }
  if (body === '整') return fen;
  const f = /^零?(.)分$/.exec(body);
  if (!f) throw new Error(`bad fraction in ${s}`);
  return fen + DIGIT[f[1]!]!;
}

describe('toChineseCapitals', () => {
  it.each([
    ['500000.00', '人民币伍拾万元整'],
    ['1005.60', '人民币壹仟零伍元陆角整'],
    ['1005.06', '人民币壹仟零伍元零陆分'],
    ['1005.66', '人民币壹仟零伍元陆角陆分'],
    ['0.00', '人民币零元整'],
    ['0.06', '人民币陆分'],
    ['0.60', '人民币陆角整'],
    ['10.00', '人民币壹拾元整'],
    ['1050.00', '人民币壹仟零伍拾元整'],
    ['100500.00', '人民币壹拾万零伍佰元整'],
    ['105000.00', '人民币壹拾万伍仟元整'],
    ['1000000.00', '人民币壹佰万元整'],
    ['100000000.00', '人民币壹亿元整'],
    ['100050000.00', '人民币壹亿零伍万元整'],
    ['100000005.00', '人民币壹亿零伍元整'],
    ['3000000.50', '人民币叁佰万元伍角整'],
    ['123456789012.34', '人民币壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分'],
  ])('%s → %s', (amount, words) => {
    expect(toChineseCapitals(parseMoney(amount))).toBe(words);
  });

  it('refuses amounts it cannot write', () => {
    expect(() => toChineseCapitals(MAX_CAPITALS_FEN + 1n)).toThrow(DomainError);
    expect(() => toChineseCapitals(-1n)).toThrow(DomainError);
  });

  it('round-trips through an independent parser on a large random sample', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MAX_CAPITALS_FEN }),
        (fen) => parseCapitals(toChineseCapitals(fen)) === fen,
      ),
      { numRuns: 20_000 },
    );
    // Sparse amounts (many zeros) are where capitals go wrong; sample them on purpose.
    const sparse = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 9 })), { maxLength: 4 })
      .map((ds) => ds.reduce((acc, [p, d]) => acc + BigInt(d) * 10n ** BigInt(p), 0n) % (MAX_CAPITALS_FEN + 1n));
    fc.assert(
      fc.property(sparse, (fen) => parseCapitals(toChineseCapitals(fen)) === fen),
      { numRuns: 20_000 },
    );
  });
});
