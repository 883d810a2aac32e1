import { DomainError } from '../errors';
import { type CivilDate, formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber, weekday } from './civil-date';
import {
  ADJUSTED_WORKING_DAYS,
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  HOLIDAY_RANGES,
  PROVISIONAL_YEARS,
} from './holidays';

/**
 * The bank's business calendar in Beijing time. China has no daylight saving, so Beijing time is UTC+8
 * all year and instants convert with a fixed offset — the machine's own time zone never matters.
 *
 * Working hours (our choice, the common branch counter hours): 09:00–12:00 and 13:30–17:30, i.e. seven
 * working hours a day on working days (weekdays that are not holidays, plus 调休 working weekends).
 *
 * Past the data (before CALENDAR_FIRST_YEAR or after CALENDAR_LAST_YEAR) nothing throws: the calendar
 * degrades to weekdays only (Monday–Friday working, no holidays, no 调休). Such results, and results that
 * rest on a year whose holidays are provisional (PROVISIONAL_YEARS), are flagged by the companion
 * functions below (`addWorkingDaysFlagged`, `slaDeadlineFlagged`, `calendarBasis`, `spanBasis`), so a
 * deadline can be shown as provisional beside its date.
 */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MIN = 60_000;
/** Working windows as [start, end) milliseconds after local midnight. */
export const WORKING_WINDOWS: readonly (readonly [number, number])[] = [
  [9 * 60 * MIN, 12 * 60 * MIN],
  [(13 * 60 + 30) * MIN, (17 * 60 + 30) * MIN],
];
export const WORKING_MS_PER_DAY = WORKING_WINDOWS.reduce((s, [a, b]) => s + b - a, 0);
const CLOSE_OF_BUSINESS_MS = WORKING_WINDOWS[WORKING_WINDOWS.length - 1]![1];

const FIRST_DAY = toDayNumber({ year: CALENDAR_FIRST_YEAR, month: 1, day: 1 });
const LAST_DAY = toDayNumber({ year: CALENDAR_LAST_YEAR, month: 12, day: 31 });

/** 1 = working day, 0 = day off, indexed by day number − FIRST_DAY. Built once from the data. */
const WORKING = (() => {
  const t = new Uint8Array(LAST_DAY - FIRST_DAY + 1);
  for (let d = FIRST_DAY; d <= LAST_DAY; d++) {
    const wd = weekday(d);
    t[d - FIRST_DAY] = wd === 0 || wd === 6 ? 0 : 1;
  }
  for (const ranges of Object.values(HOLIDAY_RANGES)) {
    for (const [from, to] of ranges) {
      for (let d = toDayNumber(parseCivilDate(from)); d <= toDayNumber(parseCivilDate(to)); d++) t[d - FIRST_DAY] = 0;
    }
  }
  for (const days of Object.values(ADJUSTED_WORKING_DAYS)) {
    for (const day of days) t[toDayNumber(parseCivilDate(day)) - FIRST_DAY] = 1;
  }
  return t;
})();

function isWorkingDayNumber(d: number): boolean {
  if (d < FIRST_DAY || d > LAST_DAY) {
    // Beyond the data: weekdays only (flagged by calendarBasis / the *Flagged companions).
    const wd = weekday(d);
    return wd !== 0 && wd !== 6;
  }
  return WORKING[d - FIRST_DAY] === 1;
}

/**
 * What a day's working/non-working answer rests on:
 * - 'published': the State Council's published holiday notice;
 * - 'provisional': holidays entered ahead of the notice (PROVISIONAL_YEARS, e.g. 2027);
 * - 'beyond_data': outside the data altogether — weekdays only, no holidays.
 */
export type CalendarBasis = 'published' | 'provisional' | 'beyond_data';

const BASIS_RANK: Record<CalendarBasis, number> = { published: 0, provisional: 1, beyond_data: 2 };

function basisOfDayNumber(d: number): CalendarBasis {
  if (d < FIRST_DAY || d > LAST_DAY) return 'beyond_data';
  return PROVISIONAL_YEARS.includes(fromDayNumber(d).year) ? 'provisional' : 'published';
}

/** The weaker of two bases ('beyond_data' < 'provisional' < 'published'). */
function weaker(a: CalendarBasis, b: CalendarBasis): CalendarBasis {
  return BASIS_RANK[a] >= BASIS_RANK[b] ? a : b;
}

/** The basis of a day's answer: a civil date ("YYYY-MM-DD") or an instant, read in Beijing time. */
export function calendarBasis(date: string | CivilDate | Date | number): CalendarBasis {
  if (typeof date === 'number' || date instanceof Date) {
    return basisOfDayNumber(Math.floor((toMs(date, 'date') + BEIJING_OFFSET_MS) / DAY_MS));
  }
  return basisOfDayNumber(toDayNumber(asDate(date, 'date')));
}

/**
 * The weakest basis of every day from `a` to `b` (either order; civil dates or instants): a computation
 * that walked that span rests on it. 'published' only when every day is covered by a published notice.
 */
export function spanBasis(a: string | Date | number, b: string | Date | number): CalendarBasis {
  const dayOf = (x: string | Date | number) =>
    typeof x === 'string'
      ? toDayNumber(parseCivilDate(x, 'date'))
      : Math.floor((toMs(x, 'date') + BEIJING_OFFSET_MS) / DAY_MS);
  let from = dayOf(a);
  let to = dayOf(b);
  if (to < from) [from, to] = [to, from];
  // Provisional years and the data's edges are whole years: checking each year the span touches is exact.
  let basis = weaker(basisOfDayNumber(from), basisOfDayNumber(to));
  for (let y = fromDayNumber(from).year + 1; y < fromDayNumber(to).year; y++) {
    basis = weaker(basis, basisOfDayNumber(toDayNumber({ year: y, month: 1, day: 1 })));
  }
  return basis;
}

/** A calendar answer with what it rests on; `provisional` is true unless every day used was published. */
export interface Flagged<T> {
  value: T;
  basis: CalendarBasis;
  /** True when the answer rests on provisional holidays or on weekdays only (beyond the data). */
  provisional: boolean;
}

const flag = <T>(value: T, basis: CalendarBasis): Flagged<T> => ({ value, basis, provisional: basis !== 'published' });

function toMs(instant: Date | number, field: string): number {
  const ms = typeof instant === 'number' ? instant : instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new DomainError('time.malformed', `${field} must be a valid instant`, field);
  return ms;
}

function asDate(date: string | CivilDate, field: string): CivilDate {
  return typeof date === 'string' ? parseCivilDate(date, field) : date;
}

/**
 * True on working days: weekdays that are not public holidays, and 调休 working weekends. Takes a civil
 * date ("YYYY-MM-DD") or an instant (Date / epoch ms), which is read in Beijing time.
 */
export function isWorkingDay(date: string | CivilDate | Date | number): boolean {
  if (typeof date === 'number' || date instanceof Date) {
    return isWorkingDayNumber(Math.floor((toMs(date, 'date') + BEIJING_OFFSET_MS) / DAY_MS));
  }
  return isWorkingDayNumber(toDayNumber(asDate(date, 'date')));
}

/**
 * The date `n` working days after `date` (n < 0: before). n = 0 returns `date` itself.
 * addWorkingDays('2025-09-30', 1) = '2025-10-09' (国庆 1–8 October; 10-11 is 调休 Saturday).
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new DomainError('calendar.bad_count', 'Working days must be a whole number', 'days');
  let d = toDayNumber(parseCivilDate(date, 'date'));
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    d += step;
    if (isWorkingDayNumber(d)) left--;
  }
  return formatCivilDate(fromDayNumber(d));
}

/**
 * addWorkingDays with its flag: addWorkingDaysFlagged('2027-12-30', 3) = { value: '2028-01-04',
 * basis: 'beyond_data', provisional: true } (2027's holidays are provisional, 2028 is weekdays only).
 */
export function addWorkingDaysFlagged(date: string, n: number): Flagged<string> {
  const value = addWorkingDays(date, n);
  return flag(value, spanBasis(date, value));
}

/** The Beijing-time civil date of an instant. */
export function beijingDate(instant: Date | number): string {
  return formatCivilDate(fromDayNumber(Math.floor((toMs(instant, 'instant') + BEIJING_OFFSET_MS) / DAY_MS)));
}

/** Epoch ms of a Beijing wall-clock time on a civil date. */
export function beijingInstant(date: string, hours = 0, minutes = 0): number {
  return toDayNumber(parseCivilDate(date)) * DAY_MS + (hours * 60 + minutes) * MIN - BEIJING_OFFSET_MS;
}

/** ISO 8601 with the +08:00 offset, as the API prints instants: "2026-03-02T17:30:00+08:00". */
export function toBeijingIso(instant: Date | number): string {
  const local = new Date(toMs(instant, 'instant') + BEIJING_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

/** Adds working time: the instant after `millis` of working time from `instant` have passed. */
export function addWorkingMillis(instant: Date | number, millis: number): number {
  if (!Number.isFinite(millis) || millis < 0) {
    throw new DomainError('calendar.bad_duration', 'Working time must be zero or more', 'duration');
  }
  const start = toMs(instant, 'instant');
  let local = start + BEIJING_OFFSET_MS;
  let day = Math.floor(local / DAY_MS);
  let pos = local - day * DAY_MS;
  let left = Math.round(millis);
  if (left === 0) return start;
  for (;;) {
    if (isWorkingDayNumber(day)) {
      for (const [a, b] of WORKING_WINDOWS) {
        if (pos >= b) continue;
        const from = Math.max(pos, a);
        const take = Math.min(left, b - from);
        left -= take;
        pos = from + take;
        if (left === 0) {
          local = day * DAY_MS + pos;
          return local - BEIJING_OFFSET_MS;
        }
      }
    }
    day++;
    pos = 0;
  }
}

/** addWorkingHours(instant, hours) → instant; hours may be fractional (0.5 = 30 minutes). */
export function addWorkingHours(instant: Date | number, hours: number): number {
  if (!Number.isFinite(hours) || hours < 0) {
    throw new DomainError('calendar.bad_duration', 'Working hours must be zero or more', 'hours');
  }
  return addWorkingMillis(instant, hours * 3_600_000);
}

/** Working milliseconds between two instants (negative when b is before a) — the SLA countdown. */
export function workingMillisBetween(a: Date | number, b: Date | number): number {
  const from = toMs(a, 'from');
  const to = toMs(b, 'to');
  if (to < from) return -workingMillisBetween(to, from);
  const la = from + BEIJING_OFFSET_MS;
  const lb = to + BEIJING_OFFSET_MS;
  const firstDay = Math.floor(la / DAY_MS);
  const lastDay = Math.floor(lb / DAY_MS);
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (!isWorkingDayNumber(day)) continue;
    const base = day * DAY_MS;
    for (const [wa, wb] of WORKING_WINDOWS) {
      const s = Math.max(base + wa, la);
      const e = Math.min(base + wb, lb);
      if (e > s) total += e - s;
    }
  }
  return total;
}

export type SlaRule = { workingHours: number } | { workingDays: number };

/**
 * The SLA deadline of a case received at `received`.
 * - `{ workingHours: 4 }`: four hours of working time later (a case received at 16:30 is due 12:00 next day
 *   when the next day is a working day: 1 h today, 3 h tomorrow morning).
 * - `{ workingDays: 2 }`: close of business (17:30) on the 2nd working day after the day of receipt; a
 *   case received outside working hours counts from the next working day.
 */
export function slaDeadline(received: Date | number, rule: SlaRule): number {
  if ('workingHours' in rule) return addWorkingHours(received, rule.workingHours);
  const n = rule.workingDays;
  if (!Number.isInteger(n) || n < 0) {
    throw new DomainError('calendar.bad_count', 'Working days must be a whole number ≥ 0', 'workingDays');
  }
  const local = toMs(received, 'received') + BEIJING_OFFSET_MS;
  let day = Math.floor(local / DAY_MS);
  if (!isWorkingDayNumber(day) || local - day * DAY_MS >= CLOSE_OF_BUSINESS_MS) {
    do day++;
    while (!isWorkingDayNumber(day));
  }
  for (let left = n; left > 0; ) {
    day++;
    if (isWorkingDayNumber(day)) left--;
  }
  return day * DAY_MS + CLOSE_OF_BUSINESS_MS - BEIJING_OFFSET_MS;
}

/** slaDeadline with its flag: provisional when any day from receipt to the deadline is not published. */
export function slaDeadlineFlagged(received: Date | number, rule: SlaRule): Flagged<number> {
  const due = slaDeadline(received, rule);
  return flag(due, spanBasis(received, due));
}

/**
 * True when a deadline rests on provisional holidays or on weekdays only. Deadlines run forward from
 * receipt and the provisional years are the data's last, so the deadline's own day decides: a deadline in
 * a provisional year (or past the data) is flagged, one in a published year rests only on published days.
 */
export function deadlineIsProvisional(due: Date | number | string): boolean {
  const ms = typeof due === 'string' ? Date.parse(due) : toMs(due, 'due');
  if (!Number.isFinite(ms)) return false;
  return calendarBasis(ms) !== 'published';
}

export type SlaState = 'on_track' | 'due_soon' | 'overdue';

/** SLA state at `now`: overdue past the deadline; due soon within `dueSoonWorkingMillis` (default 1 working hour). */
export function slaState(now: Date | number, due: Date | number, dueSoonWorkingMillis = 3_600_000): SlaState {
  const left = workingMillisBetween(now, due);
  if (toMs(now, 'now') >= toMs(due, 'due')) return 'overdue';
  return left <= dueSoonWorkingMillis ? 'due_soon' : 'on_track';
}
