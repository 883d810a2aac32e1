import { addMonthsClamped, formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../calendar/civil-date';
import { makeResidentId } from '../ids/resident-id';
import { makeUscc } from '../ids/uscc';
import { formatMoney } from '../money/money';
import type { EnterpriseProfile, MonthlyFigures, SizeClass, TaxRating } from './profile';

/**
 * Deterministic sample enterprises for tests, benches and the sandbox data source: the same seed and
 * date always give the same profile, with valid identifiers. Integer PRNG (mulberry32) — no Math.random.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const NAMES = ['华信', '嘉禾', '恒通', '瑞丰', '宏远', '鑫源', '博达', '金泰', '长青', '中科'];
const TRADES = [
  ['C3311', '金属结构制造'],
  ['F5199', '贸易'],
  ['I6513', '软件开发'],
  ['G5431', '道路货物运输'],
  ['H6210', '餐饮管理'],
  ['E4710', '建筑工程'],
  ['C1819', '服装制造'],
  ['M7320', '工程技术研究'],
] as const;
const REGIONS = ['310115', '440305', '330106', '320505', '110108', '510107'];
const RATINGS: readonly TaxRating[] = ['A', 'A', 'B', 'B', 'B', 'M', 'M', 'C', 'D'];

export interface SampleOptions {
  /** Profile date (YYYY-MM-DD); the monthly series ends with the month before it. */
  asOf: string;
  months?: 12 | 24;
  sizeClass?: SizeClass;
}

export function makeSampleProfile(seed: number, opts: SampleOptions): EnterpriseProfile {
  const next = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[next() % xs.length]!;
  const between = (lo: number, hi: number) => lo + (next() % (hi - lo + 1));
  const asOf = parseCivilDate(opts.asOf, 'asOf');
  const nMonths = opts.months ?? 24;
  const [industryCode, trade] = pick(TRADES);
  const region = pick(REGIONS);
  const size = opts.sizeClass ?? pick(['micro', 'small', 'small', 'medium'] as const);
  // Monthly sales base in yuan by size; trend and noise in per-mille, all integers.
  const base =
    size === 'micro'
      ? between(40_000, 200_000)
      : size === 'small'
        ? between(200_000, 1_500_000)
        : between(1_500_000, 6_000_000);
  const trendPermille = between(-40, 50);
  const noisePermille = pick([50, 100, 200, 400, 700]);
  const monthly: MonthlyFigures[] = [];
  const first = addMonthsClamped({ year: asOf.year, month: asOf.month, day: 1 }, -nMonths);
  for (let i = 0; i < nMonths; i++) {
    const d = addMonthsClamped(first, i);
    const level = Math.max(1_000, base + Math.trunc((base * trendPermille * (i - nMonths / 2)) / 12_000));
    const noise = (x: number) =>
      Math.max(0, x + Math.trunc((x * (between(0, 2 * noisePermille) - noisePermille)) / 1000));
    const sales = BigInt(noise(level)) * 100n + BigInt(between(0, 99));
    const inflow = (sales * BigInt(between(700, 1100))) / 1000n;
    monthly.push({
      month: `${d.year}-${String(d.month).padStart(2, '0')}`,
      vatSales: formatMoney(sales),
      settlementInflow: formatMoney(inflow),
      settlementOutflow: formatMoney((inflow * BigInt(between(800, 1000))) / 1000n),
      taxPaid: formatMoney((sales * BigInt(between(10, 40))) / 1000n),
    });
  }
  const established = fromDayNumber(toDayNumber(asOf) - between(200, 6000));
  const risky = next() % 10 === 0;
  const sourceDate = (lagDays: number) => formatCivilDate(fromDayNumber(toDayNumber(asOf) - lagDays));
  return {
    uscc: makeUscc(String(between(10_000_000, 99_999_999)), region),
    name: `${pick(NAMES)}${trade}有限公司`,
    legalRepName: pick(['王', '李', '张', '刘', '陈']) + pick(['伟', '芳', '敏', '静', '强', '磊']),
    legalRepId: makeResidentId({
      region,
      birthDate: formatCivilDate({ year: between(1960, 1995), month: between(1, 12), day: between(1, 28) }),
      sequence: between(0, 999),
    }),
    establishedDate: formatCivilDate(established),
    registeredCapital: formatMoney(BigInt(pick([100_000, 500_000, 1_000_000, 5_000_000, 10_000_000])) * 100n),
    industryCode,
    sizeClass: size,
    region,
    taxRating: pick(RATINGS),
    insuredHeadcount: size === 'micro' ? between(1, 10) : size === 'small' ? between(10, 100) : between(100, 300),
    monthly,
    bureau: {
      loansOutstanding: formatMoney(BigInt(base * between(0, 8)) * 100n),
      overdueCount12m: risky ? between(1, 5) : pick([0, 0, 0, 0, 1]),
      maxOverdueDays24m: risky ? between(10, 120) : pick([0, 0, 0, 0, 5]),
      inquiries6m: between(0, risky ? 14 : 5),
    },
    publicFlags: {
      courtEnforcement: risky && next() % 3 === 0,
      adminPenalties: pick([0, 0, 0, 0, 0, 1, 2]),
      abnormalOperation: risky && next() % 4 === 0,
    },
    relations: [],
    dataCompleteness: pick([55, 70, 85, 90, 95, 100]),
    asOf: {
      registry: sourceDate(between(0, 3)),
      tax: sourceDate(between(1, 40)),
      socialInsurance: sourceDate(between(1, 40)),
      bureau: sourceDate(between(0, 10)),
      settlement: sourceDate(1),
    },
  };
}
