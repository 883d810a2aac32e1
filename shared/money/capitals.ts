import { DomainError } from '../errors';
import type { Fen } from './money';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const IN_GROUP = ['', '拾', '佰', '仟'] as const;
const GROUPS = ['', '万', '亿'] as const;
/** Capitals are written for contracts; a trillion yuan is far beyond any loan, so we stop below 1e12 yuan. */
export const MAX_CAPITALS_FEN = 10n ** 14n - 1n;

/** Writes one 4-digit group (1..9999) without its group unit; zeros inside collapse to one 零. */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (out !== '') zero = true;
      continue;
    }
    if (zero) {
      out += '零';
      zero = false;
    }
    out += DIGITS[d]! + IN_GROUP[pos]!;
  }
  return out;
}

/**
 * The amount in Chinese capitals (大写金额) as written on a contract, following the 《会计基础工作规范》
 * conventions: 壹拾 (not 拾) for tens, one 零 for any run of zeros between non-zero digits, 整 after 元 or
 * 角 when there are no 分, 零 before 分 when 角 is zero.
 *
 * 50000000n → 人民币伍拾万元整; 100560n → 人民币壹仟零伍元陆角整; 100506n → 人民币壹仟零伍元零陆分.
 */
export function toChineseCapitals(fen: Fen, prefix = '人民币'): string {
  if (fen < 0n || fen > MAX_CAPITALS_FEN) {
    throw new DomainError(
      'money.capitals_out_of_range',
      'Amount must be between 0 and 999,999,999,999.99 yuan',
      'amount',
    );
  }
  const yuanPart = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const fenDigit = Number(fen % 10n);

  let int = '';
  if (yuanPart > 0n) {
    const groups: number[] = [];
    let rest = yuanPart;
    while (rest > 0n) {
      groups.push(Number(rest % 10000n));
      rest /= 10000n;
    }
    let pendingZero = false;
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i]!;
      if (g === 0) {
        pendingZero = int !== '';
        continue;
      }
      // A lower group that does not fill its thousands place needs 零 after a higher group.
      if (int !== '' && (pendingZero || g < 1000)) int += '零';
      pendingZero = false;
      int += group(g) + GROUPS[i]!;
    }
    int += '元';
  }

  let frac: string;
  if (jiao === 0 && fenDigit === 0) frac = int === '' ? '零元整' : '整';
  else if (fenDigit === 0) frac = `${DIGITS[jiao]}角整`;
  else if (jiao === 0) frac = `${int === '' ? '' : '零'}${DIGITS[fenDigit]}分`;
  else frac = `${DIGITS[jiao]}角${DIGITS[fenDigit]}分`;
  return prefix + int + frac;
}
