/**
 * From the bank network settings to what main uses: the bank API's base URL, the transport, the extra
 * CAs for Electron's certificate check, and — when anything is wrong — the one message the window
 * shows instead of the sign-in (nothing is sent to the bank then). Plain Node: main.ts hands in
 * Electron's `net.fetch`; browser mode and tests pass none and get Node's transport.
 */
import { DEFAULT_BANK_API_URL, describeProblems, type NetworkConfigResult } from './config';
import { loadTlsMaterial, trustedByExtraCa } from './tls';
import { type BankFetch, nodeTransport, refusingFetch } from './transport';

export interface BankNetwork {
  baseUrl: string;
  fetch: BankFetch;
  /** Which stack carries the requests (shown in the log and the README's support notes). */
  stack: 'electron-net' | 'node' | 'refused';
  /** PEM certificates trusted in addition to the system's (Electron: through setCertificateVerifyProc). */
  extraCa: string[];
  /** What is wrong with the settings, for the window; null when the bank may be called. */
  problem: string | null;
}

/**
 * Electron's net.fetch when given, except with a client certificate: Chromium's stack takes client
 * certificates from the OS store only, so a PKCS#12 file from the settings goes over node:https
 * (with the system's roots plus the extra CA).
 */
export function bankNetwork(config: NetworkConfigResult, electronFetch?: BankFetch): BankNetwork {
  if (!config.ok) {
    const problem = describeProblems(config.problems);
    return { baseUrl: DEFAULT_BANK_API_URL, fetch: refusingFetch(problem), stack: 'refused', extraCa: [], problem };
  }
  const baseUrl = config.config.bankApiUrl.value;
  const tls = loadTlsMaterial(config.config);
  if (!tls.ok) {
    const problem = describeProblems(tls.problems);
    return { baseUrl, fetch: refusingFetch(problem), stack: 'refused', extraCa: [], problem };
  }
  if (electronFetch && !tls.tls.pfx) {
    return { baseUrl, fetch: electronFetch, stack: 'electron-net', extraCa: tls.tls.ca, problem: null };
  }
  return { baseUrl, fetch: nodeTransport(tls.tls), stack: 'node', extraCa: tls.tls.ca, problem: null };
}

/** Chromium's verdict codes for setCertificateVerifyProc: 0 accept, -2 refuse, -3 Chromium's own result. */
export const VERIFY = { accept: 0, refuse: -2, chromium: -3 } as const;
/** net::ERR_CERT_AUTHORITY_INVALID: the only failure the extra CA may overrule. */
export const ERR_CERT_AUTHORITY_INVALID = -202;

/** The parts of Electron's certificate-verify request the verdict reads (Electron's Certificate: PEM `data`, `issuerCert`). */
export interface VerifyRequest {
  hostname: string;
  errorCode: number;
  certificate: { data: string; issuerCert?: VerifyRequest['certificate'] | null };
}

/**
 * Electron's certificate check with the bank's extra CA: whatever Chromium accepted stays accepted
 * (and whatever it refused for any reason but an unknown issuer stays refused — expired, wrong name,
 * revoked); an unknown issuer is accepted only for a chain that ends at an extra CA.
 */
export function certificateVerdict(req: VerifyRequest, extraCa: readonly string[], now = new Date()): number {
  if (req.errorCode === 0 || req.errorCode !== ERR_CERT_AUTHORITY_INVALID || extraCa.length === 0)
    return VERIFY.chromium;
  const chain: string[] = [];
  for (
    let c: VerifyRequest['certificate'] | null | undefined = req.certificate;
    c && chain.length < 10;
    c = c.issuerCert
  ) {
    chain.push(c.data);
  }
  return trustedByExtraCa(chain, req.hostname, extraCa, now) ? VERIFY.accept : VERIFY.chromium;
}
