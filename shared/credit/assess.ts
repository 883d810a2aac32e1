import { parseCivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors';
import { formatMoney, parsePositiveMoney } from '../money/money';
import { type AdmissionResult, evaluateAdmission, type RuleOutcome } from './admission';
import type { FactBag } from './conditions';
import { computeFeatures, type Features } from './features';
import type { Grade } from './grades';
import { evaluateNegativeList, type NegativeListResult } from './negative-list';
import { preapprovalRange } from './preapproval';
import { priceLoan } from './pricing';
import { checkProductLimits, getProduct, type Product } from './products';
import { type EnterpriseProfile, parseEnterpriseProfile } from './profile';
import { type Routing, route } from './routing';
import { DEFAULT_RULE_SET, type RuleSet } from './rule-set';
import { type ScoreResult, score } from './scorecard';

/** What `assess` needs about the application. Money as yuan strings, as on the wire. */
export interface AssessApplication {
  productCode: string;
  amount: string;
  termMonths: number;
  repaymentMethod: string;
  /** The decision date (YYYY-MM-DD). The engine never reads the clock: same input, same result. */
  asOf: string;
  /** Policy exceptions flagged on the case, e.g. 'related_party'. */
  policyExceptions?: readonly string[];
}

export type Decision = 'auto_approve' | 'auto_decline' | 'review';

export type InstantDecision =
  | { outcome: 'approve'; amount: string; annualRate: string; termMonths: number; repaymentMethod: string }
  | { outcome: 'decline'; reasonCodes: string[] }
  | { outcome: 'refer'; tier: Exclude<Routing['tier'], 'instant'> };

export interface PriceSummary {
  lprTenor: '1y' | '5y';
  lpr: string;
  spreadBp: number;
  annualRate: string;
  bounded: 'floor' | 'cap' | null;
}

/** The engine's answer: JSON-safe (strings and numbers only), with every version that produced it. */
export interface Assessment {
  ruleSetVersion: string;
  modelVersion: string;
  asOf: string;
  productCode: string;
  amount: string;
  decision: Decision;
  tier: Routing['tier'];
  routing: Routing;
  instant: InstantDecision;
  admission: AdmissionResult;
  negativeList: NegativeListResult;
  score: Omit<ScoreResult, 'pdScaled'>;
  /** null when the product is not offered to the grade. */
  price: PriceSummary | null;
  preapproval: { eligible: boolean; minAmount: string; maxAmount: string; code: string };
  features: Features;
}

function productGradeOutcome(product: Product, grade: Grade): RuleOutcome {
  const offered = product.pricing.spreadBpByGrade[grade] !== null;
  return {
    id: 'ADM_PRODUCT_GRADE',
    passed: offered,
    fact: 'grade',
    seen: grade,
    threshold: `∈ ${Object.entries(product.pricing.spreadBpByGrade)
      .filter(([, s]) => s !== null)
      .map(([g]) => g)
      .join(',')}`,
    text: { zh: `${product.name.zh}适用的风险评级`, en: `Risk grades ${product.name.en} is offered to` },
  };
}

/**
 * The instant decision from the parts of an assessment: approve at the priced rate when routed to the
 * instant tier, decline with reason codes (failed rules, negative-list hits, then the costliest
 * scorecard factors) when admission failed, otherwise refer to the human tier.
 */
export function decideInstant(parts: {
  routing: Routing;
  admission: AdmissionResult;
  negativeList: NegativeListResult;
  score: Pick<ScoreResult, 'reasonCodes'>;
  price: PriceSummary | null;
  amount: string;
  termMonths: number;
  repaymentMethod: string;
}): InstantDecision {
  const { routing } = parts;
  if (routing.code === 'RT_AUTO_DECLINE') {
    return {
      outcome: 'decline',
      reasonCodes: [
        ...parts.admission.failed,
        ...parts.negativeList.hits,
        ...parts.score.reasonCodes.slice(0, 2).map((r) => r.code),
      ],
    };
  }
  if (routing.tier === 'instant' && parts.price) {
    return {
      outcome: 'approve',
      amount: parts.amount,
      annualRate: parts.price.annualRate,
      termMonths: parts.termMonths,
      repaymentMethod: parts.repaymentMethod,
    };
  }
  return { outcome: 'refer', tier: routing.tier === 'instant' ? 'fast' : routing.tier };
}

/**
 * Admission + negative list + scorecard + pricing + pre-approval + routing in one pure call. `profile`
 * must be a typed profile — one that came through `parseEnterpriseProfile` at the data-source boundary
 * (the sandbox generator and adapters produce those); use `assessUntrusted` for raw input. Throws
 * DomainError for bad application input (unknown product, amount/term/method outside the product,
 * malformed amount or date); a weak applicant is not an error but an `auto_decline`.
 */
export function assess(
  profile: EnterpriseProfile,
  app: AssessApplication,
  ruleSet: RuleSet = DEFAULT_RULE_SET,
): Assessment {
  const asOf = parseCivilDate(app.asOf, 'asOf');
  const product = getProduct(app.productCode);
  const amount = parsePositiveMoney(app.amount, 'amount');
  checkProductLimits(product, amount, app.termMonths, app.repaymentMethod);
  const exceptions = app.policyExceptions ?? [];
  if (!Array.isArray(exceptions) || exceptions.some((e) => typeof e !== 'string')) {
    throw new DomainError(
      'application.policy_exceptions',
      'policyExceptions must be a list of codes',
      'policyExceptions',
    );
  }

  const features = computeFeatures(profile, asOf);
  const amountYuan = Number(amount / 100n);
  const salesFen = BigInt(features.annualSalesYuan) * 100n;
  const facts: FactBag = {
    ...features,
    amountYuan,
    amountToSalesBp: salesFen > 0n ? Number((amount * 10_000n) / salesFen) : 99_999,
  };

  const sc = score(features);
  const admission = evaluateAdmission(ruleSet.admission, facts);
  const gradeRule = productGradeOutcome(product, sc.grade);
  admission.outcomes.push(gradeRule);
  if (!gradeRule.passed) {
    admission.failed.push(gradeRule.id);
    admission.passed = false;
  }
  const negativeList = evaluateNegativeList(ruleSet.negativeList, facts);

  let price: PriceSummary | null = null;
  if (gradeRule.passed) {
    const p = priceLoan(product, sc.grade, app.termMonths, app.asOf);
    price = { lprTenor: p.lprTenor, lpr: p.lpr, spreadBp: p.spreadBp, annualRate: p.annualRate, bounded: p.bounded };
  }
  const pre = preapprovalRange(product, sc.grade, features);
  const routing = route(
    ruleSet.routing,
    {
      amount,
      grade: sc.grade,
      product,
      dataCompleteness: features.dataCompleteness,
      policyExceptions: exceptions,
      admissionPassed: admission.passed && !negativeList.hit,
      preapprovedMax: pre.maxAmount,
    },
    ruleSet.version,
  );
  const amountStr = formatMoney(amount);
  const instant = decideInstant({
    routing,
    admission,
    negativeList,
    score: sc,
    price,
    amount: amountStr,
    termMonths: app.termMonths,
    repaymentMethod: app.repaymentMethod,
  });
  const { pdScaled: _omit, ...scorePublic } = sc;
  return {
    ruleSetVersion: ruleSet.version,
    modelVersion: sc.modelVersion,
    asOf: app.asOf,
    productCode: product.code,
    amount: amountStr,
    decision:
      instant.outcome === 'approve' ? 'auto_approve' : instant.outcome === 'decline' ? 'auto_decline' : 'review',
    tier: routing.tier,
    routing,
    instant,
    admission,
    negativeList,
    score: scorePublic,
    price,
    preapproval: {
      eligible: pre.eligible,
      minAmount: formatMoney(pre.minAmount),
      maxAmount: formatMoney(pre.maxAmount),
      code: pre.code,
    },
    features,
  };
}

/**
 * Pre-approval for a customer before they apply: the expected amount range for a product, with grade and
 * the admission outcome so the customer knows early whether to apply at all.
 */
export function preapprove(
  profile: EnterpriseProfile,
  productCode: string,
  asOf: string,
  ruleSet: RuleSet = DEFAULT_RULE_SET,
) {
  const product = getProduct(productCode);
  const features = computeFeatures(profile, parseCivilDate(asOf, 'asOf'));
  const sc = score(features);
  const facts: FactBag = { ...features, amountYuan: 0, amountToSalesBp: 0 };
  const admission = evaluateAdmission(ruleSet.admission, facts);
  const negativeList = evaluateNegativeList(ruleSet.negativeList, facts);
  const offered = product.pricing.spreadBpByGrade[sc.grade] !== null;
  const range = preapprovalRange(product, sc.grade, features);
  const eligible = range.eligible && offered && admission.passed && !negativeList.hit;
  return {
    productCode: product.code,
    ruleSetVersion: ruleSet.version,
    modelVersion: sc.modelVersion,
    eligible,
    grade: sc.grade,
    minAmount: eligible ? formatMoney(range.minAmount) : null,
    maxAmount: eligible ? formatMoney(range.maxAmount) : null,
    reason: range.reason,
    blockers: [...admission.failed, ...negativeList.hits, ...(offered ? [] : ['ADM_PRODUCT_GRADE'])],
  };
}

/** `assess` for input that has not been validated: parses the profile first (DomainError `profile.invalid`). */
export function assessUntrusted(
  profile: unknown,
  app: AssessApplication,
  ruleSet: RuleSet = DEFAULT_RULE_SET,
): Assessment {
  return assess(parseEnterpriseProfile(profile), app, ruleSet);
}
