/**
 * Electron wiring: the thin layer that touches Electron. It creates the hardened window, applies the
 * security policy from security.ts, and serves the IPC contract through the one handler table.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import type { WorkstationEvent } from '../shared/ipc/channels/queue';
import { channels, EVENT_CHANNEL } from '../shared/ipc/contract';
import { IpcErrorCode } from '../shared/ipc/transport';
import { startAutoUpdate } from './auto-update';
import { readMainConfig } from './config';
import { writeFileAtomic } from './contracts/atomic';
import {
  claimSingleInstance,
  electronStation,
  idleMinutesOf,
  keptWindowState,
  openDeskLog,
  signOutOnQuit,
} from './desk/electron-desk';
import { ElectronPrefsStore, ElectronWorkspaceBackend, SafeStorageTokenStore } from './electron-stores';
import { isAllowedExternalUrl, readExternalLinkHosts } from './external-links';
import { dispatch } from './ipc/dispatch';
import { type HandlerContext, handlers } from './ipc/handlers';
import { menuTemplate, readSupportTools } from './menu';
import { bankNetwork, certificateVerdict } from './network/setup';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, appResponse } from './protocol';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isDevicePermissionAllowed,
  isPermissionAllowed,
  isTrustedSender,
} from './security';
import { BankClient } from './services/bank-client';
import { subscribeBankEvents } from './services/bank-events';
import type { TokenStore } from './services/stores';
import { BackedWorkspaceStore } from './services/workspace-store';

/** Every environment variable main reads, checked before any window opens (electron/config.ts). */
const config = (() => {
  try {
    return readMainConfig();
  } catch (e) {
    dialog.showErrorBox('小微企业信贷工作台 — configuration', (e as Error).message);
    process.exit(1);
  }
})();
/** The shell's policy (electron/menu.ts, electron/external-links.ts): support tools, links out. */
const shellPolicy = (() => {
  try {
    return { supportTools: readSupportTools(process.env), externalHosts: readExternalLinkHosts(process.env) };
  } catch (e) {
    dialog.showErrorBox('小微企业信贷工作台 — configuration', (e as Error).message);
    process.exit(1);
  }
})();
// The renderer is served as app://workstation/… from this folder only (electron/protocol.ts), not file://.
const rendererDir = join(__dirname, '../renderer');
const appUrl = APP_URL;
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

app.enableSandbox();

// Shared desks (electron/desk/): one instance per user session (a second launch focuses this one's
// window), and the crash and error log under the user data folder.
const firstInstance = claimSingleInstance(() => BrowserWindow.getAllWindows()[0]);
const deskLog = openDeskLog();

function createWindow(ctx: HandlerContext) {
  // The size and place it had last time, put back on a display that is there now.
  const kept = keptWindowState();
  const win = new BrowserWindow({
    ...kept.bounds,
    minWidth: 1024,
    minHeight: 700,
    title: '小微企业信贷工作台',
    show: false,
    // Written out (not spread from SECURE_WEB_PREFERENCES) so Electronegativity can read them;
    // security.test.ts checks they match.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click must not open windows either (the window-open handler refuses them anyway).
      disableBlinkFeatures: 'Auxclick',
      devTools: shellPolicy.supportTools,
      preload: join(__dirname, 'preload.cjs'),
    },
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url, appUrl)) e.preventDefault();
  });
  win.webContents.on('will-redirect', (e, url) => {
    if (!isAllowedNavigation(url, appUrl)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links out open in the user's browser, never inside the app — and only to allowed hosts.
    if (isAllowedExternalUrl(url, shellPolicy.externalHosts)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  kept.manage(win);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl);
  return ctx;
}

app.whenReady().then(() => {
  if (!firstInstance) return;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  protocol.handle(APP_SCHEME, (req) => {
    const r = appResponse(rendererDir, { url: req.url, method: req.method });
    return new Response(r.body, { status: r.status, headers: r.headers });
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ supportTools: shellPolicy.supportTools, platform: process.platform })),
  );
  // Web permissions: none but the app page's clipboard writes, whether requested or only checked;
  // devices never (electron/security.ts).
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl ?? wc.getURL(), appUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, appUrl),
  );
  session.defaultSession.setDevicePermissionHandler((details) => isDevicePermissionAllowed(details));

  // The bank network (electron/network/): Chromium's stack (system proxy, OS certificate store) with
  // the bank's extra CA in the certificate check; wrong settings refuse every call with their message.
  const network = bankNetwork(config.network, (url, init) => net.fetch(url.href, init));
  if (network.extraCa.length > 0) {
    session.defaultSession.setCertificateVerifyProc((req, cb) => cb(certificateVerdict(req, network.extraCa)));
  }
  const bank = new BankClient(network.baseUrl, network.fetch);
  if (network.problem) deskLog.write('error', 'bank-network-settings', { reason: network.problem });
  const sealed = new SafeStorageTokenStore();
  const push = (e: WorkstationEvent) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(EVENT_CHANNEL, e);
  };
  let stopEvents: (() => void) | null = null;
  // Queue events follow the session: a sign-in opens main's subscription, a sign-out closes it.
  const tokens: TokenStore = {
    get: () => sealed.get(),
    set(token) {
      sealed.set(token);
      stopEvents?.();
      stopEvents = token
        ? subscribeBankEvents({
            baseUrl: bank.baseUrl,
            fetch: bank.fetch,
            token: () => sealed.get(),
            onEvent: push,
            onNotifiable: (e) => desk.notifier.onEvent(e),
            onStatus: (connected) => push({ type: 'stream.status', connected }),
          })
        : null;
    },
  };
  const prefs = new ElectronPrefsStore();
  // The idle lock (session kept in main) and OS notifications (opt-in per user); sign-out on quit.
  const desk = electronStation({ idleLockMinutes: idleMinutesOf(config.network), bank, tokens, prefs, log: deskLog });
  signOutOnQuit(tokens, bank, deskLog);
  const ctx: HandlerContext = {
    bank,
    prefs,
    station: desk.station,
    workspace: new BackedWorkspaceStore(new ElectronWorkspaceBackend()),
    tokens,
    transport: 'electron',
    version: app.getVersion(),
    contracts: { dataDir: config.dataDir ?? app.getPath('userData') },
    async saveFile(suggestedName, bytes, kind) {
      const r = await dialog.showSaveDialog({ defaultPath: suggestedName, filters: [kind] });
      if (r.canceled || !r.filePath) return null;
      writeFileAtomic(r.filePath, bytes);
      return r.filePath;
    },
    async openFile(kind, maxBytes) {
      const r = await dialog.showOpenDialog({ filters: [kind], properties: ['openFile'] });
      const path = r.canceled ? undefined : r.filePaths[0];
      if (!path) return null;
      const size = statSync(path).size; // the size first: a 100 MB file is never read whole
      return { name: basename(path), size, bytes: size > maxBytes ? null : new Uint8Array(readFileSync(path)) };
    },
  };
  for (const channel of channels) {
    ipcMain.handle(channel, (event, payload) => {
      const frame = event.senderFrame;
      const sender = frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame } : null;
      if (!isTrustedSender(sender, appUrl)) {
        return {
          ok: false,
          error: { code: IpcErrorCode.forbiddenSender, message: 'IPC refused: not the app’s own page.', status: 403 },
        };
      }
      return dispatch(handlers, channel, payload, ctx);
    });
  }
  createWindow(ctx);
  // Auto-update: off unless SME_AUTO_UPDATE=1 (electron/auto-update.ts); a bad setting is shown, the app runs on.
  void startAutoUpdate({
    env: process.env,
    packaged: app.isPackaged,
    onError: (m) => dialog.showErrorBox('小微企业信贷工作台 — update', m),
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(ctx);
  });
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.on('window-all-closed', () => app.quit());
