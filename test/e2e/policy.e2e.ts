/**
 * The published 清单 from the desk: every member of staff finds the policy area, the page shows the rule
 * set in force with its thresholds in words and the material lists by customer group (zh and en), and
 * its Export PDF yields the bank API's PDF whose text reads (poppler).
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';

test.describe('the published 清单', () => {
  test('an approver reads the printable page and exports its PDF', async ({ page, login }) => {
    test.setTimeout(120_000);
    await login(page, 'approver1');
    await page.getByTestId('nav-policy').click();
    await expect(page.getByRole('heading', { name: '准入标准、负面清单与材料清单', level: 2 })).toBeVisible();
    await expect(page.getByTestId('policy-version')).toContainText('规则版本：');
    const admission = page.getByTestId('policy-admission');
    await expect(admission).toContainText('不少于 24 个月');
    await expect(admission).toContainText('不少于 500,000 元');
    await expect(page.getByTestId('policy-negative')).toContainText('房地产开发经营（K701）');
    const ldd = page.getByTestId('policy-product-LDD');
    await expect(ldd).toContainText('个体工商户');
    await expect(ldd).toContainText('经营者配偶同意借款声明');
    await expect(page.getByTestId('policy-materials')).toContainText('土地承包经营权证或土地流转合同');
    await page.screenshot({ path: 'test-results/screens/policy-zh.png', fullPage: true });

    const download = page.waitForEvent('download');
    await page.getByTestId('policy-pdf').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('准入标准、负面清单与材料清单.pdf');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', await file.path(), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      '',
    );
    expect(text).toContain('准入标准、负面清单与材料清单');
    expect(text).toContain('不少于24个月');
    expect(text).toContain('土地承包经营权证或土地流转合同');
  });

  test('the page reads in English too', async ({ page, login }) => {
    await login(page, 'rm1');
    await page.getByTestId('nav-policy').click();
    await page.getByTestId('language-select').selectOption('en');
    await expect(
      page.getByRole('heading', { name: 'Admission standards, negative list and material lists' }),
    ).toBeVisible();
    await expect(page.getByTestId('policy-admission')).toContainText('at least 24 months');
    await expect(page.getByTestId('policy-materials')).toContainText('Start-up (under 2 years)');
    await page.screenshot({ path: 'test-results/screens/policy-en.png', fullPage: true });
    // The language is remembered for the host: back to Chinese for the tests that follow.
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });
});
