/**
 * Each test file gets its own bank API with a fresh data folder and its own browser-mode web host —
 * the real programs (`npm run web`), started as child processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';
import { TEMPLATE_DIR } from './global-setup';

export interface Workstation {
  /** URL to open, with the run's secret in its fragment. */
  url: string;
  bankApiUrl: string;
  dataDir: string;
}

async function startWorkstation(): Promise<{ ws: Workstation; child: ChildProcess }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ws-e2e-'));
  // A fresh copy of the run's seeded template (see global-setup.ts): every file starts from the same bank.
  const template = TEMPLATE_DIR;
  if (existsSync(template)) cpSync(template, dataDir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/web/main.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      WEB_PORT: '0',
      LOG_LEVEL: 'warn',
      BANK_API_URL: '',
      // Every test opens a new browser and signs its users in again, a dozen times a minute for one name
      // in a busy file; the limiter itself is proven in bank-api/routes/auth.test.ts.
      LOGIN_ATTEMPTS_PER_MINUTE: '120',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ws = await new Promise<Workstation>((resolve, reject) => {
    let bankApiUrl = '';
    const timer = setTimeout(() => reject(new Error('web host did not start in 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const api = /bank API: (http:\/\/[^;)\s]+)/.exec(line);
      if (api?.[1]) bankApiUrl = api[1];
      const m = /^WORKSTATION_URL=(\S+)$/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        // The bank API line follows right after; give it a tick.
        setTimeout(() => resolve({ url: m[1]!, bankApiUrl, dataDir }), 50);
      }
    });
  });
  return { ws, child };
}

export const test = base.extend<
  { login: (page: Page, username: string) => Promise<void> },
  { workstation: Workstation }
>({
  workstation: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature.
    async ({}, use) => {
      const { ws, child } = await startWorkstation();
      await use(ws);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(ws.dataDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  login: async ({ workstation }, use) => {
    await use(async (page, username) => {
      await page.goto(workstation.url);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill('demo-pass');
      await page.getByRole('button', { name: '登录' }).click();
      await expect(page.getByTestId('user-box')).toBeVisible();
    });
  },
});

export { expect };
