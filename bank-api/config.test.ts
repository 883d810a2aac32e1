import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, readVar } from './config';

describe('bank API configuration', () => {
  it('gives the documented defaults when nothing is set', () => {
    const c = readConfig({});
    expect(c).toMatchObject({
      PORT: 8787,
      HOST: '127.0.0.1',
      DATA_DIR: '.data',
      DATABASE_URL: undefined,
      LOG_LEVEL: 'info',
      LOGIN_ATTEMPTS_PER_MINUTE: 10,
      SEED_SIZE: 'small',
      PG_POOL_MAX: 10,
      PG_CONNECT_TIMEOUT_MS: 5000,
      SANDBOX_SEED: 'sandbox-2026',
      IDEMPOTENCY_KEY_HOURS: 24,
      FULL_ID_REVEALS_PER_HOUR: 20,
      MONITORING_SCHEDULE: 'nightly',
    });
  });

  it('reads set values with their types', () => {
    const c = readConfig({
      PORT: '0',
      PG_POOL_MAX: '4',
      IDEMPOTENCY_KEY_HOURS: '48',
      SEED_SIZE: 'none',
      LOG_LEVEL: 'warn',
      MONITORING_SCHEDULE: '30',
    });
    expect([c.MONITORING_SCHEDULE, readConfig({ MONITORING_SCHEDULE: 'off' }).MONITORING_SCHEDULE]).toEqual([
      '30',
      'off',
    ]);
    expect([c.PORT, c.PG_POOL_MAX, c.IDEMPOTENCY_KEY_HOURS, c.SEED_SIZE, c.LOG_LEVEL]).toEqual([
      0,
      4,
      48,
      'none',
      'warn',
    ]);
    expect(readVar('DATABASE_URL', { DATABASE_URL: 'postgres://u@h:5432/db' })).toBe('postgres://u@h:5432/db');
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', 'eighty'],
    ['PG_POOL_MAX', '0'],
    ['PG_POOL_MAX', '2.5'],
    ['IDEMPOTENCY_KEY_HOURS', '-1'],
    ['LOGIN_ATTEMPTS_PER_MINUTE', '1e3'],
    ['SEED_SIZE', 'huge'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATA_DIR_FREE_BYTES', 'lots'],
    ['FULL_ID_REVEALS_PER_HOUR', '10001'],
    ['MONITORING_SCHEDULE', 'hourly'],
    ['MONITORING_SCHEDULE', '0'],
    ['MONITORING_SCHEDULE', '10081'],
  ] as const)('refuses %s=%s naming the variable and the value', (name, value) => {
    let err: unknown;
    try {
      readVar(name, { [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(name);
    expect((err as Error).message).toContain(name);
    expect((err as Error).message).toContain(`"${value}"`);
  });

  it('names every bad variable at once', () => {
    expect(() => readConfig({ PORT: 'x', PG_POOL_MAX: '0' })).toThrow(/PORT[\s\S]*PG_POOL_MAX/);
  });
});
