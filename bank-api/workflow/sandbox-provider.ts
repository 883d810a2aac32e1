import { assembleProfile } from '../sources/assemble';
import { createSandboxSources } from '../sources/sandbox';
import { branchForRegion } from './branches';
import type { ProfileProvider } from './create';

export const SANDBOX_SEED = process.env.SANDBOX_SEED ?? 'sandbox-2026';

/** The profile provider over the deterministic sandbox sources (named as such in every record). */
export function sandboxProfileProvider(seed = SANDBOX_SEED): ProfileProvider {
  const sources = createSandboxSources(seed);
  return {
    name: 'sandbox',
    profile: (uscc, asOf) => assembleProfile(sources, uscc, asOf),
    branchFor: branchForRegion,
  };
}
