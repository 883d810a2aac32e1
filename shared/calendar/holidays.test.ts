import { describe, expect, it } from 'vitest';
import { parseCivilDate, toDayNumber, weekday } from './civil-date';
import {
  ADJUSTED_WORKING_DAYS,
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  HOLIDAY_RANGES,
  PROVISIONAL_YEARS,
} from './holidays';

const day = (s: string) => toDayNumber(parseCivilDate(s));

describe('holiday data', () => {
  it('covers every year of the calendar, 2027 marked provisional', () => {
    for (let y = CALENDAR_FIRST_YEAR; y <= CALENDAR_LAST_YEAR; y++) {
      expect(HOLIDAY_RANGES[y]?.length).toBeGreaterThanOrEqual(6);
      expect(ADJUSTED_WORKING_DAYS[y]).toBeDefined();
    }
    expect(PROVISIONAL_YEARS).toEqual([2027]);
  });
  it('has well-formed ranges inside their year', () => {
    for (const [year, ranges] of Object.entries(HOLIDAY_RANGES)) {
      for (const [from, to] of ranges) {
        expect(day(from)).toBeLessThanOrEqual(day(to));
        expect(from.startsWith(year) && to.startsWith(year)).toBe(true);
      }
    }
  });
  it('lists only weekends as 调休 working days, never inside a holiday', () => {
    for (const days of Object.values(ADJUSTED_WORKING_DAYS)) {
      for (const d of days) {
        expect([0, 6]).toContain(weekday(day(d)));
        for (const ranges of Object.values(HOLIDAY_RANGES)) {
          for (const [from, to] of ranges) expect(day(d) < day(from) || day(d) > day(to)).toBe(true);
        }
      }
    }
  });
  it('matches the State Council totals: 2025 has 28 days off in its holidays, 2026 has 33', () => {
    const total = (y: number) => HOLIDAY_RANGES[y]!.reduce((s, [a, b]) => s + day(b) - day(a) + 1, 0);
    expect(total(2025)).toBe(1 + 8 + 3 + 5 + 3 + 8);
    expect(total(2026)).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
  });
});
