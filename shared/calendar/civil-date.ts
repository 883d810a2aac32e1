import { DomainError } from '../errors';

/**
 * Civil dates ("YYYY-MM-DD") as plain numbers, independent of the machine's time zone. Day numbers
 * count days since 1970-01-01 (proleptic Gregorian); weekday 0 = Sunday.
 */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Parses "YYYY-MM-DD" and refuses impossible dates (`date.malformed`, `date.impossible`). */
export function parseCivilDate(input: unknown, field = 'date'): CivilDate {
  const m = typeof input === 'string' ? DATE_RE.exec(input) : null;
  if (!m) throw new DomainError('date.malformed', `${field} must be a date as YYYY-MM-DD`, field);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError('date.impossible', `${field} is not a real calendar date: ${input}`, field);
  }
  return { year, month, day };
}

export function formatCivilDate(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
export function toDayNumber({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): CivilDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * The date `months` months after `start`, on the contract day `contractDay` (default: start's day),
 * clamped to the month's last day: a loan started on 31 January falls due on 28/29 February, 31 March…
 */
export function addMonthsClamped(start: CivilDate, months: number, contractDay = start.day): CivilDate {
  const idx = start.year * 12 + (start.month - 1) + months;
  const year = Math.floor(idx / 12);
  const month = (idx % 12) + 1;
  return { year, month, day: Math.min(contractDay, daysInMonth(year, month)) };
}

/** Whole months from a to b (b ≥ a), counting a month only once its day is reached. */
export function wholeMonthsBetween(a: CivilDate, b: CivilDate): number {
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (b.day < a.day && b.day < daysInMonth(b.year, b.month)) months -= 1;
  return months;
}
