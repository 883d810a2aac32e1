import { DomainError } from '../errors';

/**
 * Money and rates, exact.
 *
 * - Money is `bigint` fen (分). On the wire it is yuan as a decimal string with two places ("500000.00").
 * - Rates are `bigint` fractions scaled by {@link RATE_SCALE} (1e12): 4.35 %/yr = 0.0435 = 43_500_000_000n.
 *   On the wire an annual rate is a percent decimal string ("4.35"). 1e12 holds any percent with up to
 *   ten decimals exactly, and a fen-level product `balance × rate` stays an exact bigint.
 * - The one rounding rule: round half-up (half away from zero) to the unit, in {@link divRoundHalfUp}.
 *   Every amount that is cut to the fen, and every rate cut to its last printed place, goes through it.
 */
export type Fen = bigint;
/** An annual or periodic rate as a fraction scaled by RATE_SCALE. */
export type Rate = bigint;

export const RATE_SCALE = 1_000_000_000_000n;
/** Percent to RATE_SCALE fraction: 1 % = 1e10 units. */
const PERCENT_UNIT = RATE_SCALE / 100n;
/** Largest amount the engine accepts: 10^15 yuan − 1 fen (the wire regex allows 15 integer digits). */
export const MAX_FEN = 10n ** 17n - 1n;

/** n / d rounded half-up (half away from zero). d must be non-zero. The only rounding function. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new DomainError('math.division_by_zero', 'Division by zero', undefined);
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  if (n > 0n) return 2n * r >= d ? q + 1n : q;
  return -2n * r >= d ? q - 1n : q;
}

/**
 * Parses yuan ("500000.00", "500000", "0.5") into fen. Refuses signs, exponents, separators, more than
 * two decimals and more than 15 integer digits with `money.malformed`.
 */
export function parseMoney(input: unknown, field = 'amount'): Fen {
  if (typeof input === 'bigint') {
    if (input < 0n || input > MAX_FEN) throw new DomainError('money.out_of_range', `${field} is out of range`, field);
    return input;
  }
  if (typeof input !== 'string') {
    throw new DomainError('money.malformed', `${field} must be a decimal string in yuan, e.g. "500000.00"`, field);
  }
  const fen = tryParseMoney(input);
  if (fen === null) {
    throw new DomainError(
      'money.malformed',
      `${field} must be yuan with at most two decimals, e.g. "500000.00" (got "${input.slice(0, 40)}")`,
      field,
    );
  }
  return fen;
}

/**
 * Like parseMoney, but returns null instead of throwing: for hot loops that build the error's field name
 * only on failure. Scans characters once; the integer part (at most 15 digits, so below 2^53) is
 * accumulated as an exact integer and turned into bigint before it is scaled to fen.
 */
export function tryParseMoney(input: string): Fen | null {
  const len = input.length;
  let i = 0;
  let int = 0;
  for (; i < len; i++) {
    const c = input.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    int = int * 10 + c;
  }
  if (i === 0 || i > 15 || (i > 1 && input.charCodeAt(0) === 48)) return null;
  let frac = 0;
  if (i < len) {
    if (input.charCodeAt(i) !== 46 || len - i < 2 || len - i > 3) return null;
    const d1 = input.charCodeAt(i + 1) - 48;
    const d2 = len - i === 3 ? input.charCodeAt(i + 2) - 48 : 0;
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
    frac = d1 * 10 + d2;
  }
  return BigInt(int) * 100n + BigInt(frac);
}

/** Parses and requires a strictly positive amount (`money.not_positive`). */
export function parsePositiveMoney(input: unknown, field = 'amount'): Fen {
  const fen = parseMoney(input, field);
  if (fen <= 0n) throw new DomainError('money.not_positive', `${field} must be greater than zero`, field);
  return fen;
}

/** Formats fen as yuan with two places: 50000000n → "500000.00"; negative values keep a leading "-". */
export function formatMoney(fen: Fen): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const yuan = abs / 100n;
  const cents = abs % 100n;
  return `${neg ? '-' : ''}${yuan}.${cents < 10n ? '0' : ''}${cents}`;
}

/** Whole yuan to fen, for policy constants: yuan(1_000_000) = 100_000_000n. */
export function yuan(n: number | bigint): Fen {
  return BigInt(n) * 100n;
}

/** amount × bp / 10000, rounded half-up to the fen. */
export function mulBasisPoints(amount: Fen, bp: bigint | number): Fen {
  return divRoundHalfUp(amount * BigInt(bp), 10_000n);
}

const RATE_RE = /^(0|[1-9]\d{0,2})(?:\.(\d{1,10}))?$/;

/** Bounds for an annual rate accepted from input: 0 % to 36 % (the cap above which Chinese courts refuse interest). */
export const MAX_ANNUAL_RATE_PERCENT = 36n;

/**
 * Parses a percent string ("3.85") into a Rate. `rate.malformed` for anything but a plain decimal,
 * `rate.out_of_range` outside [min, max] percent (default 0–36).
 */
export function parseRatePercent(
  input: unknown,
  field = 'annualRate',
  bounds: { minPercent?: bigint; maxPercent?: bigint; allowZero?: boolean } = {},
): Rate {
  if (typeof input !== 'string') {
    throw new DomainError('rate.malformed', `${field} must be a percent decimal string, e.g. "3.85"`, field);
  }
  const m = RATE_RE.exec(input);
  if (!m) {
    throw new DomainError(
      'rate.malformed',
      `${field} must be a percent decimal string with at most 10 decimals, e.g. "3.85" (got "${input.slice(0, 40)}")`,
      field,
    );
  }
  const frac = (m[2] ?? '').padEnd(10, '0');
  const rate = BigInt(m[1]!) * PERCENT_UNIT + BigInt(frac);
  const min = (bounds.minPercent ?? 0n) * PERCENT_UNIT;
  const max = (bounds.maxPercent ?? MAX_ANNUAL_RATE_PERCENT) * PERCENT_UNIT;
  if (rate < min || rate > max) {
    throw new DomainError(
      'rate.out_of_range',
      `${field} must be between ${bounds.minPercent ?? 0n}% and ${bounds.maxPercent ?? MAX_ANNUAL_RATE_PERCENT}%`,
      field,
    );
  }
  if (rate === 0n && bounds.allowZero === false) {
    throw new DomainError('rate.out_of_range', `${field} must be greater than zero`, field);
  }
  return rate;
}

/**
 * Formats a Rate as a percent string with `places` decimals (default 2: "3.85"), rounded half-up.
 * Works on any scale: pass `scale` when the value is not in RATE_SCALE units.
 */
export function formatRatePercent(rate: bigint, places = 2, scale: bigint = RATE_SCALE): string {
  const unit = 10n ** BigInt(places);
  const scaled = divRoundHalfUp(rate * 100n * unit, scale);
  const neg = scaled < 0n;
  const abs = neg ? -scaled : scaled;
  const int = abs / unit;
  if (places === 0) return `${neg ? '-' : ''}${int}`;
  const frac = (abs % unit).toString().padStart(places, '0');
  return `${neg ? '-' : ''}${int}.${frac}`;
}

/** Basis points (1 bp = 0.01 %) to a Rate. */
export function bpToRate(bp: number | bigint): Rate {
  return BigInt(bp) * (RATE_SCALE / 10_000n);
}

/** The larger of two amounts (Math.max does not take bigint). */
export function maxFen(a: Fen, b: Fen): Fen {
  return a > b ? a : b;
}

/** The smaller of two amounts. */
export function minFen(a: Fen, b: Fen): Fen {
  return a < b ? a : b;
}
