import { describe, expect, it } from 'vitest';
import { instalmentStates, type ScheduleRow } from './schedule-state';

const rows: ScheduleRow[] = ['2026-07-25', '2026-08-25', '2026-09-25', '2026-10-25'].map((dueDate, i) => ({
  period: i + 1,
  dueDate,
  principal: 500000n,
  interest: 5000n,
}));
const states = (asOf: string, dpd: number, since: string | null, balance = 1n, rs = rows) =>
  instalmentStates(rs, asOf, dpd, since, balance).map((r) => r.state);

describe('instalment states from the schedule, data date, days past due and balance', () => {
  it('before the data date paid, on and after it due', () => {
    expect(states('2026-09-25', 0, null)).toEqual(['paid', 'paid', 'due', 'due']);
    expect(states('2026-09-26', 0, null)).toEqual(['paid', 'paid', 'paid', 'due']);
  });
  it('overdue from the first missed due date to the day before the data date', () => {
    expect(states('2026-09-29', 35, '2026-08-25')).toEqual(['paid', 'overdue', 'overdue', 'due']);
    expect(states('2026-09-29', 4, '2026-09-25')).toEqual(['paid', 'paid', 'overdue', 'due']);
  });
  it('arrears that meet no due date: the last instalment before the data date', () => {
    expect(states('2026-09-29', 10, '2026-09-19')).toEqual(['paid', 'paid', 'overdue', 'due']);
    // Nothing due yet: nothing can be overdue.
    expect(states('2026-07-20', 3, '2026-07-17')).toEqual(['due', 'due', 'due', 'due']);
  });
  it('a loan without balance is settled: every instalment paid, whatever the dates', () => {
    expect(states('2026-08-01', 0, null, 0n)).toEqual(['paid', 'paid', 'paid', 'paid']);
  });
});
