// `npm run web`: browser mode — the bank API (embedded unless BANK_API_URL is set) plus the web host.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BankClient } from '../services/bank-client';
import { type EmbeddedApi, startEmbeddedBankApi } from '../services/embedded-api';
import { JsonFilePrefsStore } from '../services/stores';
import { BackedWorkspaceStore, JsonFileWorkspaceBackend } from '../services/workspace-store';
import { startWebHost } from './host';

const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const dataDir = resolve(process.env.DATA_DIR ?? '.data');

let api: EmbeddedApi | null = null;
try {
  let bankApiUrl = process.env.BANK_API_URL;
  if (!bankApiUrl) {
    api = await startEmbeddedBankApi({ DATA_DIR: dataDir });
    bankApiUrl = api.url;
  }
  const host = await startWebHost({
    bank: new BankClient(bankApiUrl),
    prefs: new JsonFilePrefsStore(join(dataDir, 'web-host', 'preferences.json')),
    workspace: new BackedWorkspaceStore(new JsonFileWorkspaceBackend(join(dataDir, 'web-host', 'workspace.json'))),
    rendererDir,
    version: process.env.npm_package_version ?? '0.1.0',
    port: Number(process.env.WEB_PORT ?? 5199),
    secret: process.env.WEB_SECRET,
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
