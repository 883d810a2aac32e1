import { describe, expect, it } from 'vitest';
import type { EnterpriseProfile } from '../credit/profile';
import { makeSampleProfile } from '../credit/sample-profile';
import { evaluateSignals, lookbackWindows } from './evaluate';
import { parseSignalRules, SIGNAL_RULES } from './rules';
import { warningSignals } from './warning-signals';

/** A quiet profile: flat sales and inflow, no court listing, no overdue elsewhere. */
function quiet(): EnterpriseProfile {
  const p = makeSampleProfile(7, { asOf: '2026-11-30' });
  return {
    ...p,
    monthly: p.monthly.map((m) => ({ ...m, vatSales: '100000.00', settlementInflow: '80000.00' })),
    publicFlags: { ...p.publicFlags, courtEnforcement: false },
    bureau: { ...p.bureau, overdueCount12m: 0 },
  };
}

describe('signal rules evaluated with what they saw', () => {
  it('a quiet profile raises nothing', () => {
    expect(evaluateSignals(quiet())).toEqual([]);
    expect(warningSignals(quiet())).toEqual([]);
  });

  it('sales down to 60 % of the same quarter a year before: sales_drop with the sums, ratio and threshold', () => {
    const p = quiet();
    const n = p.monthly.length;
    for (let i = n - 3; i < n; i++) p.monthly[i] = { ...p.monthly[i]!, vatSales: '60000.00' };
    expect(evaluateSignals(p)).toEqual([
      {
        code: 'sales_drop',
        severity: 'medium',
        observed: {
          kind: 'quarter_yoy_drop',
          field: 'monthly.vatSales',
          months: [p.monthly[n - 3]!.month, p.monthly[n - 1]!.month],
          recent: '180000.00',
          yearBefore: '300000.00',
          ratioPermille: 600,
          threshold: 700,
        },
      },
    ]);
    // At exactly 70 % nothing is raised (the rule is "below").
    for (let i = n - 3; i < n; i++) p.monthly[i] = { ...p.monthly[i]!, vatSales: '70000.00' };
    expect(evaluateSignals(p)).toEqual([]);
  });

  it('a court listing is new only if absent in the window before; the window comes from the rule', () => {
    const p = { ...quiet(), publicFlags: { ...quiet().publicFlags, courtEnforcement: true } };
    expect(lookbackWindows(p)).toEqual([180]);
    expect(lookbackWindows(quiet())).toEqual([]);
    expect(evaluateSignals(p, () => quiet()).map((f) => f.observed)).toEqual([
      { kind: 'flag_new', field: 'publicFlags.courtEnforcement', value: true, before: false, windowDays: 180 },
    ]);
    expect(evaluateSignals(p, () => p)).toEqual([]);
    // Unknown before: every listing counts as new (as the seed has always done).
    expect(warningSignals(p)).toEqual(['new_court_case']);
  });

  it('another rule version evaluates its own thresholds', () => {
    const rules = parseSignalRules({
      version: 'SR-2027.1',
      rules: [
        { code: 'many_inquiries', severity: 'low', kind: 'count_above', field: 'bureau.inquiries6m', threshold: 5 },
      ],
    });
    const p = { ...quiet(), bureau: { ...quiet().bureau, inquiries6m: 6 } };
    expect(evaluateSignals(p, undefined, rules)).toEqual([
      {
        code: 'many_inquiries',
        severity: 'low',
        observed: { kind: 'count_above', field: 'bureau.inquiries6m', value: 6, threshold: 5 },
      },
    ]);
    expect(evaluateSignals({ ...p, bureau: { ...p.bureau, inquiries6m: 5 } }, undefined, rules)).toEqual([]);
    expect(SIGNAL_RULES.rules.map((r) => r.code)).toEqual([
      'sales_drop',
      'inflow_drop',
      'new_court_case',
      'overdue_elsewhere',
    ]);
  });
});
