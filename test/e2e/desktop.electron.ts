/**
 * The real desktop app through Playwright's Electron driver. Runs wherever the Electron binary is
 * installed; where it is not (this project's CI cannot download it), it is skipped and says why.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
// Not require('electron'): since Electron 42 that tries to download a missing binary.
import { electronBinary } from '../../build/electron-binary';

const binary = electronBinary();
const SKIP_REASON =
  'Electron binary not installed (it is downloaded from the internet on first install, which this machine cannot reach); browser-mode tests cover the UI';
if (!binary) console.log(`SKIPPED desktop Electron tests: ${SKIP_REASON}`);

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, SKIP_REASON);

  test('opens a hardened window on the Chinese login screen and signs in', async () => {
    const { execSync } = await import('node:child_process');
    execSync('npm run build', { stdio: 'inherit' });
    const { startEmbeddedBankApi } = await import('../../electron/services/embedded-api');
    const api = await startEmbeddedBankApi({ DATA_DIR: mkdtempSync(join(tmpdir(), 'ws-electron-')) });
    const app = await electron.launch({
      args: ['.'],
      executablePath: binary!,
      env: { ...process.env, BANK_API_URL: api.url },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { name: '小微企业信贷工作台' })).toBeVisible();
      // No Node in the page, and only the contract's channels on the bridge.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      const bridge = await page.evaluate(() =>
        Object.keys((window as unknown as { workstation: object }).workstation).sort(),
      );
      expect(bridge).toContain('session.login');
      // Navigation away is refused.
      await page.evaluate(() => {
        location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/workstation\//);
      await page.getByLabel('用户名').fill('approver1');
      await page.getByLabel('密码').fill('demo-pass');
      await page.getByRole('button', { name: '登录' }).click();
      await expect(page.getByTestId('user-name')).toHaveText('王审批');
      await page.screenshot({ path: 'test-results/screens/electron-home.png' });
    } finally {
      await app.close();
      await api.stop();
    }
  });
});
