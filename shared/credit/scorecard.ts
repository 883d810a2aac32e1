import { formatRatePercent } from '../money/money';
import type { Features } from './features';
import type { Bilingual, Grade } from './grades';

/**
 * The points scorecard. Each factor maps one feature to points through ordered bins; the total plus
 * BASE_SCORE is the score, and the score maps to a probability of default by the usual scorecard scaling
 * (odds good:bad = 50:1 at 600, doubling every 40 points): PD = 1 / (1 + 50·2^((score − 600)/40)).
 *
 * 2^(k/40) comes from an integer table (1e15 scale, computed to 40 digits offline), so PD is exact bigint
 * arithmetic and identical on every machine. Grades cut PD at 1 %, 2 %, 4 % and 8 %.
 */
export const SCORECARD_VERSION = 'SC-2025.1';
export const BASE_SCORE = 300;
const PIVOT_SCORE = 600;
const PIVOT_ODDS = 50n;
const PDO = 40;
/** PD as a fraction scaled by 1e8: 1 % = 1_000_000. */
export const PD_SCALE = 100_000_000n;
const T_SCALE = 1_000_000_000_000_000n;
const POW2_FRAC = [
  1000000000000000n,
  1017479692102686n,
  1035264923841378n,
  1053361035954836n,
  1071773462536293n,
  1090507732665258n,
  1109569472067845n,
  1128964404806131n,
  1148698354997035n,
  1168777248561246n,
  1189207115002721n,
  1209994089219293n,
  1231144413344916n,
  1252664438624128n,
  1274560627319262n,
  1296839554651010n,
  1319507910772894n,
  1342572502780263n,
  1366040256754396n,
  1389918219842337n,
  1414213562373095n,
  1438933580010820n,
  1464085695945625n,
  1489677463122702n,
  1515716566510398n,
  1542210825407941n,
  1569168195793501n,
  1596596772713300n,
  1624504792712471n,
  1652900636308423n,
  1681792830507429n,
  1711190051365204n,
  1741101126592248n,
  1771535038204721n,
  1802500925221660n,
  1834008086409342n,
  1866065983073615n,
  1898684241901038n,
  1931872657849691n,
  1965641197090502n,
] as const;

export const GRADE_PD_CUTOFFS: readonly (readonly [Grade, bigint])[] = [
  ['A', 1_000_000n],
  ['B', 2_000_000n],
  ['C', 4_000_000n],
  ['D', 8_000_000n],
];

type Bin<V> = readonly [test: (v: V) => boolean, points: number];

interface Factor<V> {
  id: string;
  /** Reason code used when this factor costs points. */
  code: string;
  name: Bilingual;
  /** Explanation shown when the factor costs points; `{v}` is the fact value. */
  why: Bilingual;
  read: (f: Features) => V;
  show: (v: V) => string;
  bins: readonly Bin<V>[];
  max: number;
}

/** Basis points as a percent with two places, by integer arithmetic: 1234 → "12.34%". */
const pct = (bp: number) => {
  const a = Math.abs(bp);
  return `${bp < 0 ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}%`;
};
const INDUSTRY_POINTS: Readonly<Record<string, number>> = {
  // Lower risk for SME lending: manufacturing, IT, science & tech, health, education, utilities.
  C: 30,
  I: 30,
  M: 30,
  Q: 30,
  P: 28,
  D: 28,
  // Medium: agriculture, trade, transport, business services, residents' services, culture.
  A: 20,
  F: 20,
  G: 20,
  L: 20,
  O: 20,
  R: 18,
  N: 18,
  H: 15,
  // Higher: construction, mining, real estate, finance.
  E: 10,
  B: 8,
  K: 5,
  J: 5,
};

function factor<V>(f: Factor<V>): Factor<V> {
  return f;
}

export const FACTORS = [
  factor<number>({
    id: 'years_in_business',
    code: 'SC_YEARS_SHORT',
    name: { zh: '经营年限', en: 'Years in business' },
    why: { zh: '经营年限较短（{v}）', en: 'Short time in business ({v})' },
    read: (f) => f.monthsInBusiness,
    show: (m) => `${Math.floor(m / 12)}y${m % 12}m`,
    bins: [
      [(m) => m >= 120, 50],
      [(m) => m >= 60, 45],
      [(m) => m >= 36, 35],
      [(m) => m >= 24, 25],
      [(m) => m >= 12, 15],
      [() => true, 0],
    ],
    max: 50,
  }),
  factor<string>({
    id: 'tax_rating',
    code: 'SC_TAX_RATING_LOW',
    name: { zh: '纳税信用等级', en: 'Tax credit rating' },
    why: { zh: '纳税信用等级偏低（{v} 级）', en: 'Low tax credit rating ({v})' },
    read: (f) => f.taxRating,
    show: (r) => r,
    bins: [
      [(r) => r === 'A', 60],
      [(r) => r === 'B', 45],
      [(r) => r === 'M', 30],
      [(r) => r === 'C', 10],
      [() => true, 0],
    ],
    max: 60,
  }),
  factor<number>({
    id: 'sales_level',
    code: 'SC_SALES_LOW',
    name: { zh: '年销售规模', en: 'Annual sales' },
    why: { zh: '近 12 个月销售额偏低（{v} 元）', en: 'Low sales in the last 12 months ({v} yuan)' },
    read: (f) => f.annualSalesYuan,
    show: (y) => String(y),
    bins: [
      [(y) => y >= 30_000_000, 45],
      [(y) => y >= 10_000_000, 40],
      [(y) => y >= 3_000_000, 30],
      [(y) => y >= 1_000_000, 20],
      [() => true, 10],
    ],
    max: 45,
  }),
  factor<number>({
    id: 'sales_trend',
    code: 'SC_SALES_DECLINING',
    name: { zh: '销售趋势', en: 'Sales trend' },
    why: { zh: '销售额下滑或增长乏力（{v}）', en: 'Sales falling or flat ({v})' },
    read: (f) => f.salesTrendBp,
    show: pct,
    bins: [
      [(b) => b > 3000, 40],
      [(b) => b > 1000, 35],
      [(b) => b >= -1000, 25],
      [(b) => b >= -3000, 10],
      [() => true, 0],
    ],
    max: 40,
  }),
  factor<number>({
    id: 'inflow_stability',
    code: 'SC_INFLOW_VOLATILE',
    name: { zh: '结算流入稳定性', en: 'Settlement inflow stability' },
    why: { zh: '结算流入波动大（变异系数 {v}）', en: 'Volatile settlement inflow (coefficient of variation {v})' },
    read: (f) => f.inflowCvBp,
    show: pct,
    bins: [
      [(b) => b <= 2000, 40],
      [(b) => b <= 3500, 30],
      [(b) => b <= 5000, 20],
      [(b) => b <= 8000, 10],
      [() => true, 0],
    ],
    max: 40,
  }),
  factor<number>({
    id: 'debt_to_sales',
    code: 'SC_DEBT_HIGH',
    name: { zh: '负债销售比', en: 'Debt to sales' },
    why: { zh: '负债相对销售额偏高（{v}）', en: 'High debt relative to sales ({v})' },
    read: (f) => f.debtToSalesBp,
    show: pct,
    bins: [
      [(b) => b <= 2000, 45],
      [(b) => b <= 4000, 35],
      [(b) => b <= 6000, 20],
      [(b) => b <= 10000, 10],
      [() => true, 0],
    ],
    max: 45,
  }),
  factor<readonly [number, number]>({
    id: 'overdue_history',
    code: 'SC_OVERDUE_HISTORY',
    name: { zh: '逾期记录', en: 'Overdue history' },
    why: { zh: '存在逾期记录（近 12 月 {v}）', en: 'Overdue record (12-month count / longest days: {v})' },
    read: (f) => [f.overdueCount12m, f.maxOverdueDays24m] as const,
    show: ([c, d]) => `${c}/${d}d`,
    bins: [
      [([c, d]) => c === 0 && d === 0, 60],
      [([c, d]) => c <= 2 && d <= 30, 35],
      [([, d]) => d <= 60, 15],
      [() => true, 0],
    ],
    max: 60,
  }),
  factor<number>({
    id: 'inquiries',
    code: 'SC_INQUIRIES_MANY',
    name: { zh: '近期征信查询', en: 'Recent credit inquiries' },
    why: { zh: '近 6 个月征信查询较多（{v} 次）', en: 'Many credit inquiries in 6 months ({v})' },
    read: (f) => f.inquiries6m,
    show: String,
    bins: [
      [(n) => n <= 2, 30],
      [(n) => n <= 4, 20],
      [(n) => n <= 7, 10],
      [() => true, 0],
    ],
    max: 30,
  }),
  factor<readonly [boolean, number, boolean]>({
    id: 'public_flags',
    code: 'SC_PUBLIC_FLAGS',
    name: { zh: '公共负面信息', en: 'Public negative records' },
    why: { zh: '存在公共负面信息（{v}）', en: 'Public negative records ({v})' },
    read: (f) => [f.courtEnforcement, f.adminPenalties, f.abnormalOperation] as const,
    show: ([c, p, a]) => `enforcement=${c ? 1 : 0} penalties=${p} abnormal=${a ? 1 : 0}`,
    bins: [
      [([c]) => c, 0],
      [([, , a]) => a, 5],
      [([, p]) => p >= 2, 5],
      [([, p]) => p === 1, 25],
      [() => true, 40],
    ],
    max: 40,
  }),
  factor<string>({
    id: 'industry_risk',
    code: 'SC_INDUSTRY_RISK',
    name: { zh: '行业风险', en: 'Industry risk' },
    why: { zh: '所属行业风险较高（门类 {v}）', en: 'Higher-risk industry (section {v})' },
    read: (f) => f.industrySection,
    show: (s) => s,
    bins: [[() => true, 0]],
    max: 30,
  }),
] as const;

export interface FactorScore {
  factor: string;
  points: number;
  maxPoints: number;
  value: string;
}

export interface ReasonCode {
  code: string;
  factor: string;
  /** Points this factor cost against its maximum. */
  pointsLost: number;
  value: string;
  text: Bilingual;
}

export interface ScoreResult {
  modelVersion: string;
  points: number;
  score: number;
  /** PD as a percent string with four places ("1.9608"). */
  pd: string;
  /** PD as a fraction scaled by PD_SCALE, for exact comparisons. */
  pdScaled: bigint;
  grade: Grade;
  factors: FactorScore[];
  reasonCodes: ReasonCode[];
}

/** How many of the costliest factors are reported as reason codes. */
export const MAX_REASON_CODES = 4;
/** A factor is a reason only when it cost at least this many points: a near-best value explains nothing. */
export const MIN_REASON_POINTS_LOST = 10;

function pointsFor<V>(f: Factor<V>, v: V): number {
  if (f.id === 'industry_risk') return INDUSTRY_POINTS[v as string] ?? 15;
  for (const [t, p] of f.bins) if (t(v)) return p;
  return 0;
}

/** PD (scaled by PD_SCALE) for a score, exactly: 1 / (1 + 50·2^((score − 600)/40)). */
export function pdForScore(score: number): bigint {
  const e = score - PIVOT_SCORE;
  const q = Math.floor(e / PDO);
  const r = e - q * PDO;
  let odds = PIVOT_ODDS * POW2_FRAC[r]!;
  let den = T_SCALE;
  if (q >= 0) odds <<= BigInt(q);
  else den <<= BigInt(-q);
  // PD = 1 / (1 + odds/den) = den / (den + odds)
  const n = den * PD_SCALE;
  const d = den + odds;
  return (n + d / 2n) / d;
}

export function gradeForPd(pdScaled: bigint): Grade {
  for (const [g, cut] of GRADE_PD_CUTOFFS) if (pdScaled < cut) return g;
  return 'E';
}

export function score(features: Features): ScoreResult {
  let points = 0;
  const factors: FactorScore[] = [];
  const losses: ReasonCode[] = [];
  for (const f of FACTORS as readonly Factor<unknown>[]) {
    const v = f.read(features);
    const p = pointsFor(f, v);
    const shown = f.show(v);
    points += p;
    factors.push({ factor: f.id, points: p, maxPoints: f.max, value: shown });
    if (f.max - p >= MIN_REASON_POINTS_LOST) {
      losses.push({
        code: f.code,
        factor: f.id,
        pointsLost: f.max - p,
        value: shown,
        text: { zh: f.why.zh.replace('{v}', shown), en: f.why.en.replace('{v}', shown) },
      });
    }
  }
  // Stable: ties keep the factor order.
  losses.sort((a, b) => b.pointsLost - a.pointsLost);
  const s = BASE_SCORE + points;
  const pdScaled = pdForScore(s);
  return {
    modelVersion: SCORECARD_VERSION,
    points,
    score: s,
    pd: formatRatePercent(pdScaled, 4, PD_SCALE),
    pdScaled,
    grade: gradeForPd(pdScaled),
    factors,
    reasonCodes: losses.slice(0, MAX_REASON_CODES),
  };
}
