import { describe, expect, it } from 'vitest';
import { EnterpriseProfileSchema } from '../../shared/credit/profile';
import { DomainError } from '../../shared/errors';
import { assembleEnterprise, assembleProfile, COMPLETENESS_WEIGHTS, profileMonths } from './assemble';
import { createSandboxSources, sandboxEnterprise } from './sandbox';
import type { DataSource, EnterpriseSources } from './types';

const SEED = 'assemble-test';
const AS_OF = '2026-11-27';

/** Sandbox sources with some replaced: the rest answer as usual. */
function withSources(over: Partial<EnterpriseSources>): EnterpriseSources {
  return { ...createSandboxSources(SEED), ...over };
}
const failing = { name: 'broken', fetch: async () => Promise.reject(new Error('connection reset')) };
const hanging = { name: 'slow', fetch: () => new Promise<never>(() => {}) };

/** An enterprise the sandbox has every part for (settlement, social insurance), so 100 % is reachable. */
async function fullyKnown(): Promise<string> {
  for (let i = 0; ; i++) {
    const { uscc } = sandboxEnterprise(i, SEED);
    const a = await assembleEnterprise(createSandboxSources(SEED), uscc, AS_OF);
    if (a?.profile.dataCompleteness === 100) return uscc;
  }
}

describe('assembleProfile', () => {
  it('joins every source into one dated profile that the schema accepts', async () => {
    const uscc = await fullyKnown();
    const a = (await assembleEnterprise(createSandboxSources(SEED), uscc, AS_OF))!;
    expect(EnterpriseProfileSchema.safeParse(a.profile).success).toBe(true);
    expect(a.source).toBe('sandbox');
    expect(a.profile.dataCompleteness).toBe(100);
    expect(a.profile.monthly.map((m) => m.month)).toEqual(profileMonths(AS_OF));
    expect(a.profile.monthly.at(-1)!.month).toBe('2026-10');
    expect(a.profile.asOf.registry).toBe(AS_OF);
    for (const d of Object.values(a.profile.asOf)) expect(d <= AS_OF).toBe(true);
  });

  it('weights sum to 100 and customs adds nothing', () => {
    expect(Object.values(COMPLETENESS_WEIGHTS).reduce((s, w) => s + w, 0)).toBe(100);
    expect(COMPLETENESS_WEIGHTS.customs).toBe(0);
  });

  it('counts a source that throws as missing data instead of failing', async () => {
    const uscc = await fullyKnown();
    const a = (await assembleEnterprise(withSources({ bureau: failing }), uscc, AS_OF))!;
    expect(a.outcomes.bureau).toBe('failed');
    expect(a.profile.dataCompleteness).toBe(100 - COMPLETENESS_WEIGHTS.bureau);
    // Below the instant channel's 80 %: a missing bureau report must not pass as a clean one.
    expect(a.profile.dataCompleteness).toBeLessThan(80);
    expect(a.profile.bureau).toEqual({
      loansOutstanding: '0.00',
      overdueCount12m: 0,
      maxOverdueDays24m: 0,
      inquiries6m: 0,
    });
  });

  it('counts a source that is too slow as missing data', async () => {
    const uscc = await fullyKnown();
    const a = (await assembleEnterprise(withSources({ settlement: hanging, publicFlags: hanging }), uscc, AS_OF, {
      timeoutMs: 20,
    }))!;
    expect(a.outcomes.settlement).toBe('timeout');
    expect(a.outcomes.publicFlags).toBe('timeout');
    expect(a.profile.dataCompleteness).toBe(100 - COMPLETENESS_WEIGHTS.settlement - COMPLETENESS_WEIGHTS.publicFlags);
    expect(a.profile.monthly.every((m) => m.settlementInflow === '0.00')).toBe(true);
  });

  it('asks the sources in parallel', async () => {
    const uscc = await fullyKnown();
    // Each source counts how many are asked at once, instead of timing the whole (no clock in unit tests).
    let inFlight = 0;
    let most = 0;
    const slow = <T extends { asOf: string }>(s: DataSource<T>): DataSource<T> => ({
      name: s.name,
      fetch: async (u: string, d: string) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return s.fetch(u, d);
      },
    });
    const base = createSandboxSources(SEED);
    const all: Omit<EnterpriseSources, 'name'> = {
      registry: slow(base.registry),
      tax: slow(base.tax),
      socialInsurance: slow(base.socialInsurance),
      customs: slow(base.customs),
      bureau: slow(base.bureau),
      publicFlags: slow(base.publicFlags),
      settlement: slow(base.settlement),
    };
    await assembleProfile({ ...base, ...all }, uscc, AS_OF);
    expect(most).toBe(Object.keys(all).length);
  });

  it('returns null when the registry does not know the enterprise', async () => {
    const sources = withSources({ registry: { name: 'x', fetch: async () => null } });
    expect(await assembleProfile(sources, sandboxEnterprise(0, SEED).uscc, AS_OF)).toBeNull();
  });

  it('refuses with source.registry_unavailable when the registry itself fails', async () => {
    const p = assembleProfile(withSources({ registry: failing }), sandboxEnterprise(0, SEED).uscc, AS_OF);
    await expect(p).rejects.toBeInstanceOf(DomainError);
    await expect(p).rejects.toMatchObject({ code: 'source.registry_unavailable' });
  });
});
