import { describe, expect, it } from 'vitest';
import { yuan } from '../money/money';
import {
  parseRenewalRules,
  RENEWAL_CONDITIONS,
  RENEWAL_RULES_2024,
  type RenewalInput,
  type RenewalLoan,
  renewalEligibility,
} from './renewal';

const TODAY = '2026-11-30';

/** Twelve months of steady sales, ending last month. */
const months = (sales = '100000.00', inflow = '120000.00') =>
  Array.from({ length: 12 }, (_, i) => ({
    month: `${i < 2 ? 2025 : 2026}-${String(((i + 10) % 12) + 1).padStart(2, '0')}`,
    vatSales: sales,
    settlementInflow: inflow,
    settlementOutflow: '90000.00',
    taxPaid: '3000.00',
  }));

const loan = (o: Partial<RenewalLoan> = {}): RenewalLoan => ({
  id: 'LN000000042',
  loanType: 'working_capital',
  balance: yuan(250_000),
  maturityDate: '2027-01-15',
  daysPastDue: 0,
  maxDaysPastDue: 0,
  classification: 'normal',
  writtenOffOn: null,
  ...o,
});

const input = (o: Partial<RenewalInput> = {}, p: Partial<RenewalInput['profile']> = {}): RenewalInput => ({
  loan: loan(),
  profile: {
    sizeClass: 'small',
    taxRating: 'B',
    insuredHeadcount: 12,
    monthly: months(),
    bureau: { loansOutstanding: '500000.00', overdueCount12m: 0, maxOverdueDays24m: 0, inquiries6m: 1 },
    publicFlags: { courtEnforcement: false, abnormalOperation: false, adminPenalties: 0 },
    ...p,
  },
  newLoanStandard: { passed: true, failed: [] },
  openSignals: [],
  today: TODAY,
  ...o,
});

const failing = (r: ReturnType<typeof renewalEligibility>) =>
  r.noPrincipalRenewal.conditions.filter((c) => !c.passed).map((c) => c.code);

describe('无还本续贷 rules (金规〔2024〕13号, RN-2024.1)', () => {
  it('allows a performing small enterprise working-capital loan within 90 days of maturity, every condition named', () => {
    const r = renewalEligibility(input());
    expect(r.blocked).toBeNull();
    expect(r.noPrincipalRenewal.allowed).toBe(true);
    expect(r.noPrincipalRenewal.conditions.map((c) => c.code)).toEqual([...RENEWAL_CONDITIONS]);
    expect(r.noPrincipalRenewal.conditions.every((c) => c.reason === null && c.label.zh && c.label.en)).toBe(true);
    expect(r).toMatchObject({ ruleVersion: 'RN-2024.1', asOf: TODAY, renewalAmount: '250000.00' });
    expect(r.source).toContain('金规〔2024〕13号');
  });

  it('accepts special mention (关注类) but not beyond; non-performing blocks any request', () => {
    expect(
      renewalEligibility(input({ loan: loan({ classification: 'special_mention' }) })).noPrincipalRenewal.allowed,
    ).toBe(true);
    for (const c of ['substandard', 'doubtful', 'loss'] as const) {
      const r = renewalEligibility(input({ loan: loan({ classification: c }) }));
      expect(r.blocked?.code).toBe('renewal.loan_non_performing');
      expect(r.noPrincipalRenewal.allowed).toBe(false);
      expect(failing(r)).toContain('classification');
    }
  });

  it('blocks a written-off loan and a closed one, with bilingual reasons', () => {
    const w = renewalEligibility(input({ loan: loan({ writtenOffOn: '2026-06-30' }) }));
    expect(w.blocked).toMatchObject({ code: 'renewal.loan_written_off' });
    expect(w.blocked?.reason.zh).toContain('2026-06-30 核销');
    expect(w.blocked?.reason.en).toContain('written off on 2026-06-30');
    expect(w.noPrincipalRenewal.allowed).toBe(false);
    const c = renewalEligibility(input({ loan: loan({ balance: 0n }) }));
    expect(c.blocked?.code).toBe('renewal.loan_closed');
    expect(c.renewalAmount).toBe('0.00');
  });

  it('opens the window 90 days before maturity, closes it at maturity', () => {
    const at = (maturityDate: string) => renewalEligibility(input({ loan: loan({ maturityDate }) }));
    expect(at('2027-02-28').noPrincipalRenewal.allowed).toBe(true); // 90 days
    const early = at('2027-03-01'); // 91 days
    expect(failing(early)).toEqual(['maturity_window']);
    expect(early.noPrincipalRenewal.conditions[2]!.reason!.zh).toContain('距到期还有 91 天');
    expect(early.noPrincipalRenewal.conditions[2]!.reason!.en).toContain('from 2026-12-01');
    expect(early.blocked).toBeNull();
    expect(at(TODAY).noPrincipalRenewal.allowed).toBe(true);
    const late = at('2026-11-29');
    expect(failing(late)).toEqual(['maturity_window']);
    expect(late.noPrincipalRenewal.conditions[2]!.reason!.en).toContain('matured on 2026-11-29');
  });

  it('covers medium enterprises only for loans maturing by 2027-09-30; other loan types not at all', () => {
    expect(renewalEligibility(input({}, { sizeClass: 'medium' })).noPrincipalRenewal.allowed).toBe(true);
    const rules = { ...RENEWAL_RULES_2024, windowDaysBeforeMaturity: 400 };
    const later = renewalEligibility(
      input({ loan: loan({ maturityDate: '2027-10-08' }) }, { sizeClass: 'medium' }),
      rules,
    );
    expect(failing(later)).toEqual(['enterprise_size']);
    expect(later.noPrincipalRenewal.conditions[1]!.reason!.zh).toContain('2027-09-30');
    const dyd = renewalEligibility(input({ loan: loan({ loanType: 'property_secured_operating' }) }));
    expect(failing(dyd)).toEqual(['loan_type']);
    expect(dyd.blocked).toBeNull();
  });

  it('refuses arrears today and an old spell beyond the tolerance', () => {
    const today = renewalEligibility(input({ loan: loan({ daysPastDue: 5, maxDaysPastDue: 5 }) }));
    expect(failing(today)).toEqual(['no_arrears']);
    expect(today.noPrincipalRenewal.conditions[4]!.reason!.zh).toContain('逾期 5 天');
    expect(renewalEligibility(input({ loan: loan({ maxDaysPastDue: 30 }) })).noPrincipalRenewal.allowed).toBe(true);
    expect(failing(renewalEligibility(input({ loan: loan({ maxDaysPastDue: 31 }) })))).toEqual(['no_arrears']);
  });

  it('needs sales every recent month and no collapse against the half-year before', () => {
    const m = months();
    m[10] = { ...m[10]!, vatSales: '0.00' };
    const idle = renewalEligibility(input({}, { monthly: m }));
    expect(failing(idle)).toEqual(['operating_normally']);
    expect(idle.noPrincipalRenewal.conditions[5]!.reason!.zh).toContain(`${m[10]!.month} 无增值税申报销售`);
    const drop = months().map((x, i) => (i >= 6 ? { ...x, vatSales: '40000.00' } : x));
    const r = renewalEligibility(input({}, { monthly: drop }));
    expect(failing(r)).toEqual(['operating_normally']);
    expect(r.noPrincipalRenewal.conditions[5]!.observed).toMatchObject({ sharePercent: 40, minSharePercent: 50 });
    const half = months().map((x, i) => (i >= 6 ? { ...x, vatSales: '50000.00' } : x));
    expect(renewalEligibility(input({}, { monthly: half })).noPrincipalRenewal.allowed).toBe(true);
  });

  it('refuses a zombie or unlawful business and a bad credit record, naming each finding', () => {
    const zombie = renewalEligibility(input({}, { insuredHeadcount: 0, monthly: months('100000.00', '0.00') }));
    expect(failing(zombie)).toEqual(['lawful_not_zombie']);
    expect(zombie.noPrincipalRenewal.conditions[6]!.reason!.en).toContain('0 insured staff');
    expect(zombie.noPrincipalRenewal.conditions[6]!.reason!.en).toContain('no settlement inflow');
    const listed = renewalEligibility(
      input(
        {},
        { taxRating: 'D', publicFlags: { courtEnforcement: true, abnormalOperation: true, adminPenalties: 0 } },
      ),
    );
    expect(failing(listed)).toEqual(['lawful_not_zombie', 'credit_record']);
    expect(listed.noPrincipalRenewal.conditions[7]!.reason!.zh).toContain('被执行人');
    const bureau = renewalEligibility(
      input({}, { bureau: { loansOutstanding: '0.00', overdueCount12m: 2, maxOverdueDays24m: 45, inquiries6m: 0 } }),
    );
    expect(failing(bureau)).toEqual(['credit_record']);
    expect(bureau.noPrincipalRenewal.conditions[7]!.reason!.zh).toContain('最长逾期 45 天');
  });

  it('refuses an open high-severity warning (named in words) and a case below the new-loan standard', () => {
    const sig = renewalEligibility(
      input({
        openSignals: [
          { code: 'sales_drop', severity: 'medium' },
          { code: 'new_court_case', severity: 'high' },
        ],
      }),
    );
    expect(failing(sig)).toEqual(['no_open_warning']);
    expect(sig.noPrincipalRenewal.conditions[8]!.reason).toMatchObject({ zh: expect.stringContaining('新增涉诉') });
    const low = renewalEligibility(input({ openSignals: [{ code: 'sales_drop', severity: 'medium' }] }));
    expect(low.noPrincipalRenewal.allowed).toBe(true);
    const std = renewalEligibility(
      input({
        newLoanStandard: { passed: false, failed: [{ zh: '持续经营满 2 年', en: 'In business for at least 2 years' }] },
      }),
    );
    expect(failing(std)).toEqual(['new_loan_standard']);
    expect(std.noPrincipalRenewal.conditions[9]!.reason!.en).toContain('In business for at least 2 years');
  });

  it('reads rules as data: a changed figure changes the answer, an unknown field or bad figure is refused', () => {
    const tight = parseRenewalRules({ ...RENEWAL_RULES_2024, version: 'RN-2024.2', windowDaysBeforeMaturity: 30 });
    const r = renewalEligibility(input(), tight);
    expect(r.ruleVersion).toBe('RN-2024.2');
    expect(failing(r)).toEqual(['maturity_window']);
    expect(() => parseRenewalRules({ ...RENEWAL_RULES_2024, graceDays: 3 })).toThrow(/graceDays/);
    expect(() => parseRenewalRules({ ...RENEWAL_RULES_2024, classes: ['normal', 'bad'] })).toThrow();
    expect(() => parseRenewalRules({ ...RENEWAL_RULES_2024, version: '2024' })).toThrow(/RN-2024.1/);
  });
});
