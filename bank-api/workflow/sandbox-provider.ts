import { readVar } from '../config';
import { assembleProfile } from '../sources/assemble';
import { createSandboxSources } from '../sources/sandbox';
import { branchForRegion } from './branches';
import type { ProfileProvider } from './create';

export const SANDBOX_SEED = readVar('SANDBOX_SEED');

/** The profile provider over the deterministic sandbox sources (named as such in every record). */
export function sandboxProfileProvider(seed = SANDBOX_SEED): ProfileProvider {
  const sources = createSandboxSources(seed);
  return {
    name: 'sandbox',
    profile: (uscc, asOf) => assembleProfile(sources, uscc, asOf),
    branchFor: branchForRegion,
  };
}
