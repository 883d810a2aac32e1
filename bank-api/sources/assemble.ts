/**
 * Assembles an enterprise profile from the data sources: asks every source at once, joins their parts
 * into one dated EnterpriseProfile and validates it. A source that fails or is too slow is treated as
 * having no data — the profile's dataCompleteness drops and routing takes that into account — rather
 * than failing the request. Only the registry is indispensable: without it there is no enterprise.
 */
import { addMonthsClamped, parseCivilDate } from '../../shared/calendar/civil-date';
import { type EnterpriseProfile, parseEnterpriseProfile } from '../../shared/credit/profile';
import { DomainError } from '../../shared/errors';
import type { CustomsRecord, EnterpriseSources, SourceKey } from './types';

/**
 * How much each source adds to dataCompleteness (sums to 100). The bureau and the public lists each
 * weigh 25 so that losing either one takes a case below the instant channel's 80 % (shared/credit/
 * routing.ts): their absence would otherwise read as a clean record. Customs is optional: most SMEs
 * do not trade across the border, so its absence says nothing.
 */
export const COMPLETENESS_WEIGHTS: Readonly<Record<SourceKey, number>> = {
  registry: 10,
  tax: 25,
  bureau: 25,
  publicFlags: 25,
  socialInsurance: 5,
  settlement: 10,
  customs: 0,
};

/** How long a source may take before its part counts as missing. */
export const SOURCE_TIMEOUT_MS = 2_000;
/** Months of figures in a profile: the 24 complete months before the as-of date. */
export const PROFILE_MONTHS = 24;

export type SourceOutcome = 'ok' | 'not_found' | 'failed' | 'timeout';

export interface AssembledEnterprise {
  profile: EnterpriseProfile;
  /** What each source did; 'failed' and 'timeout' lowered the completeness. */
  outcomes: Record<SourceKey, SourceOutcome>;
  /** Customs figures are not part of the scored profile; kept for display. */
  customs: CustomsRecord | null;
  /** The sources' name, e.g. 'sandbox'. */
  source: string;
}

export interface AssembleOptions {
  timeoutMs?: number;
}

const SOURCE_KEYS: readonly SourceKey[] = [
  'registry',
  'tax',
  'socialInsurance',
  'customs',
  'bureau',
  'publicFlags',
  'settlement',
];

type Answer<T> = { outcome: 'ok'; value: T } | { outcome: Exclude<SourceOutcome, 'ok'>; value: null };

async function ask<T>(call: () => Promise<T | null>, timeoutMs: number): Promise<Answer<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const pending = Promise.resolve().then(call);
    pending.catch(() => {}); // a late failure after the timeout must not surface as unhandled
    const r = await Promise.race([pending, timeout]);
    if (r === 'timeout') return { outcome: 'timeout', value: null };
    return r === null ? { outcome: 'not_found', value: null } : { outcome: 'ok', value: r };
  } catch {
    return { outcome: 'failed', value: null };
  } finally {
    clearTimeout(timer);
  }
}

/** The months a profile covers for `asOf`: PROFILE_MONTHS complete months, oldest first. */
export function profileMonths(asOf: string): string[] {
  const d = parseCivilDate(asOf, 'asOf');
  const first = addMonthsClamped({ year: d.year, month: d.month, day: 1 }, -PROFILE_MONTHS);
  const out: string[] = [];
  for (let i = 0; i < PROFILE_MONTHS; i++) {
    const m = addMonthsClamped(first, i);
    out.push(`${m.year}-${String(m.month).padStart(2, '0')}`);
  }
  return out;
}

/**
 * The profile and what each source did, or null when the registry does not know the USCC.
 * Throws DomainError `source.registry_unavailable` when the registry itself fails.
 */
export async function assembleEnterprise(
  sources: EnterpriseSources,
  uscc: string,
  asOf: string,
  opts: AssembleOptions = {},
): Promise<AssembledEnterprise | null> {
  const months = profileMonths(asOf);
  const t = opts.timeoutMs ?? SOURCE_TIMEOUT_MS;
  const [registry, tax, socialInsurance, customs, bureau, publicFlags, settlement] = await Promise.all([
    ask(() => sources.registry.fetch(uscc, asOf), t),
    ask(() => sources.tax.fetch(uscc, asOf), t),
    ask(() => sources.socialInsurance.fetch(uscc, asOf), t),
    ask(() => sources.customs.fetch(uscc, asOf), t),
    ask(() => sources.bureau.fetch(uscc, asOf), t),
    ask(() => sources.publicFlags.fetch(uscc, asOf), t),
    ask(() => sources.settlement.fetch(uscc, asOf), t),
  ]);
  if (registry.outcome === 'not_found') return null;
  if (registry.value === null) {
    throw new DomainError(
      'source.registry_unavailable',
      'The business registry did not answer; the enterprise cannot be identified. Try again shortly.',
      'uscc',
      { outcome: registry.outcome },
    );
  }
  const answers = { registry, tax, socialInsurance, customs, bureau, publicFlags, settlement };
  const outcomes = Object.fromEntries(SOURCE_KEYS.map((k) => [k, answers[k].outcome])) as Record<
    SourceKey,
    SourceOutcome
  >;
  // A source that answered "not found" had nothing to give, which is just as incomplete as a failure.
  let completeness = 0;
  for (const k of SOURCE_KEYS) if (outcomes[k] === 'ok') completeness += COMPLETENESS_WEIGHTS[k];

  const sales = new Map(tax.value?.monthly.map((m) => [m.month, m]) ?? []);
  const flows = new Map(settlement.value?.monthly.map((m) => [m.month, m]) ?? []);
  const r = registry.value;
  const profile = parseEnterpriseProfile({
    uscc,
    name: r.name,
    legalRepName: r.legalRepName,
    legalRepId: r.legalRepId,
    establishedDate: r.establishedDate,
    registeredCapital: r.registeredCapital,
    industryCode: r.industryCode,
    sizeClass: r.sizeClass,
    region: r.region,
    // Without a tax answer the rating is unknown; M (new or unrated taxpayer) is the neutral rating.
    taxRating: tax.value?.rating ?? 'M',
    insuredHeadcount: socialInsurance.value?.insuredHeadcount ?? 0,
    monthly: months.map((month) => ({
      month,
      vatSales: sales.get(month)?.vatSales ?? '0.00',
      settlementInflow: flows.get(month)?.inflow ?? '0.00',
      settlementOutflow: flows.get(month)?.outflow ?? '0.00',
      taxPaid: sales.get(month)?.taxPaid ?? '0.00',
    })),
    bureau: bureau.value
      ? {
          loansOutstanding: bureau.value.loansOutstanding,
          overdueCount12m: bureau.value.overdueCount12m,
          maxOverdueDays24m: bureau.value.maxOverdueDays24m,
          inquiries6m: bureau.value.inquiries6m,
        }
      : { loansOutstanding: '0.00', overdueCount12m: 0, maxOverdueDays24m: 0, inquiries6m: 0 },
    publicFlags: publicFlags.value
      ? {
          courtEnforcement: publicFlags.value.courtEnforcement,
          adminPenalties: publicFlags.value.adminPenalties,
          abnormalOperation: publicFlags.value.abnormalOperation,
        }
      : { courtEnforcement: false, adminPenalties: 0, abnormalOperation: false },
    relations: r.relations,
    dataCompleteness: completeness,
    // A missing part carries the request date: its absence counts in completeness, not in staleness.
    asOf: {
      registry: r.asOf,
      tax: tax.value?.asOf ?? asOf,
      socialInsurance: socialInsurance.value?.asOf ?? asOf,
      bureau: bureau.value?.asOf ?? asOf,
      settlement: settlement.value?.asOf ?? asOf,
    },
  });
  return { profile, outcomes, customs: customs.value, source: sources.name };
}

/** The enterprise's profile as of `asOf`, or null when the registry does not know the USCC. */
export async function assembleProfile(
  sources: EnterpriseSources,
  uscc: string,
  asOf: string,
  opts: AssembleOptions = {},
): Promise<EnterpriseProfile | null> {
  return (await assembleEnterprise(sources, uscc, asOf, opts))?.profile ?? null;
}
