/**
 * Rule-set publishing (规则版本发布, issue 14 item 9) in browser mode: supervisor1 drafts a change to the
 * fast-lane limit in the form, replays it over the decided cases and submits it; supervisor2 — the
 * second pair of eyes — approves and publishes it. A bad threshold is refused on the way.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function shot(page: Page, name: string) {
  const path = `test-results/screens/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  const extra = process.env.E2E_SHOTS_DIR;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    copyFileSync(path, join(extra, basename(path)));
  }
}

async function switchUser(page: Page, username: string) {
  await page.getByTestId('logout').click();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo-pass');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('user-box')).toBeVisible();
}

test.describe('rule-set publishing', () => {
  test('supervisor1 drafts, replays and submits; supervisor2 approves and publishes', async ({ page, login }) => {
    test.setTimeout(180_000);
    await login(page, 'supervisor1');
    await page.getByTestId('nav-rules').click();
    await expect(page.getByTestId('rules-in-force')).toContainText('RS-2025.12');

    await page.getByTestId('rules-new-draft').click();
    const panel = page.getByTestId('rules-version');
    await expect(panel.getByTestId('rules-version-status')).toHaveText('草稿');
    const version = ((await panel.locator('h3').textContent()) ?? '').trim().split(/\s/)[0]!;
    expect(version).toMatch(/^RS-\d{4}\.\d{2}\.\d{2}-\d+$/);

    // The facts by name, not by their codes.
    const admission = await panel.getByTestId('rules-editor-admission').locator('th, td').allInnerTexts();
    expect(admission.join(' ')).toContain('经营月数');
    for (const text of admission) expect(text).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\b[A-Z]+_[A-Z_]+\b/);

    // A negative threshold is refused by the bank API, and the form says why.
    await panel.getByTestId('rules-threshold-ADM_ANNUAL_SALES').fill('-1');
    await panel.getByTestId('rules-save').click();
    await expect(panel.getByTestId('rules-save-error')).toContainText('threshold must not be negative');
    await panel.getByTestId('rules-threshold-ADM_ANNUAL_SALES').fill('500000');

    // The change: the fast lane (and the instant lane inside it) up to 200,000 yuan instead of 1,000,000.
    await panel.getByTestId('rules-routing-instantMaxAmount').fill('200000.00');
    await panel.getByTestId('rules-routing-fastMaxAmount').fill('200000.00');
    await panel.getByTestId('rules-note').fill('快速通道上限下调至 20 万元');
    await panel.getByTestId('rules-save').click();
    await expect(panel.getByTestId('rules-saved')).toBeVisible();

    await panel.getByTestId('rules-replay-limit').fill('200');
    await panel.getByTestId('rules-replay-run').click();
    await expect(panel.getByTestId('rules-replay-summary')).toBeVisible({ timeout: 30_000 });
    const table = panel.getByTestId('rules-replay-table');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    // Before → after in words (tiers by name), and why.
    await expect(table.locator('tbody')).toContainText('快速');
    await expect(table.locator('tbody')).toContainText('标准');
    await expect(table.locator('tbody')).toContainText('快速通道上限');
    await shot(page, 'rules-replay-zh');

    await panel.getByTestId('rules-submit').click();
    await expect(panel.getByTestId('rules-version-status')).toHaveText('待审批');
    await expect(panel.getByRole('note').filter({ hasText: '等待另一名主管审批' })).toBeVisible();
    await expect(panel.getByTestId('rules-approve')).toHaveCount(0);

    await switchUser(page, 'supervisor2');
    await page.getByTestId('nav-rules').click();
    await page.getByTestId(`rules-row-${version}`).getByRole('button', { name: version }).click();
    await expect(panel.getByTestId('rules-version-status')).toHaveText('待审批');
    await expect(panel.getByTestId('rules-routing-fastMaxAmount')).toHaveValue('200000.00');
    await panel.getByTestId('rules-approve').click();
    await expect(panel.getByTestId('rules-version-status')).toHaveText('已发布');
    await expect(page.getByTestId(`rules-row-${version}`)).toContainText('已发布');
    await shot(page, 'rules-published-zh');
  });
});
