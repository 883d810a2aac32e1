import { type Fen, formatMoney, maxFen, minFen, mulBasisPoints } from '../money/money';
import type { Features } from './features';
import type { Bilingual, Grade } from './grades';
import type { Product } from './products';

/**
 * Pre-approval (预审批): the amount range a customer can expect before applying. Capacity is a share of the
 * last 12 months' VAT sales that depends on the grade (the product's `salesMultipleBpByGrade`), less 30 %
 * of the debt already outstanding elsewhere; the top of the range is capped by the product and rounded
 * down to whole 万元, the bottom is 60 % of the top (never below the product minimum).
 */
export const EXISTING_DEBT_DEDUCTION_BP = 3_000;
export const RANGE_FLOOR_BP = 6_000;
const WAN_FEN = 1_000_000n;

export interface Preapproval {
  eligible: boolean;
  minAmount: Fen;
  maxAmount: Fen;
  code: 'PA_RANGE' | 'PA_BELOW_PRODUCT_MIN';
  reason: Bilingual;
}

const floorWan = (fen: Fen): Fen => (fen <= 0n ? 0n : (fen / WAN_FEN) * WAN_FEN);

export function preapprovalRange(product: Product, grade: Grade, features: Features): Preapproval {
  const sales = BigInt(features.annualSalesYuan) * 100n;
  const debt = BigInt(features.loansOutstandingYuan) * 100n;
  const capacity =
    mulBasisPoints(sales, product.salesMultipleBpByGrade[grade]) - mulBasisPoints(debt, EXISTING_DEBT_DEDUCTION_BP);
  const max = floorWan(minFen(capacity, product.maxAmount));
  if (max < product.minAmount) {
    return {
      eligible: false,
      minAmount: 0n,
      maxAmount: 0n,
      code: 'PA_BELOW_PRODUCT_MIN',
      reason: {
        zh: `按当前经营数据测算的额度低于产品起点金额 ${formatMoney(product.minAmount)} 元`,
        en: `The amount the current figures support is below the product minimum of ${formatMoney(product.minAmount)} yuan`,
      },
    };
  }
  const low = floorWan(mulBasisPoints(max, RANGE_FLOOR_BP));
  const min = maxFen(low, product.minAmount);
  return {
    eligible: true,
    minAmount: min,
    maxAmount: max,
    code: 'PA_RANGE',
    reason: {
      zh: `预计可贷 ${formatMoney(min)} 至 ${formatMoney(max)} 元（评级 ${grade}）`,
      en: `Expected amount ${formatMoney(min)} to ${formatMoney(max)} yuan (grade ${grade})`,
    },
  };
}
