import { daysInMonth } from '../calendar/civil-date';
import { DomainError } from '../errors';
import type { IdValidation } from './uscc';

/**
 * 公民身份号码 (resident identity number), GB 11643-1999: 6-digit address code, 8-digit birth date
 * (YYYYMMDD), 3-digit sequence (odd = male, even = female), check character by ISO 7064 MOD 11-2
 * (10 is written X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type ResidentIdFailure = 'length' | 'alphabet' | 'birth_date' | 'check';

function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Validates an 18-digit ID. `asOf` (YYYY-MM-DD), when given, also refuses birth dates after it.
 * Upper-case X only: callers normalise input first ({@link normalizeResidentId}).
 */
export function checkResidentId(input: string, asOf?: string): IdValidation<ResidentIdFailure> {
  if (input.length !== 18) return { ok: false, reason: 'length', message: 'must be 18 characters' };
  if (!/^\d{17}[\dX]$/.test(input)) {
    return { ok: false, reason: 'alphabet', message: 'must be 17 digits and a digit or X' };
  }
  const y = Number(input.slice(6, 10));
  const m = Number(input.slice(10, 12));
  const d = Number(input.slice(12, 14));
  const birth = `${input.slice(6, 10)}-${input.slice(10, 12)}-${input.slice(12, 14)}`;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || (asOf !== undefined && birth > asOf)) {
    return { ok: false, reason: 'birth_date', message: `has an impossible birth date ${birth}` };
  }
  if (checkChar(input.slice(0, 17)) !== input[17]) {
    return { ok: false, reason: 'check', message: 'the check character (18th) is wrong' };
  }
  return { ok: true };
}

export function isValidResidentId(input: string, asOf?: string): boolean {
  return checkResidentId(input, asOf).ok;
}

/** Validates and returns the ID; throws DomainError `resident_id.<reason>` naming the field. */
export function parseResidentId(input: unknown, field = 'legalRepId', asOf?: string): string {
  if (typeof input !== 'string') {
    throw new DomainError('resident_id.length', `${field} must be an 18-character ID number`, field);
  }
  const r = checkResidentId(input, asOf);
  if (!r.ok) throw new DomainError(`resident_id.${r.reason}`, `${field} ${r.message}`, field);
  return input;
}

export function normalizeResidentId(input: string): string {
  return input.trim().toUpperCase();
}

/** A valid ID for sandbox data: `makeResidentId({ region: '310115', birthDate: '1980-05-17', sequence: 123 })`. */
export function makeResidentId(opts: { region?: string; birthDate: string; sequence: number }): string {
  const region = opts.region ?? '310115';
  if (!/^\d{6}$/.test(region)) throw new DomainError('resident_id.alphabet', 'region must be 6 digits', 'region');
  const birth = opts.birthDate.replaceAll('-', '');
  if (!Number.isInteger(opts.sequence) || opts.sequence < 0 || opts.sequence > 999) {
    throw new DomainError('resident_id.alphabet', 'sequence must be 0–999', 'sequence');
  }
  const first17 = region + birth + String(opts.sequence).padStart(3, '0');
  const id = first17 + checkChar(first17);
  const r = checkResidentId(id);
  if (!r.ok) throw new DomainError(`resident_id.${r.reason}`, `birthDate ${r.message}`, 'birthDate');
  return id;
}

/** Sex from the sequence digit (odd = male). */
export function residentIdSex(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}
