/**
 * Post-loan early-warning signals (贷后预警) read from an enterprise's profile: a sharp fall in sales or in
 * the money moving through the bank's accounts, a court case that was not there before, overdue debts
 * at other lenders — the codes of the rules in force (./rules.ts), evaluated by ./evaluate.ts.
 * (Moved here from bank-api/sources/warning-signals.ts, which re-exports it for the seed.)
 */
import type { EnterpriseProfile } from '../credit/profile';
import { evaluateSignals } from './evaluate';
import { SIGNAL_RULES } from './rules';

export const WARNING_SIGNALS = ['sales_drop', 'inflow_drop', 'new_court_case', 'overdue_elsewhere'] as const;
export type WarningSignal = (typeof WARNING_SIGNALS)[number];

/** A fall to below this share (per mille) of the same three months a year earlier raises a signal. */
export const DROP_THRESHOLD_PERMILLE = 700n;

/**
 * The signals a profile raises under the rules in force. `previous` is the profile at the last review: a
 * court listing counts as new only if it was absent then; without a previous profile every listing is new.
 */
export function warningSignals(current: EnterpriseProfile, previous?: EnterpriseProfile | null): WarningSignal[] {
  return evaluateSignals(current, () => previous ?? null, SIGNAL_RULES).map((f) => f.code as WarningSignal);
}
