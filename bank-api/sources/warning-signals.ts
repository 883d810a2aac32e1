/**
 * Post-loan early-warning signals (贷后预警) read from an enterprise's profile: a sharp fall in sales or in
 * the money moving through the bank's accounts, a court case that was not there before, overdue debts
 * at other lenders. Year-on-year comparisons, so the Spring Festival dip is not mistaken for trouble.
 */
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { parseMoney } from '../../shared/money/money';

export const WARNING_SIGNALS = ['sales_drop', 'inflow_drop', 'new_court_case', 'overdue_elsewhere'] as const;
export type WarningSignal = (typeof WARNING_SIGNALS)[number];

/** A fall to below this share (per mille) of the same three months a year earlier raises a signal. */
export const DROP_THRESHOLD_PERMILLE = 700n;

function lastQuarterVsYearBefore(
  profile: EnterpriseProfile,
  pick: (m: EnterpriseProfile['monthly'][number]) => string,
) {
  const n = profile.monthly.length;
  if (n < 15) return false;
  let recent = 0n;
  let before = 0n;
  for (let i = n - 3; i < n; i++) recent += parseMoney(pick(profile.monthly[i]!));
  for (let i = n - 15; i < n - 12; i++) before += parseMoney(pick(profile.monthly[i]!));
  return before > 0n && recent * 1000n < before * DROP_THRESHOLD_PERMILLE;
}

/**
 * The signals a profile raises. `previous` is the profile at the last review: a court listing counts as
 * new only if it was absent then; without a previous profile every listing is new.
 */
export function warningSignals(current: EnterpriseProfile, previous?: EnterpriseProfile | null): WarningSignal[] {
  const out: WarningSignal[] = [];
  if (lastQuarterVsYearBefore(current, (m) => m.vatSales)) out.push('sales_drop');
  if (lastQuarterVsYearBefore(current, (m) => m.settlementInflow)) out.push('inflow_drop');
  if (current.publicFlags.courtEnforcement && !previous?.publicFlags.courtEnforcement) out.push('new_court_case');
  if (current.bureau.overdueCount12m > 0) out.push('overdue_elsewhere');
  return out;
}
