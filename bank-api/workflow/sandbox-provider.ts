import { assembleProfile } from '../sources/assemble';
import { createSandboxSources } from '../sources/sandbox';
import type { ProfileProvider } from './create';

export const SANDBOX_SEED = process.env.SANDBOX_SEED ?? 'sandbox-2026';

/** Branch serving each region (GB/T 2260 code); the sandbox bank has branches in Shanghai and Hangzhou. */
export function branchForRegion(region: string): string {
  if (region === '310115') return 'SH-PD';
  if (region === '310104') return 'SH-XH';
  if (region.startsWith('31')) return 'SH';
  if (region === '330106') return 'HZ-XH';
  return 'HZ';
}

/** The profile provider over the deterministic sandbox sources (named as such in every record). */
export function sandboxProfileProvider(seed = SANDBOX_SEED): ProfileProvider {
  const sources = createSandboxSources(seed);
  return {
    name: 'sandbox',
    profile: (uscc, asOf) => assembleProfile(sources, uscc, asOf),
    branchFor: branchForRegion,
  };
}
