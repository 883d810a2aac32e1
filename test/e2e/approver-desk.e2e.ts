import type { Page } from '@playwright/test';
import { findProduct } from '../../shared/credit/products';
import { apiLogin, caseInTier, seededCaseInTier } from './desk-cases';
import { expect, test } from './fixtures';
import { CasePage } from './pages/CasePage';
import { QueuePage } from './pages/QueuePage';
import { switchUser } from './session';

const LDD = (amount: string, termMonths = 12) => ({ productCode: 'LDD', amount, termMonths });
/** An amount as the desk shows it: 300,000.00. */
const grouped = (amount: string) => {
  const [int = '', frac = '00'] = amount.split('.');
  return `${int.replace(/\B(?=(\d{3})+$)/g, ',')}.${frac}`;
};
const productZh = (code: string) => findProduct(code)?.name.zh ?? code;
/** Within approver1's authority for the case's grade (the demo matrix, in yuan). */
const APPROVER1 = { A: 3_000_000, B: 2_000_000, C: 1_000_000, D: 300_000, E: 0 } as Record<string, number>;
const withinApprover1 = (d: { amount: string; grade: string | null }) =>
  Number(d.amount) <= (APPROVER1[d.grade ?? 'E'] ?? 0);

/** Signs the current user out and another in, on the same page. */
/** Fails the test on any CSP violation or uncaught page error. */
function watchConsole(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

test.describe("the approver's desk in browser mode", () => {
  test('approver1 claims and approves a fast-tier case within authority', async ({ page, login, workstation }) => {
    const problems = watchConsole(page);
    // A seeded case whose approval gates are met (material in hand), so it can be approved.
    // (The sub-branch SH-PD's cases are left for the two-approver test: approver2 works there.)
    const app = await seededCaseInTier(workstation.bankApiUrl, 'fast', (d) => d.branchId !== 'SH-PD');
    await login(page, 'approver1');
    const queue = new QueuePage(page);
    await queue.open();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(queue.lane('fast')).toContainText('快速通道');
    const row = await queue.find(app.id);
    await expect(row).toContainText(grouped(app.amount));
    await expect(row).toContainText(productZh(app.productCode));
    await expect(row).toContainText(/剩|超时/);
    await page.screenshot({ path: 'test-results/screens/queue-zh.png' });
    await row.getByTestId('row-claim').click();
    await expect(row).toContainText('我');
    await queue.openCase(app.id);
    const c = new CasePage(page);
    await expect(page.getByTestId('case-reasons').or(page.getByText('无显著扣分因素'))).toBeVisible();
    await expect(page.getByTestId('case-admission')).toContainText('通过');
    // Rule outcomes read in words and units, the industry and region by name (no raw symbols, codes or booleans).
    await expect(page.getByTestId('case-admission')).toContainText('不少于');
    await expect(page.getByTestId('case-admission')).toContainText(' 元');
    await expect(page.getByTestId('case-admission')).not.toContainText('≥');
    await expect(page.getByTestId('case-negative')).toContainText('房地产开发经营（K701）');
    await expect(page.getByTestId('case-negative')).not.toContainText(/starts with|true|false/);
    await expect(page.getByTestId('case-industry')).toContainText(/[\u4e00-\u9fff]+（[A-T]\d{4}）/);
    await expect(page.getByTestId('case-region')).toContainText(/[市省]/);
    await expect(page.getByTestId('spark-sales')).toBeVisible();
    await expect(page.getByTestId('quote-schedule')).toBeVisible();
    await expect(page.getByTestId('authority')).toContainText('在您的权限内');
    // The SLA runs while the case waits on the bank; the record version (If-Match) is not for staff.
    await expect(page.getByTestId('case-sla')).toHaveText(/剩|超时/);
    await expect(page.getByTestId('case-view').locator('.facts').first()).not.toContainText('版本');
    await expect(page.getByTestId('case-view')).toHaveAttribute('data-version', /^\d+$/);
    await page.screenshot({ path: 'test-results/screens/case-zh.png', fullPage: true });
    // The conditions the case requires come pre-filled (conditions.e2e.ts); monthly statements as free text.
    await c.field('其他条件（自由填写）').fill('按月报送财务报表');
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已批准。');
    await expect(c.status()).toHaveText('已批准');
    // Decided: no countdown (nor 超时) any more, but since when it stands.
    await expect(page.getByTestId('case-sla')).toHaveCount(0);
    await expect(page.getByTestId('case-since')).toContainText('已批准（');
    await expect(page.locator('.case-head')).not.toContainText(/超时|剩/);
    expect(problems).toEqual([]);
  });

  test('above authority: told to escalate before submitting, and the API refuses a forced approval', async ({
    page,
    login,
    workstation,
  }) => {
    const app = await caseInTier(workstation.bankApiUrl, 'standard', LDD('800000.00'), (a) => a.score.grade === 'D');
    await login(page, 'approver1');
    const c = new CasePage(page);
    await new QueuePage(page).open();
    await c.goto(app.id);
    await expect(page.getByTestId('authority')).toContainText('超出您的权限');
    await expect(page.getByTestId('authority')).toContainText('须由：高级审批岗');
    await c.submit();
    await expect(page.getByTestId('f-amount-error')).toContainText('超出您对 D 级客户的权限');
    await expect(page.getByTestId('confirm-dialog')).not.toBeVisible();
    // Forced past the UI: the bank API refuses and names the rule.
    const token = await apiLogin(workstation.bankApiUrl, 'approver1');
    const r = await fetch(`${workstation.bankApiUrl}/api/v1/applications/${app.id}/decisions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'if-match': `"${app.version}"`,
        'idempotency-key': `forced-${app.id}`,
      },
      body: JSON.stringify({
        action: 'approve',
        amount: '800000.00',
        annualRate: '4.90',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
      }),
    });
    expect(r.status).toBe(403);
    expect((await r.json()).reasonCode).toBe('AUTH_ABOVE_LIMIT');
    // So the approver escalates, with a reason.
    await page.keyboard.press('Escape');
    await c.goto(app.id);
    await c.action('escalate').click();
    await c.submit();
    await expect(page.getByTestId('f-escalate-reason-error')).toHaveText('请填写上报原因');
    await c.field('上报原因').fill('金额超出本人 D 级权限');
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已上报。');
  });

  test('declines with reasons (none chosen is refused in the form); script in a comment stays inert', async ({
    page,
    login,
    workstation,
  }) => {
    const problems = watchConsole(page);
    const app = await caseInTier(workstation.bankApiUrl, 'fast', LDD('200000.00'));
    await login(page, 'approver1');
    const c = new CasePage(page);
    await new QueuePage(page).open();
    await c.goto(app.id);
    await page.keyboard.press('d');
    await expect(c.action('decline')).toHaveAttribute('aria-selected', 'true');
    const script = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    await c.field('意见').fill(script);
    await c.submit();
    await expect(page.getByTestId('f-reasons-error')).toHaveText('请至少选择一项拒绝原因');
    await page.getByTestId('reason-DEC_CASHFLOW').check();
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已拒绝。');
    await expect(page.getByTestId('case-history')).toContainText(script);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  test('returns a case for material, and a megabyte of conditions is refused in the form', async ({
    page,
    login,
    workstation,
  }) => {
    const app = await caseInTier(workstation.bankApiUrl, 'fast', LDD('250000.00'));
    await login(page, 'approver1');
    const c = new CasePage(page);
    await new QueuePage(page).open();
    await c.goto(app.id);
    await c.field('其他条件（自由填写）').fill('条'.repeat(1_000_000));
    await c.submit();
    await expect(page.getByTestId('f-other-error')).toContainText('内容过长：最多 2000 个字');
    await c.field('批准金额（元）').fill('12abc');
    await c.field('年利率（%）').fill('48');
    await c.field('期限（月）').fill('999');
    await c.submit();
    await expect(page.getByTestId('f-amount-error')).toContainText('金额须为数字');
    await expect(page.getByTestId('f-rate-error')).toContainText('年利率须大于 0');
    await expect(page.getByTestId('f-term-error')).toContainText('期限须为');
    await c.action('return').click();
    await c.submit();
    await expect(page.getByTestId('f-items-error')).toHaveText('请至少选择一项需补交的材料');
    await c.panel.getByRole('checkbox').first().check();
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已退回补件。');
    await expect(c.status()).toHaveText('已退回');
    await expect(page.getByTestId('case-since')).toContainText('待客户补件（');
    await expect(page.locator('.case-head')).not.toContainText(/超时|剩/);
    await page.keyboard.press('Escape');
    const queue = new QueuePage(page);
    await queue.selectLane('returned');
    const returned = await queue.find(app.id);
    await expect(returned.locator('.cell-sla')).toHaveText('待客户补件');
    await expect(page.getByTestId('queue-grid')).not.toContainText('超时');
  });

  test('senior1 gives the second signature on a standard case and sees the first', async ({
    page,
    login,
    workstation,
  }) => {
    const app = await seededCaseInTier(workstation.bankApiUrl, 'standard', withinApprover1);
    await login(page, 'approver1');
    const c = new CasePage(page);
    await new QueuePage(page).open();
    await c.goto(app.id);
    await expect(page.getByTestId('authority')).toContainText('第一签');
    await c.submitAndConfirm();
    await expect(c.outcome()).toContainText('第一签已完成');
    // Back on the case: no form for approver1, who signed first; it awaits a senior approver.
    await page.reload();
    await expect(page.getByTestId('case-view')).toBeVisible();
    await expect(c.panel.getByTestId('first-signature')).toContainText('王审批');
    await expect(page.getByTestId('awaiting-second-signature')).toContainText('待高级审批岗第二签');
    await expect(c.action('approve')).toHaveCount(0);
    await expect(page.getByTestId('decision-submit')).toHaveCount(0);
    await expect(page.getByTestId('case-claim')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screens/case-first-signed-zh.png', fullPage: true });
    await switchUser(page, 'senior1');
    await new QueuePage(page).open();
    await c.goto(app.id);
    await expect(page.getByTestId('first-signature')).toContainText('王审批');
    await expect(page.getByTestId('first-signature')).toContainText(`${grouped(app.amount)} 元`);
    await expect(page.getByTestId('authority')).toContainText('第二签');
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已批准。');
  });

  test('three committee members vote a committee case through', async ({ page, login, workstation }) => {
    const app = await seededCaseInTier(workstation.bankApiUrl, 'committee');
    const c = new CasePage(page);
    // An approver prepares the committee case and escalates it to the committee.
    await login(page, 'approver1');
    await new QueuePage(page).open();
    await c.goto(app.id);
    await expect(c.action('approve')).toHaveCount(0);
    await c.field('上报原因').fill('金额与评级须审贷会表决');
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已上报。');
    for (const [i, member] of ['committee1', 'committee2', 'committee3'].entries()) {
      await switchUser(page, member);
      await new QueuePage(page).open();
      await c.goto(app.id);
      if (i > 0) await expect(page.getByTestId('votes-so-far')).toContainText(`${i} 票`);
      await page.getByTestId('vote-approve').check();
      await c.submitAndConfirm();
      await expect(c.outcome()).toHaveText(i < 2 ? '投票已记录。' : '审贷会表决通过。');
    }
  });

  test('two approvers act on one case: the loser sees the conflict explained and keeps what they typed', async ({
    browser,
    page,
    login,
    workstation,
  }) => {
    // approver2 works at sub-branch SH-PD: a case of that sub-branch, which both approvers see.
    const app = await seededCaseInTier(workstation.bankApiUrl, 'fast', (d) => d.branchId === 'SH-PD', LDD('160000.00'));
    const other = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page2 = await other.newPage();
    await login(page, 'approver1');
    await login(page2, 'approver2');
    const c1 = new CasePage(page);
    const c2 = new CasePage(page2);
    await new QueuePage(page).open();
    await new QueuePage(page2).open();
    await c1.goto(app.id);
    await c2.goto(app.id);
    await c2.action('decline').click();
    await page2.getByTestId('reason-DEC_POLICY').check();
    await c2.field('意见').fill('经营现金流偏弱');
    await c1.submitAndConfirm();
    await expect(c1.outcome()).toHaveText('已批准。');
    await c2.submitAndConfirm();
    await expect(page2.getByTestId('decision-refused')).toContainText('他人已处理此案件');
    await expect(page2.getByTestId('decision-refused')).toContainText('已批准');
    await expect(c2.status()).toHaveText('已批准');
    await page2.screenshot({ path: 'test-results/screens/case-conflict-zh.png' });
    await other.close();
  });

  test('a half-written decision survives a reload', async ({ page, login, workstation }) => {
    const app = await caseInTier(workstation.bankApiUrl, 'fast', LDD('180000.00'));
    await login(page, 'approver1');
    const c = new CasePage(page);
    await new QueuePage(page).open();
    await c.goto(app.id);
    await c.field('批准金额（元）').fill('150000.00');
    await c.field('其他条件（自由填写）').fill('追加实际控制人个人连带担保');
    await expect(page.getByTestId('draft-saved')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('case-view')).toBeVisible();
    await expect(page.getByTestId('draft-restored')).toBeVisible();
    await expect(c.field('批准金额（元）')).toHaveValue('150000.00');
    await expect(c.field('其他条件（自由填写）')).toHaveValue('追加实际控制人个人连带担保');
  });

  test('the queue updates live when an application arrives through the API, without moving the focused row', async ({
    page,
    login,
    workstation,
  }) => {
    const first = await caseInTier(workstation.bankApiUrl, 'fast', LDD('120000.00'));
    await login(page, 'approver1');
    const queue = new QueuePage(page);
    await queue.open();
    // The layout (lane included) is kept per user, and earlier tests left approver1 elsewhere.
    await queue.selectLane('fast');
    await queue.clearFilters();
    await queue.sortBy('-submittedAt');
    await expect(queue.row(first.id)).toBeVisible();
    await queue.row(first.id).click();
    await expect(queue.row(first.id)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('live-status')).toHaveText('实时更新');
    const before = Number((await queue.lane('fast').getByTestId('lane-fast-open').textContent())?.match(/\d+/)?.[0]);
    const arrived = await caseInTier(workstation.bankApiUrl, 'fast', LDD('110000.00'));
    await expect(queue.row(arrived.id)).toBeVisible();
    await expect(queue.row(arrived.id)).toContainText('新');
    await expect(queue.lane('fast').getByTestId('lane-fast-open')).toHaveText(`${before + 1} 件`);
    await expect(queue.row(first.id)).toHaveAttribute('aria-selected', 'true');
  });

  test('keyboard: j/k move, ? lists the shortcuts, / searches, Enter opens, Esc returns', async ({
    page,
    login,
    workstation,
  }) => {
    await caseInTier(workstation.bankApiUrl, 'fast', LDD('130000.00'));
    await caseInTier(workstation.bankApiUrl, 'fast', LDD('140000.00'));
    await login(page, 'approver1');
    const queue = new QueuePage(page);
    await queue.open();
    await queue.selectLane('fast');
    await queue.clearFilters();
    await queue.grid.focus();
    const selected = () => page.locator('[data-testid="queue-row"][aria-selected="true"]').getAttribute('data-id');
    const a = await selected();
    await page.keyboard.press('j');
    const b = await selected();
    expect(b).not.toBe(a);
    await page.keyboard.press('k');
    expect(await selected()).toBe(a);
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts')).toBeVisible();
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await expect(queue.search).toBeFocused();
    await page.keyboard.press('Escape');
    await queue.grid.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('case-view')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(queue.grid).toBeVisible();
  });

  test('the desk in English after switching', async ({ page, login, workstation }) => {
    const app = await caseInTier(workstation.bankApiUrl, 'fast', LDD('160000.00'));
    await login(page, 'approver1');
    await page.getByTestId('language-select').selectOption('en');
    const queue = new QueuePage(page);
    await queue.open();
    await expect(queue.lane('fast')).toContainText('Fast');
    const row = await queue.find(app.id);
    await expect(row).toContainText('Working Capital Loan');
    await page.screenshot({ path: 'test-results/screens/queue-en.png' });
    const c = new CasePage(page);
    await c.goto(app.id);
    await expect(page.getByTestId('authority')).toContainText('Within your authority');
    await expect(page.getByRole('heading', { name: 'Decision', exact: true })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/case-en.png', fullPage: true });
    await page.getByTestId('language-select').selectOption('zh-CN');
  });
});
