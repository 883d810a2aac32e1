/** An approval condition in words, in the user's language (history, confirmation): never a raw code. */
import type { TFunction } from 'i18next';
import { fromStored, type LoanCondition } from '../../../shared/credit/loan-conditions';

export function conditionWords(c: LoanCondition, t: TFunction): string {
  let line: string;
  switch (c.type) {
    case 'entrusted_payment':
      line = c.params.payeeName
        ? t('conditions.words.entrusted_paymentPayee', { payee: c.params.payeeName })
        : t('conditions.words.entrusted_payment');
      break;
    case 'mortgage_registration':
      line = t('conditions.words.mortgage_registration', { collateral: c.params.collateral });
      break;
    case 'guarantee_signed':
      line = t('conditions.words.guarantee_signed', { guarantor: c.params.guarantor });
      break;
    case 'settlement_account':
      line = t('conditions.words.settlement_account');
      break;
    case 'other':
      return c.text;
  }
  return c.text ? t('conditions.words.withNote', { line, note: c.text }) : line;
}

/** A stored condition (an item, or a string written before conditions were data) in words. */
export function storedConditionWords(v: unknown, t: TFunction): string {
  try {
    return conditionWords(fromStored(v), t);
  } catch {
    return typeof v === 'string' ? v : '';
  }
}
