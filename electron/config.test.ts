import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_BANK_API_URL, readLauncherConfig, readMainConfig } from './config';
import { readWebHostConfig } from './web/config';

const refusal = (f: () => unknown): ConfigError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('accepted');
};

describe('main’s configuration (electron/config.ts)', () => {
  const noFile = { readText: () => undefined };
  const urlOf = (env: Record<string, string>) => {
    const n = readMainConfig(env, noFile).network;
    if (!n.ok) throw new Error(n.problems.map((p) => p.message).join('\n'));
    return n.config.bankApiUrl.value;
  };

  it('defaults: the local bank API, Electron’s own data folder, no seal', () => {
    const c = readMainConfig({}, noFile);
    expect(c.dataDir).toBeUndefined();
    expect(urlOf({})).toBe(DEFAULT_BANK_API_URL);
    expect(urlOf({ BANK_API_URL: '', DATA_DIR: '' })).toBe('http://127.0.0.1:8787');
  });

  it('reads the bank API and the data folder; the seal variables pass the check', () => {
    const env = {
      BANK_API_URL: 'https://bank.example:8443',
      DATA_DIR: '/srv/ws',
      SEAL_P12_PATH: '/srv/seal.p12',
      SEAL_P12_PASSPHRASE: 'pw',
    };
    expect(readMainConfig(env, noFile).dataDir).toBe('/srv/ws');
    expect(urlOf(env)).toBe('https://bank.example:8443');
  });

  it('refuses a bank API that is not an http(s) URL, naming the variable and the value', () => {
    for (const bad of ['127.0.0.1:8787', 'ftp://bank.example', 'http://bank.example/?x=1', 'not a url']) {
      // The launcher stops at start; main starts and shows the same message in the window.
      const e = refusal(() => readLauncherConfig({ BANK_API_URL: bad }));
      expect(e.variable).toBe('BANK_API_URL');
      const why = 'must be an http:// or https:// URL (the bank API’s base, e.g. http://127.0.0.1:8787)';
      expect(e.message).toBe(`BANK_API_URL ${why}, got "${bad}"`);
      const n = readMainConfig({ BANK_API_URL: bad }, noFile).network;
      expect(n.ok).toBe(false);
      if (!n.ok)
        expect(n.problems).toEqual([
          { setting: 'bankApiUrl', where: 'environment variable BANK_API_URL', message: `${why}, got "${bad}"` },
        ]);
    }
  });

  it('the https rule: http only for this machine, never for a remote bank', () => {
    for (const ok of [
      'https://bank.example',
      'http://127.0.0.1:8787',
      'http://localhost:1',
      'http://[::1]:8787',
      'http://127.9.9.9',
    ]) {
      expect(urlOf({ BANK_API_URL: ok })).toBe(ok);
    }
    for (const bad of [
      'http://bank.example',
      'http://10.0.0.5:8787',
      'http://127.0.0.1.evil.example',
      'https://u:p@bank.example',
    ]) {
      expect(() => urlOf({ BANK_API_URL: bad })).toThrow(/must (use https|not carry a user name)/);
      expect(refusal(() => readLauncherConfig({ BANK_API_URL: bad })).variable).toBe('BANK_API_URL');
    }
  });

  it('npm start: no bank API means an embedded one in .data, with the stall window checked', () => {
    expect(readLauncherConfig({})).toEqual({ bankApiUrl: undefined, dataDir: '.data', stallMs: 180_000 });
    expect(readLauncherConfig({ BANK_API_STALL_SECONDS: '2.5', DATA_DIR: 'x' })).toEqual({
      bankApiUrl: undefined,
      dataDir: 'x',
      stallMs: 2500,
    });
    const e = refusal(() => readLauncherConfig({ BANK_API_STALL_SECONDS: '-1' }));
    expect(e.message).toBe('BANK_API_STALL_SECONDS must be a positive number of seconds, got "-1"');
  });

  it('names every bad variable at once', () => {
    const e = refusal(() => readLauncherConfig({ BANK_API_URL: 'x', BANK_API_STALL_SECONDS: 'soon' }));
    expect(e.variable).toBe('BANK_API_URL, BANK_API_STALL_SECONDS');
    expect(e.message.split('\n')).toHaveLength(2);
  });
});

describe('the web host’s configuration (electron/web/config.ts)', () => {
  it('defaults: port 5199, a secret per run, an embedded bank API in .data', () => {
    expect(readWebHostConfig({})).toEqual({
      bankApiUrl: undefined,
      dataDir: '.data',
      stallMs: 180_000,
      port: 5199,
      secret: undefined,
      version: '0.1.0',
      idleLockMinutes: 10,
    });
    expect(readWebHostConfig({ IDLE_LOCK_MINUTES: '0' }).idleLockMinutes).toBe(0);
    expect(refusal(() => readWebHostConfig({ IDLE_LOCK_MINUTES: '10m' })).variable).toBe('IDLE_LOCK_MINUTES');
  });

  it('reads the port (0 picks a free one), the secret and npm’s package version', () => {
    const c = readWebHostConfig({ WEB_PORT: '0', WEB_SECRET: 'a'.repeat(16), npm_package_version: '1.2.3' });
    expect([c.port, c.secret, c.version]).toEqual([0, 'a'.repeat(16), '1.2.3']);
  });

  it('refuses a port out of range or not a number', () => {
    for (const bad of ['65536', '-1', '80.5', 'http']) {
      const e = refusal(() => readWebHostConfig({ WEB_PORT: bad }));
      expect(e.message).toBe(`WEB_PORT must be a whole number from 0 to 65535, got "${bad}"`);
    }
  });

  it('refuses a secret the URL fragment cannot carry or too short to keep, without echoing it', () => {
    for (const bad of ['short', 'has spaces in it, sixteen+', 'ü'.repeat(20)]) {
      const e = refusal(() => readWebHostConfig({ WEB_SECRET: bad }));
      expect(e.variable).toBe('WEB_SECRET');
      expect(e.message).toMatch(/^WEB_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -/);
      expect(e.message).not.toContain(bad);
    }
  });

  it('shares main’s checks for the bank API and the stall window', () => {
    expect(refusal(() => readWebHostConfig({ BANK_API_URL: 'bank' })).variable).toBe('BANK_API_URL');
    expect(refusal(() => readWebHostConfig({ BANK_API_STALL_SECONDS: '0' })).variable).toBe('BANK_API_STALL_SECONDS');
  });
});
