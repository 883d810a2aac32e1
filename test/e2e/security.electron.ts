/**
 * The desktop shell's window-level security (issue 19 item 3) through Playwright's Electron driver:
 * the page comes from app://, not file://; the production menu has no reload or DevTools and the
 * window none; links out open only for allowed hosts; web permissions are denied; the app:// handler
 * serves nothing outside the renderer folder. Runs wherever the Electron binary is installed; where it
 * is not, it is skipped and says why. The policies themselves are unit-tested in plain Node
 * (electron/protocol.test.ts, menu.test.ts, external-links.test.ts, security.test.ts).
 */
import { execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ElectronApplication, _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../build/electron-binary';

const binary = electronBinary();
const SKIP_REASON =
  'Electron binary not installed (it is downloaded from the internet on first install, which this machine cannot reach); the shell policies are unit-tested in plain Node';
if (!binary) console.log(`SKIPPED desktop security Electron tests: ${SKIP_REASON}`);

test.describe('desktop shell security (Electron)', () => {
  test.skip(!binary, SKIP_REASON);

  let stopApi: (() => Promise<void>) | null = null;
  let bankApiUrl = '';
  test.beforeAll(async () => {
    execSync('npm run build', { stdio: 'inherit' });
    const { startEmbeddedBankApi } = await import('../../electron/services/embedded-api');
    const api = await startEmbeddedBankApi({ DATA_DIR: mkdtempSync(join(tmpdir(), 'ws-electron-sec-')) });
    bankApiUrl = api.url;
    stopApi = () => api.stop();
  });
  test.afterAll(async () => {
    await stopApi?.();
  });

  const launch = (env: Record<string, string> = {}): Promise<ElectronApplication> =>
    electron.launch({
      args: ['.'],
      executablePath: binary!,
      env: { ...process.env, BANK_API_URL: bankApiUrl, SME_EXTERNAL_LINK_HOSTS: 'www.pbc.gov.cn', ...env },
    });

  test('loads from app://, without reload or DevTools, denies permissions and links out of the list', async () => {
    const app = await launch({ SME_SUPPORT_TOOLS: '0' });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { name: '小微企业信贷工作台' })).toBeVisible();
      expect(page.url()).toMatch(/^app:\/\/workstation\/index\.html/);

      const roles = await app.evaluate(({ Menu }) => {
        const out: string[] = [];
        const walk = (items: Electron.MenuItem[]) => {
          for (const i of items) {
            if (i.role) out.push(String(i.role));
            if (i.submenu) walk(i.submenu.items);
          }
        };
        walk(Menu.getApplicationMenu()?.items ?? []);
        return out.map((r) => r.toLowerCase());
      });
      expect(roles).toContain('copy');
      expect(roles).not.toContain('toggledevtools');
      expect(roles).not.toContain('reload');
      const devTools = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        w.webContents.openDevTools();
        return w.webContents.isDevToolsOpened();
      });
      expect(devTools).toBe(false);

      // Links out: record what main would hand to the OS instead of opening a browser.
      await app.evaluate(({ shell }) => {
        const g = globalThis as unknown as { opened: string[] };
        g.opened = [];
        shell.openExternal = async (url: string) => {
          g.opened.push(url);
        };
      });
      await page.evaluate(() => {
        window.open('https://evil.example/');
        window.open('http://www.pbc.gov.cn/');
        window.open('file:///etc/passwd');
        window.open('https://www.pbc.gov.cn/zhengcehuobisi/');
      });
      await expect
        .poll(() => app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened))
        .toEqual(['https://www.pbc.gov.cn/zhengcehuobisi/']);
      expect(app.windows()).toHaveLength(1);

      const geo = await page.evaluate(async () => (await navigator.permissions.query({ name: 'geolocation' })).state);
      expect(geo).toBe('denied');
      const outside = await page.evaluate(async () => (await fetch('app://workstation/..%2f..%2fpackage.json')).status);
      expect(outside).toBe(404);
      const file = await page.evaluate(async () => {
        try {
          return (await fetch('file:///etc/hostname')).status;
        } catch {
          return 'refused';
        }
      });
      expect(file).toBe('refused');
    } finally {
      await app.close();
    }
  });

  test('support staff get reload and DevTools with SME_SUPPORT_TOOLS=1', async () => {
    const app = await launch({ SME_SUPPORT_TOOLS: '1' });
    try {
      await app.firstWindow();
      const roles = await app.evaluate(({ Menu }) =>
        (Menu.getApplicationMenu()?.items ?? []).flatMap((i) =>
          (i.submenu?.items ?? []).map((s) => String(s.role ?? '').toLowerCase()),
        ),
      );
      expect(roles).toEqual(expect.arrayContaining(['reload', 'toggledevtools']));
    } finally {
      await app.close();
    }
  });
});
