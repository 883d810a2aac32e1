import { describe, expect, it } from 'vitest';
import { type LoanCondition, withCheckDigit } from '../../../shared/credit/loan-conditions';
import {
  accountError,
  amountOf,
  draftErrors,
  draftFrom,
  emptyDraft,
  normaliseAccount,
  payeeSum,
  readiness,
  toEvidence,
} from './evidence-form';

const good = withCheckDigit('62220210012345678');
/** The same number with its last digit changed: the check digit fails. */
const bad = `${good.slice(0, -1)}${(Number(good.slice(-1)) + 1) % 10}`;

const entrusted: LoanCondition = { type: 'entrusted_payment', params: { payeeName: '上海某某钢材有限公司' } };
const mortgage: LoanCondition = { type: 'mortgage_registration', params: { collateral: '浦东新区XX路1号厂房' } };
const guarantee: LoanCondition = { type: 'guarantee_signed', params: { guarantor: '张三' } };
const account: LoanCondition = { type: 'settlement_account', params: {} };

describe('account numbers as typed', () => {
  it('checks the check digit once the number is complete', () => {
    expect(accountError('')).toBe('required');
    expect(accountError('6222')).toBe('accountFormat');
    expect(accountError('6222 0210 01a3')).toBe('accountFormat');
    expect(accountError(good)).toBeNull();
    expect(accountError(bad)).toBe('accountCheckDigit');
  });
  it('reads groups of four with spaces or hyphens as the same number', () => {
    const grouped = good.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(grouped).toContain(' ');
    expect(normaliseAccount(grouped)).toBe(good);
    expect(accountError(grouped)).toBeNull();
    expect(accountError(good.replace(/(\d{4})(?=\d)/g, '$1-'))).toBeNull();
  });
});

describe('amounts as typed', () => {
  it('reads separators and refuses what is not money', () => {
    expect(amountOf('1,200,000')).toEqual({ fen: 120_000_000n });
    expect(amountOf('1 200 000.50')).toEqual({ fen: 120_000_050n });
    expect(amountOf('300000.005')).toEqual({ error: 'amountFormat' });
    expect(amountOf('-5')).toEqual({ error: 'amountFormat' });
    expect(amountOf('0')).toEqual({ error: 'amountPositive' });
    expect(amountOf(' ')).toEqual({ error: 'required' });
  });
});

describe('the payees against the loan', () => {
  const payee = (amount: string) => ({ name: 'A', account: good, bank: '工商银行', amount });
  it('sums exactly, live, and says what is left', () => {
    expect(payeeSum([payee('300,000'), payee('200000.00')], '500000.00')).toEqual({
      sum: '500000.00',
      loan: '500000.00',
      remaining: '0.00',
      state: 'exact',
    });
    expect(payeeSum([payee('0.10'), payee('0.20')], '0.30').state).toBe('exact');
    expect(payeeSum([payee('300000'), payee('')], '500000.00')).toMatchObject({
      remaining: '200000.00',
      state: 'under',
    });
    expect(payeeSum([payee('300000'), payee('200000.01')], '500000.00')).toMatchObject({
      remaining: '-0.01',
      state: 'over',
    });
  });
});

describe('a draft for each condition', () => {
  it('names each field at fault (payees)', () => {
    const d = emptyDraft();
    d.payees = [
      { name: '', account: bad, bank: '工商银行', amount: 'abc' },
      { name: 'B', account: good, bank: '', amount: '1' },
    ];
    expect(draftErrors(entrusted, d)).toEqual({
      'payees.0.name': 'required',
      'payees.0.account': 'accountCheckDigit',
      'payees.0.amount': 'amountFormat',
      'payees.1.bank': 'required',
    });
    expect(toEvidence(entrusted, d)).toBeNull();
  });

  it('is ready only when the payees sum to the loan and the named payee is among them', () => {
    const d = emptyDraft();
    d.payees = [
      { name: '上海某某钢材有限公司', account: good, bank: '工商银行', amount: '300,000' },
      { name: '其他供应商', account: good, bank: '建设银行', amount: '100000' },
    ];
    const short = readiness(entrusted, d, '500000.00');
    expect(short.fields).toEqual({});
    expect(short.evidence).toBeNull();
    expect(short.problems.map((p) => p.code)).toEqual(['evidence.payees_sum']);

    d.payees[1]!.amount = '200000';
    const ok = readiness(entrusted, d, '500000.00');
    expect(ok.problems).toEqual([]);
    expect(ok.evidence).toEqual({
      kind: 'payees',
      payees: [
        { name: '上海某某钢材有限公司', account: good, bank: '工商银行', amount: '300000.00' },
        { name: '其他供应商', account: good, bank: '建设银行', amount: '200000.00' },
      ],
    });

    d.payees[0]!.name = '别的公司';
    expect(readiness(entrusted, d, '500000.00').problems).toMatchObject([
      { code: 'evidence.payee_name', facts: { named: '上海某某钢材有限公司' } },
    ]);
  });

  it('takes a registration certificate of 6 to 60 characters', () => {
    const d = emptyDraft();
    expect(draftErrors(mortgage, d)).toEqual({ certificateNo: 'required' });
    d.certificateNo = '沪2026';
    expect(draftErrors(mortgage, d)).toEqual({ certificateNo: 'certificateLength' });
    d.certificateNo = ' 沪(2026)浦字不动产证明第0012345号 ';
    expect(readiness(mortgage, d, '1.00').evidence).toEqual({
      kind: 'registration',
      certificateNo: '沪(2026)浦字不动产证明第0012345号',
    });
  });

  it('takes a document reference or a document on file, with an optional note', () => {
    const d = emptyDraft();
    expect(draftErrors(guarantee, d)).toEqual({ reference: 'documentOrReference' });
    d.reference = 'BZ-2026-0001';
    d.note = '保证人已面签';
    expect(readiness(guarantee, d, '1.00').evidence).toEqual({
      kind: 'document',
      reference: 'BZ-2026-0001',
      note: '保证人已面签',
    });
    const other: LoanCondition = { type: 'other', params: {}, text: '提供完税证明' };
    const e = emptyDraft();
    e.documentId = '42';
    expect(readiness(other, e, '1.00').evidence).toEqual({ kind: 'document', documentId: '42' });
  });

  it('takes a settlement account whose check digit holds', () => {
    const d = emptyDraft();
    d.account = bad;
    expect(draftErrors(account, d)).toEqual({ account: 'accountCheckDigit' });
    d.account = good;
    expect(readiness(account, d, '1.00').evidence).toEqual({ kind: 'account', account: good });
  });

  it('reads recorded evidence back into the form', () => {
    const ev = { kind: 'payees' as const, payees: [{ name: 'A', account: good, bank: 'B', amount: '1.00' }] };
    const d = draftFrom(ev);
    expect(toEvidence(entrusted, d)).toEqual(ev);
    expect(draftFrom({ kind: 'account', account: good }).account).toBe(good);
    expect(draftFrom(null)).toEqual(emptyDraft());
  });
});
