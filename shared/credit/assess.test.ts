import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AssessApplication, assess, assessUntrusted, preapprove } from './assess';
import { AS_OF, strongProfile } from './fixtures.testkit';
import { makeSampleProfile } from './sample-profile';

const app: AssessApplication = {
  productCode: 'XMD',
  amount: '500000.00',
  termMonths: 12,
  repaymentMethod: 'equal_installment',
  asOf: AS_OF,
};

describe('assess', () => {
  afterEach(() => vi.restoreAllMocks());

  it('approves a strong small credit case instantly, at LPR + spread, with every version recorded', () => {
    const a = assess(strongProfile(), app);
    expect(a).toMatchObject({
      ruleSetVersion: 'RS-2025.12',
      modelVersion: 'SC-2025.1',
      decision: 'auto_approve',
      tier: 'instant',
      instant: { outcome: 'approve', amount: '500000.00', annualRate: '3.45', termMonths: 12 },
      price: { lpr: '3.00', spreadBp: 45, annualRate: '3.45' },
      preapproval: { eligible: true, maxAmount: '1000000.00' },
    });
    expect(a.admission.passed).toBe(true);
    expect(a.negativeList.hit).toBe(false);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a); // JSON-safe: no bigint, no undefined
  });

  it('declines automatically with reason codes: failed rules, negative hits, then scorecard factors', () => {
    const a = assess(
      strongProfile({
        taxRating: 'D',
        publicFlags: { courtEnforcement: true, adminPenalties: 0, abnormalOperation: false },
      }),
      app,
    );
    expect(a.decision).toBe('auto_decline');
    expect(a.routing.code).toBe('RT_AUTO_DECLINE');
    expect(a.instant).toEqual({
      outcome: 'decline',
      reasonCodes: [
        'ADM_TAX_RATING',
        'NEG_COURT_ENFORCEMENT',
        'NEG_TAX_RATING_D',
        'SC_TAX_RATING_LOW',
        'SC_PUBLIC_FLAGS',
      ],
    });
    expect(a.admission.outcomes.find((o) => o.id === 'ADM_TAX_RATING')).toMatchObject({ passed: false, seen: 'D' });
  });

  it('refers a guaranteed working-capital loan to a human tier', () => {
    const a = assess(strongProfile(), { ...app, productCode: 'LDD', amount: '800000.00', termMonths: 24 });
    expect(a).toMatchObject({ decision: 'review', tier: 'fast', instant: { outcome: 'refer', tier: 'fast' } });
  });

  it('is pure: same input, same output, and it never reads the clock', () => {
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('the engine read the clock');
    });
    const p = makeSampleProfile(42, { asOf: AS_OF });
    expect(assess(p, app)).toEqual(assess(structuredClone(p), { ...app }));
    expect(spy).not.toHaveBeenCalled();
  });

  it.each([
    [{ amount: '0.00' }, 'money.not_positive', 'amount'],
    [{ amount: '-1' }, 'money.malformed', 'amount'],
    [{ amount: '5000.00' }, 'product.amount_out_of_range', 'amount'],
    [{ termMonths: 36 }, 'product.term_out_of_range', 'termMonths'],
    [{ repaymentMethod: 'equal_principal' }, 'product.repayment_method_not_offered', 'repaymentMethod'],
    [{ productCode: 'X' }, 'product.unknown', 'productCode'],
    [{ asOf: '2026-02-30' }, 'date.impossible', 'asOf'],
  ])('refuses %o with %s naming %s', (patch, code, field) => {
    expect(() => assess(strongProfile(), { ...app, ...patch })).toThrow(expect.objectContaining({ code, field }));
  });

  it('names the month when a series value is malformed', () => {
    const p = strongProfile();
    const monthly = p.monthly.map((m, i) => (i === 20 ? { ...m, vatSales: '12,000.00' } : m));
    expect(() => assess({ ...p, monthly }, app)).toThrow(
      expect.objectContaining({ code: 'money.malformed', field: 'monthly.20.vatSales' }),
    );
  });

  it('refuses a raw profile with missing parts as a DomainError, not a TypeError', () => {
    const { bureau: _, ...broken } = strongProfile();
    expect(() => assessUntrusted(broken, app)).toThrow(
      expect.objectContaining({ code: 'profile.invalid', field: 'bureau' }),
    );
    expect(assessUntrusted(strongProfile(), app).decision).toBe('auto_approve');
  });

  it('never throws anything but a DomainError on generated profiles', () => {
    for (let s = 1; s <= 300; s++) {
      const a = assess(makeSampleProfile(s, { asOf: AS_OF }), { ...app, amount: '100000.00' });
      expect(['auto_approve', 'auto_decline', 'review']).toContain(a.decision);
      expect(a.score.pd).toMatch(/^\d+\.\d{4}$/);
    }
  });
});

describe('preapprove', () => {
  it('gives an expected range before the customer applies', () => {
    expect(preapprove(strongProfile(), 'SYD', AS_OF)).toMatchObject({
      eligible: true,
      grade: 'A',
      minAmount: '1800000.00',
      maxAmount: '3000000.00',
      blockers: [],
    });
  });
  it('names what blocks a customer', () => {
    const r = preapprove(strongProfile({ establishedDate: '2025-06-01' }), 'XMD', AS_OF);
    expect(r.eligible).toBe(false);
    expect(r.blockers).toContain('ADM_YEARS_IN_BUSINESS');
  });
});
