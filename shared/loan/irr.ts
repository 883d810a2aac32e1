import { DomainError } from '../errors';
import type { Fen } from '../money/money';
import { formatRatePercent } from '../money/money';

/**
 * Internal rate of return of a loan's real cash flows, in bigint fixed point — no binary floats.
 *
 * The borrower receives `netDisbursed` (amount − upfront fees) at t = 0 and pays `payments[k-1]` at the
 * end of month k. The monthly IRR x solves NPV(x) = Σ p_k·(1+x)^−k − netDisbursed = 0. NPV is strictly
 * decreasing in x for positive payments, so a root is bracketed by [0, hi] once payments ≥ netDisbursed;
 * we run Newton's method inside that bracket and fall back to bisection whenever a Newton step would
 * leave it, which guarantees convergence. x is held scaled by IRR_SCALE (1e18).
 */
export const IRR_SCALE = 10n ** 18n;
const MAX_ITERATIONS = 200;
const CONVERGED = 1_000n;

/** NPV·S (in fen × S) and the derivative magnitude G = −dNPV/dx·S, at monthly rate X/S. */
function npvAndSlope(netDisbursed: Fen, payments: readonly Fen[], X: bigint): { F: bigint; G: bigint } {
  const S = IRR_SCALE;
  const denom = S + X;
  let d = S;
  let F = -netDisbursed * S;
  let G = 0n;
  for (let k = 0; k < payments.length; k++) {
    d = (d * S) / denom;
    const pv = payments[k]! * d;
    F += pv;
    G += BigInt(k + 1) * pv;
  }
  return { F, G: (G * S) / denom };
}

/** Net present value in fen (scaled by IRR_SCALE) at monthly rate X / IRR_SCALE. Exported for tests. */
export function npvScaled(netDisbursed: Fen, payments: readonly Fen[], X: bigint): bigint {
  return npvAndSlope(netDisbursed, payments, X).F;
}

/** Monthly IRR scaled by IRR_SCALE. Throws `apr.no_solution` when payments do not exceed what was received. */
export function monthlyIrr(netDisbursed: Fen, payments: readonly Fen[]): bigint {
  if (netDisbursed <= 0n) {
    throw new DomainError('apr.no_solution', 'upfrontFee must be less than the amount', 'upfrontFee');
  }
  if (payments.length === 0 || payments.some((p) => p < 0n)) {
    throw new DomainError('apr.no_solution', 'A loan needs at least one non-negative payment', 'schedule');
  }
  const S = IRR_SCALE;
  const at0 = npvAndSlope(netDisbursed, payments, 0n);
  if (at0.F === 0n) return 0n;
  if (at0.F < 0n) {
    throw new DomainError('apr.no_solution', 'Payments total less than the amount received', 'schedule');
  }
  let lo = 0n;
  let hi = S; // 100 % a month
  while (npvAndSlope(netDisbursed, payments, hi).F > 0n) {
    lo = hi;
    hi *= 2n;
    if (hi > 1024n * S) throw new DomainError('apr.no_solution', 'The implied rate is not realistic', 'upfrontFee');
  }
  let X = lo;
  let cur = lo === 0n ? at0 : npvAndSlope(netDisbursed, payments, X);
  for (let i = 0; i < MAX_ITERATIONS && hi - lo > 1n; i++) {
    const newton = cur.G > 0n ? X + (cur.F * S) / cur.G : null;
    // Converged: the next Newton step is below the noise of fixed-point discounting (1e-15 a month,
    // a million times finer than the four printed decimals need).
    if (newton !== null && newton - X <= CONVERGED && X - newton <= CONVERGED) {
      return newton < lo ? lo : newton > hi ? hi : newton;
    }
    let next = newton ?? lo;
    if (next <= lo || next >= hi) next = lo + (hi - lo) / 2n;
    X = next;
    cur = npvAndSlope(netDisbursed, payments, X);
    if (cur.F === 0n) return X;
    if (cur.F > 0n) lo = X;
    else hi = X;
  }
  return X;
}

export interface Apr {
  /** Monthly IRR × 12, percent with four places. */
  aprNominal: string;
  /** (1 + monthly IRR)^12 − 1, percent with four places. */
  aprEffective: string;
  /** Monthly IRR scaled by IRR_SCALE, for further exact work. */
  monthlyIrrScaled: bigint;
}

export function annualise(X: bigint): Apr {
  const S = IRR_SCALE;
  const s12 = S ** 12n;
  return {
    aprNominal: formatRatePercent(X * 12n, 4, S),
    aprEffective: formatRatePercent((S + X) ** 12n - s12, 4, s12),
    monthlyIrrScaled: X,
  };
}

/** APR of a loan: disbursement minus upfront fee, then each monthly payment. */
export function apr(amount: Fen, upfrontFee: Fen, payments: readonly Fen[]): Apr {
  return annualise(monthlyIrr(amount - upfrontFee, payments));
}
