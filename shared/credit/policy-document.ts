import type { PolicyDocument, PolicyRule } from '../api/policy';
import type { Condition } from './conditions';
import { FACT_UNITS, formatThreshold } from './describe';
import type { Bilingual } from './grades';
import { CUSTOMER_GROUP_RULES, materialLists } from './materials';
import type { RuleSet } from './rule-set';

const inWords = (r: Condition & { id: string; text: Bilingual }): PolicyRule => {
  const unit = FACT_UNITS[r.fact];
  return {
    id: r.id,
    fact: r.fact,
    text: { zh: r.text.zh, en: r.text.en },
    threshold: {
      zh: formatThreshold(r.operator, r.value, unit, 'zh'),
      en: formatThreshold(r.operator, r.value, unit, 'en'),
    },
  };
};

/** The published 清单 of a rule set: its rules in words with their thresholds, and the material lists. */
export function policyDocument(rs: RuleSet, asOf: string): PolicyDocument {
  return {
    version: rs.version,
    effectiveFrom: rs.effectiveFrom,
    asOf,
    admission: rs.admission.map(inWords),
    negativeList: rs.negativeList.map(inWords),
    groups: CUSTOMER_GROUP_RULES.map((g) => ({ code: g.code, name: g.name, who: g.who })),
    materials: materialLists(),
  };
}
