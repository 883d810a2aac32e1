import { describe, expect, it } from 'vitest';
import { assess } from './assess';
import { AS_OF } from './fixtures.testkit';
import {
  DEFAULT_RULE_SET,
  parseRuleSet,
  type RuleSetData,
  RuleSetDataSchema,
  ruleSetIssues,
  ruleSetToData,
} from './rule-set';
import { makeSampleProfile } from './sample-profile';

const data = (): RuleSetData => ruleSetToData(DEFAULT_RULE_SET);
const messages = (d: unknown, today?: string) =>
  ruleSetIssues(d, today ? { today } : {}).map((i) => `${i.path}: ${i.message}`);

describe('rule set as data', () => {
  it('round-trips the 2025 constants: data → engine rule set → the same assessments', () => {
    const d = data();
    expect(ruleSetIssues(d)).toEqual([]);
    const rs = parseRuleSet(JSON.parse(JSON.stringify(d)));
    expect(rs.routing).toEqual(DEFAULT_RULE_SET.routing);
    expect(rs.admission).toEqual(DEFAULT_RULE_SET.admission);
    expect(rs.negativeList).toEqual(DEFAULT_RULE_SET.negativeList);
    expect(rs.pricingAuthority).toEqual({ approverDiscountBp: 20, seniorDiscountBp: 50 });
    for (let seed = 1; seed <= 40; seed++) {
      const p = makeSampleProfile(seed, { asOf: AS_OF });
      const app = {
        productCode: 'SYD',
        amount: '300000.00',
        termMonths: 12,
        repaymentMethod: 'equal_installment' as const,
        asOf: AS_OF,
      };
      const a = assess(p, app, DEFAULT_RULE_SET);
      const b = assess(p, app, rs);
      expect([b.decision, b.tier, b.routing.code]).toEqual([a.decision, a.tier, a.routing.code]);
    }
  });

  it('an edited threshold is what the engine then applies', () => {
    const d = data();
    d.version = 'RS-test-1';
    d.admission = d.admission.map((r) => (r.id === 'ADM_YEARS_IN_BUSINESS' ? { ...r, value: 600 } : r));
    const rs = parseRuleSet(d);
    const p = makeSampleProfile(3, { asOf: AS_OF });
    const a = assess(
      p,
      { productCode: 'SYD', amount: '300000.00', termMonths: 12, repaymentMethod: 'equal_installment', asOf: AS_OF },
      rs,
    );
    expect(a.admission.failed).toContain('ADM_YEARS_IN_BUSINESS');
    expect(a.decision).toBe('auto_decline');
    expect(a.ruleSetVersion).toBe('RS-test-1');
  });

  it('refuses a negative threshold', () => {
    const d = data();
    d.admission[2] = { ...d.admission[2]!, value: -500_000 };
    expect(messages(d)).toEqual(['admission.2.value: threshold must not be negative (got -500000)']);
    const n = data();
    n.routing.fastMinCompleteness = -1;
    expect(messages(n).join()).toContain('routing.fastMinCompleteness: must not be negative');
    const m = data();
    m.routing.fastMaxAmount = '-1.00';
    expect(messages(m).join()).toContain('routing.fastMaxAmount: money must be yuan');
  });

  it('refuses unknown fields at every level', () => {
    expect(messages({ ...data(), extra: 1 })).toEqual([': unknown field(s): extra']);
    const d = data() as unknown as { routing: Record<string, unknown>; admission: Record<string, unknown>[] };
    d.routing.fastMaxAmout = '1.00';
    d.admission[0]!.weight = 2;
    expect(messages(d)).toEqual(
      expect.arrayContaining(['routing: unknown field(s): fastMaxAmout', 'admission.0: unknown field(s): weight']),
    );
    const f = data();
    (f.admission[0] as { fact: string }).fact = 'shoeSize';
    expect(messages(f)[0]).toMatch(/^admission\.0\.fact: fact must be one of/);
  });

  it('refuses routing that cannot terminate in one lane or contradicts itself', () => {
    const cycle = data();
    cycle.routing.fastMaxAmount = '5000000.00';
    expect(messages(cycle)).toEqual([
      'routing.fastMaxAmount: routing cycle: the fast-lane maximum 5000000.00 is not below the committee minimum 5000000.00 — an amount would belong to both lanes',
    ]);
    const instant = data();
    instant.routing.instantMaxAmount = '2000000.00';
    expect(messages(instant)[0]).toMatch(/^routing\.instantMaxAmount: routing cycle/);
    const grades = data();
    grades.routing.committeeGrades = ['C', 'E'];
    expect(messages(grades)[0]).toMatch(/^routing\.committeeGrades: routing contradiction: grade\(s\) C/);
    const data2 = data();
    data2.routing.instantMinCompleteness = 50;
    expect(messages(data2)[0]).toMatch(/^routing\.instantMinCompleteness: routing contradiction/);
  });

  it('refuses operators that do not fit the fact, duplicate ids and bad pricing bands', () => {
    const d = data();
    d.admission[0] = { ...d.admission[0]!, operator: 'in', value: 24 };
    expect(messages(d)[0]).toMatch(/admission\.0\.value: operator in needs a list/);
    const dup = data();
    dup.negativeList.push({ ...dup.negativeList[0]! });
    expect(messages(dup)).toContain('negativeList.5.id: rule NEG_COURT_ENFORCEMENT appears twice');
    const band = data();
    band.pricingAuthority = { approverDiscountBp: 60, seniorDiscountBp: 50 };
    expect(messages(band)[0]).toMatch(/^pricingAuthority\.seniorDiscountBp/);
  });

  it('refuses an effective date in the past when told the date, and non-dates always', () => {
    const d = data();
    expect(messages(d, '2026-11-30')).toEqual([
      'effectiveFrom: effective date 2025-12-01 is in the past (today is 2026-11-30)',
    ]);
    expect(messages({ ...d, effectiveFrom: '2026-11-30' }, '2026-11-30')).toEqual([]);
    expect(messages({ ...d, effectiveFrom: '2026-02-30' })).toEqual(['effectiveFrom: not a calendar date']);
    expect(RuleSetDataSchema.safeParse({ ...d, version: 'v2' }).success).toBe(false);
  });
});
