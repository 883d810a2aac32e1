/**
 * Evaluates the signal rules (./rules.ts) on an enterprise profile: which signals it raises and, for
 * each, the figures the rule saw and its threshold — what a reviewer needs to check the signal without
 * re-reading the sources. Pure: the monitoring job and the sandbox seed fetch the profiles.
 */
import type { EnterpriseProfile } from '../credit/profile';
import { formatMoney, parseMoney } from '../money/money';
import { SIGNAL_RULES, type SignalRule, type SignalRuleSet, type SignalSeverity } from './rules';

/** What a rule saw: the field, its value(s) and the threshold, plus the date the source data is as of. */
export type SignalObserved =
  | {
      kind: 'quarter_yoy_drop';
      field: string;
      /** The last three complete months, e.g. ["2026-08", "2026-10"] (first and last). */
      months: [string, string];
      /** Sum of the three recent months and of the same months a year before (yuan strings). */
      recent: string;
      yearBefore: string;
      /** recent / year before in per mille (rounded down). */
      ratioPermille: number;
      threshold: number;
    }
  | { kind: 'flag_new'; field: string; value: true; before: boolean | null; windowDays: number }
  | { kind: 'count_above'; field: string; value: number; threshold: number };

export interface SignalFinding {
  code: string;
  severity: SignalSeverity;
  observed: SignalObserved;
}

/** The profile as it was `windowDays` before, or null/undefined when not known. */
export type PreviousProfile = (windowDays: number) => EnterpriseProfile | null | undefined;

function quarterDrop(p: EnterpriseProfile, rule: Extract<SignalRule, { kind: 'quarter_yoy_drop' }>) {
  const n = p.monthly.length;
  if (n < 15) return null;
  const pick = rule.field === 'monthly.vatSales' ? 'vatSales' : 'settlementInflow';
  let recent = 0n;
  let before = 0n;
  for (let i = n - 3; i < n; i++) recent += parseMoney(p.monthly[i]![pick]);
  for (let i = n - 15; i < n - 12; i++) before += parseMoney(p.monthly[i]![pick]);
  if (!(before > 0n && recent * 1000n < before * BigInt(rule.threshold))) return null;
  return {
    kind: 'quarter_yoy_drop' as const,
    field: rule.field,
    months: [p.monthly[n - 3]!.month, p.monthly[n - 1]!.month] as [string, string],
    recent: formatMoney(recent),
    yearBefore: formatMoney(before),
    ratioPermille: Number((recent * 1000n) / before),
    threshold: rule.threshold,
  };
}

function flagOf(p: EnterpriseProfile, field: string): boolean {
  return field === 'publicFlags.courtEnforcement' ? p.publicFlags.courtEnforcement : p.publicFlags.abnormalOperation;
}

function countOf(p: EnterpriseProfile, field: string): number {
  switch (field) {
    case 'bureau.overdueCount12m':
      return p.bureau.overdueCount12m;
    case 'bureau.maxOverdueDays24m':
      return p.bureau.maxOverdueDays24m;
    case 'bureau.inquiries6m':
      return p.bureau.inquiries6m;
    default:
      return p.publicFlags.adminPenalties;
  }
}

/**
 * The look-back windows (days) for which the caller must supply the earlier profile: only flags set now
 * need one (a flag not set cannot be new).
 */
export function lookbackWindows(current: EnterpriseProfile, rules: SignalRuleSet = SIGNAL_RULES): number[] {
  const out = new Set<number>();
  for (const r of rules.rules) if (r.kind === 'flag_new' && flagOf(current, r.field)) out.add(r.windowDays);
  return [...out];
}

/**
 * The signals `current` raises under `rules`, in the rules' order. A flag counts as new only if it was
 * absent from the earlier profile; without an earlier profile every set flag is new.
 */
export function evaluateSignals(
  current: EnterpriseProfile,
  previous: PreviousProfile = () => null,
  rules: SignalRuleSet = SIGNAL_RULES,
): SignalFinding[] {
  const out: SignalFinding[] = [];
  for (const rule of rules.rules) {
    let observed: SignalObserved | null = null;
    if (rule.kind === 'quarter_yoy_drop') observed = quarterDrop(current, rule);
    else if (rule.kind === 'flag_new') {
      if (flagOf(current, rule.field)) {
        const before = previous(rule.windowDays);
        const was = before ? flagOf(before, rule.field) : null;
        if (!was)
          observed = { kind: 'flag_new', field: rule.field, value: true, before: was, windowDays: rule.windowDays };
      }
    } else {
      const value = countOf(current, rule.field);
      if (value > rule.threshold)
        observed = { kind: 'count_above', field: rule.field, value, threshold: rule.threshold };
    }
    if (observed) out.push({ code: rule.code, severity: rule.severity, observed });
  }
  return out;
}
