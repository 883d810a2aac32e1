/**
 * The https rule for the bank API's address: https anywhere; plain http only for this machine
 * (loopback: 127.0.0.0/8, ::1, localhost), where a local bank API runs for development and the
 * sandbox. No insecure fallback: a remote http address is refused, never "upgraded" or tolerated.
 * No imports: electron/config.ts (the environment's schema) and electron/network/config.ts (the
 * machine file) both apply it.
 */

/** Whether a URL's host name is this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith('.localhost');
}

/** Why a syntactically valid http(s) URL may not be the bank API's address, or null when it may. */
export function insecureBankUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.username !== '' || u.password !== '') return 'must not carry a user name or password';
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
    return 'must use https:// for a remote bank API (plain http only for this machine, e.g. http://127.0.0.1:8787)';
  }
  return null;
}
