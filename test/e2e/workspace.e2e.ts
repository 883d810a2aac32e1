/**
 * The relationship manager's workspace (issue 15 items 1 and 5) in browser mode: rm1 drafts an
 * application step by step, reads its pre-approval answer before submitting, submits it, and finds the
 * case in the workspace; the case header shows the pre-approval range beside the amount asked.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { findSandboxCase } from './desk-cases';
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

test('rm1 drafts an application, reads its pre-approval, submits it and sees it in the workspace', async ({
  page,
  login,
}) => {
  test.setTimeout(180_000);
  const spec = { productCode: 'XMD', amount: '200000.00' };
  const c = await findSandboxCase(
    spec,
    (a) => a.admission.passed && !a.negativeList.hit && a.preapproval.eligible && a.instant.outcome === 'refer',
  );
  await login(page, 'rm1');
  await page.getByRole('link', { name: '客户经理工作台' }).click();
  await expect(page.getByRole('heading', { name: '客户经理工作台' })).toBeVisible();
  await page.getByRole('button', { name: '新建申请' }).click();

  // 1 enterprise by its code, 2 product, 3 terms — all from the keyboard-reachable, labelled form.
  await page.getByLabel('企业名称或统一社会信用代码').fill(c.uscc);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('button', { name: `按统一社会信用代码 ${c.uscc} 继续` }).click();
  await page.getByLabel('产品').selectOption('XMD');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('申请金额（元）').fill('200000');
  await page.getByLabel('借款用途').fill('采购原材料');
  await page.getByRole('button', { name: '下一步' }).click();

  // 4 the pre-approval answer, shown before the submit button can be used.
  const pre = page.getByTestId('preapproval');
  await expect(pre).toBeVisible();
  await expect(pre).toContainText('预审批通过');
  await expect(page.getByTestId('pre-grade')).toHaveText(c.assessment.score.grade);
  const range = c.assessment.preapproval;
  const grouped = (s: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  await expect(page.getByTestId('pre-range')).toContainText(grouped(range.maxAmount.split('.')[0]!));
  await expect(page.getByTestId('pre-materials')).toContainText('营业执照');
  await expect(pre).not.toContainText(/\b(true|false|undefined|null)\b|workspace\./);
  await shot(page, 'workspace-preapproval');

  await page.getByRole('button', { name: '提交申请' }).click();
  const done = page.getByTestId('ws-submitted');
  await expect(done).toBeVisible();
  const id = /APP\d{15}/.exec((await done.textContent()) ?? '')?.[0];
  expect(id).toBeTruthy();

  // The case is in rm1's workspace, under its status.
  const row = page.getByTestId('ws-application').filter({ hasText: id! });
  await expect(row).toBeVisible();
  await shot(page, 'workspace-list');

  // The case header shows the pre-approval range beside the amount asked.
  await row.getByRole('link', { name: id! }).click();
  await expect(page.getByTestId('case-preapproval')).toContainText('预审批额度');
  await expect(page.getByTestId('case-preapproval')).toContainText(grouped(range.maxAmount.split('.')[0]!));
  await shot(page, 'workspace-case-header');
});
