import { type Condition, describeThreshold, type FactBag, type FactValue, test } from './conditions';
import type { Bilingual } from './grades';

/**
 * Quantified admission standards (准入标准): every rule must pass. Each outcome records the fact value it
 * saw and the threshold, so a clerk — and an auditor — can see exactly why.
 */
export interface AdmissionRule extends Condition {
  id: string;
  text: Bilingual;
}

export interface RuleOutcome {
  id: string;
  passed: boolean;
  fact: string;
  seen: FactValue | null;
  threshold: string;
  text: Bilingual;
}

export interface AdmissionResult {
  passed: boolean;
  outcomes: RuleOutcome[];
  failed: string[];
}

export const ADMISSION_RULES_2025: readonly AdmissionRule[] = [
  {
    id: 'ADM_YEARS_IN_BUSINESS',
    fact: 'monthsInBusiness',
    operator: 'gte',
    value: 24,
    text: { zh: '持续经营满 2 年', en: 'In business for at least 2 years' },
  },
  {
    id: 'ADM_TAX_RATING',
    fact: 'taxRating',
    operator: 'in',
    value: ['A', 'B', 'M'],
    text: { zh: '纳税信用等级为 A、B 或 M 级', en: 'Tax credit rating A, B or M' },
  },
  {
    id: 'ADM_ANNUAL_SALES',
    fact: 'annualSalesYuan',
    operator: 'gte',
    value: 500_000,
    text: {
      zh: '近 12 个月增值税申报销售额不低于 50 万元',
      en: 'VAT sales of at least 500,000 yuan in the last 12 months',
    },
  },
  {
    id: 'ADM_NO_SERIOUS_OVERDUE',
    fact: 'maxOverdueDays24m',
    operator: 'lt',
    value: 90,
    text: { zh: '近 24 个月无 90 天以上逾期', en: 'No overdue of 90 days or more in the last 24 months' },
  },
  {
    id: 'ADM_OVERDUE_COUNT',
    fact: 'overdueCount12m',
    operator: 'lte',
    value: 3,
    text: { zh: '近 12 个月逾期不超过 3 次', en: 'At most 3 overdue instalments in the last 12 months' },
  },
  {
    id: 'ADM_INQUIRIES',
    fact: 'inquiries6m',
    operator: 'lte',
    value: 10,
    text: { zh: '近 6 个月贷款审批查询不超过 10 次', en: 'At most 10 credit inquiries in the last 6 months' },
  },
  {
    id: 'ADM_DATA_COMPLETENESS',
    fact: 'dataCompleteness',
    operator: 'gte',
    value: 60,
    text: { zh: '数据完整度不低于 60%', en: 'Data completeness at least 60%' },
  },
  {
    id: 'ADM_DATA_FRESH',
    fact: 'dataAgeDays',
    operator: 'lte',
    value: 45,
    text: { zh: '各数据源数据不早于 45 天', en: 'Every data source no older than 45 days' },
  },
  {
    id: 'ADM_AMOUNT_TO_SALES',
    fact: 'amountToSalesBp',
    operator: 'lte',
    value: 5_000,
    text: { zh: '申请金额不超过年销售额的 50%', en: 'Amount at most 50% of annual sales' },
  },
];

export function evaluateAdmission(rules: readonly AdmissionRule[], facts: FactBag): AdmissionResult {
  const outcomes: RuleOutcome[] = new Array(rules.length);
  const failed: string[] = [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    const seen = facts[r.fact];
    const passed = test(r, seen);
    if (!passed) failed.push(r.id);
    outcomes[i] = { id: r.id, passed, fact: r.fact, seen: seen ?? null, threshold: describeThreshold(r), text: r.text };
  }
  return { passed: failed.length === 0, outcomes, failed };
}
