import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../calendar/business-calendar';
import { parseCivilDate } from '../calendar/civil-date';
import { lprOn } from '../credit/pricing';
import {
  LPR_CHANGES,
  LPR_FIRST_FIXING,
  LPR_FIXINGS,
  LPR_LAST_FIXING,
  lprFixingDate,
  lprFixingOn,
  lprStaleness,
} from './lpr';

describe('LPR history', () => {
  it('has one fixing a month from 2019-08-20, in date order, on the 20th or the next working day', () => {
    expect(LPR_FIRST_FIXING).toBe('2019-08-20');
    expect(LPR_LAST_FIXING).toBe('2025-10-20');
    let prev = '';
    let prevMonth = 2019 * 12 + 7 - 1;
    for (const f of LPR_FIXINGS) {
      expect(f.date > prev).toBe(true);
      const d = parseCivilDate(f.date);
      expect(d.year * 12 + d.month - 1).toBe(prevMonth + 1); // no month missing, none twice
      expect(d.day).toBeGreaterThanOrEqual(20);
      expect(d.day).toBeLessThanOrEqual(23);
      expect(Number.isInteger(f.oneYearBp) && Number.isInteger(f.fiveYearBp)).toBe(true);
      expect(f.fiveYearBp).toBeGreaterThan(f.oneYearBp);
      prev = f.date;
      prevMonth = d.year * 12 + d.month - 1;
    }
    expect(LPR_FIXINGS).toHaveLength(75);
  });

  it('publishes on the 20th moved past weekends (and, in the calendar years, holidays)', () => {
    const exceptions: Record<string, string> = { '2021-02': '2021-02-20', '2021-09': '2021-09-22' };
    for (const f of LPR_FIXINGS) {
      const { year, month } = parseCivilDate(f.date);
      const key = f.date.slice(0, 7);
      if (year >= 2025) {
        expect(lprFixingDate(year, month)).toBe(f.date); // the bank calendar has these years
        expect(isWorkingDay(f.date)).toBe(true);
      } else if (exceptions[key]) {
        expect(f.date).toBe(exceptions[key]); // a 调休 Saturday; 中秋节 on Monday 09-20
      } else {
        expect(lprFixingDate(year, month)).toBe(f.date); // weekdays only before the calendar's data
      }
    }
    expect(lprFixingDate(2026, 2)).toBe('2026-02-24'); // 春节 2026-02-15..23
    expect(lprFixingDate(2026, 6)).toBe('2026-06-22'); // 端午节 2026-06-19..21
  });

  it('carries the published fixings', () => {
    const at = (d: string) => {
      const f = LPR_FIXINGS.find((x) => x.date === d);
      return f && [f.oneYearBp, f.fiveYearBp];
    };
    expect(at('2019-08-20')).toEqual([425, 485]);
    expect(at('2019-09-20')).toEqual([420, 485]);
    expect(at('2019-11-20')).toEqual([415, 480]);
    expect(at('2020-02-20')).toEqual([405, 475]);
    expect(at('2020-04-20')).toEqual([385, 465]);
    expect(at('2021-11-22')).toEqual([385, 465]);
    expect(at('2021-12-20')).toEqual([380, 465]);
    expect(at('2022-01-20')).toEqual([370, 460]);
    expect(at('2022-05-20')).toEqual([370, 445]);
    expect(at('2022-08-22')).toEqual([365, 430]);
    expect(at('2023-06-20')).toEqual([355, 420]);
    expect(at('2023-08-21')).toEqual([345, 420]);
    expect(at('2024-02-20')).toEqual([345, 395]);
    expect(at('2024-07-22')).toEqual([335, 385]);
    expect(at('2024-10-21')).toEqual([310, 360]);
    expect(at('2025-05-20')).toEqual([300, 350]);
    // Rates only ever fell over this history, and moved in multiples of 5 bp.
    for (let i = 1; i < LPR_FIXINGS.length; i++) {
      expect(LPR_FIXINGS[i]!.oneYearBp).toBeLessThanOrEqual(LPR_FIXINGS[i - 1]!.oneYearBp);
      expect(LPR_FIXINGS[i]!.fiveYearBp).toBeLessThanOrEqual(LPR_FIXINGS[i - 1]!.fiveYearBp);
      expect(LPR_FIXINGS[i]!.oneYearBp % 5).toBe(0);
    }
    expect(LPR_CHANGES.map((c) => c.date)).toEqual([
      '2019-08-20',
      '2019-09-20',
      '2019-11-20',
      '2020-02-20',
      '2020-04-20',
      '2021-12-20',
      '2022-01-20',
      '2022-05-20',
      '2022-08-22',
      '2023-06-20',
      '2023-08-21',
      '2024-02-20',
      '2024-07-22',
      '2024-10-21',
      '2025-05-20',
    ]);
  });

  it('answers the rate in force on a day, pricing included', () => {
    expect(lprFixingOn('2019-08-19')).toBeNull();
    expect(lprFixingOn('2021-09-21')!.date).toBe('2021-08-20');
    expect(lprOn('2021-06-30', '5y')).toBe(465);
    expect(lprOn('2022-08-21', '5y')).toBe(445);
    expect(lprOn('2022-08-22', '5y')).toBe(430);
  });

  it('warns when the latest fixing is older than the month’s fixing date', () => {
    // The table's own month, before and after its fixing: up to date.
    expect(lprStaleness('2025-10-20')).toMatchObject({ stale: false, expectedFixing: '2025-10-20', missingFixings: 0 });
    expect(lprStaleness('2025-11-19')).toMatchObject({ stale: false, expectedFixing: '2025-10-20' });
    // November's fixing (2025-11-20) is due and not in the table.
    expect(lprStaleness('2025-11-20')).toEqual({
      stale: true,
      latestFixing: '2025-10-20',
      expectedFixing: '2025-11-20',
      missingFixings: 1,
    });
    // Today (2026-11-30): thirteen months missing, up to 2026-11-20.
    expect(lprStaleness('2026-11-30')).toMatchObject({ stale: true, expectedFixing: '2026-11-20', missingFixings: 13 });
    // In January before the 20th, last December's fixing is the one due.
    const withDec = [...LPR_FIXINGS, { date: '2026-12-21', oneYearBp: 300, fiveYearBp: 350 }];
    expect(lprStaleness('2027-01-19', withDec)).toMatchObject({ stale: false, expectedFixing: '2026-12-21' });
    expect(lprStaleness('2027-01-20', withDec)).toMatchObject({
      stale: true,
      expectedFixing: '2027-01-20',
      missingFixings: 1,
    });
    expect(() => lprStaleness('2026-02-30')).toThrow(/not a real calendar date/);
  });
});
