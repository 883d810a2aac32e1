/**
 * Post-loan early-warning signal rules (贷后预警) as versioned data: which signal, how severe, which field
 * of the enterprise profile it reads and its threshold. The monitoring job (bank-api/monitoring) and the
 * sandbox seed evaluate the same rules (./evaluate.ts); each stored signal names the rule version it was
 * raised under. A new threshold is a new version: change the data, bump SIGNAL_RULES_VERSION.
 *
 * The schema is strict: a rule with a field it does not know (a misspelt `treshold`, a `weight` nobody
 * reads) is refused rather than silently ignored.
 */
import { z } from 'zod';

export const SIGNAL_RULES_VERSION = 'SR-2026.1';

export const SIGNAL_SEVERITIES = ['low', 'medium', 'high'] as const;
export type SignalSeverity = (typeof SIGNAL_SEVERITIES)[number];

const Code = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a signal code is lower-case letters, digits and _');
const Severity = z.enum(SIGNAL_SEVERITIES);

/** The monthly figures a drop rule may compare (profile.monthly[].<figure>). */
export const DROP_FIELDS = ['monthly.vatSales', 'monthly.settlementInflow'] as const;
/** The boolean public-list flags a "newly listed" rule may read. */
export const FLAG_FIELDS = ['publicFlags.courtEnforcement', 'publicFlags.abnormalOperation'] as const;
/** The counts a count rule may read. */
export const COUNT_FIELDS = [
  'bureau.overdueCount12m',
  'bureau.maxOverdueDays24m',
  'bureau.inquiries6m',
  'publicFlags.adminPenalties',
] as const;

/**
 * The last three complete months against the same three months a year earlier (year on year, so the
 * Spring Festival dip is not mistaken for trouble): raised when recent × 1000 < year before × threshold.
 */
export const QuarterDropRuleSchema = z.strictObject({
  code: Code,
  severity: Severity,
  kind: z.literal('quarter_yoy_drop'),
  field: z.enum(DROP_FIELDS),
  /** Per mille of the year-before quarter below which the recent quarter raises the signal. */
  threshold: z.int().min(1).max(1000),
});

/** A flag set now that was not set `windowDays` before (a court listing that is new, not an old one). */
export const NewFlagRuleSchema = z.strictObject({
  code: Code,
  severity: Severity,
  kind: z.literal('flag_new'),
  field: z.enum(FLAG_FIELDS),
  /** How far back "before" is, in days. */
  windowDays: z.int().min(1).max(3660),
});

/** A count above a threshold (overdue instalments at other lenders in the last 12 months > 0). */
export const CountAboveRuleSchema = z.strictObject({
  code: Code,
  severity: Severity,
  kind: z.literal('count_above'),
  field: z.enum(COUNT_FIELDS),
  threshold: z.int().min(0).max(1_000_000),
});

export const SignalRuleSchema = z.discriminatedUnion('kind', [
  QuarterDropRuleSchema,
  NewFlagRuleSchema,
  CountAboveRuleSchema,
]);
export type SignalRule = z.output<typeof SignalRuleSchema>;

export const SignalRuleSetSchema = z
  .strictObject({
    version: z.string().regex(/^SR-\d{4}\.\d{1,4}$/, 'a rule version reads SR-<year>.<n>'),
    rules: z.array(SignalRuleSchema).min(1).max(50),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.rules.forEach((r, i) => {
      if (seen.has(r.code)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'code'], message: 'duplicate code' });
      seen.add(r.code);
    });
  });
export type SignalRuleSet = z.output<typeof SignalRuleSetSchema>;

export class SignalRulesError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** Parses untrusted rules; throws SignalRulesError naming the first bad field (an unknown one included). */
export function parseSignalRules(input: unknown): SignalRuleSet {
  const r = SignalRuleSetSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const path = i.path.map(String).join('.') || 'rules';
    throw new SignalRulesError(
      path,
      i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
    );
  }
  return r.data;
}

/** The rules in force. */
export const SIGNAL_RULES: SignalRuleSet = parseSignalRules({
  version: SIGNAL_RULES_VERSION,
  rules: [
    { code: 'sales_drop', severity: 'medium', kind: 'quarter_yoy_drop', field: 'monthly.vatSales', threshold: 700 },
    {
      code: 'inflow_drop',
      severity: 'medium',
      kind: 'quarter_yoy_drop',
      field: 'monthly.settlementInflow',
      threshold: 700,
    },
    {
      code: 'new_court_case',
      severity: 'high',
      kind: 'flag_new',
      field: 'publicFlags.courtEnforcement',
      windowDays: 180,
    },
    { code: 'overdue_elsewhere', severity: 'high', kind: 'count_above', field: 'bureau.overdueCount12m', threshold: 0 },
  ],
});
