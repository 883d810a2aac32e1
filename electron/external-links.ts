/**
 * Which links the app hands to the user's browser (`shell.openExternal`), as plain data and a pure
 * check (issue 19): only https, only host names on an allow-list, nothing else — not http, not
 * `file:`, not a custom scheme another program registered, not a URL with credentials in it. The
 * list is empty unless the bank configures one (SME_EXTERNAL_LINK_HOSTS), so by default nothing is
 * opened. Main asks `isAllowedExternalUrl` before every `shell.openExternal` call.
 */
import { ConfigError, type Env } from '../shared/config/env';

/** The variable that names the allowed hosts: comma-separated, e.g. `www.pbc.gov.cn,intranet.bank.example`. */
export const EXTERNAL_HOSTS_VARIABLE = 'SME_EXTERNAL_LINK_HOSTS';

/** A DNS host name in lower case (no IP literals, no ports, no wildcards). */
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * The allow-list from the environment: empty when unset. A bad entry is refused with an error naming
 * the variable, never silently dropped.
 */
export function readExternalLinkHosts(env: Env): readonly string[] {
  const raw = env[EXTERNAL_HOSTS_VARIABLE];
  if (raw === undefined || raw.trim() === '') return [];
  const hosts = raw.split(',').map((h) => h.trim().toLowerCase());
  const bad = hosts.filter((h) => !HOST_NAME.test(h));
  if (bad.length > 0) {
    throw new ConfigError(
      EXTERNAL_HOSTS_VARIABLE,
      `${EXTERNAL_HOSTS_VARIABLE} must be comma-separated host names such as www.pbc.gov.cn (no scheme, port, path or wildcard); not: ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
    );
  }
  return [...new Set(hosts)];
}

/** Whether `url` may be opened in the user's browser: https, default port, no credentials, an allowed host. */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:') return false;
  if (u.username !== '' || u.password !== '') return false;
  if (u.port !== '') return false;
  return allowedHosts.includes(u.hostname.toLowerCase());
}
