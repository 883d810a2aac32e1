import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_MEMORY_MS,
  ADDRESS_WINDOW_MS,
  addressKey,
  BACKOFF_CAP_MS,
  backoffDelayMs,
  LoginLimiter,
  PAIR_WINDOW_MS,
  resolveLoginLimits,
  type Verdict,
} from './limits';
import { normalizeUsername } from './username';

/** A limiter on a clock the test steps. */
function limiter(config: ConstructorParameters<typeof LoginLimiter>[0] = {}, maxKeys?: number) {
  const clock = { t: 1_000_000 };
  const l = new LoginLimiter(config, { now: () => clock.t, ...(maxKeys ? { maxKeys } : {}) });
  return { l, clock };
}

function admitted(v: Verdict) {
  if (!v.admitted) throw new Error(`refused: ${v.reason}`);
  return v;
}

/** Tries and fails (wrong password) `n` times; returns the verdicts. */
function fail(l: LoginLimiter, ip: string, name: string, n = 1) {
  const out: Verdict[] = [];
  for (let i = 0; i < n; i++) {
    const v = l.admit(ip, name);
    if (v.admitted) v.ticket.failed();
    out.push(v);
  }
  return out;
}

describe('normalizeUsername', () => {
  it('folds white space, full-width forms and case into the stored spelling', () => {
    for (const v of [
      'approver1',
      ' approver1',
      'approver1\t',
      'APPROVER1',
      'Approver1',
      'ａｐｐｒｏｖｅｒ１',
      '\u3000approver1\u3000',
    ]) {
      expect(normalizeUsername(v)).toBe('approver1');
    }
    expect(normalizeUsername('approver 1')).toBe('approver 1');
  });
});

describe('addressKey', () => {
  it('keys IPv4 as is, IPv4-mapped IPv6 as IPv4 and IPv6 by its /64', () => {
    expect(addressKey('10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:0001:0002::9%eth0')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
  });
});

describe('LoginLimiter', () => {
  it('refuses an address and name past its attempts per minute, and admits again after the minute', () => {
    const { l, clock } = limiter({ attemptsPerAddressAndName: 3 });
    expect(fail(l, '10.0.0.1', 'rm1', 3).every((v) => v.admitted)).toBe(true);
    const refused = l.admit('10.0.0.1', 'rm1');
    expect(refused).toEqual({ admitted: false, reason: 'address_and_name', retryAfterMs: PAIR_WINDOW_MS });
    // Another address is not affected.
    expect(l.admit('10.0.0.2', 'rm1').admitted).toBe(true);
    clock.t += PAIR_WINDOW_MS;
    expect(l.admit('10.0.0.1', 'rm1').admitted).toBe(true);
  });

  it('counts an attempt when admitted, so parallel attempts cannot pass the budget before any fails', () => {
    const { l } = limiter({ attemptsPerAddressAndName: 3 });
    const inFlight = [l.admit('10.0.0.1', 'rm1'), l.admit('10.0.0.1', 'rm1'), l.admit('10.0.0.1', 'rm1')];
    expect(inFlight.every((v) => v.admitted)).toBe(true);
    expect(l.admit('10.0.0.1', 'rm1')).toMatchObject({ admitted: false, reason: 'address_and_name' });
  });

  it('clears the address and name budget on a success, and gives back a withdrawn attempt', () => {
    const { l } = limiter({ attemptsPerAddressAndName: 3 });
    fail(l, '10.0.0.1', 'rm1', 2);
    admitted(l.admit('10.0.0.1', 'rm1')).ticket.succeeded();
    expect(fail(l, '10.0.0.1', 'rm1', 3).every((v) => v.admitted)).toBe(true);
    const { l: l2 } = limiter({ attemptsPerAddressAndName: 1 });
    admitted(l2.admit('10.0.0.1', 'rm1')).ticket.withdrawn();
    expect(l2.admit('10.0.0.1', 'rm1').admitted).toBe(true);
  });

  it('limits failures per address over all names, not successes', () => {
    const { l, clock } = limiter({ failuresPerAddress: 10 });
    // Many clerks sign in from one branch address: successes are not counted.
    for (let i = 0; i < 50; i++) admitted(l.admit('10.0.0.1', `clerk${i}`)).ticket.succeeded();
    // 40 names × 5 guesses: the 11th failure overall is refused, whatever the name.
    const verdicts = Array.from({ length: 40 }, (_, i) => fail(l, '10.0.0.1', `user${i}`, 5)).flat();
    expect(verdicts.filter((v) => v.admitted)).toHaveLength(10);
    expect(verdicts.slice(10).every((v) => !v.admitted && v.reason === 'address')).toBe(true);
    expect(l.admit('10.0.0.1', 'clerk0')).toMatchObject({ admitted: false, reason: 'address' });
    expect(l.admit('10.0.0.2', 'user0').admitted).toBe(true);
    clock.t += ADDRESS_WINDOW_MS;
    expect(l.admit('10.0.0.1', 'user39').admitted).toBe(true);
  });

  it('backs an account off after its free failures from several addresses, doubling up to the cap', () => {
    const { l } = limiter({ attemptsPerAddressAndName: 100, failuresPerAddress: 1000 });
    // One address adds at most its share: a clerk's typos at one desk do not slow the account elsewhere.
    fail(l, '10.0.0.1', 'approver1', 10);
    expect(l.admit('10.0.0.2', 'approver1').admitted).toBe(true);
    const { l: l3, clock: c3 } = limiter({ attemptsPerAddressAndName: 100, failuresPerAddress: 1000 });
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++)
      expect(fail(l3, `10.1.0.${i}`, 'approver1')[0]!.admitted).toBe(true);
    const first = l3.admit('10.1.1.1', 'approver1');
    expect(first).toEqual({ admitted: false, reason: 'account', retryAfterMs: backoffDelayMs(ACCOUNT_FREE_FAILURES) });
    // The wait doubles with each further failure, and never exceeds the cap.
    let expected = backoffDelayMs(ACCOUNT_FREE_FAILURES);
    for (let i = 0; i < 12; i++) {
      c3.t += expected;
      fail(l3, `10.2.0.${i}`, 'approver1');
      const next = l3.admit(`10.3.0.${i}`, 'approver1');
      expect(next.admitted).toBe(false);
      const wait = (next as { retryAfterMs: number }).retryAfterMs;
      expect(wait).toBe(Math.min(BACKOFF_CAP_MS, expected * 2));
      expected = wait;
    }
    expect(expected).toBe(BACKOFF_CAP_MS);
    // Forgotten an hour after the last failure.
    c3.t += ACCOUNT_MEMORY_MS;
    expect(l3.admit('10.4.0.1', 'approver1').admitted).toBe(true);
  });

  it('keeps the real user in from an address where they signed in, while strangers are backed off', () => {
    const { l } = limiter({ attemptsPerAddressAndName: 100, failuresPerAddress: 1000 });
    admitted(l.admit('10.0.0.7', 'approver1')).ticket.succeeded();
    for (let i = 0; i < 20; i++) fail(l, `10.9.${i}.1`, 'approver1');
    expect(l.admit('10.9.99.1', 'approver1')).toMatchObject({ admitted: false, reason: 'account' });
    const home = admitted(l.admit('10.0.0.7', 'approver1'));
    expect(home.knownAddress).toBe(true);
    home.ticket.succeeded();
  });

  it('checks one attempt at a time on a backed-off account, so a burst from many addresses cannot skip the wait', () => {
    const { l, clock } = limiter({ attemptsPerAddressAndName: 100, failuresPerAddress: 1000 });
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) fail(l, `10.1.0.${i}`, 'approver1');
    clock.t += backoffDelayMs(ACCOUNT_FREE_FAILURES);
    const one = admitted(l.admit('10.5.0.1', 'approver1'));
    const burst = Array.from({ length: 20 }, (_, i) => l.admit(`10.6.0.${i}`, 'approver1'));
    expect(burst.every((v) => !v.admitted && v.reason === 'account')).toBe(true);
    one.ticket.failed();
    // Free failures still in flight count too: five parallel guesses then nothing until they end.
    const { l: l2 } = limiter({ attemptsPerAddressAndName: 100, failuresPerAddress: 1000 });
    const parallel = Array.from({ length: 8 }, (_, i) => l2.admit(`10.7.0.${i}`, 'committee1'));
    expect(parallel.filter((v) => v.admitted)).toHaveLength(ACCOUNT_FREE_FAILURES);
  });

  it('takes a success’s own failures back off the account, not other addresses’ failures', () => {
    const { l, clock } = limiter({ attemptsPerAddressAndName: 100, failuresPerAddress: 1000 });
    fail(l, '10.0.0.1', 'senior1', 3);
    fail(l, '10.0.0.2', 'senior1', 2);
    // 5 counted: a new address is backed off.
    expect(l.admit('10.0.0.3', 'senior1')).toMatchObject({ admitted: false, reason: 'account' });
    clock.t += backoffDelayMs(ACCOUNT_FREE_FAILURES);
    admitted(l.admit('10.0.0.1', 'senior1')).ticket.succeeded();
    // 2 left: new addresses are admitted again.
    expect(l.admit('10.0.0.3', 'senior1').admitted).toBe(true);
  });

  it('holds at most its bound of entries however many names and addresses are tried', () => {
    const { l } = limiter({ attemptsPerAddressAndName: 100, failuresPerAddress: 1000 }, 200);
    for (let i = 0; i < 5000; i++) fail(l, `10.${(i >> 8) & 255}.${i & 255}.1`, `name${i}`);
    const t = l.tracked;
    expect(Math.max(t.pairs, t.addresses, t.accounts, t.known)).toBeLessThanOrEqual(200);
  });

  it('counts each outcome once', () => {
    const { l } = limiter({ attemptsPerAddressAndName: 100, failuresPerAddress: 2 });
    const v = admitted(l.admit('10.0.0.1', 'rm1'));
    v.ticket.failed();
    v.ticket.failed();
    v.ticket.succeeded();
    expect(l.admit('10.0.0.1', 'rm2').admitted).toBe(true);
    expect(l.admit('10.0.0.1', 'rm3')).toMatchObject({ admitted: false, reason: 'address' });
  });

  it('refuses budgets that are not whole numbers of at least 1', () => {
    expect(() => resolveLoginLimits({ failuresPerAddress: 0 })).toThrow(/failuresPerAddress/);
    expect(() => resolveLoginLimits({ attemptsPerAddressAndName: 2.5 })).toThrow(/attemptsPerAddressAndName/);
    expect(resolveLoginLimits({ failuresPerAddress: undefined }).failuresPerAddress).toBe(30);
  });
});
