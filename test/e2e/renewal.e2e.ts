/**
 * Renewal (续贷, issue 17 item 5) in browser mode: rm1 opens one of their clients' loans, reads whether it
 * may be renewed without repaying the principal (无还本续贷) condition by condition, starts a renewal of the
 * outstanding balance, is refused a second one while the first is on its way, and follows the link to the
 * case; approver1 finds the renewal in the queue, tagged 续贷. The loan is chosen through the bank API (rm1's clients'
 * loans of a product the engine never decides instantly, in rm1's sub-branch, nothing blocking, no renewal
 * started yet, meeting the new-loan standard), each precondition checked. The case view of the renewal names
 * the loan with a link to its page and the 无还本续贷 answer it was started with (issue 17 loose ends).
 * Screenshots in test-results/screens.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { ApplicationDetail } from '../../shared/api/applications';
import type { LoanDetail, LoanSearchResult } from '../../shared/api/loans';
import type { RenewalEligibilityResponse } from '../../shared/api/renewal';
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

/** Text a person should never read: literals, i18n keys, codes (as loans.e2e.ts). */
const RAW =
  /\b(true|false|undefined|null|NaN|Infinity)\b|\b[a-z]+[A-Z]\w*\b|\b[a-z]+\d*_[a-z\d_]+\b|\b[A-Z]+_[A-Z_]+\b|\b[a-z]+(\.[a-zA-Z]+){2,}\b|_none/;
async function expectNoRaw(scope: Locator) {
  const texts = await scope.locator('th, td, h3, h4, li, p, label, legend, caption').allInnerTexts();
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text).not.toMatch(RAW);
}

async function api<T>(bankApiUrl: string, token: string, path: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${bankApiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as T };
}

/**
 * Products the engine never approves instantly (a renewal of theirs that meets admission waits for an
 * approver), with the most a renewal of the balance may be.
 */
const MAX_BALANCE: Record<string, number> = { LDD: 5_000_000, DYD: 10_000_000 };

test('rm1 starts a renewal from a loan; approver1 finds it in the queue', async ({ page, login, workstation }) => {
  test.setTimeout(300_000);
  const url = workstation.bankApiUrl;
  const rm1 = await apiLogin(url, 'rm1');
  // rm1's clients' loans: the largest (the loan search) and those with an instalment due soon (the reminders).
  const list = await api<LoanSearchResult>(url, rm1, '/api/v1/loans?officer=u-rm1');
  expect(list.status).toBe(200);
  const due = await api<Repayments>(url, rm1, '/api/v1/workspace/repayments?days=30');
  expect(due.status).toBe(200);
  const seen = new Set<string>();
  const candidates = [
    ...due.body.due.map((d) => ({ id: d.loanId, productCode: d.productCode, balance: d.balance })),
    ...list.body.items,
  ].filter((l) => {
    const max = MAX_BALANCE[l.productCode];
    const ok = max !== undefined && !seen.has(l.id) && Number(l.balance) >= 100_000 && Number(l.balance) <= max;
    seen.add(l.id);
    return ok;
  });
  expect(candidates.length, 'rm1 serves clients with LDD/DYD loans').toBeGreaterThan(0);
  // The first that 无还本续贷 covers; failing that, the first that can be renewed and meets the new-loan standard.
  type Chosen = { loan: LoanDetail; answer: RenewalEligibilityResponse };
  let chosen: Chosen | null = null;
  let fallback: Chosen | null = null;
  for (const c of candidates.slice(0, 80)) {
    const d = await api<LoanDetail>(url, rm1, `/api/v1/loans/${encodeURIComponent(c.id)}`);
    if (d.status !== 200 || d.body.branchId !== 'SH-PD') continue;
    const e = await api<RenewalEligibilityResponse>(
      url,
      rm1,
      `/api/v1/loans/${encodeURIComponent(c.id)}/renewal-eligibility`,
    );
    expect(e.status).toBe(200);
    const standard = e.body.eligibility.noPrincipalRenewal.conditions.find((x) => x.code === 'new_loan_standard');
    if (e.body.eligibility.blocked || e.body.applications.length > 0 || !standard?.passed) continue;
    if (e.body.eligibility.noPrincipalRenewal.allowed) {
      chosen = { loan: d.body, answer: e.body };
      break;
    }
    fallback ??= { loan: d.body, answer: e.body };
  }
  chosen ??= fallback;
  expect(chosen, 'a loan of rm1’s sub-branch that can be renewed and meets the new-loan standard').not.toBeNull();
  const { loan, answer } = chosen!;
  const failed = answer.eligibility.noPrincipalRenewal.conditions.filter((c) => !c.passed);

  // rm1 opens the loan page and reads the answer in words.
  await login(page, 'rm1');
  await page.evaluate((id) => {
    location.hash = `#/loans/${encodeURIComponent(id)}`;
  }, loan.id);
  const panel = page.getByTestId('renewal-panel');
  await expect(page.getByTestId('loan-heading')).toContainText(loan.id, { timeout: 30_000 });
  await expect(page.getByTestId('renewal-verdict')).toHaveText(
    answer.eligibility.noPrincipalRenewal.allowed
      ? '可以办理无还本续贷：各项条件均满足。'
      : `不能办理无还本续贷（${failed.length} 项条件不满足）；仍可发起续贷申请，由审批人按还本续贷审查。`,
    { timeout: 30_000 },
  );
  await expect(panel.getByTestId('renewal-conditions').locator('tbody tr')).toHaveCount(10);
  for (const c of failed) await expect(panel.getByTestId('renewal-conditions')).toContainText(c.reason!.zh);
  await expect(panel).toContainText('金规〔2024〕13号');
  await expect(page.getByTestId('renewal-kind-renewal')).toBeChecked();
  await expect(page.getByTestId('renewal-amount')).toHaveValue(answer.defaults.amount);
  await expectNoRaw(panel);
  await shot(page, 'renewal-panel-rm1-zh');

  // A top-up without an amount is caught in the form; nothing is sent.
  await page.getByTestId('renewal-kind-top_up').check();
  await expect(page.getByTestId('renewal-amount')).toHaveValue('');
  await page.getByTestId('renewal-submit').click();
  await expect(page.getByTestId('renewal-problem')).toHaveText('请输入大于 0 的金额，最多两位小数。');

  // The renewal of the balance: submitted, routed, linked.
  await page.getByTestId('renewal-kind-renewal').check();
  await expect(page.getByTestId('renewal-amount')).toHaveValue(answer.defaults.amount);
  await page.getByTestId('renewal-submit').click();
  const created = page.getByTestId('renewal-created');
  await expect(created).toContainText('已提交申请', { timeout: 60_000 });
  await expect(created).toContainText('续贷');
  const href = await page.getByTestId('renewal-created-link').getAttribute('href');
  const appId = /^#\/queue\/([A-Z0-9-]+)$/.exec(href ?? '')?.[1];
  expect(appId, href ?? '').toBeTruthy();
  await expect(panel.getByTestId('renewal-applications')).toContainText(appId!);
  await shot(page, 'renewal-created-rm1-zh');

  // What the bank says: a renewal of this loan, in review, for the balance.
  const approver1 = await apiLogin(url, 'approver1');
  const detail = await api<ApplicationDetail>(url, approver1, `/api/v1/applications/${appId}`);
  expect(detail.status).toBe(200);
  expect(detail.body.status).toBe('in_review');
  expect(detail.body.amount).toBe(answer.defaults.amount);
  expect(detail.body.enterpriseName).toBe(loan.enterprise.name);

  // The same submission again (a double click, a retry): the first answer, no second application.
  await page.getByTestId('renewal-submit').click();
  await expect(created).toContainText(appId!, { timeout: 30_000 });
  await expect(page.getByTestId('renewal-problem')).toHaveCount(0);
  // Another renewal while the first is on its way: the bank's refusal in words, nothing created.
  await page.getByTestId('renewal-amount').fill('100000.00');
  await page.getByTestId('renewal-submit').click();
  await expect(page.getByTestId('renewal-problem')).toContainText(`在途的续贷申请 ${appId}`, { timeout: 30_000 });
  const after = await api<RenewalEligibilityResponse>(
    url,
    rm1,
    `/api/v1/loans/${encodeURIComponent(loan.id)}/renewal-eligibility`,
  );
  expect(after.body.applications.map((a) => a.id)).toEqual([appId]);

  // The link opens the case.
  await page.getByTestId('renewal-created-link').click();
  await expect(page).toHaveURL(new RegExp(`#/queue/${appId}$`));
  await expect(page.getByTestId('case-view')).toBeVisible({ timeout: 30_000 });

  // The case names the loan it renews, linked to the loan page, with the 无还本续贷 answer it was started with.
  expect(detail.body.renewal).toMatchObject({ kind: 'renewal', loanId: loan.id });
  const started = detail.body.renewal!.eligibility!;
  const startedFailed = started.noPrincipalRenewal.conditions.filter((c) => !c.passed);
  await expect(page.getByTestId('case-renewal-tag')).toHaveText('续贷');
  const card = page.getByTestId('case-renewal');
  await expect(page.getByTestId('case-renewal-line')).toContainText(`续贷，原贷款 ${loan.id}`);
  await expect(page.getByTestId('case-renewal-verdict')).toHaveText(
    started.noPrincipalRenewal.allowed
      ? '发起时的无还本续贷结论：可以办理，各项条件均满足。'
      : `发起时的无还本续贷结论：不能办理（${startedFailed.length} 项条件不满足），按还本续贷审查。`,
  );
  await expect(card.getByTestId('case-renewal-conditions').locator('tbody tr')).toHaveCount(10);
  for (const c of startedFailed) await expect(card).toContainText(c.reason!.zh);
  await expect(card).toContainText('金规〔2024〕13号');
  await expectNoRaw(card);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'case-renewal-rm1-zh');
  // In English, the same answer in the rules' English words.
  await page.getByTestId('language-select').selectOption('en');
  await expect(page.getByTestId('case-renewal-line')).toContainText(`Renewal of loan ${loan.id}`);
  for (const c of startedFailed) await expect(card).toContainText(c.reason!.en);
  await page.getByTestId('language-select').selectOption('zh-CN');
  // The link opens the loan page, and back to the case.
  await page.getByTestId('case-renewal-loan-link').click();
  await expect(page).toHaveURL(new RegExp(`#/loans/${loan.id}$`));
  await expect(page.getByTestId('loan-heading')).toContainText(loan.id, { timeout: 30_000 });
  await page.goBack();
  await expect(page.getByTestId('case-view')).toBeVisible({ timeout: 30_000 });

  // approver1 finds it in the queue, in the lane of its tier.
  await page.getByTestId('logout').click();
  await login(page, 'approver1');
  await page.getByTestId('nav-queue').click();
  await page.getByTestId(`lane-${detail.body.tier}`).click();
  await page.getByTestId('queue-search').fill(appId!);
  const row = page.locator(`[data-testid="queue-row"][data-id="${appId}"]`);
  await expect(row).toBeVisible({ timeout: 60_000 });
  await shot(page, 'renewal-in-queue-approver1-zh');
  // The row says it is a renewal, beside the enterprise's name and in its accessible name.
  await expect(row.getByTestId('queue-kind')).toHaveText('续贷');
  expect(await row.getAttribute('aria-label')).toContain(`${loan.enterprise.name}（续贷），`);
  await shot(page, 'renewal-queue-tag-approver1-zh', false);
  await row.dblclick();
  await expect(page.getByTestId('case-view')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('case-renewal-line')).toContainText(`续贷，原贷款 ${loan.id}`);
  await expect(page.getByTestId('case-renewal-loan-link')).toHaveAttribute('href', `#/loans/${loan.id}`);
});
