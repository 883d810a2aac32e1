import { DomainError } from '../errors';

/**
 * The kinds of loan the bank contracts under, each with its own regulation, legal term limit, the
 * purposes it may and may not finance, and its own loan contract template (shared/contracts). A product
 * (products.ts) names its loan type; the catalogue is checked against these limits when it loads.
 */
export const LOAN_TYPES = ['working_capital', 'fixed_asset', 'property_secured_operating'] as const;
export type LoanType = (typeof LOAN_TYPES)[number];

export interface LoanTypeRule {
  name: { zh: string; en: string };
  /** The rule the limits come from, as a reviewer would look it up. */
  regulation: string;
  /** The term the rule allows in principle (longer only with the reason recorded), in months. */
  principleTermMonths: number;
  /** The most the rule (or, where the rule sets none, the bank's credit policy) allows, in months. */
  maxTermMonths: number;
  /** The loan contract template this type is contracted under (template id in shared/contracts). */
  templateId: string;
  /**
   * Single payments above this many yuan go by 受托支付 (the bank pays the counterparty), below by
   * 自主支付 — unless the approval requires 受托支付 for the whole loan.
   */
  entrustedPaymentThresholdYuan: string;
  /** Purposes this type may not finance: [what the purpose text matches, why in Chinese]. */
  forbiddenPurposes: readonly (readonly [RegExp, string])[];
}

/** Never financed by any loan (监管禁止性用途). */
const PROHIBITED: readonly (readonly [RegExp, string])[] = [
  [/房地产开发|项目开发建设|土地储备|购买住房|购房/, '房地产开发或购房'],
  [/证券|期货|股票|理财产品|炒股/, '证券、期货或理财投资'],
  [/股权投资|收购股权/, '股权投资'],
];

/** Purposes that are fixed-asset investment (固定资产投资), by the words a purpose uses. */
export const FIXED_ASSET_PURPOSE =
  /购置|购建|扩建|新建|改建|技术改造|技改|固定资产|厂房建设|装修改造|设备购买|购买设备/;

export const LOAN_TYPE_RULES: Readonly<Record<LoanType, LoanTypeRule>> = Object.freeze({
  working_capital: {
    name: { zh: '流动资金贷款', en: 'working-capital loan' },
    regulation: '《流动资金贷款管理办法》（国家金融监督管理总局令2024年第2号）',
    principleTermMonths: 36,
    maxTermMonths: 60,
    templateId: 'loan.working-capital',
    entrustedPaymentThresholdYuan: '1000000.00',
    forbiddenPurposes: [[FIXED_ASSET_PURPOSE, '固定资产投资'], ...PROHIBITED],
  },
  fixed_asset: {
    name: { zh: '固定资产贷款', en: 'fixed-asset loan' },
    regulation: '《固定资产贷款管理办法》（国家金融监督管理总局令2024年第1号）；期限上限为本行信贷政策',
    principleTermMonths: 120,
    maxTermMonths: 180,
    templateId: 'loan.fixed-asset',
    entrustedPaymentThresholdYuan: '5000000.00',
    forbiddenPurposes: PROHIBITED,
  },
  property_secured_operating: {
    name: { zh: '经营性物业抵押贷款', en: 'property-secured operating loan' },
    regulation: '《关于加强商业性房地产信贷管理的补充通知》（银发〔2007〕452号）',
    principleTermMonths: 120,
    maxTermMonths: 120,
    templateId: 'loan.property-secured',
    entrustedPaymentThresholdYuan: '1000000.00',
    forbiddenPurposes: PROHIBITED,
  },
});

/** Why `purpose` does not fit the loan type (Chinese), or null when it fits. */
export function purposeProblem(type: LoanType, purpose: string): string | null {
  for (const [re, why] of LOAN_TYPE_RULES[type].forbiddenPurposes) {
    if (re.test(purpose)) return why;
  }
  return null;
}

/** Refuses a purpose the loan type may not finance, naming the purpose and the type (field `purpose`). */
export function checkPurposeFits(type: LoanType, purpose: string, productCode: string): void {
  const why = purposeProblem(type, purpose);
  if (!why) return;
  const rule = LOAN_TYPE_RULES[type];
  throw new DomainError(
    'product.purpose_not_allowed',
    `借款用途“${purpose}”属于${why}，${productCode}（${rule.name.zh}）不得用于此用途。 ` +
      `The purpose "${purpose}" is ${why}, which a ${rule.name.en} (${productCode}) may not finance.`,
    'purpose',
    { productCode, loanType: type, reason: why },
  );
}

/** What the sandbox writes when a generated purpose does not fit the product's loan type. */
export const WORKING_CAPITAL_PURPOSE = '补充日常经营流动资金';

/** `purpose` when the loan type may finance it, else the plain working-capital purpose (sandbox data). */
export function fittingPurpose(type: LoanType, purpose: string): string {
  return purposeProblem(type, purpose) ? WORKING_CAPITAL_PURPOSE : purpose;
}
