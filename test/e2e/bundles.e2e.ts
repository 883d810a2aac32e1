/**
 * Code splitting (issue 11 part 5): the login screen loads only its own scripts, never recharts or
 * pdf.js; each area's chunk is fetched on its first visit. Which file holds what is read from the Vite
 * manifest of the build the web host serves (out/renderer/.vite/manifest.json), not guessed from names.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Manifest } from 'vite';
import { chunkKey } from '../../build/manifest';
import { expect, test } from './fixtures';

// Read before each test, not once: the build the web host serves may have been redone meanwhile.
let manifest: Manifest;
const readManifest = () => JSON.parse(readFileSync('out/renderer/.vite/manifest.json', 'utf8')) as Manifest;

/** The named vendor chunks the login screen must not load (build/vite.renderer.config.ts names them). */
const FORBIDDEN_CHUNKS = ['recharts', 'pdfjs-dist'];

const keyOf = (key: string) => chunkKey(manifest, key);
const fileOf = (key: string): string => manifest[keyOf(key)]!.file;

/** A chunk's file and every file its static imports reach. */
function closure(key: string, into = new Set<string>()): Set<string> {
  const file = fileOf(key);
  if (into.has(file)) return into;
  into.add(file);
  for (const i of manifest[keyOf(key)]!.imports ?? []) closure(i, into);
  return into;
}

/** Every script the page fetches (module scripts, modulepreloads, workers), as paths under out/renderer. */
function recordScripts(page: Page): Set<string> {
  const seen = new Set<string>();
  const add = (url: string) => {
    const u = new URL(url);
    if (/\.m?js$/.test(u.pathname)) seen.add(decodeURIComponent(u.pathname.replace(/^\//, '')));
  };
  page.on('request', (r) => add(r.url()));
  page.on('worker', (w) => add(w.url()));
  return seen;
}

const entryKey = 'index.html';
const forbiddenFiles = () =>
  Object.values(manifest)
    .filter((c) => c.name && FORBIDDEN_CHUNKS.includes(c.name))
    .map((c) => c.file);
const chunkFile = (name: string) => Object.values(manifest).find((c) => c.name === name)!.file;
const PDF_WORKER = /(^|\/)pdf\.worker[^/]*\.m?js$/;

test.describe('code splitting', () => {
  test.beforeEach(() => {
    manifest = readManifest();
  });

  test('the manifest names the vendor chunks the check relies on', () => {
    expect(manifest[entryKey]?.isEntry).toBe(true);
    const forbidden = forbiddenFiles();
    for (const name of FORBIDDEN_CHUNKS) expect(Object.values(manifest).some((c) => c.name === name)).toBe(true);
    for (const f of forbidden) expect(closure(entryKey).has(f)).toBe(false);
  });

  test('the login screen loads no recharts or pdf.js; the dashboards chunk loads on first visit', async ({
    page,
    workstation,
  }) => {
    const scripts = recordScripts(page);
    await page.goto(workstation.url);
    await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
    await page.waitForLoadState('networkidle');

    const login = [...scripts];
    const forbidden = forbiddenFiles();
    expect(login).toContain(fileOf(entryKey));
    // Exactly the entry and its static imports: nothing else is fetched before signing in.
    expect(new Set(login)).toEqual(closure(entryKey));
    for (const f of forbidden) expect(login).not.toContain(f);
    expect(login.filter((f) => PDF_WORKER.test(f))).toEqual([]);
    expect(login).not.toContain(fileOf('app/AppFrame.tsx'));

    await page.getByLabel('用户名').fill('supervisor1');
    await page.getByLabel('密码').fill('demo-pass');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('user-box')).toBeVisible();
    expect(scripts).toContain(fileOf('app/AppFrame.tsx'));
    const dashboards = fileOf('features/dashboards/DashboardsView.tsx');
    expect(scripts).not.toContain(dashboards);

    // By hash, as every link in the app navigates.
    await page.getByTestId('nav-dashboards').click();
    await expect(page).toHaveURL(/#\/dashboards/);
    await expect(page.getByTestId('panel-process.daily')).toBeVisible({ timeout: 30_000 });
    expect(scripts).toContain(dashboards);
    for (const f of closure('features/dashboards/DashboardsView.tsx')) expect(scripts).toContain(f);
    // Charts came with the dashboards, pdf.js did not.
    expect(scripts).toContain(chunkFile('recharts'));
    expect([...scripts].filter((f) => PDF_WORKER.test(f))).toEqual([]);
  });

  test('the contracts area opens without pdf.js (it is fetched for a preview)', async ({ page, login }) => {
    const scripts = recordScripts(page);
    await login(page, 'contract1');
    await page.getByTestId('nav-contracts').click();
    await expect(page.getByRole('heading', { name: '合同生成与签署' })).toBeVisible();
    await expect(page.getByTestId('contracts-queue')).toBeVisible();
    expect(scripts).toContain(fileOf('features/contracts/ContractsView.tsx'));
    expect(scripts).not.toContain(chunkFile('pdfjs-dist'));
    expect([...scripts].filter((f) => PDF_WORKER.test(f))).toEqual([]);
  });
});
