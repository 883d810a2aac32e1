import { describe, expect, it } from 'vitest';
import { yuan } from '../money/money';
import { getProduct } from './products';
import { ROUTING_POLICY_2025, type RoutingInput, route } from './routing';

const base: RoutingInput = {
  amount: yuan(300_000),
  grade: 'A',
  product: getProduct('XMD'),
  dataCompleteness: 90,
  policyExceptions: [],
  admissionPassed: true,
  preapprovedMax: yuan(1_000_000),
};
const tier = (patch: Partial<RoutingInput>) => {
  const r = route(ROUTING_POLICY_2025, { ...base, ...patch }, 'RS-test');
  return `${r.tier}:${r.code}`;
};

describe('routing', () => {
  it('sends a small, good, data-rich credit case to the instant channel with a reason', () => {
    const r = route(ROUTING_POLICY_2025, base, 'RS-test');
    expect(r).toMatchObject({ tier: 'instant', code: 'RT_INSTANT', ruleSetVersion: 'RS-test' });
    expect(r.reason.zh).toContain('秒批');
    expect(r.reason.en).toContain('grade A');
  });
  it('names the policy exceptions in its reason, never their codes', () => {
    const c = route(
      ROUTING_POLICY_2025,
      { ...base, policyExceptions: ['related_party', 'industry_restricted'] },
      'RS-test',
    );
    expect(c.reason).toEqual({
      zh: '存在须上会的政策例外：关联方、限制类行业',
      en: 'Policy exception requiring the committee: related party, restricted industry',
    });
    const s = route(
      ROUTING_POLICY_2025,
      { ...base, product: getProduct('LDD'), policyExceptions: ['guarantor_missing'] },
      'RS-test',
    );
    expect(s.reason).toEqual({
      zh: '存在政策例外：缺少保证人',
      en: 'Policy exception: guarantor missing',
    });
  });
  it.each([
    [{ admissionPassed: false }, 'instant:RT_AUTO_DECLINE'],
    [{ grade: 'C' as const }, 'fast:RT_FAST'],
    [{ dataCompleteness: 79 }, 'fast:RT_FAST'],
    [{ dataCompleteness: 59 }, 'standard:RT_STANDARD_DATA'],
    [{ preapprovedMax: yuan(200_000) }, 'fast:RT_FAST_ABOVE_PREAPPROVAL'],
    [{ product: getProduct('LDD') }, 'fast:RT_FAST'],
    [{ product: getProduct('LDD'), amount: yuan(2_000_000) }, 'standard:RT_STANDARD_AMOUNT'],
    [{ product: getProduct('LDD'), grade: 'D' as const }, 'standard:RT_STANDARD_GRADE'],
    [{ product: getProduct('DYD') }, 'standard:RT_STANDARD_COLLATERAL'],
    [{ policyExceptions: ['term_extension'] }, 'standard:RT_STANDARD_EXCEPTION'],
    [{ policyExceptions: ['related_party'] }, 'committee:RT_COMMITTEE_EXCEPTION'],
    [{ product: getProduct('DYD'), amount: yuan(5_000_000) }, 'committee:RT_COMMITTEE_AMOUNT'],
    [{ product: getProduct('LDD'), grade: 'E' as const }, 'committee:RT_COMMITTEE_GRADE'],
  ])('%o → %s', (patch, expected) => {
    expect(tier(patch)).toBe(expected);
  });
});
