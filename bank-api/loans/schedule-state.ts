/**
 * Which instalments of a loan are paid, due or overdue. The bank API has no repayment ledger: what it
 * knows is the schedule (stored at disbursement, else derived from the terms), the data date, the
 * outstanding balance and the days past due. From those:
 *
 * - a loan with no balance is settled: every instalment is paid;
 * - days past due count from the first missed due date, so that date is data date − days past due
 *   (`overdueSince`, as the repayment reminders say it) and every instalment due from it up to the day
 *   before the data date is overdue. A derived schedule need not meet the recorded arrears' date (the
 *   book's synthetic loans were not drawn from it): then the last instalment due before the data date is
 *   the overdue one, as in routes/repayments.ts;
 * - every other instalment due before the data date is paid;
 * - an instalment due on the data date or later is due (today's can still be paid today).
 */
import type { InstalmentState } from '../../shared/api/loans';

export interface ScheduleRow {
  period: number;
  dueDate: string;
  principal: bigint;
  interest: bigint;
}

export interface StatedRow extends ScheduleRow {
  state: InstalmentState;
}

export function instalmentStates(
  rows: readonly ScheduleRow[],
  asOf: string,
  daysPastDue: number,
  overdueSince: string | null,
  balanceFen: bigint,
): StatedRow[] {
  if (balanceFen <= 0n) return rows.map((r) => ({ ...r, state: 'paid' }));
  const overdue = new Set<number>();
  if (daysPastDue > 0 && overdueSince) {
    for (const r of rows) if (r.dueDate >= overdueSince && r.dueDate < asOf) overdue.add(r.period);
    if (overdue.size === 0) {
      const last = rows.filter((r) => r.dueDate < asOf).at(-1);
      if (last) overdue.add(last.period);
    }
  }
  return rows.map((r) => ({
    ...r,
    state: overdue.has(r.period) ? 'overdue' : r.dueDate < asOf ? 'paid' : 'due',
  }));
}
