/**
 * Which LPR fixing an approved rate rests on. The LPR is published on the 20th of each month (moved to
 * the next working day when the 20th is not one); a rate priced on a day uses the latest fixing
 * published on or before it. The approval stores its rate but not the fixing, so the contract derives
 * the fixing from the approval date — deterministically, the same on every regeneration — and prints
 * it with the spread as approved (rate − that fixing's LPR), never the LPR of the signing date.
 */
import { isWorkingDay } from '../calendar/business-calendar.js';
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../calendar/civil-date.js';

function working(date: string): boolean {
  try {
    return isWorkingDay(date);
  } catch {
    // A calendar without data for the year: weekdays are working days.
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    return wd !== 0 && wd !== 6;
  }
}

/** The publication date of the month's fixing: the 20th, or the next working day after it. */
export function lprPublicationDate(year: number, month: number): string {
  let d = `${year}-${String(month).padStart(2, '0')}-20`;
  while (!working(d)) d = formatCivilDate(fromDayNumber(toDayNumber(parseCivilDate(d)) + 1));
  return d;
}

/** The latest LPR fixing published on or before `date` (YYYY-MM-DD). */
export function lprFixingOn(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const thisMonth = lprPublicationDate(y, m);
  if (thisMonth <= date) return thisMonth;
  return m === 1 ? lprPublicationDate(y - 1, 12) : lprPublicationDate(y, m - 1);
}
