import { type Fen, formatMoney, yuan } from '../money/money';
import type { Bilingual, Grade } from './grades';
import { policyExceptionNames } from './policy-exceptions';
import type { GuaranteeType, Product } from './products';

/**
 * Tier routing (差异化审批通道), as a versioned policy:
 * - instant: the system decides, no human — credit products flagged instantEligible, small amount, good
 *   grade, rich data, no policy exception, within the pre-approved amount. Auto-declines are instant too.
 * - fast: one approver within authority.
 * - standard: approver + senior approver, with an investigation.
 * - committee: quorum vote of the credit committee (审贷会).
 */
export type Tier = 'instant' | 'fast' | 'standard' | 'committee';

export interface RoutingPolicy {
  instantMaxAmount: Fen;
  instantGrades: readonly Grade[];
  instantMinCompleteness: number;
  fastMaxAmount: Fen;
  fastGrades: readonly Grade[];
  fastMinCompleteness: number;
  /** Guarantee types that always need the standard investigation (collateral to value). */
  standardGuarantees: readonly GuaranteeType[];
  committeeMinAmount: Fen;
  committeeGrades: readonly Grade[];
  /** Policy exceptions that send a case to the committee; any other exception means at least standard. */
  committeeExceptions: readonly string[];
}

export const ROUTING_POLICY_2025: RoutingPolicy = {
  instantMaxAmount: yuan(1_000_000),
  instantGrades: ['A', 'B'],
  instantMinCompleteness: 80,
  fastMaxAmount: yuan(1_000_000),
  fastGrades: ['A', 'B', 'C'],
  fastMinCompleteness: 60,
  standardGuarantees: ['mortgage'],
  committeeMinAmount: yuan(5_000_000),
  committeeGrades: ['E'],
  committeeExceptions: ['related_party', 'rate_below_floor', 'industry_restricted'],
};

export interface RoutingInput {
  amount: Fen;
  grade: Grade;
  product: Product;
  dataCompleteness: number;
  policyExceptions: readonly string[];
  admissionPassed: boolean;
  /** Top of the pre-approved range; 0 when not pre-approved. */
  preapprovedMax: Fen;
}

export interface Routing {
  tier: Tier;
  code: string;
  reason: Bilingual;
  ruleSetVersion: string;
}

export function route(policy: RoutingPolicy, input: RoutingInput, ruleSetVersion: string): Routing {
  const r = (tier: Tier, code: string, zh: string, en: string): Routing => ({
    tier,
    code,
    reason: { zh, en },
    ruleSetVersion,
  });
  const { amount, grade, product, dataCompleteness: dc, policyExceptions: ex } = input;
  const amt = formatMoney(amount);

  if (!input.admissionPassed) {
    return r(
      'instant',
      'RT_AUTO_DECLINE',
      '未通过准入或命中负面清单，系统自动拒绝',
      'Failed admission or hit the negative list: declined by the system',
    );
  }
  const committeeEx = ex.filter((e) => policy.committeeExceptions.includes(e));
  if (committeeEx.length > 0) {
    return r(
      'committee',
      'RT_COMMITTEE_EXCEPTION',
      `存在须上会的政策例外：${policyExceptionNames(committeeEx, 'zh')}`,
      `Policy exception requiring the committee: ${policyExceptionNames(committeeEx, 'en')}`,
    );
  }
  if (amount >= policy.committeeMinAmount) {
    return r(
      'committee',
      'RT_COMMITTEE_AMOUNT',
      `金额 ${amt} 元达到审贷会标准 ${formatMoney(policy.committeeMinAmount)} 元`,
      `Amount ${amt} yuan at or above the committee threshold of ${formatMoney(policy.committeeMinAmount)} yuan`,
    );
  }
  if (policy.committeeGrades.includes(grade)) {
    return r(
      'committee',
      'RT_COMMITTEE_GRADE',
      `风险评级 ${grade} 须提交审贷会`,
      `Risk grade ${grade} goes to the committee`,
    );
  }
  if (
    product.instantEligible &&
    product.guaranteeType === 'credit' &&
    ex.length === 0 &&
    amount <= policy.instantMaxAmount &&
    policy.instantGrades.includes(grade) &&
    dc >= policy.instantMinCompleteness &&
    amount <= input.preapprovedMax
  ) {
    return r(
      'instant',
      'RT_INSTANT',
      `小额信用、评级 ${grade}、数据完整度 ${dc}%：系统秒批`,
      `Small credit loan, grade ${grade}, data ${dc}% complete: decided instantly by the system`,
    );
  }
  if (ex.length > 0) {
    return r(
      'standard',
      'RT_STANDARD_EXCEPTION',
      `存在政策例外：${policyExceptionNames(ex, 'zh')}`,
      `Policy exception: ${policyExceptionNames(ex, 'en')}`,
    );
  }
  if (policy.standardGuarantees.includes(product.guaranteeType)) {
    return r(
      'standard',
      'RT_STANDARD_COLLATERAL',
      '抵押类贷款须调查并评估抵押物',
      'Secured loan: investigation and collateral valuation required',
    );
  }
  if (amount > policy.fastMaxAmount) {
    return r(
      'standard',
      'RT_STANDARD_AMOUNT',
      `金额 ${amt} 元超过快速通道上限 ${formatMoney(policy.fastMaxAmount)} 元`,
      `Amount ${amt} yuan above the fast-lane limit of ${formatMoney(policy.fastMaxAmount)} yuan`,
    );
  }
  if (!policy.fastGrades.includes(grade)) {
    return r(
      'standard',
      'RT_STANDARD_GRADE',
      `风险评级 ${grade} 须双人审批`,
      `Risk grade ${grade} needs two signatures`,
    );
  }
  if (dc < policy.fastMinCompleteness) {
    return r(
      'standard',
      'RT_STANDARD_DATA',
      `数据完整度 ${dc}% 不足 ${policy.fastMinCompleteness}%`,
      `Data only ${dc}% complete (fast lane needs ${policy.fastMinCompleteness}%)`,
    );
  }
  if (product.instantEligible && amount > input.preapprovedMax && policy.instantGrades.includes(grade)) {
    return r(
      'fast',
      'RT_FAST_ABOVE_PREAPPROVAL',
      `申请金额 ${amt} 元超出预审批额度，转人工快速审批`,
      `Amount ${amt} yuan above the pre-approved limit: fast lane with one approver`,
    );
  }
  return r(
    'fast',
    'RT_FAST',
    `金额 ${amt} 元、评级 ${grade}：单人审批`,
    `Amount ${amt} yuan, grade ${grade}: one approver`,
  );
}
