/**
 * A profile provider for workflow tests: the credit engine's deterministic sample generator behind the
 * same ProfileProvider interface the sandbox and real sources implement, plus a finder that picks an
 * enterprise whose assessment lands where a test needs it (by running the real engine, not by faking it).
 */
import { branchForRegion } from '../../bank-api/workflow/branches';
import type { ProfileProvider } from '../../bank-api/workflow/create';
import { sandboxProfileProvider } from '../../bank-api/workflow/sandbox-provider';
import { type Assessment, assess } from '../../shared/credit/assess';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { makeSampleProfile } from '../../shared/credit/sample-profile';
import { makeUscc } from '../../shared/ids';

const seedOf = new Map<string, number>();

export function sampleUscc(seed: number): string {
  const uscc = makeUscc(seed + 1000);
  seedOf.set(uscc, seed);
  return uscc;
}

export function sampleProfile(seed: number, asOf: string): EnterpriseProfile {
  return { ...makeSampleProfile(seed, { asOf }), uscc: sampleUscc(seed) };
}

export function testProfileProvider(): ProfileProvider {
  return {
    name: 'test-sample',
    async profile(uscc, asOf) {
      const seed = seedOf.get(uscc);
      return seed === undefined ? null : sampleProfile(seed, asOf);
    },
    branchFor: branchForRegion,
  };
}

export interface Pick {
  uscc: string;
  profile: EnterpriseProfile;
  assessment: Assessment;
}

/** The first sample enterprise (by seed) for which `want` holds on the real engine's assessment. */
export function findCase(
  app: { productCode: string; amount: string; termMonths: number; repaymentMethod: string },
  asOf: string,
  want: (a: Assessment, p: EnterpriseProfile) => boolean,
  from = 1,
): Pick {
  for (let seed = from; seed < from + 5000; seed++) {
    const profile = sampleProfile(seed, asOf);
    const assessment = assess(profile, { ...app, asOf });
    if (want(assessment, profile)) return { uscc: profile.uscc, profile, assessment };
  }
  throw new Error('no sample enterprise matches');
}

/**
 * The sandbox provider with per-USCC changes, a record of what was asked, and an optional gate (`hold()`
 * stops every profile read until the returned function is called): the monitoring job's tests.
 */
export function sandboxSourcesWithChanges() {
  const base = sandboxProfileProvider();
  const changes = new Map<string, (p: EnterpriseProfile) => EnterpriseProfile>();
  const asked: string[] = [];
  let gate: Promise<void> | null = null;
  const provider: ProfileProvider = {
    name: base.name,
    branchFor: base.branchFor,
    async profile(uscc, asOf) {
      asked.push(uscc);
      if (gate) await gate;
      const p = await base.profile(uscc, asOf);
      const change = changes.get(uscc);
      return p && change ? change(structuredClone(p)) : p;
    },
  };
  return {
    provider,
    changes,
    asked,
    hold() {
      let open = () => {};
      gate = new Promise<void>((r) => {
        open = r;
      });
      return () => {
        gate = null;
        open();
      };
    },
  };
}
