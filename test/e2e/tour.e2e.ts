/**
 * The screen tour (issue 11, Proof): signs in as every demo user, opens every screen the user's
 * navigation offers — home, each queue lane, a case of each tier, the comparison, the contracts with a
 * contract's preview, each dashboard with its charts, their table views and a drill-down — and reads what
 * the screen shows for raw values (test/integration/raw-values.ts). Every user in Chinese; some also in
 * English. A full-page screenshot of every screen goes to test-results/screens/tour/<user>-<screen>-<lang>.png.
 *
 * The tour does not stop at the first finding: it fails once at the end with the whole list, grouped by
 * screen (also written to test-results/screens/tour/findings.txt). It leaves each user as it found them:
 * language back to Chinese, queue on its first lane, comparison set empty.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Browser, Locator, Page, Request } from '@playwright/test';
import type { Role } from '../../shared/api/auth';
import { DASHBOARDS } from '../../shared/api/dashboards';
import { COMPARE_ROLES } from '../../shared/api/enterprises';
import { QUEUE_LANES } from '../../shared/ipc/channels/queue';
import { TIERS } from '../../shared/workflow/status';
import {
  findRawValues,
  formatFindings,
  type RawFinding,
  summarizeFindings,
  type TextSample,
} from '../integration/raw-values';
import { expect, test, type Workstation } from './fixtures';

type Lang = 'zh-CN' | 'en';
const SHOTS = 'test-results/screens/tour';
const USERS = ['approver1', 'approver2', 'senior1', 'committee1', 'contract1', 'supervisor1', 'rm1', 'ops1'] as const;
/** Users whose tour is repeated in English (between them every area is seen in English). */
const ENGLISH = new Set<string>(['approver1', 'supervisor1']);
/**
 * How deep each dashboard user goes: the supervisor reads every chart, its table view and a drill-down;
 * senior1 the same over the Shanghai branch's scope; committee1 (head office, the supervisor's scope) the charts.
 */
const DASH_DEPTH: Record<string, 'charts' | 'full'> = { supervisor1: 'full', senior1: 'full', committee1: 'charts' };
/** Open statuses, preferred over closed cases (and in_review, the decision panel's state, over them all). */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');
const CHUNK_FAILED = /Failed to fetch dynamically imported module|error loading dynamically imported module/;
class ChunkError extends Error {}
/** How long a renderer rebuild by someone else in the shared checkout may keep the app away. */
const REBUILD_MS = 150_000;
const OPEN = 'submitted,screened,in_review,returned,escalated,committee';

/** Requests in flight, ignoring the long-lived event stream: the page is quiet when none has run for a while. */
function trackNetwork(page: Page) {
  const inflight = new Set<Request>();
  let last = Date.now();
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/events') return;
    inflight.add(r);
    last = Date.now();
  });
  const done = (r: Request) => {
    if (inflight.delete(r)) last = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return { quietFor: () => (inflight.size === 0 ? Date.now() - last : 0) };
}
type Net = ReturnType<typeof trackNetwork>;

/** Waits until no request has been in flight for 250 ms, nothing is aria-busy, fonts are in and two frames drawn. */
async function settle(page: Page, net: Net) {
  await expect
    .poll(async () => net.quietFor() >= 250 && (await page.locator('[aria-busy="true"]:visible').count()) === 0, {
      timeout: 30_000,
      intervals: [50, 100, 100, 250],
    })
    .toBe(true);
  await page.evaluate(
    () =>
      document.fonts.ready.then(
        () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
      ) as Promise<void>,
  );
}

/** What a person reads on the page: its visible text, and the visible attribute and chart text. */
function visibleText(): { samples: TextSample[]; atoms: string[] } {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (hidden text is not read).
  const out: TextSample[] = [{ text: document.body.innerText, source: 'text' }];
  const shown = (el: Element) =>
    typeof el.checkVisibility !== 'function' || el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  for (const el of Array.from(document.querySelectorAll('[title],[aria-label],[placeholder],[alt]'))) {
    if (!shown(el)) continue;
    for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
      const v = el.getAttribute(a);
      // A tooltip beside visible text complements it (a name with its code on hover): read them together.
      const own = a === 'title' ? (el.textContent ?? '').trim() : '';
      if (v) out.push({ text: own && own !== v ? `${own}（${v}）` : v, source: a });
    }
  }
  for (const el of Array.from(document.querySelectorAll('svg text')))
    if (shown(el)) out.push({ text: el.textContent ?? '', source: 'svg' });
  out.push({ text: document.title, source: 'document title' });
  // The separate text nodes, so that two adjacent flex items are not read as one word.
  const atoms: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const v = n.nodeValue?.trim();
    if (v && n.parentElement && shown(n.parentElement)) atoms.push(v);
  }
  return { samples: out, atoms };
}

interface Report {
  findings: RawFinding[];
  /** Screens that failed to open or threw (these fail the tour too). */
  errors: string[];
  /** Screens not shown for a reason that is not a defect (no case of that tier in the user's scope). */
  skipped: string[];
  /** Console errors and failed asset loads: context for the errors above, not failures by themselves. */
  notes: string[];
  screens: string[];
}

class UserTour {
  lang: Lang = 'zh-CN';
  /** Renderer chunks that failed to load so far (see visit). */
  chunks = 0;
  constructor(
    readonly page: Page,
    readonly net: Net,
    readonly user: string,
    readonly report: Report,
  ) {}

  name(screen: string) {
    return `${this.user}-${screen}-${this.lang}`;
  }

  /** Reads the settled screen for raw values and saves its full-page screenshot. */
  async shot(screen: string) {
    const name = this.name(screen);
    const t = Date.now();
    await settle(this.page, this.net);
    const { samples, atoms } = await this.page.evaluate(visibleText);
    if (samples.some((x) => CHUNK_FAILED.test(x.text))) throw new ChunkError(name);
    this.report.findings.push(...findRawValues(samples, { screen: name, lang: this.lang, atoms }));
    await this.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    this.report.screens.push(name);
    if (Date.now() - t > 5000)
      console.log(`tour: ${name} took ${((Date.now() - t) / 1000).toFixed(1)} s to settle and save`);
  }

  /**
   * Runs one screen's steps; a failure is recorded (with a screenshot of where it stopped) and the tour goes on.
   * Others rebuild the renderer in this shared checkout: when a chunk has vanished, the page is reloaded (the
   * hash keeps the area) and the screen tried once more.
   */
  async visit(screen: string, steps: () => Promise<void>) {
    const mark = { findings: this.report.findings.length, screens: this.report.screens.length, chunks: this.chunks };
    const attempt = async (): Promise<unknown> => {
      try {
        await steps();
        return this.chunks > mark.chunks ? new ChunkError(this.name(screen)) : null;
      } catch (e) {
        return e;
      }
    };
    let error = await attempt();
    if (error && (this.chunks > mark.chunks || error instanceof ChunkError)) {
      this.report.findings.length = mark.findings;
      this.report.screens.length = mark.screens;
      this.report.notes.push(`${this.name(screen)}: a renderer chunk vanished (rebuilt mid-run); reloaded and retried`);
      mark.chunks = this.chunks;
      error = await expect(async () => {
        await this.page.reload();
        await expect(this.page.getByTestId('user-box')).toBeVisible({ timeout: 5_000 });
      })
        .toPass({ timeout: REBUILD_MS, intervals: [1_000, 2_000, 5_000] })
        .then(attempt, (e: unknown) => e);
    }
    if (!error) return;
    const msg = (error instanceof Error ? error.message : String(error)).split('\n').filter(Boolean).slice(0, 2);
    this.report.errors.push(`${this.name(screen)}: ${msg.join(' ').replace(ANSI, '')}`);
    await this.page
      .screenshot({ path: `${SHOTS}/${this.name(screen)}-FAILED.png`, fullPage: true })
      .catch(() => undefined);
  }

  async area(a: string) {
    await this.page.getByTestId(`nav-${a}`).click();
    await expect(this.page.getByTestId(`nav-${a}`)).toHaveAttribute('aria-current', 'page');
  }

  async home() {
    await this.visit('home', async () => {
      await this.area('home');
      await expect(this.page.locator('main h2').first()).toBeVisible();
      await this.shot('home');
    });
  }

  async queue() {
    const lanes = this.page.locator('[role="tab"][data-testid^="lane-"]');
    let first: string | null = null;
    await this.visit('queue', async () => {
      await this.area('queue');
      await expect(lanes.first()).toBeVisible({ timeout: 20_000 });
      const clear = this.page.getByRole('button', { name: /清除筛选|Clear filters/ });
      if ((await clear.count()) && (await clear.first().isEnabled())) await clear.first().click();
    });
    const present = await lanes.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.testid!.slice(5)));
    for (const lane of QUEUE_LANES.filter((l) => present.includes(l))) {
      first ??= lane;
      await this.visit(`queue-${lane}`, async () => {
        await this.page.getByTestId(`lane-${lane}`).click();
        await expect(this.page.getByTestId(`lane-${lane}`)).toHaveAttribute('aria-selected', 'true');
        await this.shot(`queue-${lane}`);
      });
    }
    // Leave the queue on its first lane (the lane is kept in the user's preferences).
    if (first)
      await this.page
        .getByTestId(`lane-${first}`)
        .click()
        .catch(() => undefined);
  }

  async cases(ids: Partial<Record<(typeof TIERS)[number], string>>) {
    for (const tier of TIERS) {
      const id = ids[tier];
      if (!id) {
        this.report.skipped.push(`${this.name(`case-${tier}`)}: no ${tier} case in ${this.user}'s scope`);
        continue;
      }
      await this.visit(`case-${tier}`, async () => {
        await this.page.evaluate((h) => {
          location.hash = h;
        }, `#/queue/${id}`);
        await expect(this.page.getByTestId('case-view')).toBeVisible({ timeout: 20_000 });
        await this.shot(`case-${tier}`);
      });
    }
    await this.page.evaluate(() => {
      location.hash = '#/queue';
    });
  }

  async compare(canCompare: boolean) {
    await this.visit('compare', async () => {
      await this.area('compare');
      await expect(this.page.locator('#compare-heading')).toBeVisible();
      if (canCompare && (await this.page.locator('[data-testid="compare-set"] li').count()) < 2) {
        await this.page.getByTestId('compare-search').fill('有限公司');
        await this.page.getByTestId('compare-search').press('Enter');
        const add = this.page.getByTestId('compare-results').locator('li button:enabled').first();
        await add.click({ timeout: 20_000 });
        await this.page.getByTestId('add-peers').click();
        await expect
          .poll(() => this.page.getByTestId('compare-table').locator('thead th').count(), { timeout: 30_000 })
          .toBeGreaterThanOrEqual(3);
      }
      await this.shot('compare');
    });
  }

  /** Empties the comparison set (it is kept in the user's preferences). */
  async clearCompare() {
    await this.area('compare').catch(() => undefined);
    const remove = this.page.locator('[data-testid="compare-set"] li button');
    for (let i = 0; i < 8 && (await remove.count()) > 0; i++) await remove.first().click();
  }

  async contracts(officer: boolean) {
    const detail = this.page.getByTestId('case-contracts');
    await this.visit('contracts', async () => {
      await this.area('contracts');
      await expect(this.page.locator('#contracts-heading')).toBeVisible();
      await this.shot('contracts');
    });
    const rows = this.page.getByTestId('contracts-queue').locator('tbody tr');
    if ((await rows.count()) === 0) {
      this.report.skipped.push(`${this.name('contract-preview')}: the contracts queue is empty for ${this.user}`);
      return;
    }
    await this.visit('contract-preview', async () => {
      // A case whose contract exists; the contract officer generates one where none does.
      const withDoc = rows.filter({ has: this.page.locator('.badge-generated, .badge-exported, .badge-signed') });
      let row: Locator = withDoc.first();
      const generate = !(await withDoc.count());
      if (generate) row = rows.first();
      await row.locator('button.link').click();
      await expect(detail).toBeVisible();
      if (generate && officer) {
        await detail.getByTestId('generate').click();
        await expect(detail.locator('li.doc').first()).toBeVisible({ timeout: 90_000 });
      }
      await this.shot('contract-case');
      const doc = detail.locator('li.doc').first();
      if (!(await doc.count())) {
        this.report.skipped.push(`${this.name('contract-preview')}: no generated contract to preview`);
        return;
      }
      await doc.getByRole('button', { name: /^(预览|Preview)$/ }).click();
      await expect(doc.getByTestId('pdf-page').first()).toBeVisible({ timeout: 30_000 });
      await this.shot('contract-preview');
    });
  }

  async dashboards(depth: 'charts' | 'full') {
    let open = false;
    await this.visit('dashboards', async () => {
      await this.area('dashboards');
      const panel = this.page.locator('[data-testid^="panel-"]').first();
      await expect(panel.or(this.page.locator('main [role="alert"]')).first()).toBeVisible({ timeout: 60_000 });
      open = await panel.isVisible();
      // A role without the dashboards is told so: that message is a screen too.
      if (!open) await this.shot('dashboards');
    });
    if (!open) return;
    for (const d of DASHBOARDS) {
      await this.visit(`dash-${d}`, async () => {
        await this.page.getByTestId(`tab-${d}`).click();
        await expect(this.page.getByTestId(`tab-${d}`)).toHaveAttribute('aria-selected', 'true');
        await expect(this.page.locator(`[data-testid^="panel-${d}."]`).first()).toBeVisible({ timeout: 30_000 });
        await this.shot(`dash-${d}`);
        if (depth === 'charts') return;
        // Every chart's table view.
        const toggles = this.page.locator('.panel-tools button[aria-pressed="false"]');
        for (let i = 0; i < 30 && (await toggles.count()) > 0; i++) await toggles.first().click();
        await this.shot(`dash-${d}-tables`);
        // A drill-down: the smallest figure with rows behind it (a short list is a quick screen).
        const cells = this.page.locator('[data-testid^="cell-"]');
        const counts = (await cells.allInnerTexts()).map((t) =>
          /^[\d,]+$/.test(t.trim()) ? Number(t.replace(/,/g, '')) : 0,
        );
        const positive = counts.filter((n) => n > 0);
        const pick = counts.indexOf(Math.min(...positive));
        if (!positive.length || pick < 0) {
          this.report.skipped.push(`${this.name(`dash-${d}-drill`)}: no figure to drill into`);
          return;
        }
        await cells.nth(pick).click();
        await expect(this.page.getByTestId('drill-total')).toBeVisible({ timeout: 30_000 });
        await this.shot(`dash-${d}-drill`);
        await this.page
          .getByTestId('drill')
          .getByRole('button', { name: /^(关闭|Close)$/ })
          .click();
      });
    }
  }

  async setLanguage(lang: Lang) {
    await this.page.getByTestId('language-select').selectOption(lang);
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
    this.lang = lang;
  }
}

/** The user's roles, and one case of each tier in their scope (open ones first), through the bank API as them. */
async function scopeOf(ws: Workstation, user: string) {
  const login = await fetch(`${ws.bankApiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user, password: 'demo-pass' }),
  });
  if (!login.ok) throw new Error(`login ${user}: ${login.status}`);
  const { token, user: me } = (await login.json()) as { token: string; user: { roles: Role[] } };
  const ids: Partial<Record<(typeof TIERS)[number], string>> = {};
  for (const tier of TIERS) {
    for (const status of ['in_review', OPEN, null]) {
      const q = new URLSearchParams({ tier, limit: '1', ...(status ? { status } : {}) });
      const r = await fetch(`${ws.bankApiUrl}/api/v1/applications?${q}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!r.ok) break;
      const id = ((await r.json()) as { items: { id: string }[] }).items[0]?.id;
      if (id) {
        ids[tier] = id;
        break;
      }
    }
  }
  return { roles: me.roles, ids };
}

async function tourUser(browser: Browser, ws: Workstation, user: string, report: Report) {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  // Nothing waits for ever: an action or navigation that cannot happen fails the screen, not the tour.
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(30_000);
  const net = trackNetwork(page);
  const tour = new UserTour(page, net, user, report);
  page.on('pageerror', (e) => report.errors.push(`${user} (${tour.lang}): page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') report.notes.push(`${user} (${tour.lang}) console: ${m.text().slice(0, 200)}`);
  });
  // The renderer is rebuilt by others in a shared checkout: a chunk that vanished mid-tour is said as such.
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname.startsWith('/assets/')) tour.chunks++;
    if (r.status() >= 400 && new URL(r.url()).pathname.startsWith('/assets/'))
      report.notes.push(
        `${user} (${tour.lang}): ${r.status()} for ${new URL(r.url()).pathname} (renderer rebuilt during the run?)`,
      );
  });
  try {
    // The web host answers "not found" while someone's renderer build has emptied out/renderer: try again.
    await expect(async () => {
      await page.goto(ws.url);
      await expect(page.getByLabel('用户名')).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: REBUILD_MS, intervals: [1_000, 2_000, 5_000] });
    await page.getByLabel('用户名').fill(user);
    await page.getByLabel('密码').fill('demo-pass');
    if (user === USERS[0]) await tour.shot('login');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('user-box')).toBeVisible();
    const { roles, ids } = await scopeOf(ws, user);
    const nav = await page
      .locator('nav [data-testid^="nav-"]')
      .evaluateAll((els) =>
        els.filter((e) => e.checkVisibility()).map((e) => (e as HTMLElement).dataset.testid!.slice(4)),
      );
    const canCompare = roles.some((r) => COMPARE_ROLES.includes(r));
    for (const lang of ENGLISH.has(user) ? (['zh-CN', 'en'] as const) : (['zh-CN'] as const)) {
      if (lang !== tour.lang) await tour.setLanguage(lang);
      for (const a of nav) {
        if (a === 'home') await tour.home();
        else if (a === 'queue') {
          await tour.queue();
          await tour.cases(ids);
        } else if (a === 'compare') await tour.compare(canCompare);
        else if (a === 'contracts') await tour.contracts(roles.includes('contract_officer'));
        else if (a === 'dashboards') await tour.dashboards(DASH_DEPTH[user] ?? 'charts');
        else
          await tour.visit(a, async () => {
            await tour.area(a);
            await tour.shot(a);
          });
      }
    }
  } finally {
    // Leave the user as found: Chinese, no comparison set.
    if (tour.lang !== 'zh-CN') await tour.setLanguage('zh-CN').catch(() => undefined);
    await tour.clearCompare().catch(() => undefined);
    await context.close();
  }
}

test.describe('screen tour', () => {
  test('every demo user, every screen: nothing raw on screen', async ({ browser, workstation }) => {
    test.setTimeout(15 * 60_000);
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    const report: Report = { findings: [], errors: [], skipped: [], notes: [], screens: [] };
    const t0 = Date.now();
    // Written after every user, so that even a tour cut short leaves its list.
    const write = () => {
      const text = [
        `Screen tour: ${report.screens.length} screens in ${((Date.now() - t0) / 1000).toFixed(0)} s, ` +
          `${report.findings.length} raw values, ${report.errors.length} screens that failed to open.`,
        '',
        'Distinct raw values (most widespread first):',
        summarizeFindings(report.findings),
        '',
        'By screen:',
        formatFindings(report.findings),
        ...(report.errors.length ? ['', 'Screens that failed to open:', ...report.errors.map((e) => `  ${e}`)] : []),
        ...(report.skipped.length ? ['', 'Not shown (nothing in scope):', ...report.skipped.map((e) => `  ${e}`)] : []),
        ...(report.notes.length ? ['', 'Notes:', ...report.notes.map((e) => `  ${e}`)] : []),
      ].join('\n');
      writeFileSync(`${SHOTS}/findings.txt`, `${text}\n`);
      writeFileSync(`${SHOTS}/findings.json`, `${JSON.stringify(report, null, 2)}\n`);
      return text;
    };
    for (const user of USERS) {
      await test.step(user, async () => {
        const t = Date.now();
        await tourUser(browser, workstation, user, report);
        console.log(`tour: ${user} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        write();
      });
    }
    const text = write();
    console.log(text);
    expect(report.findings.length + report.errors.length, text).toBe(0);
  });
});
