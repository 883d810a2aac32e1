/**
 * Sign-in limits (issue 13): three budgets, checked before a password is even looked at, on the
 * normalised username (see username.ts) so spelling variants of one name are one name.
 *
 * 1. Per address and name: `attemptsPerAddressAndName` attempts a minute. A success clears them.
 * 2. Per address, all names: `failuresPerAddress` failed sign-ins in ADDRESS_WINDOW_MS. Successes are
 *    not counted (a branch behind one address signs many clerks in each morning), failures are.
 * 3. Per account, all addresses: backoff rather than lockout. Each address adds at most
 *    ACCOUNT_SHARE_PER_ADDRESS failures to the account's count (one clerk's typos at one desk never slow
 *    the account anywhere else); past ACCOUNT_FREE_FAILURES, each further attempt from an address the
 *    account has not signed in from must wait BACKOFF_BASE_MS × 2^(count − free), capped at
 *    BACKOFF_CAP_MS, after the last failure. Addresses where the account signed in successfully (within
 *    KNOWN_ADDRESS_MS) are not slowed by it: an attacker guessing from elsewhere can slow the account
 *    on new desks but cannot lock the real user out at theirs. A success from an address takes that
 *    address's failures back off the account's count and clears its per-name budget.
 *
 * An attempt is counted when it is admitted, not when its password check ends, so parallel requests
 * cannot slip past a budget while earlier checks are still running.
 *
 * State is in memory, per API instance, and bounded (MAX_TRACKED_KEYS per table, oldest dropped first).
 * Several instances behind a load balancer each keep their own (an attacker's budget multiplies by the
 * instance count); they could share it through a table in PostgreSQL later. A restart forgets it.
 * No I/O; the clock is passed in, so tests step time instead of waiting.
 */

export interface LoginLimitsConfig {
  /** Attempts per address and normalised name per minute (LOGIN_ATTEMPTS_PER_MINUTE). */
  attemptsPerAddressAndName: number;
  /** Failed sign-ins per address, all names, per ADDRESS_WINDOW_MS (LOGIN_FAILURES_PER_ADDRESS). */
  failuresPerAddress: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimitsConfig = { attemptsPerAddressAndName: 10, failuresPerAddress: 30 };

export const PAIR_WINDOW_MS = 60_000;
export const ADDRESS_WINDOW_MS = 15 * 60_000;
/** Failures an account takes, over all addresses, before backoff starts. */
export const ACCOUNT_FREE_FAILURES = 5;
/** Most failures one address adds to an account's count. */
export const ACCOUNT_SHARE_PER_ADDRESS = 3;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** An account's failures are forgotten this long after its last one. */
export const ACCOUNT_MEMORY_MS = 60 * 60_000;
/** How long an address where the account signed in stays exempt from the account's backoff. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;
/** Known addresses remembered per account (the most recent). */
export const KNOWN_ADDRESSES_PER_ACCOUNT = 16;
/** Failing addresses tracked per account (beyond it failures still count, but cannot be taken back). */
const ADDRESSES_PER_ACCOUNT = 1_000;
/** Entries per table before the oldest are dropped, so a flood of names cannot exhaust memory. */
export const MAX_TRACKED_KEYS = 100_000;
/** Attempts from new addresses wait this long while another attempt on a backed-off account is checked. */
const IN_FLIGHT_RETRY_MS = 1_000;

/** The wait before an account's next attempt from an address it has not signed in from. */
export function backoffDelayMs(failures: number): number {
  if (failures < ACCOUNT_FREE_FAILURES) return 0;
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - ACCOUNT_FREE_FAILURES));
}

/**
 * The key an address is limited under: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 prefix —
 * one host is usually given a whole /64, so counting single IPv6 addresses would give it 2^64 budgets.
 */
export function addressKey(ip: string): string {
  const bare = ip.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return mapped[1]!;
  if (!bare.includes(':')) return bare;
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

export type LimitReason = 'address_and_name' | 'address' | 'account';

export type Verdict =
  | { admitted: true; ticket: LoginTicket; knownAddress: boolean }
  | { admitted: false; reason: LimitReason; retryAfterMs: number };

/** An admitted attempt; exactly one of its outcomes is reported (later calls are ignored). */
export interface LoginTicket {
  succeeded(): void;
  failed(): void;
  /** Not evaluated after all (the gate was full, the database failed): counts for nothing. */
  withdrawn(): void;
}

interface PairState {
  attempts: number;
  resetAt: number;
}
interface AddressState {
  failures: number;
  resetAt: number;
}
interface AccountState {
  /** Failures counted against the account, at most ACCOUNT_SHARE_PER_ADDRESS per address. */
  failures: number;
  lastFailureAt: number;
  inFlight: number;
  byAddress: Map<string, number>;
}

/** A Map that drops its oldest entries past a size, and expired ones on a sweep. */
class BoundedMap<V> extends Map<string, V> {
  constructor(
    private readonly max: number,
    private readonly expired: (v: V, now: number) => boolean,
  ) {
    super();
  }
  put(key: string, value: V, now: number) {
    if (!this.has(key) && this.size >= this.max) {
      this.sweep(now);
      // Still full of live entries: drop the oldest hundredth.
      if (this.size >= this.max) {
        let drop = Math.max(1, Math.floor(this.max / 100));
        for (const k of this.keys()) {
          if (drop-- <= 0) break;
          this.delete(k);
        }
      }
    }
    this.set(key, value);
  }
  sweep(now: number) {
    for (const [k, v] of this) if (this.expired(v, now)) this.delete(k);
  }
}

const SWEEP_EVERY = 1_000;

export class LoginLimiter {
  readonly config: LoginLimitsConfig;
  private readonly pairs: BoundedMap<PairState>;
  private readonly addresses: BoundedMap<AddressState>;
  private readonly accounts: BoundedMap<AccountState>;
  private readonly known: BoundedMap<Map<string, number>>;
  private operations = 0;
  private readonly now: () => number;

  constructor(config: Partial<LoginLimitsConfig> = {}, opts: { now?: () => number; maxKeys?: number } = {}) {
    this.config = resolveLoginLimits(config);
    this.now = opts.now ?? Date.now;
    const maxKeys = opts.maxKeys ?? MAX_TRACKED_KEYS;
    this.pairs = new BoundedMap(maxKeys, (p, now) => now >= p.resetAt);
    this.addresses = new BoundedMap(maxKeys, (a, now) => now >= a.resetAt);
    this.accounts = new BoundedMap(maxKeys, (a, now) => a.inFlight === 0 && now >= a.lastFailureAt + ACCOUNT_MEMORY_MS);
    this.known = new BoundedMap(maxKeys, (m, now) => {
      for (const [addr, until] of m) if (now >= until) m.delete(addr);
      return m.size === 0;
    });
  }

  /** Whether `name` may be tried from `ip` now; if so, the attempt is counted and a ticket returned. */
  admit(ip: string, name: string): Verdict {
    const now = this.now();
    if (++this.operations % SWEEP_EVERY === 0) this.sweep(now);
    const address = addressKey(ip);
    const pairKey = `${address}\u0000${name}`;

    let pair = this.pairs.get(pairKey);
    if (pair && now >= pair.resetAt) pair = undefined;
    if (pair && pair.attempts >= this.config.attemptsPerAddressAndName) {
      return { admitted: false, reason: 'address_and_name', retryAfterMs: pair.resetAt - now };
    }

    let addr = this.addresses.get(address);
    if (addr && now >= addr.resetAt) addr = undefined;
    if (addr && addr.failures >= this.config.failuresPerAddress) {
      return { admitted: false, reason: 'address', retryAfterMs: addr.resetAt - now };
    }

    const knownAddress = this.isKnown(name, address, now);
    let account = this.accounts.get(name);
    if (account && account.inFlight === 0 && now >= account.lastFailureAt + ACCOUNT_MEMORY_MS) account = undefined;
    if (!knownAddress && account && account.failures + account.inFlight >= ACCOUNT_FREE_FAILURES) {
      // Past the free failures only one attempt at a time is checked, so a burst cannot skip the backoff.
      if (account.inFlight > 0) return { admitted: false, reason: 'account', retryAfterMs: IN_FLIGHT_RETRY_MS };
      const until = account.lastFailureAt + backoffDelayMs(account.failures);
      if (now < until) return { admitted: false, reason: 'account', retryAfterMs: until - now };
    }

    // Admitted: count it now.
    if (!pair) {
      pair = { attempts: 0, resetAt: now + PAIR_WINDOW_MS };
      this.pairs.put(pairKey, pair, now);
    }
    pair.attempts++;
    if (!addr) {
      addr = { failures: 0, resetAt: now + ADDRESS_WINDOW_MS };
      this.addresses.put(address, addr, now);
    }
    addr.failures++;
    if (!account) {
      account = { failures: 0, lastFailureAt: now, inFlight: 0, byAddress: new Map() };
      this.accounts.put(name, account, now);
    }
    account.inFlight++;
    return { admitted: true, knownAddress, ticket: this.ticket(address, pairKey, name, addr, account) };
  }

  private ticket(address: string, pairKey: string, name: string, addr: AddressState, account: AccountState) {
    let done = false;
    const finish = (outcome: 'succeeded' | 'failed' | 'withdrawn') => {
      if (done) return;
      done = true;
      const now = this.now();
      account.inFlight--;
      if (outcome === 'failed') {
        const before = account.byAddress.get(address) ?? 0;
        if (before < ACCOUNT_SHARE_PER_ADDRESS) account.failures++;
        if (before > 0 || account.byAddress.size < ADDRESSES_PER_ACCOUNT) account.byAddress.set(address, before + 1);
        account.lastFailureAt = now;
        return;
      }
      addr.failures = Math.max(0, addr.failures - 1);
      if (outcome === 'withdrawn') {
        const pair = this.pairs.get(pairKey);
        if (pair) pair.attempts = Math.max(0, pair.attempts - 1);
      } else {
        this.pairs.delete(pairKey);
        account.failures -= Math.min(ACCOUNT_SHARE_PER_ADDRESS, account.byAddress.get(address) ?? 0);
        account.byAddress.delete(address);
      }
      if (account.failures <= 0 && account.inFlight === 0 && this.accounts.get(name) === account) {
        this.accounts.delete(name);
      }
      if (outcome === 'succeeded') this.remember(name, address, now);
    };
    return {
      succeeded: () => finish('succeeded'),
      failed: () => finish('failed'),
      withdrawn: () => finish('withdrawn'),
    };
  }

  private isKnown(name: string, address: string, now: number): boolean {
    const until = this.known.get(name)?.get(address);
    return until !== undefined && now < until;
  }

  private remember(name: string, address: string, now: number) {
    let m = this.known.get(name);
    if (!m) {
      m = new Map();
      this.known.put(name, m, now);
    }
    m.delete(address);
    m.set(address, now + KNOWN_ADDRESS_MS);
    while (m.size > KNOWN_ADDRESSES_PER_ACCOUNT) m.delete(m.keys().next().value!);
  }

  private sweep(now: number) {
    this.pairs.sweep(now);
    this.addresses.sweep(now);
    this.accounts.sweep(now);
    this.known.sweep(now);
  }

  /** Entries held, for tests of the memory bound. */
  get tracked() {
    return {
      pairs: this.pairs.size,
      addresses: this.addresses.size,
      accounts: this.accounts.size,
      known: this.known.size,
    };
  }
}

/** Defaults for what is not given; refuses budgets that are not whole numbers of at least 1. */
export function resolveLoginLimits(given: Partial<LoginLimitsConfig>): LoginLimitsConfig {
  const out = { ...DEFAULT_LOGIN_LIMITS };
  for (const key of Object.keys(out) as (keyof LoginLimitsConfig)[]) {
    const v = given[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1) throw new Error(`login limit ${key} must be a whole number of at least 1`);
    out[key] = v;
  }
  return out;
}
