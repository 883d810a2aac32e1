import { describe, expect, it } from 'vitest';
import { QuoteRequestSchema, QuoteResponseSchema, quote } from './quote';

describe('quote', () => {
  it('returns the schedule, total interest and APRs in API formats', () => {
    const q = quote({
      amount: '100000.00',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      annualRate: '4.35',
      upfrontFee: '1000.00',
      startDate: '2025-01-31',
    });
    expect(QuoteResponseSchema.parse(q)).toEqual(q);
    expect(q.schedule[0]).toEqual({
      period: 1,
      dueDate: '2025-02-28',
      principal: '8168.49',
      interest: '362.50',
      payment: '8530.99',
      balance: '91831.51',
    });
    expect(q.totalInterest).toBe('2371.90');
    expect(q.aprNominal).toBe('6.2288');
    expect(q.aprEffective).toBe('6.4097');
  });
  it('discloses the nominal rate as APR when there is no fee', () => {
    const q = quote({
      amount: '1000000.00',
      termMonths: 360,
      repaymentMethod: 'equal_installment',
      annualRate: '4.9',
      startDate: '2025-06-30',
    });
    expect(q.schedule[0]!.payment).toBe('5307.27');
    expect(q.aprNominal).toBe('4.9000');
    expect(q.aprEffective).toBe('5.0116');
  });
  it.each([
    [{ amount: '0.00' }, 'money.not_positive', 'amount'],
    [{ amount: '-5.00' }, 'money.malformed', 'amount'],
    [{ termMonths: 0 }, 'loan.term_out_of_range', 'termMonths'],
    [{ annualRate: '40' }, 'rate.out_of_range', 'annualRate'],
    [{ annualRate: 'abc' }, 'rate.malformed', 'annualRate'],
    [{ startDate: '2025-02-29' }, 'date.impossible', 'startDate'],
    [{ upfrontFee: '100000.00' }, 'quote.fee_too_large', 'upfrontFee'],
    [{ repaymentMethod: 'bullet' }, 'loan.repayment_method_unknown', 'repaymentMethod'],
  ])('refuses %o with %s', (patch, code, field) => {
    const req = {
      amount: '100000.00',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      annualRate: '4.35',
      startDate: '2025-01-31',
      ...patch,
    };
    expect(() => quote(req)).toThrow(expect.objectContaining({ code, field }));
  });
  it('has a request schema the API can reuse', () => {
    expect(
      QuoteRequestSchema.parse({
        amount: '500000.00',
        termMonths: 36,
        repaymentMethod: 'equal_principal',
        annualRate: '3.85',
        startDate: '2026-03-01',
      }).upfrontFee,
    ).toBe('0.00');
    expect(
      QuoteRequestSchema.safeParse({
        amount: 500000,
        termMonths: 36,
        repaymentMethod: 'x',
        annualRate: '3.85',
        startDate: '2026-03-01',
      }).success,
    ).toBe(false);
  });
});
