/**
 * The sandbox bank's loan book: loans disbursed over the last three years to the seeded enterprises,
 * each with its repayment history summarised as of a date — balance, days past due now and at worst,
 * the five-level classification (五级分类) and early-warning signals. Riskier borrowers fall behind
 * more often; classification follows the floors of the 2023 rules (金融资产风险分类办法): any overdue is
 * at least special mention, over 90 days substandard, over 270 doubtful, over 360 loss. Arrears belong to the
 * borrower (one onset day for all its loans, no new loan from then on), and a borrower's outstanding principal
 * stays within the 普惠 single-borrower limit and what its sales support.
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
import type { EnterpriseProfile, SizeClass } from '../../shared/credit/profile';
import type { RepaymentMethod } from '../../shared/loan/schedule';
import { parseMoney, RATE_SCALE } from '../../shared/money/money';
import { branchForRegion } from '../workflow/branches';
import { type Rng, rng } from './random';
import { type WarningSignal, warningSignals } from './warning-signals';

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

/**
 * A seeded enterprise as a borrower of the book: its branch, its sales over the last twelve months, its
 * public flags and warning signals (`previous`: its profile a review period before, which tells a new
 * court listing from an old one).
 */
export function loanBorrower(
  p: EnterpriseProfile,
  risk: number,
  previous: EnterpriseProfile | null = null,
): LoanBorrower {
  let annualSalesFen = 0n;
  for (const m of p.monthly.slice(-12)) annualSalesFen += parseMoney(m.vatSales);
  return {
    enterpriseId: `E${p.uscc}`,
    branchId: branchForRegion(p.region),
    industryCode: p.industryCode,
    sizeClass: p.sizeClass,
    risk,
    annualSalesFen,
    flagged: p.publicFlags.courtEnforcement || p.publicFlags.abnormalOperation,
    signals: warningSignals(p, previous),
  };
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
  /**
   * ‰ of each drawn amount lent (default all of it): a book far denser than the small seed's lends smaller
   * amounts so that its borrowers keep room within their limits — see `loanAmountPermille`.
   */
  amountPermille?: number;
}

/**
 * ‰ of the drawn amounts a book of `loans` on `enterprises` lends: all of it up to the small seed's five loans
 * per borrower; a denser book (the large size's fifty) lends the square of the ratio.
 */
export function loanAmountPermille(enterprises: number, loans: number): number {
  const ratio = Math.min(1, (LOANS_PER_BORROWER * enterprises) / Math.max(1, loans));
  return Math.floor(1000 * ratio * ratio);
}

/** 普惠型小微企业贷款: a borrower's outstanding principal with the bank stays within 10,000,000 yuan. */
export const SINGLE_BORROWER_LIMIT_FEN = 1_000_000_000n;
/**
 * What a borrower's sales support in all (‰ of its annual sales): one loan is sized at 5–40 % of the sales
 * (pickTerms); together its loans outstanding stay within half of them.
 */
export const SALES_SUPPORT_PERMILLE = 500n;
/** Tries at the drawn borrower and the next ones before a loan is cut to what a borrower still has room for. */
const FULL_AMOUNT_TRIES = 16;
/** Tries before a loan of a saturated book is cut below its product's minimum. */
const MAX_TRIES = 64;
/** The small seed's density (10,000 loans on 2,000 enterprises); a denser book's loans are smaller. */
const LOANS_PER_BORROWER = 5;
/** No arrears: the onset day of a borrower that pays. */
const NO_ONSET = 0x7fffffff;
const LIMIT_FEN = Number(SINGLE_BORROWER_LIMIT_FEN);

/**
 * ‰ of borrowers in arrears by latent risk (below the bound): about the share of the live book the
 * per-loan draw of the earlier book had overdue, steeper so that better grades default less.
 */
const ARREARS_PERMILLE: readonly (readonly [riskBelow: number, permille: number])[] = [
  [300, 1],
  [500, 4],
  [650, 14],
  [800, 35],
  [900, 70],
  [970, 170],
  [1000, 440],
];

/**
 * Whether a borrower is in arrears and since when (its onset day), decided once per borrower from its
 * risk and listing: every loan with an instalment due from that day on is overdue since that instalment.
 * Riskier and listed borrowers fall behind more often; how long ago follows the days-past-due buckets.
 */
export function arrearsOnsetDay(seed: string, b: LoanBorrower, asOfDay: number): number | null {
  const r = rng(seed, 'borrower-arrears', b.enterpriseId);
  let permille = ARREARS_PERMILLE.find(([below]) => b.risk < below)?.[1] ?? 440;
  if (b.flagged) permille = Math.trunc((permille * 3) / 2);
  if (!r.chance(permille)) return null;
  const [lo, hi] = r.weighted(DPD_BUCKETS);
  // The first instalment missed falls due within a month of the onset.
  return asOfDay - r.int(lo, hi) - r.int(0, 29);
}

/** Instalment `k` (1-based) of a loan disbursed on `disbursed` falls due on this day number. */
function dueDay(disbursed: ReturnType<typeof fromDayNumber>, k: number): number {
  return toDayNumber(addMonthsClamped(disbursed, k));
}

/**
 * The loans of the book, one at a time (a large book does not fit comfortably in memory as rows). Per
 * borrower only compact arrays are kept: its arrears onset and, per loan placed, the days its principal
 * is outstanding — enough to keep each borrower within its limit when the next loan is placed.
 */
export function* sandboxLoans(opts: LoanBookOptions): Generator<SandboxLoan> {
  const asOf = parseCivilDate(opts.asOf, 'asOf');
  const asOfDay = toDayNumber(asOf);
  const yearStartEve = { year: asOf.year - 1, month: 12, day: 31 };
  const yearStartEveDay = toDayNumber(yearStartEve);
  const n = opts.borrowers.length;
  if (n === 0) return;
  const amountScale = BigInt(Math.max(1, Math.min(1000, Math.floor(opts.amountPermille ?? 1000))));
  const onset = new Int32Array(n);
  /** Fen; exact as doubles well past 10,000,000 yuan. */
  const capFen = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = opts.borrowers[i]!;
    onset[i] = arrearsOnsetDay(opts.seed, b, asOfDay) ?? NO_ONSET;
    const salesCap = (b.annualSalesFen * SALES_SUPPORT_PERMILLE) / 1000n;
    capFen[i] = Number(salesCap < SINGLE_BORROWER_LIMIT_FEN ? salesCap : SINGLE_BORROWER_LIMIT_FEN);
  }
  // Loans placed per borrower, as linked lists over the loan index: outstanding from `from` until `until`
  // (its maturity, or for good when it is in arrears), principal in fen.
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(opts.count);
  const from = new Int32Array(opts.count);
  const until = new Int32Array(opts.count);
  const principal = new Float64Array(opts.count);
  const overlapping: number[] = [];
  /** The most a borrower already owes at any day in [start, end). */
  const peakOwed = (i: number, start: number, end: number): number => {
    overlapping.length = 0;
    for (let k = head[i]!; k >= 0; k = next[k]!) if (from[k]! < end && until[k]! > start) overlapping.push(k);
    let peak = 0;
    // The sum of overlapping loans peaks on the day one of them starts (or on `start`).
    for (const a of overlapping) {
      const t = Math.max(start, from[a]!);
      let sum = 0;
      for (const k of overlapping) if (from[k]! <= t && until[k]! > t) sum += principal[k]!;
      if (sum > peak) peak = sum;
    }
    return peak;
  };

  for (let j = 0; j < opts.count; j++) {
    const drawn = rng(opts.seed, 'loan', j);
    const first = drawn.int(0, n - 1);
    let placed: ReturnType<typeof drawLoan> | null = null;
    let asDrawn: { day: number; termMonths: number } | undefined;
    // The drawn borrower first, then the next ones: a borrower in arrears by the disbursement day, or one
    // that the loan would take over its limit, does not get it.
    let best: { loan: ReturnType<typeof drawLoan>; room: bigint } | null = null;
    // A second sweep, for a book saturated beyond what its borrowers' sales support (a dense book called
    // without `amountPermille`), holds them to the single-borrower limit alone.
    for (let a = 0; a < 2 * n + FULL_AMOUNT_TRIES && placed === null; a++) {
      const i = (first + a) % n;
      const r = a === 0 ? drawn : rng(opts.seed, 'loan', j, a);
      if (a > 0) r.int(0, n - 1);
      // Another borrower takes the loan on the day and, where its product allows, for the term first drawn;
      // in a book saturated on that day, past MAX_TRIES, on a day of its own.
      const loan = drawLoan(r, opts.borrowers[i]!, i, a < MAX_TRIES ? asDrawn : undefined);
      asDrawn ??= { day: loan.disbursedDay, termMonths: loan.termMonths };
      if (loan.disbursedDay >= onset[i]!) continue;
      const cap = a < n + FULL_AMOUNT_TRIES ? capFen[i]! : LIMIT_FEN;
      const headroom = cap - peakOwed(i, loan.disbursedDay, loan.owedUntil);
      if (Number(loan.amount) <= headroom) placed = loan;
      else if (a >= FULL_AMOUNT_TRIES) {
        // Enough borrowers tried at the full amount: lend what this one still has room for, if its product allows.
        const room = (BigInt(Math.max(0, headroom)) / WAN_FEN) * WAN_FEN;
        if (room >= loan.product.minAmount) placed = { ...loan, amount: room };
        else if (room >= WAN_FEN && (best === null || room > best.room)) best = { loan, room };
        // A saturated book (far more loans per borrower than the small seed's): after enough tries the
        // borrower with the most room takes what it has room for, under the product's usual minimum.
        if (placed === null && a >= MAX_TRIES && best !== null) placed = { ...best.loan, amount: best.room };
      }
    }
    if (placed === null) throw new Error(`sandbox loan book: no borrower can take loan ${j + 1} of ${opts.count}`);
    const { i, amount, product, termMonths, repaymentMethod, disbursedDay, disbursed, grade, noisyRisk, r } = placed;
    const b = opts.borrowers[i]!;
    next[j] = head[i]!;
    head[i] = j;
    from[j] = disbursedDay;
    until[j] = placed.owedUntil;
    principal[j] = Number(amount);

    const disbursedOn = formatCivilDate(disbursed);
    // Loans older than the LPR table are priced at its first fixing.
    const pricedOn = formatCivilDate(fromDayNumber(Math.max(disbursedDay, FIRST_LPR_DAY)));
    const price = priceLoan(product, grade, termMonths, pricedOn);
    const bp = Number(price.annualRateValue / (RATE_SCALE / 10_000n));
    const due = Math.min(termMonths, wholeMonthsBetween(disbursed, asOf));

    let dpd = 0;
    let maxDpd = 0;
    let paid = due;
    if (placed.firstMissed > 0) {
      // In arrears since the first instalment due on or after the borrower's onset, unpaid since.
      dpd = asOfDay - dueDay(disbursed, placed.firstMissed);
      paid = placed.firstMissed - 1;
      maxDpd = dpd;
    } else if (r.chance(80)) {
      maxDpd = r.chance(150) ? r.int(30, 89) : r.int(1, 29);
    }
    // An overdue loan has an instalment unpaid, so something is always still owed.
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

  /** A loan to borrower `i` drawn from `r`: product, terms, disbursement day, and whether it falls in arrears. */
  function drawLoan(r: Rng, b: LoanBorrower, i: number, asDrawn?: { day: number; termMonths: number }) {
    const noisyRisk = Math.min(999, Math.max(0, b.risk + r.int(-150, 150)));
    const grade = gradeForRisk(noisyRisk);
    let product = getProduct(r.weighted(PRODUCT_MIX[b.sizeClass]));
    if (product.pricing.spreadBpByGrade[grade] === null) product = getProduct('LDD');
    const terms = pickTerms(r, product, b.annualSalesFen);
    const { repaymentMethod } = terms;
    // A denser book than the small seed's (more loans per borrower in the same three years) lends smaller amounts.
    let amount = terms.amount;
    if (amountScale < 1000n) {
      amount = ((amount * amountScale) / 1000n / WAN_FEN) * WAN_FEN;
      if (amount < product.minAmount) amount = product.minAmount;
    }
    let termMonths: number = terms.termMonths;
    let disbursedDay = asOfDay - r.int(1, LOAN_BOOK_DAYS);
    if (asDrawn) {
      disbursedDay = asDrawn.day;
      if (asDrawn.termMonths >= product.minTermMonths && asDrawn.termMonths <= product.maxTermMonths)
        termMonths = asDrawn.termMonths;
    }
    const disbursed = fromDayNumber(disbursedDay);
    const maturityDay = dueDay(disbursed, termMonths);
    // The first instalment due on or after the borrower's onset, if one has fallen due by the as-of date.
    let firstMissed = 0;
    const o = onset[i]!;
    if (o !== NO_ONSET && maturityDay >= o) {
      let k = Math.max(1, Math.floor((o - disbursedDay) / 31));
      while (dueDay(disbursed, k) < o) k++;
      if (k <= termMonths && dueDay(disbursed, k) < asOfDay) firstMissed = k;
    }
    // Owed until maturity; a loan in arrears stays owed.
    const owedUntil = firstMissed > 0 ? asOfDay + 1 : maturityDay;
    return {
      r,
      i,
      noisyRisk,
      grade,
      product,
      amount,
      termMonths,
      repaymentMethod,
      disbursedDay,
      disbursed,
      owedUntil,
      firstMissed,
    };
  }
}

/** Grade, score, tier and channel of loan `j`: its own random stream, so the book draws as before. */
function origin(seed: string, j: number, product: string, amountFen: bigint, grade: Grade, risk: number) {
  const o = rng(seed, 'loan-origin', j);
  const channel = o.weighted(CHANNEL_MIX[product] ?? CHANNEL_MIX.LDD!);
  return { grade, score: scoreForRisk(risk), tier: tierFor(product, amountFen, grade, channel), channel };
}
