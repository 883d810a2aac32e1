/**
 * Seal custody in plain Node: which seal signs in a packaged build and in development, the sandbox
 * switch, and that a configured seal that is missing or locked never falls back to the TEST ONLY seal.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors';
import { createTestSealP12, loadSeal, sealConfigFromEnv } from './certificates';
import {
  assertSealAllowed,
  chooseSealSource,
  isPackagedRuntime,
  SANDBOX_SEAL_VARIABLE,
  sealCustodyFromEnv,
} from './seal-custody';

const caught = async (f: () => unknown): Promise<DomainError> => {
  try {
    await f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

const PLAIN_NODE = { versions: { node: '20.20.2' }, execPath: '/usr/bin/node', platform: 'linux' };
const DEV_ELECTRON = {
  versions: { node: '22.20.0', electron: '45.5.0' },
  execPath: '/w/node_modules/electron/dist/electron',
  platform: 'linux',
};
const PACKAGED_LINUX = {
  versions: { node: '22.20.0', electron: '45.5.0' },
  execPath: '/opt/小微企业信贷工作台/sme-credit-workstation',
  platform: 'linux',
};

describe('isPackagedRuntime (Electron’s app.isPackaged rule, without Electron)', () => {
  it('is false in plain Node and under the stock electron binary, true under the app’s own executable', () => {
    expect(isPackagedRuntime(PLAIN_NODE)).toBe(false);
    expect(isPackagedRuntime(DEV_ELECTRON)).toBe(false);
    expect(
      isPackagedRuntime({ ...DEV_ELECTRON, execPath: 'C:\\w\\electron\\dist\\Electron.exe', platform: 'win32' }),
    ).toBe(false);
    expect(isPackagedRuntime(PACKAGED_LINUX)).toBe(true);
    expect(
      isPackagedRuntime({
        ...PACKAGED_LINUX,
        execPath: 'C:\\Program Files\\SME\\小微企业信贷工作台.exe',
        platform: 'win32',
      }),
    ).toBe(true);
    expect(isPackagedRuntime(process)).toBe(false);
  });
});

describe('sealCustodyFromEnv', () => {
  it('follows the runtime by default; SME_PACKAGED=1 declares a production build; the sandbox switch is off by default', () => {
    expect(sealCustodyFromEnv({}, PLAIN_NODE)).toEqual({ packaged: false, sandboxSeal: false });
    expect(sealCustodyFromEnv({}, PACKAGED_LINUX)).toEqual({ packaged: true, sandboxSeal: false });
    expect(sealCustodyFromEnv({ SME_PACKAGED: '1' }, PLAIN_NODE)).toEqual({ packaged: true, sandboxSeal: false });
    expect(sealCustodyFromEnv({ SME_PACKAGED: 'true', SME_SANDBOX_SEAL: 'yes' }, PLAIN_NODE)).toEqual({
      packaged: true,
      sandboxSeal: true,
    });
    expect(sealCustodyFromEnv({ SME_SANDBOX_SEAL: '0' }, PACKAGED_LINUX)).toEqual({
      packaged: true,
      sandboxSeal: false,
    });
  });

  it('refuses an unclear switch and SME_PACKAGED=0 inside a packaged build, naming the variable', async () => {
    const bad = await caught(() => sealCustodyFromEnv({ SME_SANDBOX_SEAL: 'on please' }, PLAIN_NODE));
    expect(bad.code).toBe('SEAL_CONFIG_INVALID');
    expect(bad.field).toBe(SANDBOX_SEAL_VARIABLE);
    expect(bad.message).toContain('SME_SANDBOX_SEAL must be 1 or 0');
    const off = await caught(() => sealCustodyFromEnv({ SME_PACKAGED: '0' }, PACKAGED_LINUX));
    expect(off.code).toBe('SEAL_CONFIG_INVALID');
    expect(off.field).toBe('SME_PACKAGED');
    expect(sealCustodyFromEnv({ SME_PACKAGED: '0' }, PLAIN_NODE).packaged).toBe(false);
  });
});

describe('chooseSealSource', () => {
  const packaged = { packaged: true, sandboxSeal: false };
  const dev = { packaged: false, sandboxSeal: false };

  it('uses a configured seal whatever the build', () => {
    for (const policy of [packaged, dev, { packaged: true, sandboxSeal: true }]) {
      expect(chooseSealSource({ ...policy, p12Path: '/srv/seal.p12', passphrase: 'pw', dataDir: '/d' })).toEqual({
        kind: 'configured',
        p12Path: '/srv/seal.p12',
        passphrase: 'pw',
      });
    }
  });

  it('refuses a packaged build without a seal, naming SEAL_P12_PATH and the sandbox switch', async () => {
    const e = await caught(() => chooseSealSource({ ...packaged, dataDir: '/d' }));
    expect(e.code).toBe('SEAL_NOT_CONFIGURED');
    expect(e.field).toBe('SEAL_P12_PATH');
    expect(e.message).toContain('SEAL_P12_PATH');
    expect(e.message).toContain('SEAL_P12_PASSPHRASE');
    expect(e.message).toContain('SME_SANDBOX_SEAL=1');
    expect(e.message).toContain('安装版不能签署合同');
  });

  it('uses the sandbox seal in development, and in a packaged build only with the sandbox switch', () => {
    expect(chooseSealSource({ ...dev, dataDir: '/d' })).toEqual({ kind: 'sandbox', dataDir: '/d' });
    expect(chooseSealSource({ packaged: true, sandboxSeal: true, dataDir: '/d' })).toEqual({
      kind: 'sandbox',
      dataDir: '/d',
    });
  });

  it('refuses without a data folder for the sandbox seal', async () => {
    expect((await caught(() => chooseSealSource(dev))).code).toBe('SEAL_NOT_CONFIGURED');
  });

  it('refuses a TEST ONLY certificate configured in a packaged build unless the sandbox switch is on', async () => {
    const test = { testOnly: true, commonName: '示范银行 合同专用章 (TEST ONLY)' };
    const e = await caught(() => assertSealAllowed(test, packaged));
    expect(e.code).toBe('SEAL_TEST_ONLY');
    expect(e.message).toContain('TEST ONLY');
    expect(() => assertSealAllowed(test, { packaged: true, sandboxSeal: true })).not.toThrow();
    expect(() => assertSealAllowed(test, dev)).not.toThrow();
    expect(() => assertSealAllowed({ testOnly: false, commonName: '示范银行 合同专用章' }, packaged)).not.toThrow();
  });
});

describe('loadSeal under the custody policy (real files)', () => {
  const work = mkdtempSync(join(tmpdir(), 'seal-custody-'));
  const testP12 = join(work, 'test-seal.p12');

  beforeAll(async () => {
    await createTestSealP12({ path: testP12, passphrase: 'pw', bankName: '示范银行' });
  });

  it('a packaged build (SME_PACKAGED=1) without a seal refuses and generates no TEST seal', async () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    const e = await caught(() => loadSeal(sealConfigFromEnv({ SME_PACKAGED: '1' }, dataDir)));
    expect(e.code).toBe('SEAL_NOT_CONFIGURED');
    expect(e.message).toContain('SEAL_P12_PATH');
    expect(existsSync(join(dataDir, 'sandbox-seal'))).toBe(false);
  });

  it('a packaged build with SME_SANDBOX_SEAL=1 signs with the generated TEST ONLY seal', async () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    const seal = await loadSeal(sealConfigFromEnv({ SME_PACKAGED: '1', SME_SANDBOX_SEAL: '1' }, dataDir));
    expect(seal.testOnly).toBe(true);
    expect(existsSync(join(dataDir, 'sandbox-seal', 'TEST-ONLY-seal.p12'))).toBe(true);
  });

  it('a configured seal that does not exist or is locked is an error, never a fallback (even with the switch on)', async () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    for (const extra of [{}, { SME_SANDBOX_SEAL: '1' }, { SME_PACKAGED: '0' }]) {
      const env = { SME_PACKAGED: '1', ...extra, SEAL_P12_PATH: join(work, 'no-such.p12'), SEAL_P12_PASSPHRASE: 'pw' };
      expect((await caught(() => loadSeal(sealConfigFromEnv(env, dataDir)))).code).toBe('SEAL_P12_NOT_FOUND');
      const locked = { ...env, SEAL_P12_PATH: testP12, SEAL_P12_PASSPHRASE: 'wrong' };
      expect((await caught(() => loadSeal(sealConfigFromEnv(locked, dataDir)))).code).toBe('SEAL_P12_BAD_PASSPHRASE');
    }
    expect(existsSync(join(dataDir, 'sandbox-seal'))).toBe(false);
  });

  it('a configured TEST ONLY certificate is refused in a packaged build, accepted with the switch or in development', async () => {
    const env = { SEAL_P12_PATH: testP12, SEAL_P12_PASSPHRASE: 'pw' };
    expect((await caught(() => loadSeal(sealConfigFromEnv({ ...env, SME_PACKAGED: '1' }, work)))).code).toBe(
      'SEAL_TEST_ONLY',
    );
    expect(
      (await loadSeal(sealConfigFromEnv({ ...env, SME_PACKAGED: '1', SME_SANDBOX_SEAL: '1' }, work))).testOnly,
    ).toBe(true);
    expect((await loadSeal(sealConfigFromEnv(env, work))).testOnly).toBe(true);
  });

  it('development (plain Node, no flag) keeps the sandbox seal as before', async () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    expect((await loadSeal(sealConfigFromEnv({}, dataDir))).testOnly).toBe(true);
    expect((await loadSeal({ dataDir })).testOnly).toBe(true);
  });
});
