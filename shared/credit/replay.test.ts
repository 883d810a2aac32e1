import { describe, expect, it } from 'vitest';
import { ADMISSION_RULES_2025 } from './admission';
import { assess } from './assess';
import { AS_OF } from './fixtures.testkit';
import { type ReplayCase, replay } from './replay';
import { DEFAULT_RULE_SET, type RuleSet } from './rule-set';
import { makeSampleProfile } from './sample-profile';

const cases: ReplayCase[] = Array.from({ length: 300 }, (_, i) => ({
  id: `APP-${i + 1}`,
  profile: makeSampleProfile(i + 1, { asOf: AS_OF }),
  application: {
    productCode: 'SYD',
    amount: '300000.00',
    termMonths: 12,
    repaymentMethod: 'equal_installment',
    asOf: AS_OF,
  },
}));

describe('replay', () => {
  it('reports no change when the candidate is the baseline', () => {
    const r = replay(cases, DEFAULT_RULE_SET);
    expect(r).toMatchObject({ total: 300, changed: 0, unchanged: 300, errors: [] });
  });

  it('reports which outcomes a tighter threshold changes, and why', () => {
    const stricter: RuleSet = {
      ...DEFAULT_RULE_SET,
      version: 'RS-2026.01-candidate',
      admission: ADMISSION_RULES_2025.map((r) => (r.id === 'ADM_YEARS_IN_BUSINESS' ? { ...r, value: 60 } : r)),
    };
    const r = replay(cases, stricter);
    expect(r.candidateVersion).toBe('RS-2026.01-candidate');
    expect(r.changed).toBeGreaterThan(0);
    expect(r.changed + r.unchanged).toBe(300);
    for (const c of r.changes) {
      expect(c.after.decision).toBe('auto_decline');
      expect(c.newlyFailing).toEqual(['ADM_YEARS_IN_BUSINESS']);
      expect(c.noLongerFailing).toEqual([]);
      // Why, in words: the rule with the value seen and the new threshold.
      expect(c.why[0]).toMatchObject({ code: 'ADM_YEARS_IN_BUSINESS' });
      expect(c.why[0]!.en).toMatch(
        /^Fails under the draft: In business for at least 2 years \(seen \d+, threshold ≥ 60\)$/,
      );
    }
    // Cross-check one change against a direct run.
    const first = r.changes[0]!;
    const one = cases.find((c) => c.id === first.id)!;
    expect(assess(one.profile, one.application, stricter).decision).toBe('auto_decline');
    expect(Object.values(r.transitions).reduce((a, b) => a + b, 0)).toBe(r.changed);
  });

  it('compares against recorded outcomes when given, and reports bad cases without stopping', () => {
    const recorded: ReplayCase[] = [
      { ...cases[0]!, recorded: { decision: 'review', tier: 'standard' } },
      { ...cases[1]!, id: 'BAD', application: { ...cases[1]!.application, amount: 'abc' } },
    ];
    const r = replay(recorded, DEFAULT_RULE_SET);
    expect(r.errors).toEqual([{ id: 'BAD', code: 'money.malformed' }]);
    // Recorded as a standard-lane review, run today as an instant approval: the routing reason says why.
    const first = r.changes.find((c) => c.id === cases[0]!.id)!;
    expect(first).toMatchObject({ before: { tier: 'standard' }, after: { tier: 'instant', decision: 'auto_approve' } });
    expect(first.why.at(-1)!.code).toBe('RT_INSTANT');
    expect(r.total).toBe(2);
  });
});
