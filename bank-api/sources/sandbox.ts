/**
 * The SANDBOX data source: a deterministic generator of realistic enterprises behind the same adapter
 * interfaces as the real registry, tax, social insurance, customs, bureau, public-list and settlement
 * sources. Everything derives from the seed, the USCC and the as-of date — no clock, no Math.random —
 * so the same question always gets the same answer. Every profile it produces is recorded under the
 * source name 'sandbox'. Not real data: for demos, tests and benchmarks only.
 */
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import type { SizeClass } from '../../shared/credit/profile';
import { DomainError } from '../../shared/errors';
import { checkUscc, makeUscc } from '../../shared/ids/uscc';
import { PROFILE_MONTHS } from './assemble';
import { hash32, rng } from './random';
import { SEED_REGIONS } from './sandbox-catalogue';
import { money, monthSeries } from './sandbox-series';
import { enterpriseTraits, isRegistryKind, type Traits } from './sandbox-traits';
import type {
  BureauRecord,
  CustomsRecord,
  DataSource,
  EnterpriseSources,
  PublicFlagsRecord,
  RegistryRecord,
  SettlementRecord,
  SocialInsuranceRecord,
  TaxRecord,
} from './types';

export const SANDBOX_SOURCE_NAME = 'sandbox';
export const DEFAULT_SANDBOX_SEED = 'sandbox-2026';
const WAN_FEN = 1_000_000;
const TRAITS_CACHE_LIMIT = 50_000;

/** One of the enterprises the sandbox seeds, by index. */
export interface SandboxEnterprise {
  index: number;
  uscc: string;
  name: string;
  region: string;
  industryCode: string;
  sizeClass: SizeClass;
  establishedDate: string;
}

export interface SandboxSources extends EnterpriseSources {
  readonly seed: string;
  /** The i-th seeded enterprise (i ≥ 0). */
  enterprise(index: number): SandboxEnterprise;
  /** The generator's hidden facts about an enterprise (risk, events); null for a code it does not know. */
  traits(uscc: string): Traits | null;
}

/** The USCC of the i-th seeded enterprise: distinct for every i below 10^8. */
export function sandboxUscc(seed: string, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 100_000_000) throw new RangeError('index must be 0 … 10^8 − 1');
  // 54435761 is coprime to 10^8, so i ↦ body is a bijection on 8-digit bodies.
  const body = (index * 54_435_761 + hash32(seed, 'uscc-offset')) % 100_000_000;
  const region = rng(seed, 'enterprise-region', index).weighted(SEED_REGIONS);
  return makeUscc(String(body).padStart(8, '0'), region);
}

function toSandboxEnterprise(t: Traits, index: number): SandboxEnterprise {
  return {
    index,
    uscc: t.uscc,
    name: t.name,
    region: t.region,
    industryCode: t.industry.code,
    sizeClass: t.sizeClass,
    establishedDate: formatCivilDate(fromDayNumber(t.establishedDay)),
  };
}

/** The i-th seeded enterprise of the sandbox with `seed`. */
export function sandboxEnterprise(index: number, seed = DEFAULT_SANDBOX_SEED): SandboxEnterprise {
  return toSandboxEnterprise(enterpriseTraits(seed, sandboxUscc(seed, index)), index);
}

/**
 * The seeded enterprises on `asOf`: the first `count` indices whose enterprise was founded by then
 * (with the default world, all of them from 2026-10 on).
 */
export function sandboxEnterprises(count: number, asOf: string, seed = DEFAULT_SANDBOX_SEED): SandboxEnterprise[] {
  parseCivilDate(asOf, 'asOf');
  const out: SandboxEnterprise[] = [];
  for (let i = 0; out.length < count; i++) {
    if (i > count * 20 + 1000) {
      throw new DomainError('sandbox.as_of_too_early', `Too few sandbox enterprises existed on ${asOf}`, 'asOf');
    }
    const e = sandboxEnterprise(i, seed);
    if (e.establishedDate <= asOf) out.push(e);
  }
  return out;
}

const dateOf = (d: number) => formatCivilDate(fromDayNumber(d));

interface Ask {
  t: Traits;
  day: number;
  /** Absolute month index of the as-of date. */
  month: number;
}

export function createSandboxSources(seed = DEFAULT_SANDBOX_SEED): SandboxSources {
  const cache = new Map<string, Traits | null>();
  const traits = (uscc: string): Traits | null => {
    let t = cache.get(uscc);
    if (t === undefined) {
      t = checkUscc(uscc).ok && isRegistryKind(uscc) ? enterpriseTraits(seed, uscc) : null;
      if (cache.size >= TRAITS_CACHE_LIMIT) cache.clear();
      cache.set(uscc, t);
    }
    return t;
  };
  /** A source over the traits: knows nothing of codes it does not know or enterprises not yet founded. */
  const source = <T extends { asOf: string }>(answer: (a: Ask, asOf: string) => T | null): DataSource<T> => ({
    name: SANDBOX_SOURCE_NAME,
    async fetch(uscc, asOf) {
      const t = traits(uscc);
      const c = parseCivilDate(asOf, 'asOf');
      const day = toDayNumber(c);
      if (!t || t.establishedDay > day) return null;
      return answer({ t, day, month: c.year * 12 + c.month - 1 }, asOf);
    },
  });
  const window = (a: Ask) => monthSeries(a.t, a.month - PROFILE_MONTHS, a.month - 1);

  const registry = source<RegistryRecord>(({ t }, asOf) => ({
    asOf,
    name: t.name,
    legalRepName: t.legalRepName,
    legalRepId: t.legalRepId,
    establishedDate: dateOf(t.establishedDay),
    registeredCapital: money(t.registeredCapitalWan * WAN_FEN),
    industryCode: t.industry.code,
    sizeClass: t.sizeClass,
    region: t.region,
    relations: t.relations.map((r) => ({ ...r })),
  }));

  const tax = source<TaxRecord>((a, asOf) => ({
    asOf: dateOf(a.day - rng(seed, a.t.uscc, 'tax-lag', asOf).int(1, 20)),
    // New taxpayers (under a year) are rated M until their first annual evaluation.
    rating: a.day - a.t.establishedDay < 365 ? 'M' : a.t.seasonedRating,
    monthly: window(a).map((m) => ({ month: m.month, vatSales: money(m.salesFen), taxPaid: money(m.taxPaidFen) })),
  }));

  const socialInsurance = source<SocialInsuranceRecord>((a) => {
    const { t } = a;
    if (t.headcount === null) return null;
    const drift = 1000 + Math.trunc((t.trendPermillePerYear * (a.month - 2025 * 12)) / 24);
    const noise = rng(seed, t.uscc, 'headcount', a.month).int(950, 1050);
    const c = fromDayNumber(a.day);
    return {
      // Contributions are settled monthly: the figure is as of the end of the previous month.
      asOf: dateOf(toDayNumber({ year: c.year, month: c.month, day: 1 }) - 1),
      insuredHeadcount: Math.max(1, Math.trunc((t.headcount * Math.max(300, drift) * noise) / 1_000_000)),
    };
  });

  const customs = source<CustomsRecord>((a, asOf) => {
    const c = a.t.customs;
    if (!c) return null;
    return {
      asOf: dateOf(a.day - rng(seed, a.t.uscc, 'customs-lag', asOf).int(5, 20)),
      monthly: window(a).map((m) => ({
        month: m.month,
        exports: money(m.exportsFen),
        ...(c.importPermille ? { imports: money(m.importsFen) } : {}),
      })),
    };
  });

  const bureau = source<BureauRecord>((a, asOf) => {
    const { t, day } = a;
    const r = rng(seed, t.uscc, 'bureau', a.month);
    let overdueCount12m = 0;
    let maxOverdueDays24m = 0;
    for (const s of t.overdue) {
      if (s.from < t.establishedDay || s.from >= day) continue;
      const days = Math.min(s.days, day - s.from);
      if (s.from > day - 365) overdueCount12m += Math.ceil(days / 30);
      if (s.from > day - 730) maxOverdueDays24m = Math.max(maxOverdueDays24m, days);
    }
    const loansYuan = Math.trunc((t.monthlySalesYuan * 12 * t.debtPermille * r.int(900, 1100)) / 1_000_000);
    return {
      asOf: dateOf(day - rng(seed, t.uscc, 'bureau-lag', asOf).int(0, 3)),
      loansOutstanding: money(Math.trunc(loansYuan / 100) * 100 * 100),
      overdueCount12m,
      maxOverdueDays24m,
      inquiries6m: t.risk < 700 ? r.int(0, 3) : t.risk < 900 ? r.int(1, 5) : r.int(2, 12),
    };
  });

  const publicFlags = source<PublicFlagsRecord>(({ t, day }, asOf) => ({
    asOf: dateOf(day - rng(seed, t.uscc, 'flags-lag', asOf).int(0, 1)),
    courtEnforcement: t.courtCase !== null && t.courtCase.from <= day && day < t.courtCase.to,
    adminPenalties: t.penalties.filter((p) => p >= t.establishedDay && p <= day && p > day - 730).length,
    abnormalOperation: t.abnormal !== null && t.abnormal.from <= day && day < t.abnormal.to,
  }));

  const settlement = source<SettlementRecord>((a) => {
    const s = a.t.settlement;
    if (!s || s.openedDay > a.day) return null;
    return {
      asOf: dateOf(a.day - 1),
      monthly: window(a)
        .filter((m) => m.inflowFen > 0 || m.outflowFen > 0)
        .map((m) => ({ month: m.month, inflow: money(m.inflowFen), outflow: money(m.outflowFen) })),
    };
  });

  return {
    name: SANDBOX_SOURCE_NAME,
    seed,
    registry,
    tax,
    socialInsurance,
    customs,
    bureau,
    publicFlags,
    settlement,
    enterprise: (index) => toSandboxEnterprise(traits(sandboxUscc(seed, index))!, index),
    traits,
  };
}
