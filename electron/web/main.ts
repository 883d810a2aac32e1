// `npm run web`: browser mode — the bank API (embedded unless BANK_API_URL is set) plus the web host.
// Every environment variable is read and checked once, by electron/web/config.ts.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stationHost } from '../desk/host';
import { BankClient } from '../services/bank-client';
import { type EmbeddedApi, startEmbeddedBankApi } from '../services/embedded-api';
import { JsonFilePrefsStore } from '../services/stores';
import { BackedWorkspaceStore, JsonFileWorkspaceBackend } from '../services/workspace-store';
import { readWebHostConfig, type WebHostConfig } from './config';
import { startWebHost } from './host';

const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

let config: WebHostConfig;
try {
  config = readWebHostConfig();
} catch (e) {
  console.error(`Browser mode cannot start: ${(e as Error).message}`);
  process.exit(1);
}
const dataDir = resolve(config.dataDir);

let api: EmbeddedApi | null = null;
try {
  let bankApiUrl = config.bankApiUrl;
  if (!bankApiUrl) {
    api = await startEmbeddedBankApi({ DATA_DIR: dataDir }, { stallMs: config.stallMs });
    bankApiUrl = api.url;
  }
  const host = await startWebHost({
    bank: new BankClient(bankApiUrl),
    prefs: new JsonFilePrefsStore(join(dataDir, 'web-host', 'preferences.json')),
    workspace: new BackedWorkspaceStore(new JsonFileWorkspaceBackend(join(dataDir, 'web-host', 'workspace.json'))),
    contracts: { dataDir },
    // The idle lock per browser tab (IDLE_LOCK_MINUTES); no OS notifications in browser mode.
    station: () => stationHost(config.idleLockMinutes),
    rendererDir,
    version: config.version,
    port: config.port,
    secret: config.secret,
  });
  // Before the URL line: whoever waits for the URL has then seen where the log is.
  if (api?.logFile) console.log(`Bank API log: ${api.logFile}`);
  console.log(`WORKSTATION_URL=${host.openUrl}`);
  console.log(
    `Browser mode: open ${host.openUrl}\n(bank API: ${bankApiUrl}; the link carries this run's secret — keep it to yourself)`,
  );
  const stop = async () => {
    await host.close();
    await api?.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  await api?.stop();
  console.error(`Browser mode failed to start: ${(e as Error).message}`);
  process.exit(1);
}
