/**
 * Approval accuracy and repayment reminders (issue 16 items 4 and 5) in browser mode: supervisor1 reads
 * NPL and 30+ by grade, tier, channel and score band with names (no raw codes) and drills into one
 * number; the process dashboard shows turnaround to disbursement in working days; rm1 sees the
 * repayment reminders the bank API gives for their clients.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { Repayments } from '../../shared/api/repayments';
import { apiLogin } from './desk-cases';
import { expect, test } from './fixtures';

/** A screenshot in test-results/screens (full page, or the viewport where the page is a long list). */
async function shot(page: Page, name: string, fullPage = true) {
  const path = `test-results/screens/${name}.png`;
  await page.screenshot({ path, fullPage });
  const extra = process.env.E2E_SHOTS_DIR;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    copyFileSync(path, join(extra, basename(path)));
  }
}

const figure = async (l: Locator) => Number(await l.getAttribute('data-value'));

/** Text a person should never read among figures: literals, i18n keys, codes (as dashboards.e2e.ts). */
const RAW =
  /\b(true|false|undefined|null|NaN|Infinity)\b|\b[a-z]+[A-Z]\w*\b|\b[a-z]+\d*_[a-z\d_]+\b|\b[A-Z]+_[A-Z_]+\b|\b[a-z]+(\.[a-zA-Z]+){2,}\b|_none/;
async function expectNoRaw(table: Locator) {
  const texts = await table.locator('th, td').allInnerTexts();
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text).not.toMatch(RAW);
}

test.describe('approval accuracy and repayment reminders', () => {
  test('supervisor1 reads approval accuracy by grade, tier, channel and score band, and drills into a number', async ({
    page,
    login,
  }) => {
    test.setTimeout(180_000);
    await login(page, 'supervisor1');
    await page.getByTestId('nav-dashboards').click();
    await page.getByTestId('tab-portfolio').click();
    const grade = page.getByTestId('panel-portfolio.byGrade');
    await expect(grade).toBeVisible({ timeout: 30_000 });
    await expect(grade).toContainText('审批准确性：按风险评级');
    for (const id of ['byGrade', 'byTier', 'byChannel', 'byScoreBand']) {
      const p = page.getByTestId(`panel-portfolio.${id}`);
      await p.getByRole('button', { name: '表格视图' }).click();
      await expectNoRaw(page.getByTestId(`table-portfolio.${id}`));
    }
    const gradeTable = page.getByTestId('table-portfolio.byGrade');
    for (const name of ['A 级', 'E 级', '未评级']) await expect(gradeTable).toContainText(name);
    const tierTable = page.getByTestId('table-portfolio.byTier');
    for (const name of ['秒批', '快速', '标准', '审贷会']) await expect(tierTable).toContainText(name);
    await expect(page.getByTestId('table-portfolio.byChannel')).toContainText('网点');
    await expect(page.getByTestId('table-portfolio.byScoreBand')).toContainText('680 分及以上');
    await expect(gradeTable).toContainText('不良率');
    await shot(page, 'accuracy-portfolio-zh');

    // The grade with the most loans (the seed grades every sandbox loan; 未评级 otherwise) → its loans.
    let best = { key: '_none', n: -1 };
    for (const key of ['A', 'B', 'C', 'D', 'E', '_none']) {
      const n = await figure(page.getByTestId(`cell-portfolio.byGrade-${key}-loans`));
      if (n > best.n) best = { key, n };
    }
    expect(best.n).toBeGreaterThan(0);
    await page.getByTestId(`cell-portfolio.byGrade-${best.key}-loans`).click();
    await expect(page.getByTestId('drill-total')).toHaveAttribute('data-value', String(best.n));
    await expect(page.getByTestId('drill-row')).toHaveCount(Math.min(best.n, 500));
    await shot(page, 'accuracy-drill-zh');
    await page.getByTestId('drill').getByRole('button', { name: '关闭' }).click();

    // Turnaround to disbursement on the process dashboard, in working days, tiers by name.
    await page.getByTestId('tab-process').click();
    const tat = page.getByTestId('panel-process.disbursementByTier');
    await expect(tat).toBeVisible({ timeout: 30_000 });
    await expect(tat).toContainText('申请至放款时长（工作日）');
    await tat.getByRole('button', { name: '表格视图' }).click();
    const tatTable = page.getByTestId('table-process.disbursementByTier');
    await expectNoRaw(tatTable);
    await expect(tatTable).toContainText('中位数');
    await expect(tatTable).toContainText('快速');
    await shot(page, 'accuracy-turnaround-zh');
  });

  test('rm1 sees the repayment reminders of their clients', async ({ page, login, workstation }) => {
    test.setTimeout(120_000);
    // Precondition from the bank API: rm1's clients have loans due within 30 working days or past due.
    const token = await apiLogin(workstation.bankApiUrl, 'rm1');
    const r = await fetch(`${workstation.bankApiUrl}/api/v1/workspace/repayments?days=30`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.status).toBe(200);
    const api = (await r.json()) as Repayments;
    expect(api.dueTotal + api.pastDueTotal).toBeGreaterThan(0);

    await login(page, 'rm1');
    await page.getByTestId('nav-workspace').click();
    const section = page.getByTestId('ws-reminders');
    await expect(section).toBeVisible({ timeout: 30_000 });
    await expect(section.getByRole('heading', { name: '还款提醒' })).toBeVisible();
    await section.getByLabel('未来工作日数').selectOption('30');
    // (A month's window over the seed's book: give a busy machine time.)
    await expect(section.getByRole('heading', { name: `即将到期（${api.dueTotal} 笔）` })).toBeVisible({
      timeout: 60_000,
    });
    await expect(section.getByRole('heading', { name: `已逾期（${api.pastDueTotal} 笔）` })).toBeVisible();
    await expect(section.getByTestId('ws-reminder-due')).toHaveCount(api.due.length);
    await expect(section.getByTestId('ws-reminder-past-due')).toHaveCount(api.pastDue.length);
    if (api.due[0]) {
      const first = section.getByTestId('ws-reminder-due').first();
      await expect(first).toContainText(api.due[0].dueDate);
      await expect(first).toContainText(api.due[0].enterpriseName);
    }
    for (const t of await section.locator('table').all()) {
      for (const text of await t.locator('th').allInnerTexts()) expect(text).not.toMatch(RAW);
    }
    // The default window (5 working days) for the screenshot: a screenful rather than a month's list.
    await section.getByLabel('未来工作日数').selectOption('5');
    await expect(section.getByText(/显示未来 5 个工作日内/)).toBeVisible({ timeout: 60_000 });
    // The reminders at the top of the viewport: the workspace lists every application below them.
    await section.getByRole('heading', { name: '还款提醒' }).evaluate((h) => h.scrollIntoView());
    await shot(page, 'reminders-rm1-zh', false);
  });
});
