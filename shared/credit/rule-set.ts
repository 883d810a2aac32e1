import { ADMISSION_RULES_2025, type AdmissionRule } from './admission';
import { NEGATIVE_LIST_2025, type NegativeRule } from './negative-list';
import { ROUTING_POLICY_2025, type RoutingPolicy } from './routing';

/**
 * A versioned credit policy: admission rules, negative list and routing policy. Every result records
 * the version that produced it. To change a threshold, make a new rule set with a new version and
 * `replay` it against past applications first.
 */
export interface RuleSet {
  version: string;
  effectiveFrom: string;
  admission: readonly AdmissionRule[];
  negativeList: readonly NegativeRule[];
  routing: RoutingPolicy;
}

export const DEFAULT_RULE_SET: RuleSet = {
  version: 'RS-2025.12',
  effectiveFrom: '2025-12-01',
  admission: ADMISSION_RULES_2025,
  negativeList: NEGATIVE_LIST_2025,
  routing: ROUTING_POLICY_2025,
};
