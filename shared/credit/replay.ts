import { isDomainError } from '../errors';
import { type AssessApplication, assess, type Decision } from './assess';
import type { Grade } from './grades';
import type { EnterpriseProfile } from './profile';
import type { Tier } from './routing';
import { DEFAULT_RULE_SET, type RuleSet } from './rule-set';

/**
 * Replay (回溯测试): run a candidate rule set over past applications and report which outcomes would
 * change — what a credit-policy team checks before moving a threshold. The baseline is what was
 * recorded at the time when given, otherwise the baseline rule set re-run on the same inputs.
 */
export interface Outcome {
  decision: Decision;
  tier: Tier;
  grade?: Grade;
}

export interface ReplayCase {
  id: string;
  profile: EnterpriseProfile;
  application: AssessApplication;
  recorded?: Outcome;
}

export interface ReplayChange {
  id: string;
  before: Outcome;
  after: Outcome;
  fields: ('decision' | 'tier' | 'grade')[];
  /** Admission rules or negative-list entries that fail under the candidate but not the baseline run. */
  newlyFailing: string[];
}

export interface ReplayReport {
  baselineVersion: string;
  candidateVersion: string;
  total: number;
  changed: number;
  unchanged: number;
  /** "review→auto_decline": 12 */
  transitions: Record<string, number>;
  changes: ReplayChange[];
  errors: { id: string; code: string }[];
}

export function replay(
  cases: readonly ReplayCase[],
  candidate: RuleSet,
  baseline: RuleSet = DEFAULT_RULE_SET,
): ReplayReport {
  const report: ReplayReport = {
    baselineVersion: baseline.version,
    candidateVersion: candidate.version,
    total: cases.length,
    changed: 0,
    unchanged: 0,
    transitions: {},
    changes: [],
    errors: [],
  };
  for (const c of cases) {
    try {
      const base = assess(c.profile, c.application, baseline);
      const next = assess(c.profile, c.application, candidate);
      const before: Outcome = c.recorded ?? { decision: base.decision, tier: base.tier, grade: base.score.grade };
      const after: Outcome = { decision: next.decision, tier: next.tier, grade: next.score.grade };
      const fields: ReplayChange['fields'] = [];
      if (before.decision !== after.decision) fields.push('decision');
      if (before.tier !== after.tier) fields.push('tier');
      if (before.grade !== undefined && before.grade !== after.grade) fields.push('grade');
      if (fields.length === 0) {
        report.unchanged++;
        continue;
      }
      report.changed++;
      const key = `${before.decision}/${before.tier}→${after.decision}/${after.tier}`;
      report.transitions[key] = (report.transitions[key] ?? 0) + 1;
      const wasFailing = new Set([...base.admission.failed, ...base.negativeList.hits]);
      report.changes.push({
        id: c.id,
        before,
        after,
        fields,
        newlyFailing: [...next.admission.failed, ...next.negativeList.hits].filter((x) => !wasFailing.has(x)),
      });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      report.errors.push({ id: c.id, code: e.code });
    }
  }
  return report;
}
