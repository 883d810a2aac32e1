import { parseCivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors';
import { bpToRate, formatRatePercent, type Rate } from '../money/money';
import { LPR_CHANGES } from '../reference/lpr';
import type { Grade } from './grades';
import type { Product } from './products';

/**
 * Loan Prime Rate (贷款市场报价利率): the changes of the full monthly history kept in shared/reference/lpr
 * (from 2019-08-20; add each month's fixing there). Basis points.
 */
export const LPR_TABLE: readonly { effective: string; oneYearBp: number; fiveYearBp: number }[] = LPR_CHANGES.map(
  (f) => ({ effective: f.date, oneYearBp: f.oneYearBp, fiveYearBp: f.fiveYearBp }),
);

export type LprTenor = '1y' | '5y';

/** Loans up to five years price off the 1-year LPR, longer ones off the 5-year LPR. */
export function lprTenorFor(termMonths: number): LprTenor {
  return termMonths > 60 ? '5y' : '1y';
}

/** The LPR in force on `date` (YYYY-MM-DD), in bp. */
export function lprOn(date: string, tenor: LprTenor): number {
  parseCivilDate(date, 'asOf');
  let row: (typeof LPR_TABLE)[number] | undefined;
  for (const r of LPR_TABLE) if (r.effective <= date) row = r;
  if (!row) throw new DomainError('pricing.no_lpr', `No LPR is known for ${date}`, 'asOf');
  return tenor === '1y' ? row.oneYearBp : row.fiveYearBp;
}

export interface Price {
  lprTenor: LprTenor;
  lpr: string;
  spreadBp: number;
  annualRate: string;
  annualRateValue: Rate;
  /** 'floor' or 'cap' when the product's bound moved the rate; null otherwise. */
  bounded: 'floor' | 'cap' | null;
}

/** Rate = LPR + spread for the grade, kept within the product's floor and cap. */
export function priceLoan(product: Product, grade: Grade, termMonths: number, asOf: string): Price {
  const spread = product.pricing.spreadBpByGrade[grade];
  if (spread === null) {
    throw new DomainError('pricing.grade_not_offered', `${product.code} is not offered to grade ${grade}`, 'grade');
  }
  const tenor = lprTenorFor(termMonths);
  const lpr = lprOn(asOf, tenor);
  let bp = lpr + spread;
  let bounded: Price['bounded'] = null;
  if (bp < product.pricing.floorRateBp) {
    bp = product.pricing.floorRateBp;
    bounded = 'floor';
  } else if (bp > product.pricing.capRateBp) {
    bp = product.pricing.capRateBp;
    bounded = 'cap';
  }
  const rate = bpToRate(bp);
  return {
    lprTenor: tenor,
    lpr: formatRatePercent(bpToRate(lpr)),
    spreadBp: spread,
    annualRate: formatRatePercent(rate),
    annualRateValue: rate,
    bounded,
  };
}
