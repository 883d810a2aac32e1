/**
 * 贷后监测 from the desk: supervisor1 opens the monitoring panel, starts a run, watches it go and finds it
 * done among the latest runs (started by hand, by them, with its counts); the page reads in English too.
 * The bank is this file's own fresh copy of the seeded template, so no run is in progress at the start
 * (checked through the API).
 */
import { apiLogin } from './desk-cases';
import { expect, test } from './fixtures';

test('supervisor1 runs the monitoring job from the panel and sees the run done', async ({
  page,
  login,
  workstation,
}) => {
  test.setTimeout(900_000);
  const token = await apiLogin(workstation.bankApiUrl, 'supervisor1');
  const before = await fetch(`${workstation.bankApiUrl}/api/v1/monitoring/runs`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(before.status).toBe(200);
  const runs = ((await before.json()) as { runs: { status: string }[] }).runs;
  expect(runs.filter((r) => r.status === 'running')).toEqual([]);

  await login(page, 'supervisor1');
  await page.getByTestId('nav-monitoring').click();
  await expect(page.getByRole('heading', { name: '贷后监测任务', level: 2 })).toBeVisible();
  await page.getByTestId('monitoring-start').click();
  await expect(page.getByTestId('monitoring-started')).toContainText('监测任务已开始');
  const latest = page.getByTestId('monitoring-run').first();
  await expect(latest).toContainText('手动');
  await expect(latest).toContainText('吴主管');
  await page.screenshot({ path: 'test-results/screens/monitoring-running-zh.png', fullPage: true });
  // The panel reads the run again every 2 s while it runs; a run over the seeded book takes a few minutes here.
  await expect(latest).toHaveAttribute('data-status', 'done', { timeout: 840_000 });
  await expect(latest).toContainText('已完成');
  await expect(latest).toContainText('SR-2026.1');
  await expect(page.getByTestId('monitoring-current')).toHaveCount(0);
  await expect(page.getByTestId('monitoring-start')).toBeEnabled();
  await page.screenshot({ path: 'test-results/screens/monitoring-done-zh.png', fullPage: true });

  await page.getByTestId('language-select').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Post-loan monitoring', level: 2 })).toBeVisible();
  await expect(latest).toContainText('By hand');
  await expect(latest).toContainText('Done');
  await page.screenshot({ path: 'test-results/screens/monitoring-done-en.png', fullPage: true });
  await page.getByTestId('language-select').selectOption('zh-CN');
});
