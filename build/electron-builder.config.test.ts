/**
 * The packaging configuration, checked here as far as possible without an Electron binary: through
 * electron-builder's own schema validation, with the signing and update variables, and the package
 * script's checks (targets, the command it prints, the main bundle against the fuses).
 */
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { APP_ID, builderConfig, DEFAULT_UPDATE_URL, PackagingConfigError, PRODUCT_NAME } from './builder-config';
import defaultConfig from './electron-builder.config';
import { builderFuses } from './fuses';
import { builderCommand, checkConfig, electronAvailability, mainBundleProblems, targetsFromArgs } from './package';

const validate = (c: Configuration) => validateConfiguration(c, new DebugLogger(false));
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    builderConfig(env);
  } catch (e) {
    if (e instanceof PackagingConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('electron-builder configuration', () => {
  it('passes electron-builder’s schema validation, unsigned and with each signing set', async () => {
    await validate(builderConfig({}));
    await validate(defaultConfig);
    await validate(
      builderConfig({
        SME_AZURE_SIGN_ENDPOINT: 'https://eus.codesigning.azure.net',
        SME_AZURE_SIGN_ACCOUNT: 'bank-signing',
        SME_AZURE_SIGN_PROFILE: 'public-trust',
        SME_AZURE_SIGN_PUBLISHER: '示范银行股份有限公司',
      }),
    );
    await validate(
      builderConfig({
        SME_WIN_CERT_SHA1: 'A1B2C3D4E5F6A1B2C3D4E5F6A1B2C3D4E5F6A1B2',
        SME_WIN_TIMESTAMP_URL: 'http://timestamp.example.cn',
        APPLE_API_KEY: '/keys/AuthKey.p8',
        APPLE_API_KEY_ID: 'ABC123',
        APPLE_API_ISSUER: '00000000-0000-0000-0000-000000000000',
        SME_REQUIRE_SIGNING: '1',
        SME_UPDATE_URL: 'https://updates.bank.cn/sme/',
      }),
    );
    await expect(checkConfig({})).resolves.toMatchObject({ appId: APP_ID });
  });

  it('loads the way the electron-builder CLI loads it (--config build/electron-builder.config.ts)', async () => {
    const loaded = await getConfig(process.cwd(), 'build/electron-builder.config.ts', null);
    expect(loaded.appId).toBe(APP_ID);
    expect(loaded.electronFuses).toEqual(builderFuses());
    await validate(loaded);
  });

  it('the schema check is real: a misspelt option fails it', async () => {
    const c = builderConfig({});
    await expect(validate({ ...c, nsis: { ...c.nsis, perMachin: true } } as Configuration)).rejects.toThrow(
      /configuration\.nsis/,
    );
  });

  it('app id, product name, per-machine NSIS, dmg, AppImage, icons and fuses', () => {
    const c = builderConfig({});
    expect(c.appId).toBe('cn.bank.sme-credit-workstation');
    expect(c.productName).toBe(PRODUCT_NAME);
    expect(c.productName).toBe('小微企业信贷工作台');
    expect(c.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false });
    expect(c.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(c.mac?.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(c.linux?.target).toEqual([{ target: 'AppImage', arch: ['x64'] }]);
    expect([c.win?.icon, c.mac?.icon, c.linux?.icon]).toEqual([
      'build/icons/icon.ico',
      'build/icons/icon.icns',
      'build/icons/png',
    ]);
    expect(c.asar).toBe(true);
    expect(c.electronFuses).toEqual(builderFuses());
    expect(c.files).toContain('!out/**/*.map');
  });

  it('signing is off unless configured; SME_REQUIRE_SIGNING=1 makes an unsigned build fail', () => {
    const plain = builderConfig({});
    expect(plain.forceCodeSigning).toBe(false);
    expect(plain.mac?.notarize).toBe(false);
    expect(plain.win?.azureSignOptions).toBeUndefined();
    expect(builderConfig({ SME_REQUIRE_SIGNING: '1' }).forceCodeSigning).toBe(true);
    const azure = builderConfig({
      SME_AZURE_SIGN_ENDPOINT: 'https://eus.codesigning.azure.net',
      SME_AZURE_SIGN_ACCOUNT: 'a',
      SME_AZURE_SIGN_PROFILE: 'p',
      SME_AZURE_SIGN_PUBLISHER: 'pub',
    });
    expect(azure.win?.azureSignOptions).toMatchObject({ codeSigningAccountName: 'a', certificateProfileName: 'p' });
    expect(azure.win?.signtoolOptions).toBeUndefined();
    expect(builderConfig({ SME_WIN_CERT_SUBJECT: '示范银行' }).win?.signtoolOptions).toMatchObject({
      certificateSubjectName: '示范银行',
      signingHashAlgorithms: ['sha256'],
    });
    expect(
      builderConfig({ APPLE_ID: 'a@bank.cn', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' }).mac?.notarize,
    ).toBe(true);
  });

  it('refuses a half-configured or contradictory signing set, naming what is missing', () => {
    expect(problemsOf({ SME_AZURE_SIGN_ENDPOINT: 'https://eus.codesigning.azure.net' })).toEqual([
      'Azure Trusted Signing: SME_AZURE_SIGN_ENDPOINT set but SME_AZURE_SIGN_ACCOUNT, SME_AZURE_SIGN_PROFILE, SME_AZURE_SIGN_PUBLISHER missing',
    ]);
    expect(problemsOf({ APPLE_ID: 'a@bank.cn' })[0]).toContain('APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID missing');
    expect(
      problemsOf({
        SME_AZURE_SIGN_ENDPOINT: 'https://eus.codesigning.azure.net',
        SME_AZURE_SIGN_ACCOUNT: 'a',
        SME_AZURE_SIGN_PROFILE: 'p',
        SME_AZURE_SIGN_PUBLISHER: 'pub',
        CSC_LINK: '/certs/bank.pfx',
      })[0],
    ).toMatch(/choose one of Azure Trusted Signing/);
    expect(problemsOf({ SME_WIN_CERT_SHA1: 'AB', SME_WIN_CERT_SUBJECT: 'x' })).toEqual([
      'Windows signing: set SME_WIN_CERT_SHA1 or SME_WIN_CERT_SUBJECT, not both',
    ]);
    expect(problemsOf({ SME_REQUIRE_SIGNING: 'yes please' })).toEqual([
      'SME_REQUIRE_SIGNING must be 1 or 0 (got yes please)',
    ]);
  });

  it('auto-update: a generic feed on the bank’s https server, a placeholder until SME_UPDATE_URL is set', () => {
    expect(builderConfig({}).publish).toEqual([{ provider: 'generic', url: DEFAULT_UPDATE_URL, channel: 'latest' }]);
    expect(builderConfig({ SME_UPDATE_URL: 'https://updates.bank.cn/sme/' }).publish).toEqual([
      { provider: 'generic', url: 'https://updates.bank.cn/sme/', channel: 'latest' },
    ]);
    expect(problemsOf({ SME_UPDATE_URL: 'http://updates.bank.cn/sme/' })).toEqual([
      'SME_UPDATE_URL must be an https:// URL (got http://updates.bank.cn/sme/)',
    ]);
    expect(problemsOf({ SME_UPDATE_URL: 'updates' })).toEqual(['SME_UPDATE_URL is not a URL (got updates)']);
  });
});

describe('npm run package', () => {
  it('targets this platform by default, or those asked for', () => {
    expect(targetsFromArgs([], 'linux')).toEqual(['linux']);
    expect(targetsFromArgs([], 'win32')).toEqual(['win']);
    expect(targetsFromArgs(['--win', '--mac'], 'linux')).toEqual(['win', 'mac']);
    expect(builderCommand(['win'])).toBe(
      'npx electron-builder --config build/electron-builder.config.ts --win --publish never',
    );
  });

  it('says why Electron cannot be had for a target when its binary is neither installed nor cached (offline)', async () => {
    const r = await electronAvailability('win', true);
    expect(r).toHaveProperty('missing');
    expect((r as { missing: string }).missing).toMatch(/Electron 45\.\d+\.\d+ for win32 is not installed/);
    expect((r as { missing: string }).missing).toContain('--offline was given');
  });

  it('refuses a main bundle that loads the renderer from file:// (the fuse takes file:// privileges away)', () => {
    expect(mainBundleProblems('win.loadFile(rendererIndex)')[0]).toContain('GrantFileProtocolExtraPrivileges');
    expect(mainBundleProblems("protocol.handle('app', handler); win.loadURL('app://workstation/index.html')")).toEqual(
      [],
    );
  });
});
