import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { SLA_BY_TIER } from '../workflow/sla';
import {
  addWorkingDays,
  addWorkingDaysFlagged,
  addWorkingHours,
  beijingInstant,
  calendarBasis,
  deadlineIsProvisional,
  isWorkingDay,
  slaDeadline,
  slaDeadlineFlagged,
  slaState,
  spanBasis,
  toBeijingIso,
  WORKING_MS_PER_DAY,
  workingMillisBetween,
} from './business-calendar';
import { addMonthsClamped, parseCivilDate, toDayNumber, weekday } from './civil-date';

const H = 3_600_000;

describe('business calendar', () => {
  it('knows the published 2025 and 2026 holidays and 调休 working weekends', () => {
    expect(isWorkingDay('2025-01-01')).toBe(false);
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2025-02-04')).toBe(false);
    expect(isWorkingDay('2025-02-08')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2025-10-08')).toBe(false);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-23')).toBe(false);
    expect(isWorkingDay('2026-05-09')).toBe(true);
    expect(isWorkingDay('2026-09-25')).toBe(false);
    expect(isWorkingDay('2026-03-02')).toBe(true); // ordinary Monday
    expect(isWorkingDay('2026-03-07')).toBe(false); // ordinary Saturday
    // Instants are read in Beijing time: 2026-03-01T23:30Z is Monday 07:30 in Beijing.
    expect(isWorkingDay(Date.UTC(2026, 2, 1, 23, 30))).toBe(true);
    expect(isWorkingDay(new Date(Date.UTC(2026, 2, 1, 15, 30)))).toBe(false);
  });

  it('counts working days across the National Day week', () => {
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-09-30', 2)).toBe('2025-10-10');
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-11'); // 调休 Saturday
    expect(addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
  });

  it('adds working hours across lunch, evenings and holidays in Beijing time', () => {
    // Friday 16:30 + 4 working hours → Monday 12:00 (1 h Friday, 3 h Monday morning).
    const fri = beijingInstant('2026-03-06', 16, 30);
    expect(toBeijingIso(addWorkingHours(fri, 4))).toBe('2026-03-09T12:00:00+08:00');
    // 11:00 + 2 h → 14:30 (lunch 12:00–13:30 does not count).
    expect(toBeijingIso(addWorkingHours(beijingInstant('2026-03-02', 11), 2))).toBe('2026-03-02T14:30:00+08:00');
    // Exactly at the morning close: 09:00 + 3 h = 12:00, not 13:30.
    expect(toBeijingIso(addWorkingHours(beijingInstant('2026-03-02', 9), 3))).toBe('2026-03-02T12:00:00+08:00');
    // Spring Festival 2026: Friday 13 Feb 17:00 + 1 h → Saturday 14 Feb (调休) 09:30.
    expect(toBeijingIso(addWorkingHours(beijingInstant('2026-02-13', 17), 1))).toBe('2026-02-14T09:30:00+08:00');
  });

  it('measures working time between instants and its inverse', () => {
    const a = beijingInstant('2026-03-02', 8);
    const b = beijingInstant('2026-03-03', 10);
    expect(workingMillisBetween(a, b)).toBe(8 * H);
    expect(workingMillisBetween(b, a)).toBe(-8 * H);
    for (const h of [0.25, 1, 3, 7, 13.5, 40]) {
      const start = beijingInstant('2025-12-31', 15, 7);
      expect(workingMillisBetween(start, addWorkingHours(start, h))).toBe(h * H);
    }
  });

  it('adds and measures working time consistently for any start and duration (property)', () => {
    const start = fc.integer({ min: beijingInstant('2025-01-01'), max: beijingInstant('2027-10-01') });
    const minutes = fc.integer({ min: 0, max: 7 * 60 * 40 });
    fc.assert(
      fc.property(start, minutes, (s, m) => {
        const end = addWorkingHours(s, m / 60);
        return end >= s && workingMillisBetween(s, end) === m * 60_000;
      }),
      { numRuns: 2_000 },
    );
  });

  it('does not depend on the process time zone', () => {
    expect(beijingInstant('2026-03-02', 9)).toBe(Date.UTC(2026, 2, 2, 1, 0));
  });

  it('sets SLA deadlines where a bank would', () => {
    const mon10 = beijingInstant('2026-03-02', 10);
    expect(toBeijingIso(slaDeadline(mon10, { workingDays: 2 }))).toBe('2026-03-04T17:30:00+08:00');
    const fri18 = beijingInstant('2026-03-06', 18);
    expect(toBeijingIso(slaDeadline(fri18, { workingDays: 2 }))).toBe('2026-03-11T17:30:00+08:00');
    expect(toBeijingIso(slaDeadline(fri18, { workingHours: 4 }))).toBe('2026-03-09T14:30:00+08:00');
    const due = slaDeadline(mon10, { workingHours: 4 });
    expect(slaState(mon10, due)).toBe('on_track');
    expect(slaState(due - 30 * 60_000, due)).toBe('due_soon');
    expect(slaState(due, due)).toBe('overdue');
  });

  it('refuses impossible dates', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(/not a real calendar date/);
    expect(() => addWorkingHours(Number.NaN, 1)).toThrow(DomainError);
  });
});

describe('civil dates', () => {
  it('clamps the contract day to month ends', () => {
    const jan31 = parseCivilDate('2024-01-31');
    expect(addMonthsClamped(jan31, 1)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(addMonthsClamped(jan31, 2)).toEqual({ year: 2024, month: 3, day: 31 });
    expect(addMonthsClamped(jan31, 13)).toEqual({ year: 2025, month: 2, day: 28 });
    expect(addMonthsClamped(jan31, 3)).toEqual({ year: 2024, month: 4, day: 30 });
  });
  it('knows weekdays', () => {
    expect(weekday(toDayNumber(parseCivilDate('2026-03-02')))).toBe(1);
  });
});

describe('past the data and provisional holidays', () => {
  it('degrades to weekdays only past the last year of data, and flags it', () => {
    // 2027-12-30 is a Thursday: Fri 12-31 (provisional 2027), then Mon 01-03 and Tue 01-04 (2028, weekdays only).
    expect(addWorkingDays('2027-12-30', 3)).toBe('2028-01-04');
    expect(addWorkingDaysFlagged('2027-12-30', 3)).toEqual({
      value: '2028-01-04',
      basis: 'beyond_data',
      provisional: true,
    });
    // 2028-01-01 would be 元旦 but is not in the data: only the weekend is off.
    expect(isWorkingDay('2028-01-01')).toBe(false); // Saturday
    expect(isWorkingDay('2028-01-03')).toBe(true); // Monday
    expect(isWorkingDay('2024-12-31')).toBe(true); // before the data: a Tuesday
    expect(calendarBasis('2024-12-31')).toBe('beyond_data');
    expect(addWorkingDays('2028-01-07', -5)).toBe('2027-12-31');
  });

  it('marks answers that rest on 2027 (provisional) and not those on published years', () => {
    expect(calendarBasis('2026-12-31')).toBe('published');
    expect(calendarBasis('2027-01-04')).toBe('provisional');
    expect(calendarBasis('2028-01-04')).toBe('beyond_data');
    expect(addWorkingDaysFlagged('2026-03-02', 5)).toEqual({
      value: '2026-03-09',
      basis: 'published',
      provisional: false,
    });
    // 2026-12-31 (Thursday) + 1 = 2027-01-04: the 2027 元旦 days are provisional, so is the answer.
    expect(addWorkingDaysFlagged('2026-12-31', 1)).toEqual({
      value: '2027-01-04',
      basis: 'provisional',
      provisional: true,
    });
    expect(spanBasis('2026-01-05', '2029-06-01')).toBe('beyond_data');
    expect(spanBasis('2027-06-01', '2026-06-01')).toBe('provisional');
    expect(spanBasis('2025-06-01', '2026-06-01')).toBe('published');
  });

  it('gives a case submitted in the last week of 2027 its deadline, flagged, for every SLA rule', () => {
    for (const day of ['2027-12-27', '2027-12-28', '2027-12-29', '2027-12-30', '2027-12-31']) {
      const received = beijingInstant(day, 16);
      for (const rule of Object.values(SLA_BY_TIER)) {
        if (!rule) continue;
        const due = slaDeadlineFlagged(received, rule);
        expect(due.value).toBe(slaDeadline(received, rule));
        expect(due.value).toBeGreaterThan(received);
        expect(due.provisional).toBe(true);
        expect(deadlineIsProvisional(due.value)).toBe(true);
        expect(slaState(received, due.value)).not.toBe('overdue');
      }
    }
    // Friday 2027-12-31 10:00, committee (5 working days): weekdays only in 2028 → Friday 2028-01-07 17:30.
    expect(toBeijingIso(slaDeadline(beijingInstant('2027-12-31', 10), { workingDays: 5 }))).toBe(
      '2028-01-07T17:30:00+08:00',
    );
    // Countdowns across the edge answer too.
    expect(workingMillisBetween(beijingInstant('2027-12-31', 9), beijingInstant('2028-01-03', 12))).toBe(
      WORKING_MS_PER_DAY + 3 * 3_600_000,
    );
  });

  it('does not flag a deadline that rests only on published holidays', () => {
    const received = beijingInstant('2026-09-30', 10);
    const due = slaDeadlineFlagged(received, { workingDays: 2 });
    expect(toBeijingIso(due.value)).toBe('2026-10-09T17:30:00+08:00');
    expect(due).toMatchObject({ basis: 'published', provisional: false });
    expect(deadlineIsProvisional(due.value)).toBe(false);
    expect(deadlineIsProvisional(new Date(due.value).toISOString())).toBe(false);
    expect(deadlineIsProvisional('2027-03-01T09:00:00.000Z')).toBe(true);
  });
});
