/**
 * Loan applications as the bank's channels would send them for the seeded sandbox enterprises: the
 * product suits the enterprise's size, the amount its sales, and every request is within the product's
 * amount, term and repayment-method limits. Submitted over the six months before "now" on the bank
 * calendar, most of them in working hours: the last two working weeks at the full daily volume, earlier
 * days tapering off (a business that has grown), and today only up to now — so the seeded bank looks like a working day. The
 * workflow turns them into applications by running the credit engine.
 */
import type { CreateApplicationRequest } from '../../shared/api/applications';
import {
  addWorkingMillis,
  beijingDate,
  beijingInstant,
  isWorkingDay,
  toBeijingIso,
  WORKING_MS_PER_DAY,
  workingMillisBetween,
} from '../../shared/calendar/business-calendar';
import {
  addMonthsClamped,
  formatCivilDate,
  fromDayNumber,
  parseCivilDate,
  toDayNumber,
  weekday,
} from '../../shared/calendar/civil-date';
import { fittingPurpose } from '../../shared/credit/loan-types';
import { checkProductLimits, getProduct } from '../../shared/credit/products';
import type { SizeClass } from '../../shared/credit/profile';
import { formatMoney } from '../../shared/money/money';
import { type Rng, rng } from './random';
import { DEFAULT_SANDBOX_SEED, type SandboxEnterprise, sandboxEnterprises } from './sandbox';
import { INDUSTRIES } from './sandbox-catalogue';
import { pickTerms } from './sandbox-loans';
import { enterpriseTraits } from './sandbox-traits';

export interface SandboxApplicationRequest extends CreateApplicationRequest {
  /** When the customer submitted it, ISO 8601 with +08:00. */
  submittedAt: string;
}

/** Submissions reach back this many months before now (by default). */
export const APPLICATION_HISTORY_MONTHS = 6;
/** The last this many working days carry the full daily volume… */
const RECENT_WORKING_DAYS = 10;
/** …and earlier ones taper off toward this share of it (per mille), by e every this many working days. */
const OLDEST_WEIGHT = 150;
const TAPER_WORKING_DAYS = 20;
const DAY_MS = 86_400_000;

/**
 * The instant a sandbox seeded "as of" a date is seeded to: the wall clock when asOf is today in
 * Beijing, otherwise the last second of asOf (tests and benchmarks pin a date).
 */
export function sandboxNow(asOf: string, wall = Date.now()): number {
  return beijingDate(wall) === asOf ? wall : beijingInstant(asOf) + DAY_MS - 1000;
}

const PRODUCT_MIX: Readonly<Record<SizeClass, readonly (readonly [string, number])[]>> = {
  micro: [
    ['XMD', 55],
    ['SYD', 35],
    ['LDD', 7],
    ['DYD', 3],
  ],
  small: [
    ['XMD', 25],
    ['SYD', 35],
    ['LDD', 25],
    ['DYD', 15],
  ],
  medium: [
    ['XMD', 5],
    ['SYD', 25],
    ['LDD', 40],
    ['DYD', 30],
  ],
};
const CHANNELS = [
  ['mobile', 40],
  ['online', 25],
  ['branch', 25],
  ['partner', 10],
] as const;
const SECURED_PURPOSE = '经营周转（以自有房产抵押）';

function isWorking(day: number): boolean {
  try {
    return isWorkingDay(fromDayNumber(day));
  } catch {
    // Outside the published calendar: weekdays.
    const wd = weekday(day);
    return wd !== 0 && wd !== 6;
  }
}

interface Day {
  day: number;
  /** Working time of this day that lies before now, ms (the whole working day except today). */
  workingMs: number;
  /** Calendar days from this working day up to the next one (self-service submits on days off too). */
  span: number;
}

/** The working days of the history window, newest first, with the integer weight of each. */
function arrivalDays(now: number, months: number): { days: Day[]; weights: (readonly [number, number])[] } {
  const nowDay = Math.floor((now + 8 * 3_600_000) / DAY_MS);
  const first = toDayNumber(addMonthsClamped(fromDayNumber(nowDay), -months));
  const days: Day[] = [];
  let next = nowDay + 1;
  for (let d = nowDay; d >= first; d--) {
    if (!isWorking(d)) continue;
    const start = beijingInstant(formatCivilDate(fromDayNumber(d)));
    const workingMs =
      d === nowDay ? Math.min(WORKING_MS_PER_DAY, workingMillisBetween(start, now)) : WORKING_MS_PER_DAY;
    days.push({ day: d, workingMs, span: Math.min(next, nowDay + 1) - d });
    next = d;
  }
  const weights = days.map((d, k) => {
    const w =
      k < RECENT_WORKING_DAYS
        ? 1000
        : OLDEST_WEIGHT + (1000 - OLDEST_WEIGHT) * Math.exp(-(k - RECENT_WORKING_DAYS) / TAPER_WORKING_DAYS);
    return [k, Math.round((w * d.workingMs) / WORKING_MS_PER_DAY)] as const;
  });
  return { days, weights };
}

/**
 * When a request was submitted: on a working day picked by the window's weights, in its working hours
 * (today: only the part before now), or — for a self-service channel out of hours — any time 07:00–23:00
 * on that day or the days off after it, never after now.
 */
function submittedAt(r: Rng, now: number, days: Day[], weights: (readonly [number, number])[], workingHours: boolean) {
  const d = days[r.weighted(weights)]!;
  if (!workingHours) {
    const day = d.day + r.int(0, d.span - 1);
    const ms = beijingInstant(formatCivilDate(fromDayNumber(day)), 7) + r.int(0, 16 * 3600 - 1) * 1000;
    if (ms <= now) return toBeijingIso(ms);
  }
  const offset = r.int(1, Math.max(1, Math.floor(d.workingMs / 1000))) * 1000;
  return toBeijingIso(Math.min(now, addWorkingMillis(beijingInstant(formatCivilDate(fromDayNumber(d.day))), offset)));
}

function request(
  seed: string,
  k: number,
  pool: readonly SandboxEnterprise[],
  now: number,
  arrivals: ReturnType<typeof arrivalDays>,
): SandboxApplicationRequest {
  const r = rng(seed, 'application', k);
  const channel = r.weighted(CHANNELS);
  const selfService = channel === 'mobile' || channel === 'online';
  const at = submittedAt(r, now, arrivals.days, arrivals.weights, !(selfService && r.chance(250)));
  // An enterprise founded by the day it applies.
  const pickE = rng(seed, 'application-enterprise', k);
  let e = pool[pickE.int(0, pool.length - 1)]!;
  for (let tries = 0; e.establishedDate > at.slice(0, 10) && tries < 100; tries++) {
    e = pool[pickE.int(0, pool.length - 1)]!;
  }
  const t = enterpriseTraits(seed, e.uscc);
  const product = getProduct(r.weighted(PRODUCT_MIX[e.sizeClass]));
  const annualSalesFen = BigInt(t.monthlySalesYuan) * 1200n;
  const { amount, termMonths, repaymentMethod } = pickTerms(r, product, annualSalesFen);
  checkProductLimits(product, amount, termMonths, repaymentMethod);
  const industry = INDUSTRIES.find((i) => i.code === e.industryCode)!;
  return {
    uscc: e.uscc,
    productCode: product.code,
    amount: formatMoney(amount),
    termMonths,
    repaymentMethod,
    purpose: fittingPurpose(
      product.loanType,
      product.guaranteeType === 'mortgage' && r.chance(300) ? SECURED_PURPOSE : r.pick(industry.purposes),
    ),
    channel,
    submittedAt: at,
    ...guarantorsFor(seed, k, product.guaranteeType),
  };
}

/** Guarantee companies the sandbox's guaranteed loans name (保证人). */
const GUARANTEE_COMPANIES = [
  '上海市中小微企业政策性融资担保基金管理中心',
  '浙江省融资担保有限公司',
  '上海创业接力融资担保有限公司',
];

/**
 * A guaranteed product's request names a guarantor — except about one in twenty, which then raises the
 * policy exception guarantor_missing (shared/credit/policy-exceptions.ts). Its own random stream, so the
 * other fields of the request are as before.
 */
function guarantorsFor(seed: string, k: number, guaranteeType: string): Pick<CreateApplicationRequest, 'guarantors'> {
  if (guaranteeType !== 'guarantee') return {};
  const g = rng(seed, 'application-guarantor', k);
  return g.chance(950) ? { guarantors: [{ name: g.pick(GUARANTEE_COMPANIES) }] } : {};
}

/**
 * `count` application requests for the first `enterprises` seeded enterprises, oldest first, none after
 * `now` (default: sandboxNow(asOf)), reaching back `months` (default APPLICATION_HISTORY_MONTHS; a test
 * seeding fewer requests can keep the same daily volume with fewer months). Deterministic in its arguments.
 */
export function sandboxApplicationRequests(
  count: number,
  seed = DEFAULT_SANDBOX_SEED,
  opts: { asOf: string; now?: number; enterprises?: number; months?: number },
): SandboxApplicationRequest[] {
  parseCivilDate(opts.asOf, 'asOf');
  const now = opts.now ?? sandboxNow(opts.asOf);
  const pool = sandboxEnterprises(opts.enterprises ?? 2000, opts.asOf, seed);
  const arrivals = arrivalDays(now, opts.months ?? APPLICATION_HISTORY_MONTHS);
  const out: SandboxApplicationRequest[] = [];
  for (let k = 0; k < count; k++) out.push(request(seed, k, pool, now, arrivals));
  // ISO instants with the same offset sort as strings; the sort is stable, so ties keep k order.
  return out.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
}
