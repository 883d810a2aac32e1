/** Service levels per tier (差异化审批通道), in working time on the bank calendar. Policy data, versioned. */
import type { SlaRule } from '../calendar';
import type { Tier } from './status';

export const SLA_POLICY_VERSION = 'SLA-2025.1';

export const SLA_BY_TIER: Readonly<Record<Tier, SlaRule | null>> = {
  instant: null, // decided by the system at once
  fast: { workingHours: 4 },
  standard: { workingDays: 2 },
  committee: { workingDays: 5 },
};
