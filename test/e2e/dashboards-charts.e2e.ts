import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * A click on a line chart's point opens the list behind that point, and the list holds exactly the
 * number the panel's table view shows for it.
 */
async function clickPoint(panel: Locator, prefix: string): Promise<number> {
  const dots = panel.locator(`[data-testid^="${prefix}"]`);
  await expect(dots.first()).toBeVisible({ timeout: 30_000 });
  const dot = dots.last();
  const index = Number((await dot.getAttribute('data-testid'))!.slice(prefix.length));
  // On the element itself: the tooltip's hover dot, or another line's point, may sit over it.
  await dot.dispatchEvent('click');
  return index;
}

test.describe('line charts drill from their points', () => {
  test('supervisor1 clicks a trend point and a vintage point and gets exactly the loans behind them', async ({
    page,
    login,
  }) => {
    await login(page, 'supervisor1');
    await page.getByTestId('nav-dashboards').click();
    await page.getByTestId('tab-portfolio').click();
    // Vintage curves need cohorts old enough to have months on book: the last twelve months.
    await page.getByTestId('period-year').click();
    await expect(page.getByTestId('period-year')).toHaveAttribute('aria-pressed', 'true');

    // Trend: the last month-end's 30+ ratio drills into its 30+ loans.
    const trend = page.getByTestId('panel-portfolio.trend');
    const t = await clickPoint(trend, 'dot-portfolio.trend-over30Ratio-');
    await expect(page.getByTestId('drill')).toBeVisible();
    const drilled = Number(await page.getByTestId('drill-total').getAttribute('data-value'));
    await trend.getByRole('button', { name: '表格视图' }).click();
    const cell = trend
      .locator('tbody tr')
      .nth(t)
      .getByTestId(/-over30$/);
    await expect(cell).toHaveAttribute('data-value', String(drilled));
    expect(drilled).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/screens/dashboards-trend-drill-zh.png', fullPage: true });
    if (process.env.E2E_SHOTS_DIR) {
      mkdirSync(process.env.E2E_SHOTS_DIR, { recursive: true });
      copyFileSync(
        'test-results/screens/dashboards-trend-drill-zh.png',
        join(process.env.E2E_SHOTS_DIR, 'dashboards-trend-drill-zh.png'),
      );
    }

    // Vintage: a cohort's point at month N on book drills into its loans 30+ days past due by then.
    const vintage = page.getByTestId('panel-portfolio.vintage');
    const firstCohort = vintage.locator('[data-testid^="dot-portfolio.vintage-"]').first();
    await expect(firstCohort).toBeVisible({ timeout: 30_000 });
    const cohort = /^dot-portfolio\.vintage-(.+)-\d+$/.exec((await firstCohort.getAttribute('data-testid'))!)![1]!;
    const v = await clickPoint(vintage, `dot-portfolio.vintage-${cohort}-`);
    await expect(page.getByTestId('drill-title')).toContainText(cohort);
    const vDrilled = Number(await page.getByTestId('drill-total').getAttribute('data-value'));
    await vintage.getByRole('button', { name: '表格视图' }).click();
    const mob = [3, 6, 9, 12, 18, 24, 36][v];
    await expect(vintage.getByTestId(`cell-portfolio.vintage-${cohort}-mob${mob}_n`)).toHaveAttribute(
      'data-value',
      String(vDrilled),
    );
  });
});
