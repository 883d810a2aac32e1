import { z } from 'zod';
import { text } from '../api/text';
import { type Fen, formatMoney, parseMoney, tryParseMoney } from '../money/money';
import { ADMISSION_RULES_2025, type AdmissionRule } from './admission';
import type { Operator } from './conditions';
import { GRADES } from './grades';
import { NEGATIVE_LIST_2025, type NegativeRule } from './negative-list';
import { PRICING_AUTHORITY_POLICY, type PricingAuthorityPolicy } from './pricing-authority';
import { ROUTING_POLICY_2025, type RoutingPolicy } from './routing';

/**
 * A versioned credit policy: admission rules, negative list and routing policy. Every result records
 * the version that produced it. To change a threshold, make a new rule set with a new version and
 * `replay` it against past applications first.
 *
 * The policy is data: {@link RuleSetDataSchema} is its published form (JSON, money as yuan strings),
 * validated strictly; {@link parseRuleSet} turns it into the `RuleSet` the engine runs and
 * {@link ruleSetToData} goes back. The 2025 constants below are the first published version.
 */
export interface RuleSet {
  version: string;
  effectiveFrom: string;
  admission: readonly AdmissionRule[];
  negativeList: readonly NegativeRule[];
  routing: RoutingPolicy;
  /** Pricing-authority parameters (定价授权); PRICING_AUTHORITY_POLICY when a rule set built in code has none. */
  pricingAuthority?: PricingAuthorityPolicy;
}

export const DEFAULT_RULE_SET: RuleSet = {
  version: 'RS-2025.12',
  effectiveFrom: '2025-12-01',
  admission: ADMISSION_RULES_2025,
  negativeList: NEGATIVE_LIST_2025,
  routing: ROUTING_POLICY_2025,
  pricingAuthority: PRICING_AUTHORITY_POLICY,
};

/** Facts a rule may test, with their type: what `assess` puts in the fact bag. */
export const RULE_FACTS = {
  monthsInBusiness: 'number',
  taxRating: 'string',
  annualSalesYuan: 'number',
  salesTrendBp: 'signed',
  inflowCvBp: 'number',
  debtToSalesBp: 'number',
  loansOutstandingYuan: 'number',
  overdueCount12m: 'number',
  maxOverdueDays24m: 'number',
  inquiries6m: 'number',
  courtEnforcement: 'boolean',
  adminPenalties: 'number',
  abnormalOperation: 'boolean',
  industrySection: 'string',
  industryCode: 'string',
  sizeClass: 'string',
  dataCompleteness: 'number',
  dataAgeDays: 'number',
  insuredHeadcount: 'number',
  amountYuan: 'number',
  amountToSalesBp: 'number',
} as const;
type FactName = keyof typeof RULE_FACTS;
const FACT_NAMES = Object.keys(RULE_FACTS) as [FactName, ...FactName[]];

const NUMERIC_OPERATORS: readonly Operator[] = ['gte', 'lte', 'gt', 'lt'];
const LIST_OPERATORS: readonly Operator[] = ['in', 'notIn', 'startsWithAny'];
const OPERATORS = ['gte', 'lte', 'gt', 'lt', 'eq', 'in', 'notIn', 'startsWithAny'] as const;

const MoneyYuan = z
  .string()
  .regex(/^(0|[1-9]\d{0,14})\.\d{2}$/, 'money must be yuan with two decimals, e.g. "1000000.00"');
const CivilDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');
const Text = z.strictObject({ zh: text({ min: 1, max: 200, trim: true }), en: text({ min: 1, max: 200, trim: true }) });
const Percent = z.number().int('must be a whole percent').min(0, 'must not be negative').max(100, 'at most 100');

/** One admission rule or negative-list entry: a condition over one fact, with its bilingual text. */
export const RuleConditionSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Z][A-Z0-9_]{2,47}$/, 'rule id: capitals, digits and _, e.g. ADM_ANNUAL_SALES'),
    fact: z.enum(FACT_NAMES, { error: () => `fact must be one of: ${FACT_NAMES.join(', ')}` }),
    operator: z.enum(OPERATORS),
    value: z.union([
      z.number().finite(),
      text({ min: 1, max: 40 }),
      z.boolean(),
      z
        .array(text({ min: 1, max: 40 }))
        .min(1, 'a list needs at least one entry')
        .max(200),
    ]),
    text: Text,
  })
  .superRefine((r, ctx) => {
    const kind = RULE_FACTS[r.fact];
    const numeric = kind === 'number' || kind === 'signed';
    if (NUMERIC_OPERATORS.includes(r.operator)) {
      if (!numeric || typeof r.value !== 'number') {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `operator ${r.operator} needs a number threshold on a numeric fact (${r.fact} is ${kind})`,
        });
      } else if (kind === 'number' && r.value < 0) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `threshold must not be negative (got ${r.value})` });
      }
    } else if (LIST_OPERATORS.includes(r.operator)) {
      if (!Array.isArray(r.value) || kind !== 'string') {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `operator ${r.operator} needs a list of codes on a text fact (${r.fact} is ${kind})`,
        });
      }
    } else if (Array.isArray(r.value) || (numeric ? typeof r.value !== 'number' : typeof r.value !== kind)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `eq needs a single ${kind} value for ${r.fact}` });
    } else if (kind === 'number' && typeof r.value === 'number' && r.value < 0) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `threshold must not be negative (got ${r.value})` });
    }
  });

const GradeSchema = z.enum(GRADES);
const GradeList = z.array(GradeSchema).max(GRADES.length);

/** Routing parameters; amounts are yuan strings in the published form. */
export const RoutingDataSchema = z
  .strictObject({
    instantMaxAmount: MoneyYuan,
    instantGrades: GradeList,
    instantMinCompleteness: Percent,
    fastMaxAmount: MoneyYuan,
    fastGrades: GradeList,
    fastMinCompleteness: Percent,
    standardGuarantees: z.array(z.enum(['credit', 'guarantee', 'mortgage', 'pledge'])).max(4),
    committeeMinAmount: MoneyYuan,
    committeeGrades: GradeList,
    committeeExceptions: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, 'exception code, e.g. related_party'))
      .max(20),
  })
  .superRefine((r, ctx) => {
    for (const [path, msg] of routingContradictions(r)) ctx.addIssue({ code: 'custom', path: [path], message: msg });
  });
export type RoutingData = z.infer<typeof RoutingDataSchema>;

/**
 * Routing that cannot terminate in one lane or contradicts itself: the lanes must nest (instant inside
 * fast, fast below the committee), and a grade may not be both a fast-lane grade and a committee grade.
 * Each contradiction names its field and starts with "routing cycle" or "routing contradiction".
 */
export function routingContradictions(r: RoutingData): [string, string][] {
  const out: [string, string][] = [];
  const instantMax = tryParseMoney(r.instantMaxAmount);
  const fastMax = tryParseMoney(r.fastMaxAmount);
  const committeeMin = tryParseMoney(r.committeeMinAmount);
  // A malformed amount is reported by its own field; compare only well-formed ones.
  if (instantMax === null || fastMax === null || committeeMin === null) return out;
  if (!Array.isArray(r.fastGrades) || !Array.isArray(r.committeeGrades) || !Array.isArray(r.instantGrades)) return out;
  if (committeeMin <= 0n)
    out.push(['committeeMinAmount', 'routing contradiction: the committee threshold must be above zero']);
  if (fastMax >= committeeMin) {
    out.push([
      'fastMaxAmount',
      `routing cycle: the fast-lane maximum ${r.fastMaxAmount} is not below the committee minimum ${r.committeeMinAmount} — an amount would belong to both lanes`,
    ]);
  }
  if (instantMax > fastMax) {
    out.push([
      'instantMaxAmount',
      `routing cycle: the instant maximum ${r.instantMaxAmount} is above the fast-lane maximum ${r.fastMaxAmount}`,
    ]);
  }
  const both = r.fastGrades.filter((g) => r.committeeGrades.includes(g));
  if (both.length > 0) {
    out.push([
      'committeeGrades',
      `routing contradiction: grade(s) ${both.join(', ')} are both fast-lane and committee grades`,
    ]);
  }
  const notFast = r.instantGrades.filter((g) => !r.fastGrades.includes(g));
  if (notFast.length > 0) {
    out.push([
      'instantGrades',
      `routing contradiction: instant grade(s) ${notFast.join(', ')} are not fast-lane grades`,
    ]);
  }
  if (r.instantMinCompleteness < r.fastMinCompleteness) {
    out.push([
      'instantMinCompleteness',
      `routing contradiction: the instant lane asks for less data (${r.instantMinCompleteness}%) than the fast lane (${r.fastMinCompleteness}%)`,
    ]);
  }
  return out;
}

const uniqueIds = (rules: { id: string }[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `rule ${r.id} appears twice` });
    seen.add(r.id);
  });
};

/** Pricing-authority parameters (shared/credit/pricing-authority.ts PricingAuthorityPolicy). */
export const PricingAuthorityDataSchema = z
  .strictObject({
    approverDiscountBp: z.number().int('whole basis points').min(0, 'must not be negative').max(1000),
    seniorDiscountBp: z.number().int('whole basis points').min(0, 'must not be negative').max(1000),
  })
  .superRefine((p, ctx) => {
    if (p.seniorDiscountBp < p.approverDiscountBp) {
      ctx.addIssue({
        code: 'custom',
        path: ['seniorDiscountBp'],
        message: `a senior approver's band (${p.seniorDiscountBp} bp) may not be narrower than an approver's (${p.approverDiscountBp} bp)`,
      });
    }
  });

/** The editable body of a rule-set version (everything but its version id). */
export const RuleSetBodySchema = z.strictObject({
  effectiveFrom: CivilDate,
  admission: z.array(RuleConditionSchema).min(1, 'at least one admission rule').max(60).superRefine(uniqueIds),
  negativeList: z.array(RuleConditionSchema).max(60).superRefine(uniqueIds),
  routing: RoutingDataSchema,
  pricingAuthority: PricingAuthorityDataSchema,
});
export type RuleSetBody = z.infer<typeof RuleSetBodySchema>;

export const RuleSetVersionId = z.string().regex(/^RS-[0-9A-Za-z.-]{1,40}$/, 'rule-set version, e.g. RS-2025.12');

/** A rule set as published data. */
export const RuleSetDataSchema = RuleSetBodySchema.extend({ version: RuleSetVersionId });
export type RuleSetData = z.infer<typeof RuleSetDataSchema>;

export interface RuleSetIssue {
  path: string;
  message: string;
}

/**
 * Validates a rule set as data: the schema, plus — when `today` is given — that it does not take
 * effect in the past. Returns the issues; none means it may be published.
 */
export function ruleSetIssues(data: unknown, opts: { today?: string } = {}): RuleSetIssue[] {
  const r = RuleSetDataSchema.safeParse(data);
  const issues: RuleSetIssue[] = r.success
    ? []
    : r.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
      }));
  if (opts.today && r.success && r.data.effectiveFrom < opts.today) {
    issues.push({
      path: 'effectiveFrom',
      message: `effective date ${r.data.effectiveFrom} is in the past (today is ${opts.today})`,
    });
  }
  return issues;
}

const toFen = (s: string): Fen => parseMoney(s);

/** The engine's rule set from validated data (throws a ZodError on invalid data). */
export function parseRuleSet(data: unknown): RuleSet {
  const d = RuleSetDataSchema.parse(data);
  const rules = (xs: RuleSetData['admission']) =>
    xs.map((x) => ({ id: x.id, fact: x.fact, operator: x.operator, value: x.value, text: x.text }));
  return {
    version: d.version,
    effectiveFrom: d.effectiveFrom,
    admission: rules(d.admission),
    negativeList: rules(d.negativeList),
    routing: {
      ...d.routing,
      instantMaxAmount: toFen(d.routing.instantMaxAmount),
      fastMaxAmount: toFen(d.routing.fastMaxAmount),
      committeeMinAmount: toFen(d.routing.committeeMinAmount),
    },
    pricingAuthority: { ...d.pricingAuthority },
  };
}

/** A rule set's published form (JSON-safe: amounts as yuan strings). */
export function ruleSetToData(rs: RuleSet): RuleSetData {
  const rules = (xs: readonly AdmissionRule[]) =>
    xs.map((x) => ({
      id: x.id,
      fact: x.fact as FactName,
      operator: x.operator,
      value: Array.isArray(x.value) ? [...(x.value as readonly string[])] : (x.value as number | string | boolean),
      text: { zh: x.text.zh, en: x.text.en },
    }));
  const p = rs.routing;
  return {
    version: rs.version,
    effectiveFrom: rs.effectiveFrom,
    admission: rules(rs.admission),
    negativeList: rules(rs.negativeList),
    routing: {
      instantMaxAmount: formatMoney(p.instantMaxAmount),
      instantGrades: [...p.instantGrades],
      instantMinCompleteness: p.instantMinCompleteness,
      fastMaxAmount: formatMoney(p.fastMaxAmount),
      fastGrades: [...p.fastGrades],
      fastMinCompleteness: p.fastMinCompleteness,
      standardGuarantees: [...p.standardGuarantees],
      committeeMinAmount: formatMoney(p.committeeMinAmount),
      committeeGrades: [...p.committeeGrades],
      committeeExceptions: [...p.committeeExceptions],
    },
    pricingAuthority: { ...(rs.pricingAuthority ?? PRICING_AUTHORITY_POLICY) },
  };
}
