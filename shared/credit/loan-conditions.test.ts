import { describe, expect, it } from 'vitest';
import { yuan } from '../money';
import {
  accountCheckDigitOk,
  checkEvidence,
  describeLoanCondition,
  fromStored,
  LoanConditionSchema,
  withCheckDigit,
} from './loan-conditions';

describe('approval conditions as data', () => {
  it('reads a legacy string as an `other` item and describes each type in Chinese', () => {
    expect(fromStored('落实应收账款质押')).toEqual({ type: 'other', params: {}, text: '落实应收账款质押' });
    expect(
      describeLoanCondition(
        LoanConditionSchema.parse({ type: 'guarantee_signed', params: { guarantor: '上海某担保公司' } }),
      ),
    ).toBe('保证合同签署（保证人：上海某担保公司）');
    expect(describeLoanCondition(LoanConditionSchema.parse({ type: 'entrusted_payment' }))).toBe('受托支付');
  });

  it('refuses an `other` item without words and a mortgage without its collateral', () => {
    expect(LoanConditionSchema.safeParse({ type: 'other', text: '  ' }).success).toBe(false);
    expect(LoanConditionSchema.safeParse({ type: 'mortgage_registration', params: {} }).success).toBe(false);
  });

  it('account check digits: Luhn over the digits', () => {
    const acct = withCheckDigit('62220210010012345');
    expect(accountCheckDigitOk(acct)).toBe(true);
    const wrong = acct.slice(0, -1) + String((Number(acct.at(-1)) + 1) % 10);
    expect(accountCheckDigitOk(wrong)).toBe(false);
    expect(accountCheckDigitOk('12345')).toBe(false);
  });

  it('payees must sum to the loan, pass their check digits and include the named payee', () => {
    const c = LoanConditionSchema.parse({ type: 'entrusted_payment', params: { payeeName: '甲供应商' } });
    const good = withCheckDigit('622202100100111');
    const ok = checkEvidence(
      c,
      {
        kind: 'payees',
        payees: [
          { name: '甲供应商', account: good, bank: '本行浦东支行', amount: '300000.00' },
          { name: '乙供应商', account: good, bank: '本行浦东支行', amount: '200000.00' },
        ],
      },
      yuan(500_000),
    );
    expect(ok).toEqual([]);
    const bad = checkEvidence(
      c,
      {
        kind: 'payees',
        payees: [
          {
            name: '丙',
            account: `${good.slice(0, -1)}${(Number(good.at(-1)) + 5) % 10}`,
            bank: '他行',
            amount: '1.00',
          },
        ],
      },
      yuan(500_000),
    );
    expect(bad.map((p) => p.code).sort()).toEqual([
      'evidence.account_check_digit',
      'evidence.payee_name',
      'evidence.payees_sum',
    ]);
  });

  it('evidence of the wrong kind, and a document condition without a document or reference', () => {
    const g = LoanConditionSchema.parse({ type: 'guarantee_signed', params: { guarantor: 'X' } });
    expect(checkEvidence(g, { kind: 'account', account: `${withCheckDigit('62220210010')}00` }, yuan(1))[0]?.code).toBe(
      'evidence.wrong_kind',
    );
    expect(checkEvidence(g, { kind: 'document' }, yuan(1))[0]?.code).toBe('evidence.document_missing');
    expect(checkEvidence(g, { kind: 'document', reference: 'BZ-2026-001' }, yuan(1))).toEqual([]);
  });
});
