import { DomainError } from '../errors';
import type { RepaymentMethod } from '../loan/schedule';
import { type Fen, formatMoney, yuan } from '../money/money';
import type { Bilingual, Grade } from './grades';
import { checkPurposeFits, LOAN_TYPE_RULES, type LoanType } from './loan-types';

/**
 * The product catalogue as data (SPEC §4 "Product"). Amounts are fen; spreads are basis points over the
 * LPR of the loan's tenor (≤ 5 years: 1-year LPR, longer: 5-year LPR); a grade with no spread is not
 * offered the product. `floorRateBp`/`capRateBp` bound the final rate.
 */
export type GuaranteeType = 'credit' | 'guarantee' | 'mortgage' | 'pledge';

export interface PricingRule {
  spreadBpByGrade: Readonly<Record<Grade, number | null>>;
  floorRateBp: number;
  capRateBp: number;
}

export interface MaterialItem {
  code: string;
  name: Bilingual;
  /** Obtained by the bank from a data source with the customer's authorisation — nothing to upload. */
  electronic: boolean;
}

export interface Product {
  code: string;
  name: Bilingual;
  guaranteeType: GuaranteeType;
  /** The kind of loan it is contracted as (loan-types.ts): its legal term limit, purposes and contract. */
  loanType: LoanType;
  instantEligible: boolean;
  minAmount: Fen;
  maxAmount: Fen;
  minTermMonths: number;
  maxTermMonths: number;
  repaymentMethods: readonly RepaymentMethod[];
  pricing: PricingRule;
  materials: readonly MaterialItem[];
  /** Pre-approval: share of last-12-month VAT sales that the grade supports, in basis points. */
  salesMultipleBpByGrade: Readonly<Record<Grade, number>>;
}

const m = (code: string, zh: string, en: string, electronic: boolean): MaterialItem => ({
  code,
  name: { zh, en },
  electronic,
});

const LICENCE = m('MAT_LICENCE', '营业执照（电子证照核验）', 'Business licence (verified e-licence)', true);
const LEGAL_REP_ID = m('MAT_LEGAL_REP_ID', '法定代表人身份证', "Legal representative's ID card", true);
const DATA_AUTH = m(
  'MAT_DATA_AUTH',
  '征信及涉税信息查询授权书（线上签署）',
  'Authorisation to query credit bureau and tax data (signed online)',
  true,
);
const STATEMENTS = m('MAT_STATEMENTS', '近一年财务报表', 'Financial statements for the last year', false);
const PURPOSE = m(
  'MAT_PURPOSE',
  '借款用途证明（购销合同或发票）',
  'Proof of loan purpose (sales contract or invoices)',
  false,
);
const ARTICLES = m(
  'MAT_ARTICLES',
  '公司章程及股东会（董事会）决议',
  'Articles of association and shareholder resolution',
  false,
);

export const PRODUCTS: readonly Product[] = [
  {
    code: 'XMD',
    name: { zh: '信秒贷', en: 'Instant Credit Loan' },
    guaranteeType: 'credit',
    loanType: 'working_capital',
    instantEligible: true,
    minAmount: yuan(10_000),
    maxAmount: yuan(1_000_000),
    minTermMonths: 3,
    maxTermMonths: 12,
    repaymentMethods: ['equal_installment', 'interest_first'],
    pricing: { spreadBpByGrade: { A: 45, B: 85, C: 145, D: null, E: null }, floorRateBp: 300, capRateBp: 1000 },
    materials: [LICENCE, LEGAL_REP_ID, DATA_AUTH],
    salesMultipleBpByGrade: { A: 2000, B: 1500, C: 1000, D: 0, E: 0 },
  },
  {
    code: 'SYD',
    name: { zh: '税易贷', en: 'Tax-Data Credit Loan' },
    guaranteeType: 'credit',
    loanType: 'working_capital',
    instantEligible: true,
    minAmount: yuan(50_000),
    maxAmount: yuan(3_000_000),
    minTermMonths: 6,
    maxTermMonths: 36,
    repaymentMethods: ['equal_installment', 'equal_principal', 'interest_first'],
    pricing: { spreadBpByGrade: { A: 40, B: 80, C: 130, D: 200, E: null }, floorRateBp: 300, capRateBp: 1000 },
    materials: [LICENCE, LEGAL_REP_ID, DATA_AUTH],
    salesMultipleBpByGrade: { A: 3000, B: 2500, C: 1800, D: 1000, E: 0 },
  },
  {
    code: 'DYD',
    name: { zh: '抵押经营贷', en: 'Property-Secured Business Loan' },
    guaranteeType: 'mortgage',
    loanType: 'property_secured_operating',
    instantEligible: false,
    minAmount: yuan(100_000),
    maxAmount: yuan(10_000_000),
    minTermMonths: 12,
    maxTermMonths: 120,
    repaymentMethods: ['equal_installment', 'equal_principal', 'interest_first'],
    pricing: { spreadBpByGrade: { A: 10, B: 30, C: 60, D: 110, E: 180 }, floorRateBp: 280, capRateBp: 900 },
    materials: [
      LICENCE,
      LEGAL_REP_ID,
      DATA_AUTH,
      m('MAT_PROPERTY_CERT', '不动产权证书', 'Real estate title certificate', false),
      m('MAT_VALUATION', '抵押物评估报告', 'Collateral valuation report', false),
      m('MAT_MORTGAGOR_CONSENT', '抵押人同意抵押的书面文件', "Mortgagor's written consent", false),
    ],
    salesMultipleBpByGrade: { A: 5000, B: 4000, C: 3000, D: 2000, E: 1000 },
  },
  {
    code: 'LDD',
    name: { zh: '流动资金贷款', en: 'Working-Capital Loan' },
    guaranteeType: 'guarantee',
    loanType: 'working_capital',
    instantEligible: false,
    minAmount: yuan(100_000),
    maxAmount: yuan(5_000_000),
    minTermMonths: 6,
    maxTermMonths: 36,
    repaymentMethods: ['equal_installment', 'equal_principal', 'interest_first'],
    pricing: { spreadBpByGrade: { A: 35, B: 70, C: 120, D: 190, E: 280 }, floorRateBp: 300, capRateBp: 1200 },
    materials: [
      LICENCE,
      LEGAL_REP_ID,
      DATA_AUTH,
      STATEMENTS,
      PURPOSE,
      ARTICLES,
      m('MAT_GUARANTEE', '保证人资料及保证合同', "Guarantor's documents and guarantee agreement", false),
    ],
    salesMultipleBpByGrade: { A: 3500, B: 3000, C: 2500, D: 1500, E: 0 },
  },
];

/**
 * Refuses a catalogue in which a product's term exceeds its loan type's legal maximum (or is not a
 * known loan type), naming the product — run when this module loads, so a misconfigured product never
 * reaches an application or a contract.
 */
export function validateCatalogue(catalogue: readonly Product[]): void {
  for (const p of catalogue) {
    const rule = (LOAN_TYPE_RULES as Record<string, (typeof LOAN_TYPE_RULES)[LoanType] | undefined>)[p.loanType];
    if (!rule) {
      throw new DomainError(
        'product.loan_type_unknown',
        `产品 ${p.code}（${p.name.zh}）的贷款类型 ${String(p.loanType)} 不存在。 Product ${p.code} (${p.name.en}) has an unknown loan type ${String(p.loanType)}.`,
        'loanType',
        { productCode: p.code },
      );
    }
    if (p.maxTermMonths > rule.maxTermMonths) {
      throw new DomainError(
        'product.term_above_legal_maximum',
        `产品 ${p.code}（${p.name.zh}）的最长期限 ${p.maxTermMonths} 个月超过${rule.name.zh}的上限 ${rule.maxTermMonths} 个月（${rule.regulation}）。 ` +
          `Product ${p.code} (${p.name.en}) allows ${p.maxTermMonths} months, above the ${rule.maxTermMonths}-month maximum of a ${rule.name.en}.`,
        'maxTermMonths',
        { productCode: p.code, maxTermMonths: p.maxTermMonths, legalMaximum: rule.maxTermMonths },
      );
    }
  }
}

validateCatalogue(PRODUCTS);

/** Refuses a purpose the product's loan type may not finance (e.g. equipment on a working-capital loan). */
export function checkProductPurpose(p: Product, purpose: string): void {
  checkPurposeFits(p.loanType, purpose, p.code);
}

const BY_CODE = new Map(PRODUCTS.map((p) => [p.code, p]));

export function findProduct(code: string): Product | undefined {
  return BY_CODE.get(code);
}

/** The product, or DomainError `product.unknown` naming productCode. */
export function getProduct(code: unknown, catalogue: readonly Product[] = PRODUCTS): Product {
  const p =
    typeof code === 'string'
      ? catalogue === PRODUCTS
        ? BY_CODE.get(code)
        : catalogue.find((x) => x.code === code)
      : undefined;
  if (!p) throw new DomainError('product.unknown', `No product with code "${String(code)}"`, 'productCode');
  return p;
}

/** Checks an amount, term and method against the product; DomainError naming the field otherwise. */
export function checkProductLimits(p: Product, amount: Fen, termMonths: number, method: string): void {
  if (amount < p.minAmount || amount > p.maxAmount) {
    throw new DomainError(
      'product.amount_out_of_range',
      `amount must be between ${formatMoney(p.minAmount)} and ${formatMoney(p.maxAmount)} for ${p.code}`,
      'amount',
    );
  }
  if (!Number.isInteger(termMonths) || termMonths < p.minTermMonths || termMonths > p.maxTermMonths) {
    throw new DomainError(
      'product.term_out_of_range',
      `termMonths must be between ${p.minTermMonths} and ${p.maxTermMonths} for ${p.code}`,
      'termMonths',
    );
  }
  if (!(p.repaymentMethods as readonly string[]).includes(method)) {
    throw new DomainError(
      'product.repayment_method_not_offered',
      `${p.code} is repaid by ${p.repaymentMethods.join(', ')}`,
      'repaymentMethod',
    );
  }
}

/** A product as GET /api/v1/products lists it (SPEC §5). */
export function productToApi(p: Product) {
  return {
    code: p.code,
    name: p.name.zh,
    nameEn: p.name.en,
    guaranteeType: p.guaranteeType,
    instantEligible: p.instantEligible,
    minAmount: formatMoney(p.minAmount),
    maxAmount: formatMoney(p.maxAmount),
    minTermMonths: p.minTermMonths,
    maxTermMonths: p.maxTermMonths,
    repaymentMethods: [...p.repaymentMethods],
    materials: p.materials.map((x) => ({ code: x.code, name: x.name.zh, nameEn: x.name.en, electronic: x.electronic })),
  };
}
