/**
 * The loan page (issue 17 item 2) in browser mode: supervisor1 opens a loan from a row of the early-warning
 * drill-down and reads its terms, schedule (paid / not yet due / overdue), classification history and
 * signal timeline in words, then the loans of its service officer's clients; rm1 opens a loan from the
 * repayment reminders in the workspace; a loan can be found by number; a loan outside one's branches is
 * not found. Each precondition is read from the bank API first. Screenshots in test-results/screens.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { LoanDetail } from '../../shared/api/loans';
import type { Repayments } from '../../shared/api/repayments';
import { apiLogin } from './desk-cases';
import { expect, test } from './fixtures';

async function shot(page: Page, name: string, fullPage = true) {
  const path = `test-results/screens/${name}.png`;
  await page.screenshot({ path, fullPage });
  const extra = process.env.E2E_SHOTS_DIR;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    copyFileSync(path, join(extra, basename(path)));
  }
}

/** Text a person should never read: literals, i18n keys, codes (as dashboards.e2e.ts). */
const RAW =
  /\b(true|false|undefined|null|NaN|Infinity)\b|\b[a-z]+[A-Z]\w*\b|\b[a-z]+\d*_[a-z\d_]+\b|\b[A-Z]+_[A-Z_]+\b|\b[a-z]+(\.[a-zA-Z]+){2,}\b|_none/;
async function expectNoRaw(scope: Locator) {
  const texts = await scope.locator('th, td, dt, dd, h2, h3, li, p').allInnerTexts();
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text).not.toMatch(RAW);
}

async function api<T>(bankApiUrl: string, token: string, path: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${bankApiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as T };
}

/** What every loan page shows: its heading, terms, schedule, classification history, signals, renewal panel. */
async function expectLoanPage(page: Page, loan: LoanDetail) {
  const p = page.getByTestId('loan-page');
  await expect(page.getByTestId('loan-heading')).toContainText(loan.id, { timeout: 30_000 });
  await expect(page.getByTestId('loan-heading')).toContainText(loan.enterprise.name);
  await expect(page.getByTestId('loan-status')).toHaveText(
    { active: '正常还款中', overdue: '逾期', settled: '已结清' }[loan.status],
  );
  await expect(page.getByTestId('loan-instalment')).toHaveCount(loan.schedule.instalments.length);
  for (const state of ['paid', 'due', 'overdue'] as const) {
    const n = loan.schedule.instalments.filter((i) => i.state === state).length;
    await expect(p.locator(`[data-testid="loan-instalment"][data-state="${state}"]`)).toHaveCount(n);
  }
  const overdue = loan.schedule.instalments.find((i) => i.state === 'overdue');
  if (overdue)
    await expect(p.locator('[data-testid="loan-instalment"][data-state="overdue"]').first()).toContainText('逾期');
  await expect(page.getByTestId('loan-classification-entry')).toHaveCount(loan.classificationHistory.length);
  await expect(page.getByTestId('loan-signal')).toHaveCount(loan.signals.length);
  await expect(page.getByTestId('renewal-panel')).toBeVisible();
  // Money formatted with separators and unit; the legal representative's ID masked.
  await expect(page.getByTestId('loan-balance')).toContainText('元');
  expect(loan.enterprise.legalRepId).toMatch(/^\d{6}\*+[\dX]{4}$/);
  await expect(p).toContainText(loan.enterprise.legalRepId);
  await expectNoRaw(p);
}

test.describe('the loan page', () => {
  test('supervisor1 opens a loan from a drill-down row of the early-warning dashboard', async ({
    page,
    login,
    workstation,
  }) => {
    test.setTimeout(240_000);
    await login(page, 'supervisor1');
    await page.getByTestId('nav-dashboards').click();
    await page.getByTestId('tab-warning').click();
    const ranked = page.getByTestId('cell-warning.ranked-any-loans');
    await expect(ranked).toBeVisible({ timeout: 60_000 });
    expect(Number(await ranked.getAttribute('data-value'))).toBeGreaterThan(0);
    await ranked.click();
    const link = page.getByTestId('drill-row').first().getByTestId('drill-loan-link');
    await expect(link).toBeVisible({ timeout: 60_000 });
    const loanId = ((await link.textContent()) ?? '').trim();

    // What the bank API says about it, to compare with what the page shows.
    const token = await apiLogin(workstation.bankApiUrl, 'supervisor1');
    const r = await api<LoanDetail>(workstation.bankApiUrl, token, `/api/v1/loans/${encodeURIComponent(loanId)}`);
    expect(r.status).toBe(200);
    const loan = r.body;
    expect(loan.signals.length).toBeGreaterThan(0); // a loan of the warning drill-down has a signal

    await link.click();
    await expect(page).toHaveURL(new RegExp(`#/loans/${loanId}$`));
    await expectLoanPage(page, loan);
    await shot(page, 'loan-page-supervisor1-zh');

    // The service officer: the loans of the clients they serve, this one among them.
    if (loan.serviceOfficer) {
      await page.getByTestId('loan-officer-link').click();
      await expect(page.getByTestId('loans-finder')).toContainText(loan.serviceOfficer.name);
      await expect(page.getByTestId('loans-result').first()).toBeVisible({ timeout: 30_000 });
      await shot(page, 'loan-officer-loans-supervisor1-zh');
    }

    // Find it again by number from the loans area.
    await page.getByTestId('nav-loans').click();
    await page.getByTestId('loans-find-input').fill(loanId);
    await page.getByTestId('loans-find').click();
    await expect(page.getByTestId('loan-heading')).toContainText(loanId, { timeout: 30_000 });

    // English: the same page in words.
    await page.getByTestId('language-select').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Repayment schedule' })).toBeVisible();
    await expect(page.getByTestId('loan-page')).not.toContainText(/\bloans\.\w+/);
    await shot(page, 'loan-page-supervisor1-en');
    // (The language is kept by the host for the next test: back to Chinese.)
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(page.getByRole('heading', { name: '还款计划' })).toBeVisible();
  });

  test("rm1 opens a loan from the repayment reminders in the workspace; another region's approver cannot", async ({
    page,
    login,
    workstation,
  }) => {
    test.setTimeout(180_000);
    const token = await apiLogin(workstation.bankApiUrl, 'rm1');
    const rem = await api<Repayments>(workstation.bankApiUrl, token, '/api/v1/workspace/repayments?days=30');
    expect(rem.status).toBe(200);
    expect(rem.body.due.length + rem.body.pastDue.length).toBeGreaterThan(0);
    const loanId = (rem.body.pastDue[0] ?? rem.body.due[0])!.loanId;
    const r = await api<LoanDetail>(workstation.bankApiUrl, token, `/api/v1/loans/${encodeURIComponent(loanId)}`);
    expect(r.status).toBe(200);

    await login(page, 'rm1');
    await page.getByTestId('nav-workspace').click();
    const section = page.getByTestId('ws-reminders');
    await expect(section).toBeVisible({ timeout: 30_000 });
    await section.getByLabel('未来工作日数').selectOption('30');
    const link = section.getByTestId('ws-reminder-loan').filter({ hasText: loanId }).first();
    await expect(link).toBeVisible({ timeout: 60_000 });
    await link.click();
    await expectLoanPage(page, r.body);
    if (r.body.schedule.overdueCount > 0) await expect(page.getByTestId('loan-dpd')).toContainText('天（自');
    await shot(page, 'loan-page-rm1-zh');

    // Hangzhou's approver: a Shanghai client's loan is not found (as an unknown one), said in words.
    const hz = await apiLogin(workstation.bankApiUrl, 'approver3');
    const out = await api<unknown>(workstation.bankApiUrl, hz, `/api/v1/loans/${encodeURIComponent(loanId)}`);
    expect(out.status).toBe(404);
    await page.getByTestId('logout').click();
    await login(page, 'approver3');
    await page.evaluate((id) => {
      location.hash = `#/loans/${encodeURIComponent(id)}`;
    }, loanId);
    await expect(page.getByTestId('loan-error')).toHaveText('未找到该贷款，或不在您的权限范围内。', {
      timeout: 30_000,
    });
  });
});
