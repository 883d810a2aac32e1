/**
 * The bank API as its own process (`bank-api/main.ts`), as the launchers start it: resolves with its URL
 * once it prints `BANK_API_URL=…`; rejects when it exits first or does not start in time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export function startApiProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bank-api/main.ts'], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('API did not start')), timeoutMs);
    child.once('exit', (c) => reject(new Error(`API exited ${c}`)));
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const m = /^BANK_API_URL=(\S+)/.exec(l);
      if (m?.[1]) {
        clearTimeout(t);
        child.removeAllListeners('exit');
        resolve({ url: m[1], child });
      }
    });
  });
}
