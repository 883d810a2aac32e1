/**
 * Loan Prime Rate (贷款市场报价利率, LPR) — the full history of the reformed LPR, every monthly fixing
 * published by the National Interbank Funding Center (全国银行间同业拆借中心) under the authority of the
 * People's Bank of China since the reform of 2019-08-17 (中国人民银行公告〔2019〕第15号): the 1-year and the
 * over-5-year rates, in basis points, on their publication dates (the 20th of each month, 9:00 — moved to
 * the next working day when the 20th is not one; 2021-02-20 was a 调休 working Saturday, 2021-09-20 was
 * 中秋节 so that month's fixing came on 09-22).
 *
 * Every fixing is listed, also those that left the rates unchanged, so the table can be checked month by
 * month against the published announcements and its staleness measured. THE TABLE ENDS AT LPR_LAST_FIXING
 * (2025-10-20): add each month's fixing when it is published; until then `lprStaleness` warns.
 */
import { isWorkingDay } from '../calendar/business-calendar';
import { daysInMonth, formatCivilDate, parseCivilDate } from '../calendar/civil-date';

export interface LprFixing {
  /** Publication date (YYYY-MM-DD); the rates apply from that day. */
  date: string;
  oneYearBp: number;
  fiveYearBp: number;
}

const RAW: readonly (readonly [string, number, number])[] = [
  ['2019-08-20', 425, 485],
  ['2019-09-20', 420, 485],
  ['2019-10-21', 420, 485],
  ['2019-11-20', 415, 480],
  ['2019-12-20', 415, 480],
  ['2020-01-20', 415, 480],
  ['2020-02-20', 405, 475],
  ['2020-03-20', 405, 475],
  ['2020-04-20', 385, 465],
  ['2020-05-20', 385, 465],
  ['2020-06-22', 385, 465],
  ['2020-07-20', 385, 465],
  ['2020-08-20', 385, 465],
  ['2020-09-21', 385, 465],
  ['2020-10-20', 385, 465],
  ['2020-11-20', 385, 465],
  ['2020-12-21', 385, 465],
  ['2021-01-20', 385, 465],
  ['2021-02-20', 385, 465],
  ['2021-03-22', 385, 465],
  ['2021-04-20', 385, 465],
  ['2021-05-20', 385, 465],
  ['2021-06-21', 385, 465],
  ['2021-07-20', 385, 465],
  ['2021-08-20', 385, 465],
  ['2021-09-22', 385, 465],
  ['2021-10-20', 385, 465],
  ['2021-11-22', 385, 465],
  ['2021-12-20', 380, 465],
  ['2022-01-20', 370, 460],
  ['2022-02-21', 370, 460],
  ['2022-03-21', 370, 460],
  ['2022-04-20', 370, 460],
  ['2022-05-20', 370, 445],
  ['2022-06-20', 370, 445],
  ['2022-07-20', 370, 445],
  ['2022-08-22', 365, 430],
  ['2022-09-20', 365, 430],
  ['2022-10-20', 365, 430],
  ['2022-11-21', 365, 430],
  ['2022-12-20', 365, 430],
  ['2023-01-20', 365, 430],
  ['2023-02-20', 365, 430],
  ['2023-03-20', 365, 430],
  ['2023-04-20', 365, 430],
  ['2023-05-22', 365, 430],
  ['2023-06-20', 355, 420],
  ['2023-07-20', 355, 420],
  ['2023-08-21', 345, 420],
  ['2023-09-20', 345, 420],
  ['2023-10-20', 345, 420],
  ['2023-11-20', 345, 420],
  ['2023-12-20', 345, 420],
  ['2024-01-22', 345, 420],
  ['2024-02-20', 345, 395],
  ['2024-03-20', 345, 395],
  ['2024-04-22', 345, 395],
  ['2024-05-20', 345, 395],
  ['2024-06-20', 345, 395],
  ['2024-07-22', 335, 385],
  ['2024-08-20', 335, 385],
  ['2024-09-20', 335, 385],
  ['2024-10-21', 310, 360],
  ['2024-11-20', 310, 360],
  ['2024-12-20', 310, 360],
  ['2025-01-20', 310, 360],
  ['2025-02-20', 310, 360],
  ['2025-03-20', 310, 360],
  ['2025-04-21', 310, 360],
  ['2025-05-20', 300, 350],
  ['2025-06-20', 300, 350],
  ['2025-07-21', 300, 350],
  ['2025-08-20', 300, 350],
  ['2025-09-22', 300, 350],
  ['2025-10-20', 300, 350],
];

export const LPR_FIXINGS: readonly LprFixing[] = RAW.map(([date, oneYearBp, fiveYearBp]) => ({
  date,
  oneYearBp,
  fiveYearBp,
}));

/** The first fixing of the reformed LPR (2019-08-20) and the last one entered. */
export const LPR_FIRST_FIXING = LPR_FIXINGS[0]!.date;
export const LPR_LAST_FIXING = LPR_FIXINGS[LPR_FIXINGS.length - 1]!.date;

/** Only the fixings where a rate changed: the rate in force on a day is the last change on or before it. */
export const LPR_CHANGES: readonly LprFixing[] = LPR_FIXINGS.filter(
  (f, i) => i === 0 || f.oneYearBp !== LPR_FIXINGS[i - 1]!.oneYearBp || f.fiveYearBp !== LPR_FIXINGS[i - 1]!.fiveYearBp,
);

/** The fixing in force on `date` (the last published on or before it), or null before 2019-08-20. */
export function lprFixingOn(date: string): LprFixing | null {
  parseCivilDate(date, 'date');
  let hit: LprFixing | null = null;
  for (const f of LPR_FIXINGS) {
    if (f.date > date) break;
    hit = f;
  }
  return hit;
}

/**
 * The day a month's LPR is due to be published: the 20th, or the next working day on the bank calendar
 * (past the calendar's data: the next weekday).
 */
export function lprFixingDate(year: number, month: number): string {
  let day = 20;
  let m = month;
  let y = year;
  for (;;) {
    const date = formatCivilDate({ year: y, month: m, day });
    if (isWorkingDay(date)) return date;
    day++;
    if (day > daysInMonth(y, m)) {
      day = 1;
      m++;
      if (m > 12) {
        m = 1;
        y++;
      }
    }
  }
}

export interface LprStaleness {
  /** True when the table lacks a fixing that should have been published by `today`. */
  stale: boolean;
  /** The last fixing in the table. */
  latestFixing: string;
  /** The latest fixing that should be published by `today` (this month's once its date has come, else last month's). */
  expectedFixing: string;
  /** How many monthly fixings are missing (0 when not stale). */
  missingFixings: number;
}

/**
 * Whether the table has gone stale on `today` (YYYY-MM-DD, Beijing): its latest fixing is older than the
 * fixing this month's (or, before this month's date, last month's) publication date should have brought.
 */
export function lprStaleness(today: string, fixings: readonly LprFixing[] = LPR_FIXINGS): LprStaleness {
  const t = parseCivilDate(today, 'today');
  let y = t.year;
  let m = t.month;
  if (today < lprFixingDate(y, m)) {
    m--;
    if (m === 0) {
      m = 12;
      y--;
    }
  }
  const expectedFixing = lprFixingDate(y, m);
  const latestFixing = fixings[fixings.length - 1]!.date;
  const latest = parseCivilDate(latestFixing);
  const missing = Math.max(0, (y - latest.year) * 12 + (m - latest.month));
  return {
    stale: latestFixing < expectedFixing,
    latestFixing,
    expectedFixing,
    missingFixings: latestFixing < expectedFixing ? Math.max(missing, 1) : 0,
  };
}
