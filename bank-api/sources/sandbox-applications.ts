/**
 * Loan applications as the bank's channels would send them for the seeded sandbox enterprises: the
 * product suits the enterprise's size, the amount its sales, and every request is within the product's
 * amount, term and repayment-method limits. Submitted over the 60 days before the as-of date, mostly
 * in working hours. The workflow turns them into applications by running the credit engine.
 */
import type { CreateApplicationRequest } from '../../shared/api/applications';
import { beijingInstant, isWorkingDay, toBeijingIso, WORKING_WINDOWS } from '../../shared/calendar/business-calendar';
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber, weekday } from '../../shared/calendar/civil-date';
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

/** Submissions spread over this many days before the as-of date. */
export const APPLICATION_WINDOW_DAYS = 60;

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

/** An instant on `day` (Beijing): in working hours, or any time 07:00–23:00 for self-service channels. */
function submittedAt(r: Rng, day: number, workingHours: boolean): string {
  let d = day;
  if (workingHours) while (!isWorking(d)) d--;
  let minute: number;
  if (workingHours) {
    const [from, to] = r.pick(WORKING_WINDOWS);
    minute = r.int(from / 60_000, to / 60_000 - 1);
  } else {
    minute = r.int(7 * 60, 23 * 60 - 1);
  }
  const ms = beijingInstant(formatCivilDate(fromDayNumber(d))) + minute * 60_000 + r.int(0, 59) * 1000;
  return toBeijingIso(ms);
}

function request(seed: string, k: number, e: SandboxEnterprise, asOfDay: number): SandboxApplicationRequest {
  const r = rng(seed, 'application', k);
  const t = enterpriseTraits(seed, e.uscc);
  const product = getProduct(r.weighted(PRODUCT_MIX[e.sizeClass]));
  const annualSalesFen = BigInt(t.monthlySalesYuan) * 1200n;
  const { amount, termMonths, repaymentMethod } = pickTerms(r, product, annualSalesFen);
  checkProductLimits(product, amount, termMonths, repaymentMethod);
  const channel = r.weighted(CHANNELS);
  const selfService = channel === 'mobile' || channel === 'online';
  const industry = INDUSTRIES.find((i) => i.code === e.industryCode)!;
  return {
    uscc: e.uscc,
    productCode: product.code,
    amount: formatMoney(amount),
    termMonths,
    repaymentMethod,
    purpose: product.guaranteeType === 'mortgage' && r.chance(300) ? SECURED_PURPOSE : r.pick(industry.purposes),
    channel,
    submittedAt: submittedAt(r, asOfDay - r.int(1, APPLICATION_WINDOW_DAYS), !(selfService && r.chance(250))),
  };
}

/**
 * `count` application requests for the first `enterprises` seeded enterprises, oldest first.
 * Deterministic in (count, seed, asOf, enterprises).
 */
export function sandboxApplicationRequests(
  count: number,
  seed = DEFAULT_SANDBOX_SEED,
  opts: { asOf: string; enterprises?: number },
): SandboxApplicationRequest[] {
  const asOfDay = toDayNumber(parseCivilDate(opts.asOf, 'asOf'));
  const pool = sandboxEnterprises(opts.enterprises ?? 2000, opts.asOf, seed);
  const out: SandboxApplicationRequest[] = [];
  for (let k = 0; k < count; k++) {
    const e = pool[rng(seed, 'application-enterprise', k).int(0, pool.length - 1)]!;
    out.push(request(seed, k, e, asOfDay));
  }
  // ISO instants with the same offset sort as strings; the sort is stable, so ties keep k order.
  return out.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
}
