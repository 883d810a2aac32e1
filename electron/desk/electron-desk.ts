/**
 * The shared desk's Electron wiring, kept out of main.ts: the single-instance lock, the crash and
 * error log, the window's kept size and place, the idle lock's host (with the OS screen lock locking
 * it too), OS notifications, and signing out at the bank on quit. Every policy is in the plain-Node
 * modules beside this one; this file only connects them to Electron's objects.
 */
import { join } from 'node:path';
import { app, type BrowserWindow, Notification, powerMonitor, screen } from 'electron';
import Store from 'electron-store';
import type { Locale } from '../../shared/ipc/contract';
import { DEFAULT_IDLE_LOCK_MINUTES, type NetworkConfigResult } from '../network/config';
import type { BankClient } from '../services/bank-client';
import type { PrefsStore, TokenStore } from '../services/stores';
import { type StationHost, stationHost } from './host';
import { captureCrashes, DeskLog } from './log-file';
import { moreText, noticeText } from './notice-text';
import { DeskNotifier } from './notifier';
import { signOutForQuit } from './quit';
import { DeskSettingsStore } from './settings-store';
import { restoreWindowState, type WindowState } from './window-state';

/**
 * Only one workstation per user session: a second launch hands over to the first (which comes to the
 * front) and quits. Returns false in the second instance.
 */
export function claimSingleInstance(focus: () => BrowserWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = focus();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}

/** The crash and error log under the user data folder, capturing main's crashes and the renderer's. */
export function openDeskLog(): DeskLog {
  const log = new DeskLog(join(app.getPath('userData'), 'logs'));
  captureCrashes(log);
  app.on('render-process-gone', (_e, _wc, d) =>
    log.write('error', 'render-process-gone', { reason: d.reason, exitCode: d.exitCode }),
  );
  app.on('child-process-gone', (_e, d) =>
    log.write('error', 'child-process-gone', { reason: d.reason, exitCode: d.exitCode }),
  );
  log.write('info', 'start', { version: app.getVersion(), platform: process.platform });
  return log;
}

/** The window's last size and place, restored onto the displays there are now; saved when it closes. */
export function keptWindowState() {
  const store = new Store<{ window?: unknown }>({ name: 'window-state' });
  const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state: WindowState = restoreWindowState(store.get('window'), displays);
  return {
    bounds: { x: state.x, y: state.y, width: state.width, height: state.height },
    manage(win: BrowserWindow) {
      if (state.maximized) win.maximize();
      win.on('close', () => {
        const b = win.getNormalBounds();
        store.set('window', { ...b, maximized: win.isMaximized() });
      });
    },
  };
}

/**
 * The idle lock's host in main (settings in the user data folder), locked at once when the OS locks
 * the screen or the machine sleeps; and the notifier that follows the signed-in user's opt-in.
 */
export function electronStation(opts: {
  idleLockMinutes: number;
  bank: BankClient;
  tokens: TokenStore;
  prefs: PrefsStore;
  log: DeskLog;
}): { station: StationHost; notifier: DeskNotifier } {
  const settings = new DeskSettingsStore(join(app.getPath('userData'), 'desk-settings.json'));
  const locale = (): Locale => opts.prefs.get().locale;
  const station = stationHost(opts.idleLockMinutes, { settings });
  const notifier = new DeskNotifier({
    bank: opts.bank,
    token: () => opts.tokens.get(),
    enabled: () => station.userId !== null && settings.get(station.userId).notifications,
    quiet: () => station.lock.isLocked(),
    show(shown, more) {
      if (!Notification.isSupported()) return;
      for (const n of shown) new Notification(noticeText(n, locale())).show();
      if (more > 0) new Notification(moreText(more, locale())).show();
    },
  });
  station.onChange = (userId) => {
    if (userId) notifier.start();
    else notifier.stop();
  };
  powerMonitor.on('lock-screen', () => station.lock.lock());
  powerMonitor.on('suspend', () => station.lock.lock());
  if (station.lock.enabled) opts.log.write('info', 'idle-lock', { minutes: opts.idleLockMinutes });
  return { station, notifier };
}

/** Quitting signs out at the bank first (at most QUIT_SIGN_OUT_MS), then quits for real. */
export function signOutOnQuit(tokens: TokenStore, bank: BankClient, log: DeskLog) {
  let done = false;
  app.on('before-quit', (e) => {
    if (done || !tokens.get()) return;
    e.preventDefault();
    void signOutForQuit(tokens, bank).then((revoked) => {
      if (!revoked) log.write('warn', 'sign-out-on-quit-failed');
      done = true;
      app.quit();
    });
  });
}

/** The idle lock's minutes from the bank network settings (their default when the settings are wrong). */
export const idleMinutesOf = (network: NetworkConfigResult): number =>
  network.ok ? network.config.idleLockMinutes.value : DEFAULT_IDLE_LOCK_MINUTES;
