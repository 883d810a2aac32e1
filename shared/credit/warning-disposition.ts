/**
 * 预警处置 (issue 17.3): the rules of a warning task, as data — pure, shared by the bank API (which
 * enforces them) and the desk (which shows them before anyone presses a button).
 *
 * - Deadline: a task is due a number of bank WORKING days (shared/calendar: holidays and 调休 included)
 *   after the day the signal was raised, by severity: high 2, medium 5, low 10. A signal raised on the
 *   eve of 国庆 therefore gets its days after the holiday, not during it.
 * - Measures: 继续观察 observe, 追加担保 add_collateral, 压降额度 reduce_limit, 提前收回 early_recall,
 *   解除预警 release. The service officer closes a task alone with 继续观察 (nothing changes for the
 *   client; the signal stays under watch) and with 解除预警 of a low or medium signal (the officer's own
 *   verification is enough to call off a minor warning). 解除 of a HIGH signal, and every measure that
 *   changes the credit — more collateral, a lower limit, recalling the loan early — touch the bank's
 *   exposure or the client's contract, which is above a relationship manager's authority: they wait for a
 *   supervisor's confirmation (and the supervisor is never the one who recorded the measure).
 * - Status: open → (officer records verification + measure) → closed, or awaiting_confirmation → closed
 *   (confirmed) / open (rejected, with a reason). An open task past its due date is escalated; an
 *   escalated task is still disposed of the same way.
 */
import { addWorkingDays, beijingDate } from '../calendar';

export const WARNING_SEVERITIES = ['low', 'medium', 'high'] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

/** Working days from the signal's day to the task's due date, by severity. */
export const DISPOSITION_WORKING_DAYS: Readonly<Record<WarningSeverity, number>> = {
  high: 2,
  medium: 5,
  low: 10,
};

export const VERIFICATION_KINDS = ['call', 'visit', 'data'] as const;
export type VerificationKind = (typeof VERIFICATION_KINDS)[number];

export const WARNING_MEASURES = ['observe', 'add_collateral', 'reduce_limit', 'early_recall', 'release'] as const;
export type WarningMeasure = (typeof WARNING_MEASURES)[number];

export const WARNING_TASK_STATUSES = ['open', 'awaiting_confirmation', 'closed', 'escalated'] as const;
export type WarningTaskStatus = (typeof WARNING_TASK_STATUSES)[number];

/**
 * Which severities of signal need a supervisor's confirmation for each measure ('all', or the list).
 * An empty list: the service officer closes the task alone.
 */
export const CONFIRMATION_NEEDED: Readonly<Record<WarningMeasure, readonly WarningSeverity[]>> = {
  observe: [],
  release: ['high'],
  add_collateral: ['low', 'medium', 'high'],
  reduce_limit: ['low', 'medium', 'high'],
  early_recall: ['low', 'medium', 'high'],
};

/** Names for messages and the API's problem details (the desk has its own i18n keys). */
export const MEASURE_NAMES: Readonly<Record<WarningMeasure, { zh: string; en: string }>> = {
  observe: { zh: '继续观察', en: 'keep under observation' },
  add_collateral: { zh: '追加担保', en: 'additional collateral' },
  reduce_limit: { zh: '压降额度', en: 'reduce the limit' },
  early_recall: { zh: '提前收回', en: 'early recall' },
  release: { zh: '解除预警', en: 'release the warning' },
};

/** True when this measure on a signal of this severity waits for a supervisor's confirmation. */
export function needsConfirmation(measure: WarningMeasure, severity: WarningSeverity): boolean {
  return CONFIRMATION_NEEDED[measure].includes(severity);
}

/** The day a signal raised at `raisedAt` is due: DISPOSITION_WORKING_DAYS working days after its Beijing date. */
export function dispositionDueOn(raisedAt: Date | number | string, severity: WarningSeverity): string {
  const day =
    typeof raisedAt === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raisedAt) ? raisedAt : beijingDate(new Date(raisedAt));
  return addWorkingDays(day, DISPOSITION_WORKING_DAYS[severity]);
}

/** Overdue: still waiting for the officer (open or already escalated) and `today` is past the due date. */
export function isOverdue(status: WarningTaskStatus, dueOn: string, today: string): boolean {
  return (status === 'open' || status === 'escalated') && today > dueOn;
}

/** The status an open task should have today: escalated once past its due date. */
export function escalatedStatus(status: WarningTaskStatus, dueOn: string, today: string): WarningTaskStatus {
  return status === 'open' && today > dueOn ? 'escalated' : status;
}

/** Statuses in which the service officer may record a verification and a measure. */
export const DISPOSABLE_STATUSES: readonly WarningTaskStatus[] = ['open', 'escalated'];

/** Where a recorded measure takes the task. */
export function statusAfterMeasure(measure: WarningMeasure, severity: WarningSeverity): WarningTaskStatus {
  return needsConfirmation(measure, severity) ? 'awaiting_confirmation' : 'closed';
}

/** Where a rejected measure takes the task: back to the officer, escalated when already past due. */
export function statusAfterRejection(dueOn: string, today: string): WarningTaskStatus {
  return today > dueOn ? 'escalated' : 'open';
}
