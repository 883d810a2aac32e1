/**
 * Enterprise search, closest peers and side-by-side comparison, within the caller's branch scope.
 * Percentiles are taken within the enterprise's industry (GB/T 4754 code) and size class across the
 * whole bank — an aggregate that reveals no other customer — widened to the industry section when
 * fewer than MIN_PEER_GROUP enterprises share the code.
 */
import type { User } from '../../shared/api/auth';
import type { Compare, CompareMetric, EnterpriseSummary } from '../../shared/api/enterprises';
import { parseCivilDate } from '../../shared/calendar/civil-date';
import { computeFeatures, type Features, type RatioFeature, ratiosWithoutBase } from '../../shared/credit/features';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { score } from '../../shared/credit/scorecard';
import { formatMoney, parseMoney } from '../../shared/money/money';
import type { Queryable } from '../db/database';
import { notFound } from '../http/problems';
import { branchScope } from '../workflow/scope';

export const MIN_PEER_GROUP = 5;
const MAX_PEER_GROUP = 3000;
/** Percentiles this far apart (or a different rating/flag) mark a difference that matters. */
export const DIFFERS_PERCENTILE_POINTS = 40;

interface EntRow {
  id: string;
  uscc: string;
  name: string;
  industry_code: string;
  size_class: string;
  region: string;
  branch_id: string;
  annual_sales_fen: string;
  profile: EnterpriseProfile;
  data_as_of: string;
  source: string;
}
const COLS = `id, uscc, name, industry_code, size_class, region, branch_id, annual_sales_fen::text AS annual_sales_fen`;
const summary = (r: EntRow): EnterpriseSummary => ({
  id: r.id,
  uscc: r.uscc,
  name: r.name,
  industryCode: r.industry_code,
  sizeClass: r.size_class,
  branchId: r.branch_id,
  annualSales: formatMoney(BigInt(r.annual_sales_fen)),
});

export async function searchEnterprises(q: Queryable, user: User, text: string, limit: number) {
  const scope = await branchScope(q, user);
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const r = await q.query<EntRow>(
    `SELECT ${COLS} FROM enterprises WHERE branch_id = ANY($1) AND (name LIKE $2 OR uscc LIKE $3) ORDER BY name, id LIMIT $4`,
    [scope, like, like.toUpperCase(), limit],
  );
  return { items: r.rows.map(summary), nextCursor: null, total: r.rows.length };
}

async function loadInScope(q: Queryable, user: User, ids: string[]): Promise<EntRow[]> {
  const scope = await branchScope(q, user);
  const r = await q.query<EntRow>(
    `SELECT ${COLS}, profile, to_char(data_as_of, 'YYYY-MM-DD') AS data_as_of, source FROM enterprises WHERE id = ANY($1) AND branch_id = ANY($2)`,
    [ids, scope],
  );
  const byId = new Map(r.rows.map((x) => [x.id, x]));
  const missing = ids.filter((id) => !byId.has(id));
  // Out of scope reads as unknown: the caller learns nothing about other branches' customers.
  if (missing.length) throw notFound(`No enterprise ${missing.join(', ')} in your scope.`);
  return ids.map((id) => byId.get(id)!);
}

/** The enterprises nearest in annual sales with the same industry and size class, in the caller's scope. */
export async function closestPeers(q: Queryable, user: User, id: string, limit: number) {
  const [e] = await loadInScope(q, user, [id]);
  const scope = await branchScope(q, user);
  const near = (industryPred: string, industry: string) =>
    q.query<EntRow>(
      `SELECT ${COLS} FROM enterprises WHERE ${industryPred} AND size_class = $2 AND id <> $3 AND branch_id = ANY($4)
       ORDER BY abs(annual_sales_fen - $5::bigint), id LIMIT $6`,
      [industry, e!.size_class, id, scope, e!.annual_sales_fen, limit],
    );
  let basis: 'industry' | 'section' = 'industry';
  let rows = (await near('industry_code = $1', e!.industry_code)).rows;
  if (rows.length < limit) {
    basis = 'section';
    rows = (await near("industry_code LIKE $1 || '%'", e!.industry_code.charAt(0))).rows;
  }
  return { items: rows.map(summary), nextCursor: null, total: rows.length, basis };
}

type Metric = Omit<CompareMetric, 'values' | 'differs'> & {
  read: (f: Features, p: EnterpriseProfile, e: EntRow) => string | null;
  /** Numeric value for percentiles; absent for text and flags. */
  num?: (f: Features) => number;
  /** A ratio feature: no figure (and no percentile, nor a place in the peers') when its base is zero. */
  ratio?: RatioFeature;
};
const pct = (bp: number) => (bp / 100).toFixed(2); // bp are integers: exact at two places
const METRICS: Metric[] = [
  { key: 'industryCode', group: 'identity', unit: 'text', higherIsBetter: null, read: (_f, _p, e) => e.industry_code },
  { key: 'sizeClass', group: 'identity', unit: 'text', higherIsBetter: null, read: (_f, _p, e) => e.size_class },
  {
    key: 'monthsInBusiness',
    group: 'identity',
    unit: 'months',
    higherIsBetter: true,
    read: (f) => String(f.monthsInBusiness),
    num: (f) => f.monthsInBusiness,
  },
  {
    key: 'annualSales',
    group: 'scale',
    unit: 'yuan',
    higherIsBetter: true,
    read: (_f, _p, e) => formatMoney(BigInt(e.annual_sales_fen)),
    num: (f) => f.annualSalesYuan,
  },
  {
    key: 'registeredCapital',
    group: 'scale',
    unit: 'yuan',
    higherIsBetter: null,
    read: (_f, p) => formatMoney(parseMoney(p.registeredCapital)),
  },
  {
    key: 'insuredHeadcount',
    group: 'scale',
    unit: 'count',
    higherIsBetter: true,
    read: (f) => String(f.insuredHeadcount),
    num: (f) => f.insuredHeadcount,
  },
  {
    key: 'salesTrend',
    group: 'growth',
    unit: 'percent',
    higherIsBetter: true,
    read: (f) => pct(f.salesTrendBp),
    num: (f) => f.salesTrendBp,
    ratio: 'salesTrendBp',
  },
  {
    key: 'inflowCv',
    group: 'cashflow',
    unit: 'percent',
    higherIsBetter: false,
    read: (f) => pct(f.inflowCvBp),
    num: (f) => f.inflowCvBp,
    ratio: 'inflowCvBp',
  },
  {
    key: 'debtToSales',
    group: 'leverage',
    unit: 'percent',
    higherIsBetter: false,
    read: (f) => pct(f.debtToSalesBp),
    num: (f) => f.debtToSalesBp,
    ratio: 'debtToSalesBp',
  },
  {
    key: 'loansOutstanding',
    group: 'leverage',
    unit: 'yuan',
    higherIsBetter: null,
    read: (_f, p) => formatMoney(parseMoney(p.bureau.loansOutstanding)),
  },
  {
    key: 'overdueCount12m',
    group: 'credit',
    unit: 'count',
    higherIsBetter: false,
    read: (f) => String(f.overdueCount12m),
    num: (f) => f.overdueCount12m,
  },
  {
    key: 'maxOverdueDays24m',
    group: 'credit',
    unit: 'days',
    higherIsBetter: false,
    read: (f) => String(f.maxOverdueDays24m),
    num: (f) => f.maxOverdueDays24m,
  },
  {
    key: 'inquiries6m',
    group: 'credit',
    unit: 'count',
    higherIsBetter: false,
    read: (f) => String(f.inquiries6m),
    num: (f) => f.inquiries6m,
  },
  { key: 'taxRating', group: 'tax', unit: 'text', higherIsBetter: null, read: (f) => f.taxRating },
  {
    key: 'courtEnforcement',
    group: 'flags',
    unit: 'flag',
    higherIsBetter: false,
    read: (f) => String(f.courtEnforcement),
  },
  {
    key: 'adminPenalties',
    group: 'flags',
    unit: 'count',
    higherIsBetter: false,
    read: (f) => String(f.adminPenalties),
    num: (f) => f.adminPenalties,
  },
  {
    key: 'abnormalOperation',
    group: 'flags',
    unit: 'flag',
    higherIsBetter: false,
    read: (f) => String(f.abnormalOperation),
  },
  {
    key: 'score',
    group: 'score',
    unit: 'count',
    higherIsBetter: true,
    read: (f) => String(score(f).score),
    num: (f) => score(f).score,
  },
  { key: 'grade', group: 'score', unit: 'text', higherIsBetter: null, read: (f) => score(f).grade },
];

/** Share (0–100) of `group` at or below `v`. */
function percentileOf(group: number[], v: number): number {
  if (group.length === 0) return 0;
  let below = 0;
  for (const x of group) if (x <= v) below++;
  return Math.round((below * 100) / group.length);
}

interface PeerGroup {
  basis: 'industry' | 'section';
  feats: Features[];
  noBase: Set<RatioFeature>[];
}

async function peerFeatures(q: Queryable, e: EntRow): Promise<PeerGroup> {
  const load = (pred: string, v: string) =>
    q.query<{ profile: EnterpriseProfile; data_as_of: string }>(
      `SELECT profile, to_char(data_as_of, 'YYYY-MM-DD') AS data_as_of FROM enterprises WHERE ${pred} AND size_class = $2 ORDER BY id LIMIT ${MAX_PEER_GROUP}`,
      [v, e.size_class],
    );
  let basis: 'industry' | 'section' = 'industry';
  let rows = (await load('industry_code = $1', e.industry_code)).rows;
  if (rows.length < MIN_PEER_GROUP) {
    basis = 'section';
    rows = (await load("industry_code LIKE $1 || '%'", e.industry_code.charAt(0))).rows;
  }
  return {
    basis,
    feats: rows.map((r) => computeFeatures(r.profile, parseCivilDate(r.data_as_of))),
    noBase: rows.map((r) => ratiosWithoutBase(r.profile)),
  };
}

export async function compareEnterprises(q: Queryable, user: User, ids: string[]): Promise<Compare> {
  const ents = await loadInScope(q, user, ids);
  const feats = ents.map((e) => computeFeatures(e.profile, parseCivilDate(e.data_as_of)));
  const noBase = ents.map((e) => ratiosWithoutBase(e.profile));
  const groups = await Promise.all(ents.map((e) => peerFeatures(q, e)));
  const metrics: CompareMetric[] = METRICS.map((m) => {
    const values = ents.map((e, i) => {
      const g = groups[i]!;
      if (m.ratio && noBase[i]!.has(m.ratio)) return { value: null, percentile: null };
      const pop = m.num ? g.feats.filter((_f, j) => !(m.ratio && g.noBase[j]!.has(m.ratio))).map(m.num) : null;
      return {
        value: m.read(feats[i]!, e.profile, e),
        percentile: pop && m.num ? percentileOf(pop, m.num(feats[i]!)) : null,
      };
    });
    const ps = values.map((v) => v.percentile).filter((x): x is number => x != null);
    const differs =
      m.unit === 'text' || m.unit === 'flag'
        ? new Set(values.map((v) => v.value)).size > 1 && m.key !== 'industryCode'
        : ps.length > 1 && Math.max(...ps) - Math.min(...ps) >= DIFFERS_PERCENTILE_POINTS;
    const { read: _r, num: _n, ratio: _ra, ...wire } = m;
    return { ...wire, values, differs };
  });
  return {
    enterprises: ents.map((e, i) => {
      const s = score(feats[i]!);
      return {
        id: e.id,
        uscc: e.uscc,
        name: e.name,
        industryCode: e.industry_code,
        sizeClass: e.size_class,
        region: e.region,
        branchId: e.branch_id,
        source: e.source,
        dataDates: { ...e.profile.asOf },
        score: {
          modelVersion: s.modelVersion,
          score: s.score,
          grade: s.grade,
          pd: s.pd,
          reasonCodes: s.reasonCodes.map((r) => ({ code: r.code, zh: r.text.zh, en: r.text.en })),
        },
        peerGroup: { basis: groups[i]!.basis, size: groups[i]!.feats.length },
        series: e.profile.monthly.map((m) => ({
          month: m.month,
          vatSales: m.vatSales,
          settlementInflow: m.settlementInflow,
        })),
      };
    }),
    metrics,
  };
}
