import { beforeAll, describe, expect, it } from 'vitest';
import { addMonthsClamped, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import { SANDBOX_SIZES } from '../seed/sandbox';
import { assembleEnterprise } from './assemble';
import { createSandboxSources, DEFAULT_SANDBOX_SEED, sandboxEnterprises } from './sandbox';
import {
  arrearsOnsetDay,
  type LoanBorrower,
  loanBorrower,
  SALES_SUPPORT_PERMILLE,
  type SandboxLoan,
  SINGLE_BORROWER_LIMIT_FEN,
  sandboxLoans,
} from './sandbox-loans';

/** The small seed's book, as a first start makes it: 2,000 enterprises, 10,000 loans. */
const SEED = DEFAULT_SANDBOX_SEED;
const AS_OF = '2026-11-27';
const AS_OF_DAY = toDayNumber(parseCivilDate(AS_OF));
const { enterprises: ENTERPRISES, loans: LOANS } = SANDBOX_SIZES.small;

const day = (d: string) => toDayNumber(parseCivilDate(d));
/** Instalment days of a loan that have fallen due before the as-of date. */
function dueDays(l: SandboxLoan): number[] {
  const d = parseCivilDate(l.disbursedOn);
  const out: number[] = [];
  for (let k = 1; k <= l.termMonths; k++) {
    const due = toDayNumber(addMonthsClamped(d, k));
    if (due >= AS_OF_DAY) break;
    out.push(due);
  }
  return out;
}

const borrowers: LoanBorrower[] = [];
let loans: SandboxLoan[] = [];
const byBorrower = new Map<string, SandboxLoan[]>();
const onsets = new Map<string, number | null>();
beforeAll(async () => {
  const sources = createSandboxSources(SEED);
  for (const e of sandboxEnterprises(ENTERPRISES, AS_OF, SEED)) {
    const p = (await assembleEnterprise(sources, e.uscc, AS_OF))!.profile;
    borrowers.push(loanBorrower(p, sources.traits(e.uscc)!.risk));
  }
  loans = [...sandboxLoans({ seed: SEED, asOf: AS_OF, count: LOANS, borrowers })];
  for (const l of loans) byBorrower.set(l.enterpriseId, [...(byBorrower.get(l.enterpriseId) ?? []), l]);
  for (const b of borrowers) onsets.set(b.enterpriseId, arrearsOnsetDay(SEED, b, AS_OF_DAY));
}, 120_000);

describe('sandbox loan book: arrears and exposure belong to the borrower (small seed)', () => {
  it('makes exactly the loans asked for, the same book for the same seed', () => {
    expect(loans).toHaveLength(LOANS);
    expect(new Set(loans.map((l) => l.id)).size).toBe(LOANS);
    const again = [...sandboxLoans({ seed: SEED, asOf: AS_OF, count: LOANS, borrowers })];
    expect(again).toEqual(loans);
    const other = [...sandboxLoans({ seed: 'another-seed', asOf: AS_OF, count: 200, borrowers })];
    expect(other.map((l) => l.enterpriseId)).not.toEqual(loans.slice(0, 200).map((l) => l.enterpriseId));
  });

  it('lends nothing to a borrower on or after the day its arrears began', () => {
    let inArrears = 0;
    for (const [id, ls] of byBorrower) {
      const onset = onsets.get(id);
      if (onset == null) continue;
      inArrears++;
      for (const l of ls) expect(day(l.disbursedOn), `${l.id} of ${id}`).toBeLessThan(onset);
    }
    expect(inArrears).toBeGreaterThan(20);
    // Borrowers that pay have no overdue loan.
    for (const [id, ls] of byBorrower) if (onsets.get(id) == null) for (const l of ls) expect(l.daysPastDue).toBe(0);
  });

  it('makes every loan of a borrower in arrears with an instalment due since the onset overdue from that instalment', () => {
    let overdue = 0;
    let sharedArrears = 0;
    for (const [id, ls] of byBorrower) {
      const onset = onsets.get(id);
      if (onset == null) continue;
      let overdueHere = 0;
      for (const l of ls) {
        const missed = dueDays(l).find((d) => d >= onset);
        if (missed === undefined) {
          expect(l.daysPastDue, l.id).toBe(0);
          continue;
        }
        expect(l.daysPastDue, l.id).toBe(AS_OF_DAY - missed);
        expect(l.balanceFen).toBeGreaterThan(0n);
        overdueHere++;
      }
      overdue += overdueHere;
      if (overdueHere > 1) sharedArrears++;
    }
    expect(overdue).toBe(loans.filter((l) => l.daysPastDue > 0).length);
    expect(overdue).toBeGreaterThan(50);
    // Borrowers with several loans in arrears have them all overdue together.
    expect(sharedArrears).toBeGreaterThan(5);
  });

  it('keeps each borrower’s concurrent principal within 10,000,000 yuan and what its sales support', () => {
    const sales = new Map(borrowers.map((b) => [b.enterpriseId, b.annualSalesFen]));
    let peakAll = 0n;
    for (const [id, ls] of byBorrower) {
      // Principal outstanding from disbursement to maturity; a loan in arrears stays outstanding.
      const spans = ls.map((l) => ({
        from: day(l.disbursedOn),
        until: l.daysPastDue > 0 ? AS_OF_DAY + 1 : day(l.maturityDate),
        fen: l.principalFen,
      }));
      const cap = (sales.get(id)! * SALES_SUPPORT_PERMILLE) / 1000n;
      for (const s of spans) {
        const owed = spans.filter((o) => o.from <= s.from && o.until > s.from).reduce((t, o) => t + o.fen, 0n);
        expect(owed, `${id} on day ${s.from}`).toBeLessThanOrEqual(SINGLE_BORROWER_LIMIT_FEN);
        expect(owed, `${id} on day ${s.from}`).toBeLessThanOrEqual(cap);
        if (owed > peakAll) peakAll = owed;
      }
    }
    // The limit binds: some borrower reaches well into it.
    expect(peakAll).toBeGreaterThan(SINGLE_BORROWER_LIMIT_FEN / 2n);
  });
});
