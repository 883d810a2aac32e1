// `npm start`: builds, starts an embedded bank API unless BANK_API_URL is set, opens the desktop window.
// Its environment variables are read and checked once, by electron/config.ts (readLauncherConfig).
import { execSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { type LauncherConfig, readLauncherConfig } from '../electron/config';
import { type EmbeddedApi, startEmbeddedBankApi } from '../electron/services/embedded-api';
import { electronBinary } from './electron-binary';

const binary = electronBinary();
if (!binary) {
  console.error(
    [
      'The Electron binary is not installed, so the desktop window cannot open here.',
      'Electron downloads its binary on first use, and this machine cannot reach the download server',
      '(or install scripts were held back). Everything else works: run `npm run web` for browser mode —',
      'the same app and the same bank API, in your browser at the URL it prints. On a machine with internet',
      'access, run `npx install-electron --no` once (Electron 42+ downloads on demand), then `npm start` again.',
    ].join('\n'),
  );
  process.exit(1);
}

let config: LauncherConfig;
try {
  config = readLauncherConfig();
} catch (e) {
  console.error(`The desktop app cannot start: ${(e as Error).message}`);
  process.exit(1);
}

execSync('npm run build', { stdio: 'inherit' });
let api: EmbeddedApi | null = null;
let bankApiUrl = config.bankApiUrl;
if (!bankApiUrl) {
  try {
    api = await startEmbeddedBankApi({ DATA_DIR: resolve(config.dataDir) }, { stallMs: config.stallMs });
  } catch (e) {
    console.error(`The desktop app cannot start: ${(e as Error).message}`);
    process.exit(1);
  }
  bankApiUrl = api.url;
  console.log(`Embedded bank API at ${bankApiUrl}${api.logFile ? ` (log: ${api.logFile})` : ''}`);
}
const child = spawn(binary, ['.'], { stdio: 'inherit', env: { ...process.env, BANK_API_URL: bankApiUrl } });
child.on('exit', async (code) => {
  await api?.stop();
  process.exit(code ?? 0);
});
