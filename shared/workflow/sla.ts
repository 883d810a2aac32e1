/** Service levels per tier (差异化审批通道), in working time on the bank calendar. Policy data, versioned. */
import type { SlaRule } from '../calendar';
import { OPEN_STATUSES, type Status, type Tier } from './status';

export const SLA_POLICY_VERSION = 'SLA-2025.1';

export const SLA_BY_TIER: Readonly<Record<Tier, SlaRule | null>> = {
  instant: null, // decided by the system at once
  fast: { workingHours: 4 },
  standard: { workingDays: 2 },
  committee: { workingDays: 5 },
};

/**
 * Statuses in which the SLA clock runs: an open case still waiting on the bank. A case returned for
 * material waits on the customer, and a decided, contracted or closed one waits on no one. The queue's
 * due-soon and overdue counts, the home screen and the countdown on screen all read this one list.
 */
export const SLA_STATUSES: readonly Status[] = OPEN_STATUSES.filter((s) => s !== 'returned');

export const slaRuns = (status: Status): boolean => SLA_STATUSES.includes(status);
