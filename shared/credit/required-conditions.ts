/**
 * Which approval conditions (放款条件, shared/credit/loan-conditions.ts) a case must carry, by its product
 * and what the application names — the one rule the bank API enforces on every approval (422
 * `conditions.required_missing` / `conditions.guarantor_missing`) and the decision form pre-fills:
 *
 * - a guaranteed product (保证, LDD): a `guarantee_signed` item for each guarantor the case names; a
 *   guaranteed product with no guarantor at all cannot be approved;
 * - a mortgage product (抵押, DYD): a `mortgage_registration` item naming the collateral;
 * - an approved amount above the product's entrusted-payment threshold (ENTRUSTED_PAYMENT_THRESHOLDS):
 *   an `entrusted_payment` item (受托支付).
 */
import type { Fen } from '../money';
import { LOAN_CONDITION_NAMES, type LoanCondition, type LoanConditionType } from './loan-conditions';
import type { GuaranteeType } from './products';

const yuan = (n: number): Fen => BigInt(n) * 100n;

/**
 * Above which approved amount (exclusive) a product's loan is paid out by 受托支付 — the bank pays the
 * borrower's counterparties directly — rather than 自主支付. 《流动资金贷款管理办法》(国家金融监督管理总局令
 * 2024年第2号) and 《固定资产贷款管理办法》 require entrusted payment where the payee is clear and a single
 * payment is large, and leave the amount to each bank's own rules; the common line for operating loans to
 * small and micro enterprises is one million yuan, which this bank adopts for every product used as
 * working capital (SYD, LDD) and for the property-secured business loan (DYD), whose proceeds also go
 * to suppliers. XMD (instant credit, at most one million yuan) has none: its drawdowns are small and
 * monitored after payment (自主支付 with 贷后资金用途监测). Data, not code: change the table to change the rule.
 */
export const ENTRUSTED_PAYMENT_THRESHOLDS: Readonly<Record<string, Fen | null>> = {
  XMD: null,
  SYD: yuan(1_000_000),
  LDD: yuan(1_000_000),
  DYD: yuan(1_000_000),
};

/**
 * The collateral a mortgage condition names when nobody has typed it: the property of the title
 * certificate (不动产权证书, material MAT_PROPERTY_CERT) in the case's file. The decision form pre-fills it
 * (the approver may name the property instead) and a committee approval uses it.
 */
export const COLLATERAL_ON_FILE = '不动产权证书所载抵押物';

/** A guarantor the case names (the application's 保证人, or one registered on the enterprise's profile). */
export interface CaseGuarantor {
  name: string;
  uscc?: string | undefined;
}

export interface ConditionRuleInput {
  productCode: string;
  guaranteeType: GuaranteeType;
  /** The amount being approved, in fen. */
  amount: Fen;
  guarantors: readonly CaseGuarantor[];
}

/** One required item the conditions lack: its type, the guarantor it is for, and the words for it. */
export interface MissingCondition {
  type: LoanConditionType;
  guarantor?: string;
  zh: string;
  en: string;
}

/**
 * The guarantors a case names, once each by name: those the application offered, then those registered
 * on the enterprise's profile (relations of kind `guarantor`, which the guarantee contract also prints).
 */
export function caseGuarantors(
  offered: readonly CaseGuarantor[] | null | undefined,
  profile: { relations?: readonly { name: string; kind: string; uscc?: string | undefined }[] } | null | undefined,
): CaseGuarantor[] {
  const out: CaseGuarantor[] = [];
  const seen = new Set<string>();
  const add = (g: CaseGuarantor) => {
    const name = g.name.trim();
    if (!name || seen.has(name)) return;
    seen.add(name);
    out.push(g.uscc ? { name, uscc: g.uscc } : { name });
  };
  for (const g of offered ?? []) add(g);
  for (const r of profile?.relations ?? []) if (r.kind === 'guarantor') add({ name: r.name, uscc: r.uscc });
  return out;
}

/** Whether the amount is above the product's entrusted-payment threshold. */
export function needsEntrustedPayment(productCode: string, amount: Fen): boolean {
  const t = ENTRUSTED_PAYMENT_THRESHOLDS[productCode];
  return t !== null && t !== undefined && amount > t;
}

/** A guaranteed product with no guarantor at all: it cannot be approved. */
export const guarantorMissing = (input: ConditionRuleInput) =>
  input.guaranteeType === 'guarantee' && input.guarantors.length === 0;

/** The required items, in the form's order, each as a template (a mortgage's collateral left to the approver). */
export function requiredConditions(input: ConditionRuleInput): MissingCondition[] {
  const out: MissingCondition[] = [];
  if (input.guaranteeType === 'guarantee')
    for (const g of input.guarantors)
      out.push({
        type: 'guarantee_signed',
        guarantor: g.name,
        zh: `${LOAN_CONDITION_NAMES.guarantee_signed.zh}（保证人：${g.name}）`,
        en: `${LOAN_CONDITION_NAMES.guarantee_signed.en} (guarantor: ${g.name})`,
      });
  if (input.guaranteeType === 'mortgage')
    out.push({
      type: 'mortgage_registration',
      zh: `${LOAN_CONDITION_NAMES.mortgage_registration.zh}（须载明抵押物）`,
      en: `${LOAN_CONDITION_NAMES.mortgage_registration.en} (naming the collateral)`,
    });
  if (needsEntrustedPayment(input.productCode, input.amount)) {
    const t = ENTRUSTED_PAYMENT_THRESHOLDS[input.productCode]!;
    const wan = (t / 1_000_000n).toString();
    const yuanText = (t / 100n).toLocaleString('en-US');
    out.push({
      type: 'entrusted_payment',
      zh: `${LOAN_CONDITION_NAMES.entrusted_payment.zh}（金额超过 ${wan} 万元）`,
      en: `${LOAN_CONDITION_NAMES.entrusted_payment.en} (amount above ${yuanText} yuan)`,
    });
  }
  return out;
}

const satisfies = (req: MissingCondition, c: LoanCondition) =>
  c.type === req.type &&
  (req.type !== 'guarantee_signed' || (c.type === 'guarantee_signed' && c.params.guarantor.trim() === req.guarantor));

/** The required items `conditions` lacks ([] when every one is there). */
export function missingConditions(input: ConditionRuleInput, conditions: readonly LoanCondition[]): MissingCondition[] {
  return requiredConditions(input).filter((req) => !conditions.some((c) => satisfies(req, c)));
}

/**
 * Whether item `index` is the only one meeting a requirement (the form marks it required and offers no
 * remove button: the API would refuse the approval without it).
 */
export function isRequiredItem(
  input: ConditionRuleInput,
  conditions: readonly LoanCondition[],
  index: number,
): boolean {
  const without = conditions.filter((_, i) => i !== index);
  return missingConditions(input, without).length > missingConditions(input, conditions).length;
}

/**
 * The required items as conditions to pre-fill: a guarantee per guarantor, 受托支付 without a payee yet;
 * the mortgage's collateral is `collateral` (empty when the approver must name it).
 */
export function prefilledConditions(input: ConditionRuleInput, collateral = ''): LoanCondition[] {
  return requiredConditions(input).map((r): LoanCondition => {
    switch (r.type) {
      case 'guarantee_signed':
        return { type: 'guarantee_signed', params: { guarantor: r.guarantor! } };
      case 'mortgage_registration':
        return { type: 'mortgage_registration', params: { collateral } };
      default:
        return { type: 'entrusted_payment', params: {} };
    }
  });
}
