import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { QueuePage } from './pages/QueuePage';

/** A full-page screenshot in test-results/screens (and E2E_SHOTS_DIR when set, for a reviewer). */
async function shot(page: Page, name: string) {
  const path = `test-results/screens/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  const extra = process.env.E2E_SHOTS_DIR;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    copyFileSync(path, join(extra, basename(path)));
  }
}

/** The exact figure behind a table cell or a drill-down total (the text is grouped, with its unit). */
async function figure(l: Locator): Promise<number> {
  return Number(await l.getAttribute('data-value'));
}

/** Every table of the current dashboard in its table view. */
async function openTables(page: Page) {
  const toggles = page.locator('.panel-tools button[aria-pressed="false"]');
  for (let i = 0; i < 30 && (await toggles.count()) > 0; i++) await toggles.first().click();
}

/** Each header and cell of a table reads as words and figures, never a raw value. */
async function expectNoRaw(table: Locator) {
  const texts = await table.locator('th, td').allInnerTexts();
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text).not.toMatch(RAW);
}

/** Text a person should never read among figures: literals, i18n keys, codes. */
const RAW =
  /\b(true|false|undefined|null|NaN|Infinity)\b|\b[a-z]+[A-Z]\w*\b|\b[a-z]+\d*_[a-z\d_]+\b|\b[A-Z]+_[A-Z_]+\b|\b[a-z]+(\.[a-zA-Z]+){2,}\b/;

test.describe('dashboards and comparison in browser mode', () => {
  test('supervisor1 sees the dashboards, filters by branch and drills into a number', async ({ page, login }) => {
    test.setTimeout(240_000); // four dashboards, every table view, two languages
    await login(page, 'supervisor1');
    await page.getByTestId('nav-dashboards').click();
    await expect(page.getByTestId('panel-process.daily')).toBeVisible({ timeout: 30_000 });
    // The default period is the last three months, and the sandbox has activity in it.
    await expect(page.getByTestId('period-quarter')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('panel-process.funnel').getByRole('button', { name: '表格视图' }).click();
    expect(await figure(page.getByTestId('cell-process.funnel-submitted-applications'))).toBeGreaterThan(0);
    await page.getByTestId('panel-process.funnel').getByRole('button', { name: '图表视图' }).click();
    // Branches by name, not code.
    await expect(page.getByTestId('dash-meta')).toContainText('总行');
    await expect(page.getByTestId('dash-meta')).not.toContainText(/\bHO\b|SH-PD/);
    // Every bar of a horizontal bar chart carries its name.
    const status = page.getByTestId('panel-process.status');
    await expect(status.getByTestId('axis-tick')).toHaveCount(15);
    await expect(status.getByTestId('axis-tick').filter({ hasText: '审贷会' })).toHaveCount(1);
    const workload = page.getByTestId('panel-process.workload');
    await workload.getByRole('button', { name: '表格视图' }).click();
    const staff = await workload.locator('tbody tr').count();
    await workload.getByRole('button', { name: '图表视图' }).click();
    await expect(workload.getByTestId('axis-tick')).toHaveCount(staff);
    await shot(page, 'dashboards-process-zh');
    // Decline reasons by their text, not their codes.
    const reasons = page.getByTestId('panel-process.declineReasons');
    await reasons.getByRole('button', { name: '表格视图' }).click();
    await expect(reasons.locator('tbody th').first()).toBeVisible();
    for (const name of await reasons.locator('tbody th').allInnerTexts()) expect(name).not.toMatch(/^[A-Z]+_[A-Z_]+$/);
    await openTables(page);
    for (const t of await page.locator('[data-testid^="table-process."]').all()) await expectNoRaw(t);
    await shot(page, 'dashboards-process-tables-zh');

    await page.getByTestId('filter-branch').selectOption('SH');
    await expect(page.getByTestId('dash-meta')).toContainText('上海分行、上海浦东支行、上海徐汇支行');
    await expect(page.getByTestId('dash-meta')).not.toContainText('杭州');

    // A process figure: the funnel's "approved" for the Shanghai sub-tree.
    const approved = page.getByTestId('cell-process.funnel-approved-applications');
    const n = await figure(approved);
    expect(n).toBeGreaterThan(0);
    await approved.click();
    await expect(page.getByTestId('drill-total')).toHaveAttribute('data-value', String(n));
    await expect(page.getByTestId('drill-row')).toHaveCount(Math.min(n, 500));
    // Products and branches by name, times in Beijing time.
    const first = page.getByTestId('drill-row').first();
    await expect(first.locator('td').nth(2)).not.toHaveText(/^[A-Z]{2,4}$/);
    await expect(first.locator('td').nth(5)).toContainText('上海');
    await shot(page, 'dashboards-drill-zh');

    // A portfolio figure from a chart's table view: loans in the special-mention class.
    await page.getByTestId('tab-portfolio').click();
    const cls = page.getByTestId('panel-portfolio.classification');
    await cls.getByRole('button', { name: '表格视图' }).click();
    const cell = page.getByTestId('cell-portfolio.classification-special_mention-loans');
    const m = await figure(cell);
    await cell.click();
    await expect(page.getByTestId('drill-total')).toHaveAttribute('data-value', String(m));
    await expect(page.getByTestId('drill-row')).toHaveCount(Math.min(m, 500));
    await shot(page, 'dashboards-portfolio-zh');
    await page.getByTestId('drill').getByRole('button', { name: '关闭' }).click();
    await openTables(page);
    for (const t of await page.locator('[data-testid^="table-portfolio."]').all()) await expectNoRaw(t);
    await shot(page, 'dashboards-portfolio-tables-zh');

    // Early warning: each signal's count lists exactly its loans.
    await page.getByTestId('tab-warning').click();
    const ranked = page.getByTestId('cell-warning.ranked-any-loans');
    const w = await figure(ranked);
    await ranked.click();
    await expect(page.getByTestId('drill-total')).toHaveAttribute('data-value', String(w));
    await shot(page, 'dashboards-warning-zh');

    // Regulatory: every value formatted for its kind.
    await page.getByTestId('tab-regulatory').click();
    const checks = page.getByTestId('table-regulatory.checks');
    await expect(checks).toBeVisible();
    await expectNoRaw(checks);
    // Borrower counts are counts (户), never percentages; pass/fail in words; the pricing row named.
    const borrowers = checks.locator('tbody tr').filter({ hasText: '有贷款户数' });
    for (const text of (await borrowers.locator('td').allInnerTexts()).slice(0, 2)) {
      expect(text).not.toContain('%');
      expect(text).toMatch(/^[\d,]+ 户$/);
    }
    for (const row of await checks.locator('tbody tr').all()) {
      expect(await row.locator('td').last().textContent()).toMatch(/^(达标|未达标|—)$/);
    }
    await expect(checks.locator('thead')).not.toContainText('笔');
    await expect(checks.locator('tbody')).toContainText('平均年利率');
    const indicators = page.getByTestId('panel-regulatory.indicators');
    await indicators.getByRole('button', { name: '表格视图' }).click();
    const table = page.getByTestId('table-regulatory.indicators');
    await expect(table.locator('thead')).toContainText('当前户数 (户)');
    for (const key of ['borrowersNow', 'borrowersYearStart'])
      await expect(page.getByTestId(`cell-regulatory.indicators-inclusive-${key}`)).not.toContainText('%');
    await expectNoRaw(table);
    await shot(page, 'dashboards-regulatory-zh');

    // CSV export of a chart's data downloads a file.
    const download = page.waitForEvent('download');
    await page.getByTestId('panel-regulatory.indicators').getByRole('button', { name: '导出 CSV' }).click();
    expect((await download).suggestedFilename()).toBe('regulatory.indicators.csv');

    // English: the same checks in words, branch names in English.
    await page.getByTestId('language-select').selectOption('en');
    await expect(checks).toContainText(/Met|Not met/);
    await expectNoRaw(checks);
    await expectNoRaw(table);
    await expect(page.getByTestId('dash-meta')).toContainText('Shanghai');
    await shot(page, 'dashboards-regulatory-en');
    await page.getByTestId('tab-process').click();
    await expect(page.getByTestId('panel-process.status')).toBeVisible();
    await shot(page, 'dashboards-process-en');
    await page.getByTestId('language-select').selectOption('zh-CN');
  });

  test('supervisor1: legends in the UI language, the period shown as chosen, wide tables kept whole, vintage by default', async ({
    page,
    login,
  }) => {
    test.setTimeout(180_000);
    await login(page, 'supervisor1');
    await page.getByTestId('nav-dashboards').click();
    await expect(page.getByTestId('panel-process.daily')).toBeVisible({ timeout: 30_000 });

    // The chosen period is pressed and looks it: filled, where the others are outlined.
    const quarter = page.getByTestId('period-quarter');
    const month = page.getByTestId('period-month');
    const fill = (l: Locator) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
    await expect(quarter).toHaveAttribute('aria-pressed', 'true');
    for (const k of ['month', 'ytd', 'year'])
      await expect(page.getByTestId(`period-${k}`)).toHaveAttribute('aria-pressed', 'false');
    const chosen = await fill(quarter);
    expect(await fill(month)).not.toBe(chosen);
    await month.click();
    await expect(month).toHaveAttribute('aria-pressed', 'true');
    await expect(quarter).toHaveAttribute('aria-pressed', 'false');
    expect(await fill(month)).toBe(chosen);
    await quarter.click();
    await expect(quarter).toHaveAttribute('aria-pressed', 'true');

    // Legends name each series in Chinese and nothing else (no recharts "legend icon" label).
    const legend = page.getByTestId('panel-process.daily').getByTestId('chart-legend');
    await expect(legend.locator('li').first()).toBeVisible();
    for (const name of await legend.locator('li').allInnerTexts()) expect(name).not.toMatch(/[A-Za-z]/);
    const legendIcons = page.locator('[aria-label*="legend icon"]');
    await expect(legendIcons).toHaveCount(0);

    /** A table shows its last column inside its card, or scrolls in a focusable, named region. */
    const whole = async (id: string) => {
      const panel = page.getByTestId(`panel-${id}`);
      // The tab's panels come with its data: counting the toggle before the panel is there would skip it.
      await expect(panel).toBeVisible({ timeout: 30_000 });
      const toggle = panel.getByRole('button', { name: /^(表格视图|Table view)$/ });
      if (await toggle.count()) await toggle.click();
      const last = page.getByTestId(`table-${id}`).locator('thead th').last();
      await expect(last).toBeVisible();
      const box = (await page.getByTestId(`scroll-${id}`).boundingBox())!;
      const th = (await last.boundingBox())!;
      expect(th.x + th.width, `${id}: last column inside the card`).toBeLessThanOrEqual(box.x + box.width + 1);
      await expect(panel).toHaveClass(/\bwide\b/);
    };
    await whole('process.automation');
    await page.getByTestId('tab-portfolio').click();
    await whole('portfolio.kpi');
    // The vintage curves read their own two years by default, and say so.
    const vintage = page.getByTestId('panel-portfolio.vintage');
    await expect(vintage.getByTestId('window-portfolio.vintage')).toContainText('近两年');
    await expect(vintage.locator('[data-testid^="dot-portfolio.vintage-"]').first()).toBeVisible({ timeout: 30_000 });
    await expect(vintage.getByTestId('empty-portfolio.vintage')).toHaveCount(0);
    await expect(legendIcons).toHaveCount(0);
    await shot(page, 'dashboards-portfolio-default-zh');
    // A table wider than the page still scrolls within its card: a named region reached by Tab.
    await vintage.getByRole('button', { name: '表格视图' }).click();
    const region = vintage.getByRole('region', { name: /可滚动/ });
    await expect(region).toHaveAttribute('tabindex', '0');
    await region.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
    await page.getByTestId('tab-regulatory').click();
    await whole('regulatory.indicators');
    await shot(page, 'dashboards-regulatory-wide-zh');
    // In English too: legends and the automation table.
    await page.getByTestId('language-select').selectOption('en');
    await page.getByTestId('tab-process').click();
    await whole('process.automation');
    await expect(page.getByTestId('panel-process.daily').getByTestId('chart-legend')).toBeVisible();
    await expect(legendIcons).toHaveCount(0);
    await shot(page, 'dashboards-process-wide-en');
    await page.getByTestId('language-select').selectOption('zh-CN');
  });

  test('supervisor1 reads the comparison charts in each language: ticks, one word for yuan, a legend per line', async ({
    page,
    login,
  }) => {
    await login(page, 'supervisor1');
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-search').fill('有限公司');
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('compare-results').getByRole('button', { name: '加入对比' }).first().click();
    await page.getByTestId('add-peers').click();
    const charts = page.getByTestId('trend-chart');
    await expect(charts).toHaveCount(4, { timeout: 20_000 });
    // The value axis's ticks (recharts draws them in a layer of their own, anchored at their end).
    const ticks = charts.first().locator('text.recharts-cartesian-axis-tick-value[text-anchor="end"]');
    await expect(ticks.first()).toBeVisible();
    for (const tick of await ticks.allTextContents()) expect(tick).toMatch(/^(0|[\d.]+万|[\d.]+亿)$/);
    await expect(charts.first().getByTestId('chart-legend').locator('li')).toHaveText(['增值税申报销售额', '结算流入']);
    await expect(charts.first().locator('figcaption')).toContainText('元');

    await page.getByTestId('language-select').selectOption('en');
    // A line per name (recharts may list them in either order after the language changes).
    const names = charts.first().getByTestId('chart-legend').locator('li');
    await expect
      .poll(async () => (await names.allTextContents()).sort())
      .toEqual(['Settlement inflow', 'VAT-declared sales']);
    await expect(charts.first().locator('figcaption')).toContainText('(yuan)');
    await expect(page.locator('.compare')).not.toContainText('CNY');
    for (const tick of await ticks.allTextContents()) expect(tick).toMatch(/^(0|[\d.]+[KMB])$/);
    await expect(page.locator('[aria-label*="legend icon"]')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screens/compare-charts-en.png', fullPage: true });
    await page.getByTestId('language-select').selectOption('zh-CN');
    // The set is kept in supervisor1's preferences: empty it.
    const set = page.getByTestId('compare-set');
    for (let i = 0; i < 4; i++) await set.getByRole('button', { name: /^移出/ }).first().click();
    await expect(set).toContainText('已选 0 / 4 家');
  });

  test('from a case, approver1 compares the applicant with its closest peers in one step', async ({ page, login }) => {
    await login(page, 'approver1');
    const queue = new QueuePage(page);
    await queue.open();
    await queue.clearFilters(); // filters persist per user, and the workstation is shared by the worker's test files
    await queue.selectLane('standard');
    await expect(queue.rows().first()).toBeVisible({ timeout: 20_000 });
    await queue.rows().first().click();
    await queue.grid.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('case-view')).toBeVisible();
    const heading = (await page.locator('#case-heading').textContent()) ?? '';
    const applicant = heading.split(' · ')[0]!.trim();
    await page.getByTestId('case-compare').click();
    const table = page.getByTestId('compare-table');
    await expect(table.locator('thead th')).toHaveCount(5, { timeout: 20_000 });
    await expect(table.locator('thead th[scope="col"]').nth(1)).toContainText(applicant);
    await expect(page).toHaveURL(/#\/compare$/); // the request is consumed: Back or a remount shows the kept set
    await expect(page.getByTestId('trend-chart')).toHaveCount(4);
    await page.screenshot({ path: 'test-results/screens/compare-from-case-zh.png', fullPage: true });
    // The set is kept in approver1's preferences: empty it for the next test.
    const set = page.getByTestId('compare-set');
    for (let i = 0; i < 4; i++) await set.getByRole('button', { name: /^移出/ }).first().click();
    await expect(set).toContainText('已选 0 / 4 家');
  });

  test('approver1 compares an applicant with its three closest peers', async ({ page, login }) => {
    await login(page, 'approver1');
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-search').fill('有限公司');
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('compare-results').getByRole('button', { name: '加入对比' }).first().click();
    await page.getByTestId('add-peers').click();
    const table = page.getByTestId('compare-table');
    await expect(table.locator('thead th')).toHaveCount(5, { timeout: 20_000 });
    await expect(page.getByTestId('metric-annualSales').locator('td')).toHaveCount(4);
    await expect(page.getByTestId('metric-annualSales')).toContainText('P');
    await expect(page.getByTestId('trend-chart')).toHaveCount(4);
    await expect(page.getByTestId('data-dates').first()).toContainText('税务');
    await page.screenshot({ path: 'test-results/screens/compare-zh.png', fullPage: true });

    // Export the whole comparison: a PDF rendered by main, then a PNG of that PDF's pages.
    const heads = table.locator('thead th[scope="col"]');
    const names: string[] = [];
    for (let i = 1; i < 5; i++) {
      const th = heads.nth(i);
      const all = (await th.textContent()) ?? '';
      const uscc = (await th.locator('div').textContent()) ?? '';
      names.push(all.slice(0, all.length - uscc.length).trim());
    }
    const pdfDownload = page.waitForEvent('download');
    await page.getByTestId('export-pdf').click();
    const pdf = await pdfDownload;
    expect(pdf.suggestedFilename()).toMatch(/^enterprise-comparison-\d{8}-\d{4}\.pdf$/);
    const pdfPath = await pdf.path();
    expect(readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(page.getByTestId('export-status')).toContainText(`已下载 ${pdf.suggestedFilename()}`);
    if (spawnSync('which', ['pdftotext']).status === 0) {
      const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toContain('企业对比报告');
      for (const name of names) expect(text).toContain(name.replace(/\s+/g, ''));
    } else {
      console.warn('compare e2e: pdftotext missing, so the exported PDF text is not checked: install poppler-utils');
    }
    const pngDownload = page.waitForEvent('download');
    const t0 = Date.now();
    await page.getByTestId('export-png').click();
    const png = await pngDownload;
    console.log(`compare e2e: PNG of the exported PDF downloaded ${Date.now() - t0} ms after the click`);
    expect(png.suggestedFilename()).toMatch(/^enterprise-comparison-\d{8}-\d{4}\.png$/);
    const image = readFileSync(await png.path());
    expect(image.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(image.readUInt32BE(16)).toBeGreaterThan(1000); // IHDR width: A4 landscape at 2×
    expect(image.readUInt32BE(20)).toBeGreaterThan(1000); // IHDR height
    await expect(page.getByTestId('export-pdf')).toBeEnabled();
    writeFileSync('test-results/screens/compare-export.png', image);
    await page.screenshot({ path: 'test-results/screens/compare-exported-zh.png', fullPage: true });

    // The comparison set is kept in preferences.
    await page.reload();
    await page.getByTestId('nav-compare').click();
    await expect(page.getByTestId('compare-table').locator('thead th')).toHaveCount(5, { timeout: 20_000 });
  });
});
