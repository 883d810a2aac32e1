/**
 * Every quote request the schema accepts has an answer that fits the response schema, or a specific
 * refusal (a DomainError naming the field) — never a figure the wire cannot carry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../credit/products';
import { DomainError } from '../errors';
import { formatMoney } from '../money/money';
import { QUOTE_MAX_AMOUNT_FEN, QuoteRequestSchema, QuoteResponseSchema, quote } from './quote';
import { MAX_TERM_MONTHS, REPAYMENT_METHODS } from './schedule';

const TODAY = '2026-11-30';
const base = {
  amount: '100000.00',
  termMonths: 12,
  repaymentMethod: 'equal_installment',
  annualRate: '4.35',
  startDate: TODAY,
} as const;

describe('quote bounds', () => {
  it('covers every product: no product lends more than a quote is drawn for', () => {
    for (const p of PRODUCTS) expect(p.maxAmount <= QUOTE_MAX_AMOUNT_FEN, p.code).toBe(true);
  });

  it.each(REPAYMENT_METHODS)(
    'answers the largest amount, longest term and highest rate (%s) within the schema',
    (m) => {
      const q = quote(
        {
          ...base,
          amount: formatMoney(QUOTE_MAX_AMOUNT_FEN),
          termMonths: MAX_TERM_MONTHS,
          repaymentMethod: m,
          annualRate: '36',
          upfrontFee: formatMoney(QUOTE_MAX_AMOUNT_FEN / 10n),
        },
        { today: TODAY },
      );
      expect(QuoteResponseSchema.safeParse(q).success).toBe(true);
    },
  );

  it.each([
    [{ amount: '100000000.01' }, 'quote.amount_out_of_range', 'amount'],
    [{ amount: '999999999999999.99' }, 'quote.amount_out_of_range', 'amount'],
    [{ startDate: '9999-12-01' }, 'quote.start_out_of_range', 'startDate'],
    [{ startDate: '2025-11-29' }, 'quote.start_out_of_range', 'startDate'],
    [{ startDate: '2027-12-01' }, 'quote.start_out_of_range', 'startDate'],
  ])('refuses %o with %s', (patch, code, field) => {
    expect(() => quote({ ...base, ...patch }, { today: TODAY })).toThrow(expect.objectContaining({ code, field }));
  });

  it('takes a start date a full year either side of today', () => {
    expect(quote({ ...base, startDate: '2025-11-30' }, { today: TODAY }).schedule).toHaveLength(12);
    expect(quote({ ...base, startDate: '2027-11-30' }, { today: TODAY }).schedule).toHaveLength(12);
  });

  it('refuses a schedule that would run past the year 9999 even without a today', () => {
    expect(() => quote({ ...base, startDate: '9999-01-31' })).toThrow(
      expect.objectContaining({ code: 'quote.start_out_of_range' }),
    );
  });

  it('answers any schema-valid request within the schema, or refuses it with a DomainError', () => {
    const money = fc.oneof(
      fc.bigInt({ min: 0n, max: 999_999_999_999_999_99n }),
      fc.bigInt({ min: 90_000_000_00n, max: 110_000_000_00n }),
      fc.bigInt({ min: 0n, max: 2_000_000_00n }),
    );
    const rate = fc.oneof(
      fc.integer({ min: 0, max: 999 }).map(String),
      fc
        .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 9_999_999_999 }))
        .map(([a, b]) => `${a}.${b}`),
    );
    const day = fc.integer({ min: -800, max: 800 }).map((d) => {
      const t = new Date(Date.UTC(2026, 10, 30 + d));
      return t.toISOString().slice(0, 10);
    });
    const req = fc.record({
      amount: money.map(formatMoney),
      termMonths: fc.integer({ min: 1, max: MAX_TERM_MONTHS }),
      repaymentMethod: fc.constantFrom(...REPAYMENT_METHODS),
      annualRate: rate,
      upfrontFee: money.map(formatMoney),
      startDate: fc.oneof(day, fc.constantFrom('9999-12-31', '1900-01-01', '9970-06-30')),
    });
    fc.assert(
      fc.property(req, (r) => {
        const parsed = QuoteRequestSchema.safeParse(r);
        if (!parsed.success) return;
        try {
          const q = quote(parsed.data, { today: TODAY });
          expect(QuoteResponseSchema.safeParse(q).success).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 150, seed: 20261130 },
    );
  });
});
