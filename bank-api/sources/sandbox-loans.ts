/**
 * The sandbox bank's loan book: loans disbursed over the last three years to the seeded enterprises,
 * each with its repayment history summarised as of a date — balance, days past due now and at worst,
 * the five-level classification (五级分类) and early-warning signals. Riskier borrowers fall behind
 * more often; classification follows the floors of the 2023 rules (金融资产风险分类办法): any overdue is
 * at least special mention, over 90 days substandard, over 270 doubtful, over 360 loss.
 */
import {
  addMonthsClamped,
  formatCivilDate,
  fromDayNumber,
  parseCivilDate,
  toDayNumber,
  wholeMonthsBetween,
} from '../../shared/calendar/civil-date';
import type { Grade } from '../../shared/credit/grades';
import { LPR_TABLE, priceLoan } from '../../shared/credit/pricing';
import { getProduct, type Product } from '../../shared/credit/products';
import type { SizeClass } from '../../shared/credit/profile';
import type { RepaymentMethod } from '../../shared/loan/schedule';
import { RATE_SCALE } from '../../shared/money/money';
import { type Rng, rng } from './random';
import type { WarningSignal } from './warning-signals';

export const CLASSIFICATIONS = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Loans go back this many days before the as-of date. */
export const LOAN_BOOK_DAYS = 1095;
const WAN_FEN = 1_000_000n;
const FIRST_LPR_DAY = toDayNumber(parseCivilDate(LPR_TABLE[0]!.effective));

export interface LoanBorrower {
  enterpriseId: string;
  branchId: string;
  industryCode: string;
  sizeClass: SizeClass;
  /** Latent risk 0–999 from the sandbox. */
  risk: number;
  annualSalesFen: bigint;
  /** On a public list today (court enforcement, abnormal operation). */
  flagged: boolean;
  signals: readonly WarningSignal[];
}

export interface SandboxLoan {
  id: string;
  enterpriseId: string;
  branchId: string;
  productCode: string;
  industryCode: string;
  principalFen: bigint;
  balanceFen: bigint;
  /** 年初余额: the balance at the close of the year before the as-of date's (0 when disbursed since). */
  yearStartBalanceFen: bigint;
  /** Percent, e.g. "3.85". */
  annualRate: string;
  repaymentMethod: RepaymentMethod;
  termMonths: number;
  disbursedOn: string;
  maturityDate: string;
  daysPastDue: number;
  maxDpd: number;
  classification: Classification;
  warningSignals: WarningSignal[];
  /**
   * What the approval decided (issue 16.4, loans that remember): the grade and score the loan was
   * priced at, the tier that decided it and the channel it came through. Worse grades (lower scores)
   * come from riskier borrowers, who default more often.
   */
  grade: Grade;
  score: number;
  tier: Tier;
  channel: Channel;
}

export type Tier = 'instant' | 'fast' | 'standard' | 'committee';
export type Channel = 'branch' | 'mobile' | 'online' | 'partner';

/** Channels by product: instant credit comes online, secured loans through the branch. */
const CHANNEL_MIX: Readonly<Record<string, readonly (readonly [Channel, number])[]>> = {
  XMD: [
    ['online', 50],
    ['mobile', 40],
    ['branch', 10],
  ],
  SYD: [
    ['online', 30],
    ['mobile', 20],
    ['branch', 40],
    ['partner', 10],
  ],
  LDD: [
    ['branch', 80],
    ['partner', 20],
  ],
  DYD: [
    ['branch', 85],
    ['partner', 15],
  ],
};

/**
 * Scorecard points for a (noisy) latent risk, within its grade's band: the scorecard's PD boundaries of
 * 1 %, 2 %, 4 % and 8 % fall at about 639, 599, 558 and 515 points (shared/credit/score-bands.ts), and
 * gradeForRisk cuts the risk at 300, 650, 850 and 950.
 */
const SCORE_BY_RISK: readonly (readonly [riskFrom: number, riskTo: number, scoreHigh: number, scoreLow: number])[] = [
  [0, 300, 760, 640],
  [300, 650, 639, 600],
  [650, 850, 599, 559],
  [850, 950, 558, 516],
  [950, 1000, 515, 450],
];
export function scoreForRisk(risk: number): number {
  const band =
    SCORE_BY_RISK.find(([from, to]) => risk >= from && risk < to) ?? SCORE_BY_RISK[SCORE_BY_RISK.length - 1]!;
  const [from, to, high, low] = band;
  return Math.round(high - ((Math.min(risk, to - 1) - from) * (high - low)) / (to - 1 - from));
}

/** The tier that decided a loan (shared/credit/routing.ts, simplified): amount, grade, channel. */
function tierFor(product: string, amountFen: bigint, grade: Grade, channel: Channel): Tier {
  const wan = amountFen / 1_000_000n;
  if (wan >= 500n || grade === 'E') return 'committee';
  if (product === 'XMD' && (channel === 'online' || channel === 'mobile') && (grade === 'A' || grade === 'B'))
    return 'instant';
  return wan <= 100n ? 'fast' : 'standard';
}

const PRODUCT_MIX: Readonly<Record<SizeClass, readonly (readonly [string, number])[]>> = {
  micro: [
    ['XMD', 50],
    ['SYD', 35],
    ['LDD', 10],
    ['DYD', 5],
  ],
  small: [
    ['XMD', 30],
    ['SYD', 35],
    ['LDD', 22],
    ['DYD', 13],
  ],
  medium: [
    ['XMD', 10],
    ['SYD', 30],
    ['LDD', 35],
    ['DYD', 25],
  ],
};
export const TYPICAL_TERMS = [3, 6, 12, 12, 24, 36, 60, 120] as const;

/** Days past due when a loan is behind: mostly a month or less, a tail past a year. */
const DPD_BUCKETS: readonly (readonly [readonly [number, number], number])[] = [
  [[1, 30], 55],
  [[31, 60], 13],
  [[61, 90], 10],
  [[91, 180], 10],
  [[181, 270], 5],
  [[271, 360], 4],
  [[361, 720], 3],
];

export function gradeForRisk(risk: number): Grade {
  return risk < 300 ? 'A' : risk < 650 ? 'B' : risk < 850 ? 'C' : risk < 950 ? 'D' : 'E';
}

/** The classification floor for days past due (2023 rules). */
export function classificationFloor(dpd: number): Classification {
  return dpd > 360
    ? 'loss'
    : dpd > 270
      ? 'doubtful'
      : dpd > 90
        ? 'substandard'
        : dpd > 0
          ? 'special_mention'
          : 'normal';
}

/** Sandbox terms of a new loan to this enterprise: amount from its sales, within the product's limits. */
export function pickTerms(r: Rng, p: Product, annualSalesFen: bigint) {
  const permille = BigInt(r.int(50, 400));
  let amount = ((annualSalesFen * permille) / 1000n / WAN_FEN) * WAN_FEN;
  if (amount < p.minAmount) amount = p.minAmount;
  if (amount > p.maxAmount) amount = p.maxAmount;
  const terms = TYPICAL_TERMS.filter((t) => t >= p.minTermMonths && t <= p.maxTermMonths);
  return { amount, termMonths: r.pick(terms), repaymentMethod: r.pick(p.repaymentMethods) };
}

const ratioCache = new Map<string, bigint>();
/** Share of principal (× RATE_SCALE) still owed after `paid` level instalments at `bp` a year. */
function annuityRemaining(bp: number, n: number, paid: number): bigint {
  const key = `${bp}|${n}|${paid}`;
  let v = ratioCache.get(key);
  if (v === undefined) {
    // Monthly rate r = bp / 120000: remaining = ((1+r)^n − (1+r)^p) / ((1+r)^n − 1), scaled by 120000^n.
    const a = 120_000n + BigInt(bp);
    const b = 120_000n;
    const an = a ** BigInt(n);
    v = ((an - a ** BigInt(paid) * b ** BigInt(n - paid)) * RATE_SCALE) / (an - b ** BigInt(n));
    ratioCache.set(key, v);
  }
  return v;
}

function scheduledBalance(method: RepaymentMethod, principal: bigint, bp: number, term: number, paid: number): bigint {
  if (paid >= term) return 0n;
  if (method === 'interest_first') return principal;
  if (method === 'equal_principal') return (principal * BigInt(term - paid)) / BigInt(term);
  return (principal * annuityRemaining(bp, term, paid)) / RATE_SCALE;
}

export interface LoanBookOptions {
  seed: string;
  asOf: string;
  count: number;
  borrowers: readonly LoanBorrower[];
}

/** The loans of the book, one at a time (a large book does not fit comfortably in memory as rows). */
export function* sandboxLoans(opts: LoanBookOptions): Generator<SandboxLoan> {
  const asOf = parseCivilDate(opts.asOf, 'asOf');
  const asOfDay = toDayNumber(asOf);
  const yearStartEve = { year: asOf.year - 1, month: 12, day: 31 };
  const yearStartEveDay = toDayNumber(yearStartEve);
  const n = opts.borrowers.length;
  if (n === 0) return;
  for (let j = 0; j < opts.count; j++) {
    const r = rng(opts.seed, 'loan', j);
    const b = opts.borrowers[r.int(0, n - 1)]!;
    const noisyRisk = Math.min(999, Math.max(0, b.risk + r.int(-150, 150)));
    const grade = gradeForRisk(noisyRisk);
    let product = getProduct(r.weighted(PRODUCT_MIX[b.sizeClass]));
    if (product.pricing.spreadBpByGrade[grade] === null) product = getProduct('LDD');
    const { amount, termMonths, repaymentMethod } = pickTerms(r, product, b.annualSalesFen);
    const disbursedDay = asOfDay - r.int(1, LOAN_BOOK_DAYS);
    const disbursed = fromDayNumber(disbursedDay);
    const disbursedOn = formatCivilDate(disbursed);
    // Loans older than the LPR table are priced at its first fixing.
    const pricedOn = formatCivilDate(fromDayNumber(Math.max(disbursedDay, FIRST_LPR_DAY)));
    const price = priceLoan(product, grade, termMonths, pricedOn);
    const bp = Number(price.annualRateValue / (RATE_SCALE / 10_000n));
    const due = Math.min(termMonths, wholeMonthsBetween(disbursed, asOf));
    const matured = due >= termMonths;

    let dpd = 0;
    let maxDpd = 0;
    let paid = due;
    let permille = b.risk < 700 ? 8 : b.risk < 900 ? 30 : b.risk < 970 ? 130 : 350;
    if (b.flagged) permille = Math.trunc((permille * 3) / 2);
    if (matured) permille = Math.trunc(permille / 4);
    if (due > 0 && r.chance(permille)) {
      const [lo, hi] = r.weighted(DPD_BUCKETS);
      const firstDueDay = toDayNumber(addMonthsClamped(disbursed, 1));
      dpd = Math.max(1, Math.min(r.int(lo, hi), asOfDay - firstDueDay));
      paid = Math.max(0, due - Math.ceil(dpd / 30));
      maxDpd = dpd;
    } else if (r.chance(80)) {
      maxDpd = r.chance(150) ? r.int(30, 89) : r.int(1, 29);
    }
    // An overdue loan stopped paying `ceil(dpd / 30)` instalments ago, so something is always still owed.
    const balanceFen = scheduledBalance(repaymentMethod, amount, bp, termMonths, paid);
    // At the previous year-end: the instalments due by then, less any the borrower has not paid since.
    const yearStartBalanceFen =
      disbursedDay > yearStartEveDay
        ? 0n
        : scheduledBalance(
            repaymentMethod,
            amount,
            bp,
            termMonths,
            Math.min(paid, Math.min(termMonths, wholeMonthsBetween(disbursed, yearStartEve))),
          );
    const active = balanceFen > 0n;

    let classification = classificationFloor(dpd);
    // Judgment above the floor: a listed borrower's arrears are substandard; a cured serious delay or a
    // listing keeps a performing loan under watch.
    if (classification === 'special_mention' && b.flagged) classification = 'substandard';
    if (classification === 'normal' && active && (maxDpd >= 60 || (b.flagged && r.chance(400)))) {
      classification = 'special_mention';
    }
    yield {
      id: `LN${String(j + 1).padStart(9, '0')}`,
      enterpriseId: b.enterpriseId,
      branchId: b.branchId,
      productCode: product.code,
      industryCode: b.industryCode,
      principalFen: amount,
      balanceFen,
      yearStartBalanceFen,
      annualRate: price.annualRate,
      repaymentMethod,
      termMonths,
      disbursedOn,
      maturityDate: formatCivilDate(addMonthsClamped(disbursed, termMonths)),
      daysPastDue: dpd,
      maxDpd,
      classification,
      warningSignals: active ? [...b.signals] : [],
      ...origin(opts.seed, j, product.code, amount, grade, noisyRisk),
    };
  }
}

/** Grade, score, tier and channel of loan `j`: its own random stream, so the book draws as before. */
function origin(seed: string, j: number, product: string, amountFen: bigint, grade: Grade, risk: number) {
  const o = rng(seed, 'loan-origin', j);
  const channel = o.weighted(CHANNEL_MIX[product] ?? CHANNEL_MIX.LDD!);
  return { grade, score: scoreForRisk(risk), tier: tierFor(product, amountFen, grade, channel), channel };
}
