import { type Condition, describeThreshold, type FactBag, type FactValue, test } from './conditions';
import type { Bilingual } from './grades';

/**
 * The published negative list (负面清单): any hit excludes the applicant, whatever the score.
 * Industry entries use GB/T 4754-2017 code prefixes.
 */
export interface NegativeRule extends Condition {
  id: string;
  text: Bilingual;
}

export interface NegativeOutcome {
  id: string;
  hit: boolean;
  fact: string;
  seen: FactValue | null;
  condition: string;
  text: Bilingual;
}

export interface NegativeListResult {
  hit: boolean;
  outcomes: NegativeOutcome[];
  hits: string[];
}

/** Industries the bank does not lend to through SME products. */
export const EXCLUDED_INDUSTRY_PREFIXES = [
  'K701', // 房地产开发经营 — real estate development
  'J69', // 其他金融业 (类金融) — quasi-financial business
  'R9011', // 歌舞厅娱乐活动 — dance halls
  'R9013', // 网吧活动 — internet cafés
  'R904', // 彩票活动 — lotteries: 体育彩票 R9041, 福利彩票 R9042, 其他 R9049
] as const;

export const NEGATIVE_LIST_2025: readonly NegativeRule[] = [
  {
    id: 'NEG_COURT_ENFORCEMENT',
    fact: 'courtEnforcement',
    operator: 'eq',
    value: true,
    text: { zh: '企业被列为被执行人', en: 'The enterprise is subject to court enforcement' },
  },
  {
    id: 'NEG_ABNORMAL_OPERATION',
    fact: 'abnormalOperation',
    operator: 'eq',
    value: true,
    text: { zh: '企业被列入经营异常名录', en: 'The enterprise is on the abnormal operation list' },
  },
  {
    id: 'NEG_TAX_RATING_D',
    fact: 'taxRating',
    operator: 'eq',
    value: 'D',
    text: { zh: '纳税信用等级为 D 级', en: 'Tax credit rating D' },
  },
  {
    id: 'NEG_ADMIN_PENALTIES',
    fact: 'adminPenalties',
    operator: 'gte',
    value: 3,
    text: { zh: '近 24 个月行政处罚 3 次及以上', en: 'Three or more administrative penalties in 24 months' },
  },
  {
    id: 'NEG_INDUSTRY',
    fact: 'industryCode',
    operator: 'startsWithAny',
    value: EXCLUDED_INDUSTRY_PREFIXES,
    text: { zh: '所属行业在禁入行业名单内', en: 'The industry is on the excluded list' },
  },
];

export function evaluateNegativeList(rules: readonly NegativeRule[], facts: FactBag): NegativeListResult {
  const outcomes: NegativeOutcome[] = new Array(rules.length);
  const hits: string[] = [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    const seen = facts[r.fact];
    const hit = test(r, seen);
    if (hit) hits.push(r.id);
    outcomes[i] = { id: r.id, hit, fact: r.fact, seen: seen ?? null, condition: describeThreshold(r), text: r.text };
  }
  return { hit: hits.length > 0, outcomes, hits };
}
