/**
 * E-licence verification (电子营业执照核验) — the source adapter's call for receiving the business
 * licence electronically. A real integration asks the market-regulation e-licence service; the sandbox
 * answers deterministically from its registry source: a licence verifies when the registry knows the
 * USCC on the day, and the answer carries the name on the register and a reference derived from the code.
 */
import { createHash } from 'node:crypto';
import { beijingDate } from '../../shared/calendar';
import { createSandboxSources, SANDBOX_SOURCE_NAME } from './sandbox';

export type LicenceVerification =
  | { verified: true; source: string; name: string; reference: string; verifiedAt: string }
  | { verified: false; source: string; reason: string };

export interface LicenceVerifier {
  readonly name: string;
  verifyLicence(uscc: string, asOf: string): Promise<LicenceVerification>;
}

export function sandboxLicenceVerifier(): LicenceVerifier {
  const sources = createSandboxSources();
  return {
    name: SANDBOX_SOURCE_NAME,
    async verifyLicence(uscc, asOf) {
      const rec = await sources.registry.fetch(uscc, asOf);
      if (!rec) return { verified: false, source: `${SANDBOX_SOURCE_NAME}:e-licence`, reason: 'not on the register' };
      const reference = `EL-${createHash('sha256').update(`e-licence:${uscc}`).digest('hex').slice(0, 16).toUpperCase()}`;
      return {
        verified: true,
        source: `${SANDBOX_SOURCE_NAME}:e-licence`,
        name: rec.name,
        reference,
        verifiedAt: asOf,
      };
    },
  };
}

let verifier: LicenceVerifier = sandboxLicenceVerifier();

/** Installs another verifier (a real integration); the sandbox one by default. */
export function setLicenceVerifier(v: LicenceVerifier) {
  verifier = v;
}

export const verifyLicence = (uscc: string, asOf = beijingDate(new Date())) => verifier.verifyLicence(uscc, asOf);
