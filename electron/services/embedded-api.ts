import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const API_ENTRY = fileURLToPath(new URL('../../bank-api/main.ts', import.meta.url));

export interface EmbeddedApi {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the bank API as a child process (the same `npm run api` program) and resolves with its URL
 * once it listens. Used by `npm start` and `npm run web` when BANK_API_URL is not set.
 */
export function startEmbeddedBankApi(
  env: Record<string, string | undefined> = {},
  timeoutMs = 120_000,
): Promise<EmbeddedApi> {
  const child = spawn(process.execPath, ['--import', 'tsx', API_ENTRY], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`The embedded bank API did not start within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The embedded bank API exited with code ${code} before listening.`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^BANK_API_URL=(\S+)$/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({
          url: m[1],
          process: child,
          stop: () =>
            new Promise((ok) => {
              if (child.exitCode !== null) return ok();
              child.once('exit', () => ok());
              child.kill('SIGTERM');
            }),
        });
      } else if (!line.startsWith('{')) {
        console.log(`[bank-api] ${line}`);
      }
    });
  });
}
