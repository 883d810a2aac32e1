/**
 * Mainland China public holidays (法定节假日放假) and adjusted working days (调休上班) as data.
 *
 * Sources: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12) and
 * 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
 *
 * 2027 IS PROVISIONAL: the State Council publishes each year's schedule in November of the year before.
 * The 2027 entries below are derived from the lunar festival dates (除夕 2027-02-05, 清明 04-05, 端午 06-09,
 * 中秋 09-15) and the pattern of recent notices (春节 9 days from 除夕, 劳动节 5 days, 国庆 7 days, each with
 * the customary weekend make-up days; 端午 and 中秋 fall mid-week in 2027 and are entered as single days,
 * where the notice may instead give three days with a make-up Saturday). Replace them with the published notice when it appears and bump
 * CALENDAR_VERSION.
 */
export const CALENDAR_VERSION = 'cn-2025.2026.2027p';
export const CALENDAR_FIRST_YEAR = 2025;
export const CALENDAR_LAST_YEAR = 2027;
export const PROVISIONAL_YEARS: readonly number[] = [2027];

/** Inclusive ranges of days off, by year. */
export const HOLIDAY_RANGES: Readonly<Record<number, readonly (readonly [string, string, string])[]>> = {
  2025: [
    ['2025-01-01', '2025-01-01', '元旦'],
    ['2025-01-28', '2025-02-04', '春节'],
    ['2025-04-04', '2025-04-06', '清明节'],
    ['2025-05-01', '2025-05-05', '劳动节'],
    ['2025-05-31', '2025-06-02', '端午节'],
    ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
  ],
  2026: [
    ['2026-01-01', '2026-01-03', '元旦'],
    ['2026-02-15', '2026-02-23', '春节'],
    ['2026-04-04', '2026-04-06', '清明节'],
    ['2026-05-01', '2026-05-05', '劳动节'],
    ['2026-06-19', '2026-06-21', '端午节'],
    ['2026-09-25', '2026-09-27', '中秋节'],
    ['2026-10-01', '2026-10-07', '国庆节'],
  ],
  2027: [
    ['2027-01-01', '2027-01-03', '元旦（暂定）'],
    ['2027-02-05', '2027-02-13', '春节（暂定）'],
    ['2027-04-03', '2027-04-05', '清明节（暂定）'],
    ['2027-05-01', '2027-05-05', '劳动节（暂定）'],
    ['2027-06-09', '2027-06-09', '端午节（暂定）'],
    ['2027-09-15', '2027-09-15', '中秋节（暂定）'],
    ['2027-10-01', '2027-10-07', '国庆节（暂定）'],
  ],
};

/** Weekend days that are working days (调休上班). */
export const ADJUSTED_WORKING_DAYS: Readonly<Record<number, readonly string[]>> = {
  2025: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  2026: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  2027: ['2027-01-31', '2027-02-20', '2027-04-25', '2027-09-26', '2027-10-09'],
};
