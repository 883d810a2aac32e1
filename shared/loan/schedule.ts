import { addMonthsClamped, type CivilDate, formatCivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors';
import { divRoundHalfUp, type Fen, RATE_SCALE, type Rate } from '../money/money';

/**
 * Repayment schedules. Interest for a period is balance × (annual rate / 12), rounded half-up to the fen
 * (SPEC §5: the monthly rate is the annual rate / 12, regardless of the days in the month). The last
 * period takes whatever rounding is left, so principal always sums exactly to the loan.
 */
export const REPAYMENT_METHODS = ['equal_installment', 'equal_principal', 'interest_first'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

export const MIN_TERM_MONTHS = 1;
export const MAX_TERM_MONTHS = 360;
/**
 * Smallest loan a schedule is drawn for: 1,000 yuan. It keeps every period's principal at least a few
 * yuan, so half-up rounding of per-period amounts can never drive a balance below zero.
 */
export const MIN_SCHEDULE_FEN = 100_000n;

export interface ScheduleInput {
  principal: Fen;
  termMonths: number;
  annualRate: Rate;
  method: RepaymentMethod;
  startDate: CivilDate;
  /** Day of month instalments fall due; defaults to the start date's day. */
  contractDay?: number;
}

export interface Instalment {
  period: number;
  dueDate: string;
  principal: Fen;
  interest: Fen;
  payment: Fen;
  balance: Fen;
}

/** annual / 12 applied to a balance, rounded half-up to the fen. */
export function monthlyInterest(balance: Fen, annualRate: Rate): Fen {
  return divRoundHalfUp(balance * annualRate, 12n * RATE_SCALE);
}

/**
 * The level 等额本息 payment P·r·(1+r)^n / ((1+r)^n − 1) with r = R / (12·S), evaluated as one exact
 * rational P·R·A^n / (12S·(A^n − B^n)) with A = 12S + R, B = 12S, then rounded half-up once.
 */
export function equalInstallmentPayment(principal: Fen, termMonths: number, annualRate: Rate): Fen {
  if (annualRate === 0n) return divRoundHalfUp(principal, BigInt(termMonths));
  const b = 12n * RATE_SCALE;
  const a = b + annualRate;
  const n = BigInt(termMonths);
  const an = a ** n;
  const bn = b ** n;
  return divRoundHalfUp(principal * annualRate * an, b * (an - bn));
}

export function validateScheduleInput(input: ScheduleInput): void {
  const { principal, termMonths, annualRate, method } = input;
  if (typeof principal !== 'bigint' || principal <= 0n) {
    throw new DomainError('money.not_positive', 'amount must be greater than zero', 'amount');
  }
  if (principal < MIN_SCHEDULE_FEN) {
    throw new DomainError('loan.amount_too_small', 'amount must be at least 1000.00 yuan', 'amount');
  }
  if (!Number.isInteger(termMonths) || termMonths < MIN_TERM_MONTHS || termMonths > MAX_TERM_MONTHS) {
    throw new DomainError(
      'loan.term_out_of_range',
      `termMonths must be a whole number from ${MIN_TERM_MONTHS} to ${MAX_TERM_MONTHS}`,
      'termMonths',
    );
  }
  if (typeof annualRate !== 'bigint' || annualRate < 0n || annualRate > RATE_SCALE) {
    throw new DomainError('rate.out_of_range', 'annualRate must be between 0% and 100%', 'annualRate');
  }
  if (!REPAYMENT_METHODS.includes(method)) {
    throw new DomainError(
      'loan.repayment_method_unknown',
      `repaymentMethod must be one of ${REPAYMENT_METHODS.join(', ')}`,
      'repaymentMethod',
    );
  }
  const day = input.contractDay ?? input.startDate.day;
  if (!Number.isInteger(day) || day < 1 || day > 31) {
    throw new DomainError('date.impossible', 'contractDay must be 1–31', 'contractDay');
  }
}

/** Builds the schedule. Throws DomainError on bad input; every amount in the result is exact fen. */
export function buildSchedule(input: ScheduleInput): Instalment[] {
  validateScheduleInput(input);
  const { principal, termMonths: n, annualRate, method, startDate } = input;
  const contractDay = input.contractDay ?? startDate.day;
  const out: Instalment[] = new Array(n);
  const level = method === 'equal_installment' ? equalInstallmentPayment(principal, n, annualRate) : 0n;
  const levelPrincipal = method === 'equal_principal' ? divRoundHalfUp(principal, BigInt(n)) : 0n;
  let balance = principal;
  for (let k = 1; k <= n; k++) {
    const interest = monthlyInterest(balance, annualRate);
    let paid: Fen;
    if (k === n) paid = balance;
    else if (method === 'equal_installment') paid = level - interest;
    else if (method === 'equal_principal') paid = levelPrincipal;
    else paid = 0n;
    // Guard the invariant rather than trust arithmetic: a period never repays more than is owed.
    if (paid > balance) paid = balance;
    if (paid < 0n) paid = 0n;
    balance -= paid;
    out[k - 1] = {
      period: k,
      dueDate: formatCivilDate(addMonthsClamped(startDate, k, contractDay)),
      principal: paid,
      interest,
      payment: paid + interest,
      balance,
    };
  }
  return out;
}
