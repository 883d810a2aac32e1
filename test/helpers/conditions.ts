/**
 * Tests that approve cases for other reasons (authority, controls, contracts) send the conditions each
 * case requires (shared/credit/required-conditions.ts) — a guarantee per guarantor the case names, a
 * mortgage of its collateral, 受托支付 above the threshold — on top of their own items.
 */
import type { LoanCondition } from '../../shared/credit/loan-conditions';
import { getProduct } from '../../shared/credit/products';
import { missingConditions, prefilledConditions } from '../../shared/credit/required-conditions';
import { parsePositiveMoney } from '../../shared/money/money';

interface CaseFacts {
  productCode: string;
  amount: string;
  guarantors?: { name: string; uscc?: string }[];
}

/** `payload` (a decision) with the required conditions it lacks put first; other actions unchanged. */
export function withRequiredConditions<P>(detail: CaseFacts, payload: P): P {
  const p = payload as { action?: string; amount?: string; conditions?: LoanCondition[] };
  if (p?.action !== 'approve') return payload;
  const product = getProduct(detail.productCode);
  let amount: bigint;
  try {
    amount = parsePositiveMoney(p.amount ?? detail.amount);
  } catch {
    return payload;
  }
  const input = {
    productCode: product.code,
    guaranteeType: product.guaranteeType,
    amount,
    guarantors: detail.guarantors ?? [],
  };
  const have = p.conditions ?? [];
  const missing = missingConditions(input, have);
  const fill = prefilledConditions(input, '测试用抵押物（厂房）').filter((c) =>
    missing.some((m) => m.type === c.type && (c.type !== 'guarantee_signed' || m.guarantor === c.params.guarantor)),
  );
  return fill.length ? ({ ...p, conditions: [...fill, ...have] } as P) : payload;
}
