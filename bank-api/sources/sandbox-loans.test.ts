import { beforeAll, describe, expect, it } from 'vitest';
import { assembleProfile } from './assemble';
import { createSandboxSources, sandboxEnterprises } from './sandbox';
import {
  CLASSIFICATIONS,
  classificationFloor,
  type LoanBorrower,
  loanBorrower,
  type SandboxLoan,
  sandboxLoans,
} from './sandbox-loans';

const SEED = 'loans-test';
const AS_OF = '2026-11-27';
const RANK = Object.fromEntries(CLASSIFICATIONS.map((c, i) => [c, i]));

let borrowers: LoanBorrower[] = [];
let loans: SandboxLoan[] = [];
beforeAll(async () => {
  const sources = createSandboxSources(SEED);
  borrowers = [];
  for (const e of sandboxEnterprises(1000, AS_OF, SEED)) {
    const p = (await assembleProfile(sources, e.uscc, AS_OF))!;
    borrowers.push({ ...loanBorrower(p, sources.traits(e.uscc)!.risk), branchId: 'SH' });
  }
  loans = [...sandboxLoans({ seed: SEED, asOf: AS_OF, count: 20_000, borrowers })];
});

describe('sandboxLoans', () => {
  it('is deterministic', () => {
    expect([...sandboxLoans({ seed: SEED, asOf: AS_OF, count: 500, borrowers })]).toEqual(loans.slice(0, 500));
  });

  it('spreads disbursements over three years, with balances within the principal', () => {
    for (const l of loans) {
      expect(l.disbursedOn >= '2023-11-28' && l.disbursedOn < AS_OF).toBe(true);
      expect(l.maturityDate > l.disbursedOn).toBe(true);
      expect(l.balanceFen >= 0n && l.balanceFen <= l.principalFen).toBe(true);
      expect(l.maxDpd).toBeGreaterThanOrEqual(l.daysPastDue);
      expect(Number(l.annualRate)).toBeGreaterThanOrEqual(2.8);
      expect(Number(l.annualRate)).toBeLessThanOrEqual(12);
    }
    const years = new Set(loans.map((l) => l.disbursedOn.slice(0, 4)));
    expect([...years].sort()).toEqual(['2023', '2024', '2025', '2026']);
  });

  it('keeps a few percent of the live book overdue, with a plausible five-level split', () => {
    const live = loans.filter((l) => l.balanceFen > 0n);
    const rate = (pred: (l: SandboxLoan) => boolean) => live.filter(pred).length / live.length;
    expect(rate((l) => l.daysPastDue > 0)).toBeGreaterThan(0.02);
    expect(rate((l) => l.daysPastDue > 0)).toBeLessThan(0.08);
    expect(rate((l) => l.classification === 'normal')).toBeGreaterThan(0.9);
    expect(rate((l) => l.classification === 'special_mention')).toBeGreaterThan(0.02);
    expect(rate((l) => l.classification === 'special_mention')).toBeLessThan(0.06);
    const npl = rate((l) => RANK[l.classification]! >= RANK.substandard!);
    expect(npl).toBeGreaterThan(0.005);
    expect(npl).toBeLessThan(0.03);
  });

  it('classifies no better than the days past due allow', () => {
    for (const l of loans)
      expect(RANK[l.classification]!).toBeGreaterThanOrEqual(RANK[classificationFloor(l.daysPastDue)]!);
    expect(classificationFloor(91)).toBe('substandard');
    expect(classificationFloor(271)).toBe('doubtful');
    expect(classificationFloor(361)).toBe('loss');
    expect(loans.some((l) => l.classification === 'loss')).toBe(true);
  });

  it('carries the borrower’s warning signals on live loans only', () => {
    expect(loans.filter((l) => l.balanceFen === 0n).every((l) => l.warningSignals.length === 0)).toBe(true);
    const seen = new Set(loans.flatMap((l) => l.warningSignals));
    expect([...seen].sort()).toEqual(['inflow_drop', 'new_court_case', 'overdue_elsewhere', 'sales_drop']);
  });
});
