/**
 * 五级分类复核 in browser mode: supervisor1 runs the month-end classification from the screen (every active
 * loan gets a proposal from the 2023 rules), then approver1 reads the proposals of their branches — the
 * proposed class against the current one with the reasons in words — and confirms one. The bank API agrees.
 */
import type { Page } from '@playwright/test';
import type { ClassificationList, ClassificationRunList } from '../../shared/api/classifications';
import { monthEndOnOrBefore } from '../../shared/credit/classification';
import { apiLogin } from './desk-cases';
import { expect, test } from './fixtures';

async function api<T>(bankApiUrl: string, user: string, path: string) {
  const token = await apiLogin(bankApiUrl, user);
  const r = await fetch(`${bankApiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as T };
}

async function switchUser(page: Page, username: string) {
  await page.getByTestId('logout').click();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo-pass');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('user-name')).toBeVisible();
}

test('supervisor1 runs the month-end classification, approver1 confirms a proposal', async ({
  page,
  login,
  workstation,
}) => {
  test.setTimeout(600_000);
  const url = workstation.bankApiUrl;
  const beijingToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const period = monthEndOnOrBefore(beijingToday);

  // supervisor1: the screen, the run, its counts.
  await login(page, 'supervisor1');
  await page.getByTestId('nav-classification').click();
  await expect(page.getByRole('heading', { name: '五级分类复核' })).toBeVisible();
  await expect(page.getByTestId('classification-period')).toHaveValue(period);
  await page.getByTestId('classification-run').click();
  const result = page.getByTestId('classification-run-result');
  await expect(result).toBeVisible({ timeout: 240_000 });
  await expect(result).toContainText(`${period}：在贷`);
  // The panel followed the background run to its end: the bank API's latest run of the period is done, and
  // the panel shows its figures.
  const runs = await api<ClassificationRunList>(
    url,
    'supervisor1',
    `/api/v1/classifications/runs?period=${period}&limit=1`,
  );
  expect(runs.status, JSON.stringify(runs.body)).toBe(200);
  expect(runs.body.runs[0]?.status).toBe('done');
  await expect(result).toContainText(`在贷 ${runs.body.runs[0]!.loansDone.toLocaleString('zh-CN')} 笔`);
  await expect(page.getByTestId('classification-table')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/classification-supervisor-run-zh.png', fullPage: false });

  // Precondition: approver1 (Shanghai) has proposals to review at this month-end.
  const mine = await api<ClassificationList>(
    url,
    'approver1',
    `/api/v1/classifications?period=${period}&status=proposed&limit=50`,
  );
  expect(mine.status, JSON.stringify(mine.body)).toBe(200);
  const row = mine.body.rows.find((r) => !r.needsSecond);
  expect(row, `proposals in approver1's scope at ${period}`).toBeTruthy();

  // approver1: the proposals to review, one confirmed.
  await switchUser(page, 'approver1');
  await page.getByTestId('nav-classification').click();
  await page.getByTestId('classification-status').selectOption('proposed');
  const tr = page.getByTestId(`classification-row-${row!.loanId}`);
  await expect(tr).toBeVisible();
  await expect(tr.getByTestId('classification-proposed')).not.toBeEmpty();
  await expect(tr.locator('.cls-reasons li').first()).not.toBeEmpty();
  await page.screenshot({ path: 'test-results/screens/classification-reviewer-list-zh.png', fullPage: false });
  await tr.getByTestId('classification-confirm').click();
  // Confirmed rows leave the "to review" filter; show all and find it confirmed.
  await page.getByTestId('classification-status').selectOption('confirmed');
  const done = page.getByTestId(`classification-row-${row!.loanId}`);
  await expect(done.getByTestId('classification-status-text')).toHaveText('已确认');
  await expect(done).toContainText('复核人：');
  await page.screenshot({ path: 'test-results/screens/classification-confirmed-zh.png', fullPage: false });

  // The bank API agrees: confirmed by approver1 with the proposed class.
  const after = await api<ClassificationList>(
    url,
    'approver1',
    `/api/v1/classifications?period=${period}&status=confirmed`,
  );
  const c = after.body.rows.find((r) => r.id === row!.id);
  expect(c).toMatchObject({
    status: 'confirmed',
    final: row!.proposed,
    reviewerId: 'u-approver1',
    current: row!.proposed,
  });
});
