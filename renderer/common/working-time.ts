/** SLA and waiting-time figures in working time on the bank calendar (the queue, a case, the home page). */
import { WORKING_MS_PER_DAY, workingMillisBetween } from '../../shared/calendar';

export interface Countdown {
  /** Working milliseconds left (negative once overdue). */
  workingMs: number;
  overdue: boolean;
  /** Whole working days, hours, minutes of |workingMs| (a working day is 7 hours). */
  days: number;
  hours: number;
  minutes: number;
}

/** Time left to the SLA deadline, counted in working time on the bank calendar. */
export function slaCountdown(now: number, dueAt: string | number): Countdown {
  const due = typeof dueAt === 'number' ? dueAt : Date.parse(dueAt);
  const overdue = now > due;
  const ms = overdue ? workingMillisBetween(due, now) : workingMillisBetween(now, due);
  return { workingMs: overdue ? -ms : ms, overdue, ...split(ms) };
}

/** Working time a case has waited since it was submitted. */
export function waitingWorkingMs(now: number, submittedAt: string): number {
  const at = Date.parse(submittedAt);
  return at >= now ? 0 : workingMillisBetween(at, now);
}

export function split(ms: number) {
  const minutesTotal = Math.floor(Math.abs(ms) / 60_000);
  const perDay = WORKING_MS_PER_DAY / 60_000;
  return {
    days: Math.floor(minutesTotal / perDay),
    hours: Math.floor((minutesTotal % perDay) / 60),
    minutes: minutesTotal % 60,
  };
}
