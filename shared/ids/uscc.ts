import { DomainError } from '../errors';

/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 *
 * 18 characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V):
 * [1] registration authority, [2] organisation type, [3–8] administrative division (digits),
 * [9–17] organisation code (GB 11714, whose 9th character is itself a check character), [18] check
 * character: C18 = 31 − (Σ value(Ci) × Wi mod 31), 31 → 0, with Wi = 3^(i−1) mod 31.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

export type UsccFailure = 'length' | 'alphabet' | 'division' | 'org_check' | 'check';
export type IdValidation<F extends string> = { ok: true } | { ok: false; reason: F; message: string };

const VALUE = new Map([...USCC_ALPHABET].map((c, i) => [c, i]));

function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += VALUE.get(first17[i]!)! * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 value of a character: digits 0–9, letters A=10 … Z=35. */
function orgValue(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}

function orgCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(body8[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Validates a USCC, returning the first rule it breaks. Input must already be upper-case and trimmed. */
export function checkUscc(input: string): IdValidation<UsccFailure> {
  if (input.length !== 18) return { ok: false, reason: 'length', message: 'must be 18 characters' };
  for (const c of input) {
    if (!VALUE.has(c)) {
      return { ok: false, reason: 'alphabet', message: `contains "${c}", not allowed (no I, O, Z, S, V)` };
    }
  }
  if (!/^\d{6}$/.test(input.slice(2, 8))) {
    return { ok: false, reason: 'division', message: 'characters 3–8 must be an administrative division code' };
  }
  if (orgCheckChar(input.slice(8, 16)) !== input[16]) {
    return { ok: false, reason: 'org_check', message: 'the organisation code check character (17th) is wrong' };
  }
  if (usccCheckChar(input.slice(0, 17)) !== input[17]) {
    return { ok: false, reason: 'check', message: 'the check character (18th) is wrong' };
  }
  return { ok: true };
}

export function isValidUscc(input: string): boolean {
  return checkUscc(input).ok;
}

/** Validates and returns the code; throws DomainError `uscc.<reason>` naming the field. */
export function parseUscc(input: unknown, field = 'uscc'): string {
  if (typeof input !== 'string') throw new DomainError('uscc.length', `${field} must be an 18-character code`, field);
  const r = checkUscc(input);
  if (!r.ok) throw new DomainError(`uscc.${r.reason}`, `${field} ${r.message}`, field);
  return input;
}

/** Trims and upper-cases what a clerk typed; validation itself is strict. */
export function normalizeUscc(input: string): string {
  return input.trim().toUpperCase();
}

/**
 * A valid USCC for sandbox data, deterministic in its seed: `makeUscc('12345678')` → "91310115123456780…".
 * `seed` supplies the organisation code body (digits and capitals, padded/truncated to 8); the code is
 * an enterprise (91) registered in `division` (default 310115, Shanghai Pudong).
 */
export function makeUscc(seed: string | number, division = '310115', prefix = '91'): string {
  const body = String(seed)
    .toUpperCase()
    // Only characters of the code's alphabet (no I, O, Z, S, V) can make a valid code.
    .replace(/[^0-9ABCDEFGHJKLMNPQRTUWXY]/g, '')
    .padStart(8, '0')
    .slice(-8);
  if (!/^\d{6}$/.test(division)) throw new DomainError('uscc.division', 'division must be 6 digits', 'division');
  if (prefix.length !== 2 || [...prefix].some((c) => !VALUE.has(c))) {
    throw new DomainError('uscc.alphabet', 'prefix must be two USCC characters', 'prefix');
  }
  const org = body + orgCheckChar(body);
  const first17 = prefix + division + org;
  return first17 + usccCheckChar(first17);
}
