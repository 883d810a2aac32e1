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
  /** Rules that fail under the baseline run but pass under the candidate. */
  noLongerFailing: string[];
  /** Why, in words: each rule that changed with the value seen and the threshold, then the new routing. */
  why: ReplayReason[];
}

export interface ReplayReason {
  code: string;
  zh: string;
  en: string;
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

type Run = ReturnType<typeof assess>;

function ruleOutcome(run: Run, id: string) {
  const a = run.admission.outcomes.find((o) => o.id === id);
  if (a) return { text: a.text, seen: a.seen, threshold: a.threshold };
  const n = run.negativeList.outcomes.find((o) => o.id === id);
  return n ? { text: n.text, seen: n.seen, threshold: n.condition } : null;
}

/** Each rule that now fails or now passes, with the value seen and the threshold; then the routing reason. */
function explain(
  base: Run,
  next: Run,
  newlyFailing: readonly string[],
  noLongerFailing: readonly string[],
  fields: readonly string[],
): ReplayReason[] {
  const out: ReplayReason[] = [];
  for (const id of newlyFailing) {
    const o = ruleOutcome(next, id);
    if (!o) continue;
    out.push({
      code: id,
      zh: `新规则不通过：${o.text.zh}（实际 ${String(o.seen)}，标准 ${o.threshold}）`,
      en: `Fails under the draft: ${o.text.en} (seen ${String(o.seen)}, threshold ${o.threshold})`,
    });
  }
  for (const id of noLongerFailing) {
    const o = ruleOutcome(next, id) ?? ruleOutcome(base, id);
    if (!o) continue;
    out.push({
      code: id,
      zh: `新规则下通过：${o.text.zh}（实际 ${String(o.seen)}，标准 ${o.threshold}）`,
      en: `Passes under the draft: ${o.text.en} (seen ${String(o.seen)}, threshold ${o.threshold})`,
    });
  }
  if (fields.includes('tier') || out.length === 0) {
    out.push({ code: next.routing.code, zh: next.routing.reason.zh, en: next.routing.reason.en });
  }
  return out;
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
      const nowFailing = new Set([...next.admission.failed, ...next.negativeList.hits]);
      const newlyFailing = [...nowFailing].filter((x) => !wasFailing.has(x));
      const noLongerFailing = [...wasFailing].filter((x) => !nowFailing.has(x));
      report.changes.push({
        id: c.id,
        before,
        after,
        fields,
        newlyFailing,
        noLongerFailing,
        why: explain(base, next, newlyFailing, noLongerFailing, fields),
      });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      report.errors.push({ id: c.id, code: e.code });
    }
  }
  return report;
}
