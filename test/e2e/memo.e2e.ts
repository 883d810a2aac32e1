/**
 * The credit memo (审批意见书) from the desk: the case history links the final decision to the memo, and
 * the link yields the bank API's PDF (text readable by poppler); an open case has no such link.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { apiLogin, findSandboxCase, submitCase } from './desk-cases';
import { expect, test } from './fixtures';
import { QueuePage } from './pages/QueuePage';

const SYD = { productCode: 'SYD', amount: '200000.00' };

async function openCase(page: Page, id: string) {
  await page.evaluate((h) => {
    location.hash = h;
  }, `#/queue/${id}`);
  await expect(page.getByTestId('case-view')).toBeVisible();
  await expect(page.getByTestId('case-history')).toBeVisible();
}

test.describe('the credit memo from the case history', () => {
  test('a declined case links its memo from the final decision, and the link yields the PDF', async ({
    page,
    login,
    workstation,
  }) => {
    test.setTimeout(120_000);
    const api = workstation.bankApiUrl;
    const c = await findSandboxCase(SYD, (a) => a.instant.outcome === 'refer' && a.instant.tier === 'fast');
    const app = await submitCase(api, c.uscc, SYD);
    const open = await submitCase(
      api,
      (await findSandboxCase(SYD, (a) => a.instant.outcome === 'refer' && a.instant.tier === 'fast')).uscc,
      SYD,
    );
    // approver1 declines the first case through the bank API (the desk's decision flow has its own tests).
    const token = await apiLogin(api, 'approver1');
    const r = await fetch(`${api}/api/v1/applications/${app.id}/decisions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': randomUUID(),
        'if-match': `"${app.version}"`,
      },
      body: JSON.stringify({ action: 'decline', reasonCodes: ['SC_DEBT_HIGH'], comment: '负债率偏高' }),
    });
    expect(r.status, await r.clone().text()).toBe(200);

    await login(page, 'approver1');
    await new QueuePage(page).open();
    await openCase(page, open.id);
    await expect(page.getByTestId('case-memo')).toHaveCount(0);

    await openCase(page, app.id);
    const history = page.getByTestId('case-history');
    const link = history.getByTestId('case-memo');
    await expect(link).toHaveText('审批意见书（PDF）');
    // It sits on the decision entry (拒绝), not on screening or routing.
    await expect(history.locator('li', { has: page.getByTestId('case-memo') })).toContainText('拒绝');
    const download = page.waitForEvent('download');
    await link.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`审批意见书-${app.id}.pdf`);
    const path = await file.path();
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('小微企业授信审批意见书');
    expect(text).toContain(app.id);
    expect(text).toContain(app.enterpriseName);
    expect(text).toContain('不予授信');
    expect(text).toContain('王审批');
    expect(execFileSync('pdffonts', [path], { encoding: 'utf8' })).toMatch(/NotoSansHans-Regular.*yes\s+yes/);
    await expect(history.getByRole('status')).toContainText(`已下载 审批意见书-${app.id}.pdf`);
    await page.screenshot({ path: 'test-results/screens/case-memo-zh.png', fullPage: true });
  });
});
