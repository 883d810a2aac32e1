/**
 * Auto-update against the bank's own update server (electron-updater, generic provider): OFF unless the
 * machine's configuration turns it on with SME_AUTO_UPDATE=1. Managed desks usually keep it off and get
 * new versions from the bank's software distribution (the NSIS installer is silent with /S). The feed is
 * the one built into the package (SME_UPDATE_URL at package time, build/electron-builder.config.ts);
 * SME_UPDATE_URL at run time points one machine elsewhere. Only https is accepted.
 *
 * Plain Node: electron-updater is loaded only when the switch is on and the app is packaged.
 */
import { DomainError } from '../shared/errors.js';

export const AUTO_UPDATE_VARIABLE = 'SME_AUTO_UPDATE';
export const UPDATE_URL_VARIABLE = 'SME_UPDATE_URL';

export interface AutoUpdateSettings {
  enabled: boolean;
  /** Overrides the feed built into the package; undefined: the built-in one (app-update.yml). */
  feedUrl: string | undefined;
}

/** The switch and the feed from the environment; a bad value is an error naming the variable. */
export function readAutoUpdateSettings(env: Readonly<Record<string, string | undefined>>): AutoUpdateSettings {
  const raw = env[AUTO_UPDATE_VARIABLE]?.trim() ?? '';
  if (raw !== '' && raw !== '0' && raw !== '1') {
    throw new DomainError(
      'UPDATE_CONFIG_INVALID',
      `自动更新开关 ${AUTO_UPDATE_VARIABLE} 只能是 1 或 0。 ${AUTO_UPDATE_VARIABLE} must be 1 or 0 (got "${raw}").`,
      AUTO_UPDATE_VARIABLE,
    );
  }
  const url = env[UPDATE_URL_VARIABLE]?.trim() || undefined;
  if (url !== undefined) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new DomainError(
        'UPDATE_CONFIG_INVALID',
        `更新服务器地址 ${UPDATE_URL_VARIABLE} 不是有效网址。 ${UPDATE_URL_VARIABLE} is not a URL (got "${url}").`,
        UPDATE_URL_VARIABLE,
      );
    }
    if (u.protocol !== 'https:') {
      throw new DomainError(
        'UPDATE_CONFIG_INVALID',
        `更新服务器地址 ${UPDATE_URL_VARIABLE} 必须是银行的 https:// 地址。 ${UPDATE_URL_VARIABLE} must be an https:// URL of the bank's update server (got "${url}").`,
        UPDATE_URL_VARIABLE,
      );
    }
  }
  return { enabled: raw === '1', feedUrl: url };
}

/** What this module needs of electron-updater's autoUpdater. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

export interface AutoUpdateOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Electron's app.isPackaged: an unpackaged app has no feed and never updates. */
  packaged: boolean;
  /** How to report a bad setting or a failed check (main shows it; the app keeps running). */
  onError: (message: string) => void;
  /** Tests pass their own; default electron-updater's autoUpdater, loaded on demand. */
  loadUpdater?: () => Promise<Updater>;
}

/** Why auto-update did not start (`'off'`, `'unpackaged'`, `'invalid'`), or `'started'`. */
export async function startAutoUpdate(o: AutoUpdateOptions): Promise<'off' | 'unpackaged' | 'invalid' | 'started'> {
  let settings: AutoUpdateSettings;
  try {
    settings = readAutoUpdateSettings(o.env);
  } catch (e) {
    o.onError((e as Error).message);
    return 'invalid';
  }
  if (!settings.enabled) return 'off';
  if (!o.packaged) return 'unpackaged';
  try {
    const updater = await (o.loadUpdater ?? loadElectronUpdater)();
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    if (settings.feedUrl) updater.setFeedURL({ provider: 'generic', url: settings.feedUrl, channel: 'latest' });
    await updater.checkForUpdatesAndNotify();
  } catch (e) {
    o.onError(`检查更新失败。 The update check failed: ${(e as Error).message}`);
  }
  return 'started';
}

async function loadElectronUpdater(): Promise<Updater> {
  const m = await import('electron-updater');
  return (m.autoUpdater ?? (m as unknown as { default: { autoUpdater: Updater } }).default.autoUpdater) as Updater;
}
