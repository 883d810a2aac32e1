/**
 * Electron wiring: the thin layer that touches Electron. It creates the hardened window, applies the
 * security policy from security.ts, and serves the IPC contract through the one handler table.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, session, shell } from 'electron';
import type { WorkstationEvent } from '../shared/ipc/channels/queue';
import { channels, EVENT_CHANNEL } from '../shared/ipc/contract';
import { IpcErrorCode } from '../shared/ipc/transport';
import { readMainConfig } from './config';
import { writeFileAtomic } from './contracts/atomic';
import { ElectronPrefsStore, ElectronWorkspaceBackend, SafeStorageTokenStore } from './electron-stores';
import { dispatch } from './ipc/dispatch';
import { type HandlerContext, handlers } from './ipc/handlers';
import { bankNetwork, certificateVerdict } from './network/setup';
import { CONTENT_SECURITY_POLICY, isAllowedNavigation, isTrustedSender, SECURE_WEB_PREFERENCES } from './security';
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
const rendererIndex = join(__dirname, '../renderer/index.html');
const appUrl = pathToFileURL(rendererIndex).href;

app.enableSandbox();

function createWindow(ctx: HandlerContext) {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: '小微企业信贷工作台',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(__dirname, 'preload.cjs') },
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url, appUrl)) e.preventDefault();
  });
  win.webContents.on('will-redirect', (e, url) => {
    if (!isAllowedNavigation(url, appUrl)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links out (e.g. a regulator's page) open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(rendererIndex);
  return ctx;
}

app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  // The bank network (electron/network/): Chromium's stack (system proxy, OS certificate store) with
  // the bank's extra CA in the certificate check; wrong settings refuse every call with their message.
  const network = bankNetwork(config.network, (url, init) => net.fetch(url.href, init));
  if (network.extraCa.length > 0) {
    session.defaultSession.setCertificateVerifyProc((req, cb) => cb(certificateVerdict(req, network.extraCa)));
  }
  const bank = new BankClient(network.baseUrl, network.fetch);
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
            onStatus: (connected) => push({ type: 'stream.status', connected }),
          })
        : null;
    },
  };
  const ctx: HandlerContext = {
    bank,
    prefs: new ElectronPrefsStore(),
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
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(ctx);
  });
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.on('window-all-closed', () => app.quit());
