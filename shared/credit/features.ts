import { type CivilDate, parseCivilDate, toDayNumber, wholeMonthsBetween } from '../calendar/civil-date';
import { DomainError } from '../errors';
import { parseMoney, tryParseMoney } from '../money/money';
import type { EnterpriseProfile, SizeClass, TaxRating } from './profile';

/**
 * Features the rules and the scorecard read, all integers: counts, months, days, basis points, and
 * money as whole yuan (exact in a JS number far beyond any SME's figures). Computed with bigint from
 * the profile's fen amounts, so no binary fraction ever enters.
 */
export interface Features {
  monthsInBusiness: number;
  taxRating: TaxRating;
  /** VAT sales over the last 12 months, whole yuan. */
  annualSalesYuan: number;
  /** Change in sales: last 12 vs previous 12 months when 24 are known, else last 6 vs previous 6; bp. */
  salesTrendBp: number;
  /** Coefficient of variation of monthly settlement inflow over the last 12 months, bp; 99999 when no inflow. */
  inflowCvBp: number;
  /** Bureau loans outstanding / annual sales, bp; 99999 when there are no sales. */
  debtToSalesBp: number;
  loansOutstandingYuan: number;
  overdueCount12m: number;
  maxOverdueDays24m: number;
  inquiries6m: number;
  courtEnforcement: boolean;
  adminPenalties: number;
  abnormalOperation: boolean;
  /** GB/T 4754 section letter, e.g. "C". */
  industrySection: string;
  industryCode: string;
  sizeClass: SizeClass;
  dataCompleteness: number;
  /** Age in days of the stalest source at the assessment date. */
  dataAgeDays: number;
  insuredHeadcount: number;
}

export const FEATURE_CAP_BP = 99_999;

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton corrections make the float seed exact.
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

function ratioBp(num: bigint, den: bigint): number {
  if (den <= 0n) return num > 0n ? FEATURE_CAP_BP : 0;
  const bp = (num * 10_000n) / den;
  return Number(bp > BigInt(FEATURE_CAP_BP) ? BigInt(FEATURE_CAP_BP) : bp < -10_000n ? -10_000n : bp);
}

function sum(xs: readonly bigint[], from: number, to: number): bigint {
  let s = 0n;
  for (let i = from; i < to; i++) s += xs[i]!;
  return s;
}

/** Coefficient of variation sqrt(nΣx² − (Σx)²) / Σx, in bp, computed exactly. */
export function coefficientOfVariationBp(xs: readonly bigint[]): number {
  const n = BigInt(xs.length);
  let s = 0n;
  let s2 = 0n;
  for (const x of xs) {
    s += x;
    s2 += x * x;
  }
  if (s <= 0n) return FEATURE_CAP_BP;
  const cv = isqrt((n * s2 - s * s) * 100_000_000n) / s;
  return cv > BigInt(FEATURE_CAP_BP) ? FEATURE_CAP_BP : Number(cv);
}

/** The sales trend compares these: last 12 vs previous 12 months when 24 are known, else last 6 vs previous 6. */
function trendWindows(sales: readonly bigint[]): { recent: bigint; base: bigint } {
  const n = sales.length;
  return n >= 24
    ? { recent: sum(sales, n - 12, n), base: sum(sales, n - 24, n - 12) }
    : { recent: sum(sales, n - 6, n), base: sum(sales, n - 12, n - 6) };
}

export type RatioFeature = 'salesTrendBp' | 'inflowCvBp' | 'debtToSalesBp';
/**
 * The ratio features whose base is zero for this profile (no sales in the earlier window, no settlement
 * inflow, no sales): the engine still scores them — at FEATURE_CAP_BP when the numerator is positive,
 * at 0 when it is zero too — but there is no ratio to show, so a screen says "no figure" rather than
 * 999.99% or 0.00%.
 */
export function ratiosWithoutBase(profile: EnterpriseProfile): Set<RatioFeature> {
  const money = (v: string) => tryParseMoney(v) ?? parseMoney(v);
  const sales = profile.monthly.map((m) => money(m.vatSales));
  const n = sales.length;
  const out = new Set<RatioFeature>();
  if (trendWindows(sales).base <= 0n) out.add('salesTrendBp');
  if (sum(sales, Math.max(0, n - 12), n) <= 0n) out.add('debtToSalesBp');
  let inflow = 0n;
  for (const m of profile.monthly.slice(-12)) inflow += money(m.settlementInflow);
  if (inflow <= 0n) out.add('inflowCvBp');
  return out;
}

export function computeFeatures(profile: EnterpriseProfile, asOf: CivilDate): Features {
  const established = parseCivilDate(profile.establishedDate, 'establishedDate');
  const asOfDay = toDayNumber(asOf);
  if (toDayNumber(established) > asOfDay) {
    throw new DomainError(
      'profile.established_in_future',
      'establishedDate is after the assessment date',
      'establishedDate',
    );
  }
  const months = profile.monthly;
  if (months.length < 12) {
    throw new DomainError('profile.too_few_months', 'At least 12 months of figures are needed', 'monthly');
  }
  const n = months.length;
  const sales = months.map((m, i) => tryParseMoney(m.vatSales) ?? parseMoney(m.vatSales, `monthly.${i}.vatSales`));
  const inflow: bigint[] = [];
  for (let i = n - 12; i < n; i++) {
    const v = months[i]!.settlementInflow;
    inflow.push(tryParseMoney(v) ?? parseMoney(v, `monthly.${i}.settlementInflow`));
  }
  const annualSales = sum(sales, n - 12, n);
  const w = trendWindows(sales);
  const trend = ratioBp(w.recent - w.base, w.base);
  const loans = parseMoney(profile.bureau.loansOutstanding, 'bureau.loansOutstanding');
  let dataAgeDays = 0;
  for (const [k, v] of Object.entries(profile.asOf)) {
    const age = asOfDay - toDayNumber(parseCivilDate(v, `asOf.${k}`));
    if (age > dataAgeDays) dataAgeDays = age;
  }
  return {
    monthsInBusiness: wholeMonthsBetween(established, asOf),
    taxRating: profile.taxRating,
    annualSalesYuan: Number(annualSales / 100n),
    salesTrendBp: trend,
    inflowCvBp: coefficientOfVariationBp(inflow),
    debtToSalesBp: ratioBp(loans, annualSales),
    loansOutstandingYuan: Number(loans / 100n),
    overdueCount12m: profile.bureau.overdueCount12m,
    maxOverdueDays24m: profile.bureau.maxOverdueDays24m,
    inquiries6m: profile.bureau.inquiries6m,
    courtEnforcement: profile.publicFlags.courtEnforcement,
    adminPenalties: profile.publicFlags.adminPenalties,
    abnormalOperation: profile.publicFlags.abnormalOperation,
    industrySection: profile.industryCode.charAt(0),
    industryCode: profile.industryCode,
    sizeClass: profile.sizeClass,
    dataCompleteness: profile.dataCompleteness,
    dataAgeDays,
    insuredHeadcount: profile.insuredHeadcount,
  };
}
