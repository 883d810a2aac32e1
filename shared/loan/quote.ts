import { z } from 'zod';
import { addMonthsClamped, type CivilDate, parseCivilDate, toDayNumber } from '../calendar/civil-date';
import { DomainError } from '../errors';
import {
  type Fen,
  formatMoney,
  MAX_ANNUAL_RATE_PERCENT,
  parseMoney,
  parsePositiveMoney,
  parseRatePercent,
} from '../money/money';
import { apr } from './irr';
import { buildSchedule, MAX_TERM_MONTHS, MIN_TERM_MONTHS, REPAYMENT_METHODS } from './schedule';

/** Money on the wire: yuan, two decimals. */
export const MoneyString = z.string().regex(/^(0|[1-9]\d{0,14})\.\d{2}$/, 'money must be yuan with two decimals');
/** Annual rate on the wire: percent decimal string ("3.85"). */
export const PercentString = z.string().regex(/^(0|[1-9]\d{0,2})(\.\d{1,10})?$/, 'rate must be a percent, e.g. "3.85"');
export const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');
export const RepaymentMethodSchema = z.enum(REPAYMENT_METHODS);

/**
 * Largest amount a quote is drawn for: 100,000,000.00 yuan (1亿), above every product's ceiling
 * (shared/credit/products.ts, 10,000,000.00 at most). With the term and rate caps it keeps every total
 * far inside the money format, so a request the schema accepts always has an answer that fits it.
 */
export const QUOTE_MAX_AMOUNT_FEN: Fen = 10_000_000_000n;
/** A quote's start date lies within this many months of today, either way (a loan's disbursement date). */
export const QUOTE_START_WINDOW_MONTHS = 12;
/** The latest due date a schedule may reach: the wire's four-digit years. */
const LAST_DUE_YEAR = 9999;

/** POST /api/v1/quotes request (SPEC §5 "Quote"). */
export const QuoteRequestSchema = z.strictObject({
  amount: MoneyString,
  termMonths: z.number().int().min(MIN_TERM_MONTHS).max(MAX_TERM_MONTHS),
  repaymentMethod: RepaymentMethodSchema,
  annualRate: PercentString,
  upfrontFee: MoneyString.default('0.00'),
  startDate: DateString,
});
export type QuoteRequest = z.input<typeof QuoteRequestSchema>;

export const InstalmentSchema = z.object({
  period: z.number().int(),
  dueDate: DateString,
  principal: MoneyString,
  interest: MoneyString,
  payment: MoneyString,
  balance: MoneyString,
});

/** POST /api/v1/quotes response. */
export const QuoteResponseSchema = z.object({
  schedule: z.array(InstalmentSchema),
  totalInterest: MoneyString,
  totalPayment: MoneyString,
  aprNominal: z.string().regex(/^\d+\.\d{4}$/),
  aprEffective: z.string().regex(/^\d+\.\d{4}$/),
});
export type QuoteResponse = z.infer<typeof QuoteResponseSchema>;

/** Refuses a start date outside today ± the window, or whose schedule would run past year 9999. */
function checkStartDate(start: CivilDate, termMonths: number, today: string | undefined): void {
  if (today !== undefined) {
    const t = parseCivilDate(today, 'today');
    const earliest = addMonthsClamped(t, -QUOTE_START_WINDOW_MONTHS);
    const latest = addMonthsClamped(t, QUOTE_START_WINDOW_MONTHS);
    if (toDayNumber(start) < toDayNumber(earliest) || toDayNumber(start) > toDayNumber(latest)) {
      throw new DomainError(
        'quote.start_out_of_range',
        `startDate must lie within ${QUOTE_START_WINDOW_MONTHS} months of today (${today})`,
        'startDate',
      );
    }
  }
  if (Number.isInteger(termMonths) && addMonthsClamped(start, termMonths).year > LAST_DUE_YEAR) {
    throw new DomainError('quote.start_out_of_range', 'startDate is too far in the future', 'startDate');
  }
}

/**
 * A repayment quote in API formats. Validates every field itself (DomainError naming the field), so it
 * is safe to call with unparsed input; the schemas above are for OpenAPI and the client. With `today`
 * (Beijing date), the start date must also lie within QUOTE_START_WINDOW_MONTHS of it.
 */
export function quote(
  req: {
    amount: string;
    termMonths: number;
    repaymentMethod: string;
    annualRate: string;
    upfrontFee?: string;
    startDate: string;
  },
  opts: { today?: string } = {},
): QuoteResponse {
  const principal = parsePositiveMoney(req.amount, 'amount');
  if (principal > QUOTE_MAX_AMOUNT_FEN) {
    throw new DomainError(
      'quote.amount_out_of_range',
      `amount must be at most ${formatMoney(QUOTE_MAX_AMOUNT_FEN)} yuan`,
      'amount',
    );
  }
  const fee = parseMoney(req.upfrontFee ?? '0.00', 'upfrontFee');
  if (fee >= principal) {
    throw new DomainError('quote.fee_too_large', 'upfrontFee must be less than the amount', 'upfrontFee');
  }
  const annualRate = parseRatePercent(req.annualRate, 'annualRate', { maxPercent: MAX_ANNUAL_RATE_PERCENT });
  if (!(REPAYMENT_METHODS as readonly string[]).includes(req.repaymentMethod)) {
    throw new DomainError(
      'loan.repayment_method_unknown',
      `repaymentMethod must be one of ${REPAYMENT_METHODS.join(', ')}`,
      'repaymentMethod',
    );
  }
  const startDate = parseCivilDate(req.startDate, 'startDate');
  checkStartDate(startDate, req.termMonths, opts.today);
  const schedule = buildSchedule({
    principal,
    termMonths: req.termMonths,
    annualRate,
    method: req.repaymentMethod as (typeof REPAYMENT_METHODS)[number],
    startDate,
  });
  let totalInterest = 0n;
  let totalPayment = 0n;
  const payments = schedule.map((p) => {
    totalInterest += p.interest;
    totalPayment += p.payment;
    return p.payment;
  });
  const { aprNominal, aprEffective } = apr(principal, fee, payments);
  return {
    schedule: schedule.map((p) => ({
      period: p.period,
      dueDate: p.dueDate,
      principal: formatMoney(p.principal),
      interest: formatMoney(p.interest),
      payment: formatMoney(p.payment),
      balance: formatMoney(p.balance),
    })),
    totalInterest: formatMoney(totalInterest),
    totalPayment: formatMoney(totalPayment),
    aprNominal,
    aprEffective,
  };
}
