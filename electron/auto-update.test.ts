/** Auto-update's switch and feed, in plain Node: off by default, https only, never unpackaged. */
import { describe, expect, it } from 'vitest';
import { readAutoUpdateSettings, startAutoUpdate, type Updater } from './auto-update';

function recordingUpdater() {
  const calls: string[] = [];
  const u: Updater = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    setFeedURL: (o) => calls.push(`feed ${o.provider} ${o.url}`),
    checkForUpdatesAndNotify: async () => calls.push('check'),
  };
  return { u, calls };
}

describe('auto-update settings', () => {
  it('is off by default; SME_AUTO_UPDATE=1 turns it on; SME_UPDATE_URL overrides the built-in feed', () => {
    expect(readAutoUpdateSettings({})).toEqual({ enabled: false, feedUrl: undefined });
    expect(readAutoUpdateSettings({ SME_AUTO_UPDATE: '0' }).enabled).toBe(false);
    expect(readAutoUpdateSettings({ SME_AUTO_UPDATE: '1', SME_UPDATE_URL: 'https://updates.bank.cn/sme/' })).toEqual({
      enabled: true,
      feedUrl: 'https://updates.bank.cn/sme/',
    });
  });

  it('refuses an unclear switch and a feed that is not https, naming the variable', () => {
    expect(() => readAutoUpdateSettings({ SME_AUTO_UPDATE: 'on' })).toThrow(/SME_AUTO_UPDATE must be 1 or 0/);
    expect(() => readAutoUpdateSettings({ SME_UPDATE_URL: 'http://updates.bank.cn/' })).toThrow(
      /SME_UPDATE_URL must be an https:\/\/ URL/,
    );
    expect(() => readAutoUpdateSettings({ SME_UPDATE_URL: 'nope' })).toThrow(/SME_UPDATE_URL is not a URL/);
  });
});

describe('startAutoUpdate', () => {
  const never = async (): Promise<Updater> => {
    throw new Error('electron-updater must not be loaded');
  };

  it('does nothing by default, nor in an unpackaged app, and never loads electron-updater then', async () => {
    const errors: string[] = [];
    expect(await startAutoUpdate({ env: {}, packaged: true, onError: (m) => errors.push(m), loadUpdater: never })).toBe(
      'off',
    );
    expect(
      await startAutoUpdate({
        env: { SME_AUTO_UPDATE: '1' },
        packaged: false,
        onError: (m) => errors.push(m),
        loadUpdater: never,
      }),
    ).toBe('unpackaged');
    expect(errors).toEqual([]);
  });

  it('when on: checks the feed (the machine’s override if given) and installs on quit', async () => {
    const { u, calls } = recordingUpdater();
    const r = await startAutoUpdate({
      env: { SME_AUTO_UPDATE: '1', SME_UPDATE_URL: 'https://updates.bank.cn/sme/' },
      packaged: true,
      onError: () => {},
      loadUpdater: async () => u,
    });
    expect(r).toBe('started');
    expect(calls).toEqual(['feed generic https://updates.bank.cn/sme/', 'check']);
    expect(u.autoInstallOnAppQuit).toBe(true);
    const built = recordingUpdater();
    await startAutoUpdate({
      env: { SME_AUTO_UPDATE: '1' },
      packaged: true,
      onError: () => {},
      loadUpdater: async () => built.u,
    });
    expect(built.calls).toEqual(['check']);
  });

  it('reports a bad setting or a failed check and keeps the app running', async () => {
    const errors: string[] = [];
    expect(
      await startAutoUpdate({
        env: { SME_AUTO_UPDATE: 'yes' },
        packaged: true,
        onError: (m) => errors.push(m),
        loadUpdater: never,
      }),
    ).toBe('invalid');
    const { u } = recordingUpdater();
    u.checkForUpdatesAndNotify = async () => {
      throw new Error('getaddrinfo ENOTFOUND updates.bank.cn');
    };
    await startAutoUpdate({
      env: { SME_AUTO_UPDATE: '1' },
      packaged: true,
      onError: (m) => errors.push(m),
      loadUpdater: async () => u,
    });
    expect(errors).toEqual([
      '自动更新开关 SME_AUTO_UPDATE 只能是 1 或 0。 SME_AUTO_UPDATE must be 1 or 0 (got "yes").',
      '检查更新失败。 The update check failed: getaddrinfo ENOTFOUND updates.bank.cn',
    ]);
  });
});
