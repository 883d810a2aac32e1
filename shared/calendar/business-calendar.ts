import { DomainError } from '../errors';
import { type CivilDate, formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber, weekday } from './civil-date';
import { ADJUSTED_WORKING_DAYS, CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, HOLIDAY_RANGES } from './holidays';

/**
 * The bank's business calendar in Beijing time. China has no daylight saving, so Beijing time is UTC+8
 * all year and instants convert with a fixed offset — the machine's own time zone never matters.
 *
 * Working hours (our choice, the common branch counter hours): 09:00–12:00 and 13:30–17:30, i.e. seven
 * working hours a day on working days (weekdays that are not holidays, plus 调休 working weekends).
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

function outOfRange(what: string): never {
  throw new DomainError(
    'calendar.out_of_range',
    `${what} is outside the business calendar (${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR})`,
    'date',
  );
}

function isWorkingDayNumber(d: number): boolean {
  if (d < FIRST_DAY || d > LAST_DAY) outOfRange(formatCivilDate(fromDayNumber(d)));
  return WORKING[d - FIRST_DAY] === 1;
}

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

export type SlaState = 'on_track' | 'due_soon' | 'overdue';

/** SLA state at `now`: overdue past the deadline; due soon within `dueSoonWorkingMillis` (default 1 working hour). */
export function slaState(now: Date | number, due: Date | number, dueSoonWorkingMillis = 3_600_000): SlaState {
  const left = workingMillisBetween(now, due);
  if (toMs(now, 'now') >= toMs(due, 'due')) return 'overdue';
  return left <= dueSoonWorkingMillis ? 'due_soon' : 'on_track';
}
