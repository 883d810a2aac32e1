import { describe, expect, it } from 'vitest';
import { ADMISSION_RULES_2025, evaluateAdmission } from './admission';

const facts = {
  monthsInBusiness: 30,
  taxRating: 'B',
  annualSalesYuan: 2_000_000,
  maxOverdueDays24m: 0,
  overdueCount12m: 0,
  inquiries6m: 2,
  dataCompleteness: 90,
  dataAgeDays: 10,
  amountToSalesBp: 1000,
};

describe('admission rules', () => {
  it('passes when every quantified standard is met, recording each value seen', () => {
    const r = evaluateAdmission(ADMISSION_RULES_2025, facts);
    expect(r.passed).toBe(true);
    expect(r.outcomes).toHaveLength(ADMISSION_RULES_2025.length);
    expect(r.outcomes[0]).toMatchObject({ id: 'ADM_YEARS_IN_BUSINESS', passed: true, seen: 30, threshold: '≥ 24' });
  });
  it('fails on the exact boundary the policy states', () => {
    const r = evaluateAdmission(ADMISSION_RULES_2025, {
      ...facts,
      monthsInBusiness: 23,
      maxOverdueDays24m: 90,
      taxRating: 'C',
    });
    expect(r.failed).toEqual(['ADM_YEARS_IN_BUSINESS', 'ADM_TAX_RATING', 'ADM_NO_SERIOUS_OVERDUE']);
    expect(r.outcomes.find((o) => o.id === 'ADM_TAX_RATING')).toMatchObject({ seen: 'C', threshold: '∈ A,B,M' });
    expect(evaluateAdmission(ADMISSION_RULES_2025, { ...facts, monthsInBusiness: 24 }).passed).toBe(true);
  });
  it('fails a rule whose fact is missing rather than passing it', () => {
    const { dataAgeDays: _, ...rest } = facts;
    const r = evaluateAdmission(ADMISSION_RULES_2025, rest);
    expect(r.failed).toEqual(['ADM_DATA_FRESH']);
    expect(r.outcomes.find((o) => o.id === 'ADM_DATA_FRESH')!.seen).toBeNull();
  });
});
