/**
 * 放款审核 in browser mode: ops1 (maker) records the evidence for each condition of a signed case — 受托支付
 * payees summing to the loan, a mistyped account refused in the form by its check digit — and submits it
 * for checking; ops1 may not confirm their own case (the screen says why, the bank API refuses too);
 * ops2 (checker) reads the maker's evidence and disburses; the new loan is shown.
 */
import type { Page } from '@playwright/test';
import type { DisbursementDetail, DisbursementQueue } from '../../shared/api/disbursement';
import { withCheckDigit } from '../../shared/credit/loan-conditions';
import { formatMoney, parseMoney } from '../../shared/money';
import { groupMoney } from '../../shared/money/group';
import { expect, test } from './fixtures';
import { apiAs, openByLink, switchUser } from './session';

const api = apiAs;

/** Opens a case of the 放款审核 area by its link. */
const openCase = (page: Page, id: string) => openByLink(page, `#/disbursement/${id}`, 'disbursement-case');

/**
 * A signed case in ops1's scope that nobody has started on, whose contracts are all signed, with a 受托支付
 * condition among its conditions (the seed's signed cases not yet disbursed: GET /api/v1/disbursements).
 */
async function signedCaseWithEntrustedPayment(bankApiUrl: string): Promise<DisbursementDetail> {
  const q = await api<DisbursementQueue>(bankApiUrl, 'ops1', '/api/v1/disbursements?view=open&limit=500');
  expect(q.status, JSON.stringify(q.body)).toBe(200);
  const fresh = q.body.items.filter((i) => i.disbursementStatus === 'open' && i.evidenced === 0);
  for (const item of fresh) {
    const d = await api<DisbursementDetail>(
      bankApiUrl,
      'ops1',
      `/api/v1/applications/${item.applicationId}/disbursement`,
    );
    if (d.status !== 200 || !d.body.contractsSigned || !d.body.mayRecord) continue;
    if (d.body.conditions.some((c) => c.condition.type === 'entrusted_payment')) return d.body;
  }
  throw new Error(
    `precondition: no signed case with 受托支付 awaiting preparation in ops1's scope (${q.body.items.length} listed, ${fresh.length} fresh)`,
  );
}

const GOOD = withCheckDigit('6222021001234567');
const GOOD2 = withCheckDigit('6217001234567890123');
/** GOOD with its check digit changed: what a typing error looks like. */
const MISTYPED = `${GOOD.slice(0, -1)}${(Number(GOOD.slice(-1)) + 1) % 10}`;

test.describe('放款审核 (disbursement officers)', () => {
  test('ops1 prepares with the payees summing to the loan, ops2 disburses, the loan is shown', async ({
    page,
    login,
    workstation,
  }) => {
    test.setTimeout(180_000);
    const d = await signedCaseWithEntrustedPayment(workstation.bankApiUrl);
    const id = d.applicationId;
    const loan = parseMoney(d.amount);
    const first = (loan / 2n / 100n) * 100n;
    const rest = loan - first;

    await login(page, 'ops1');
    // Home: the day's counts for a disbursement officer.
    const home = page.getByTestId('home-disbursement');
    await expect(home.getByTestId('home-card-toPrepare')).toBeVisible();
    await expect(home.getByTestId('home-count-toPrepare')).toHaveText(/^[1-9][\d,]*$/);
    await page.screenshot({ path: 'test-results/screens/disbursement-home-zh.png', fullPage: true });

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '放款审核' }).click();
    await expect(page.getByRole('heading', { name: '放款审核', level: 2 })).toBeVisible();
    await page.getByTestId('disbursement-search').fill(id);
    const row = page.getByTestId(`disbursement-row-${id}`);
    await expect(row).toContainText('待准备');
    await row.getByRole('button', { name: `打开 ${id}` }).click();
    const panel = page.getByTestId('disbursement-case');
    await expect(panel.getByTestId('disbursement-state')).toHaveText('待准备');
    await expect(panel.getByTestId('disbursement-amount')).toHaveText(/^\d{1,3}(,\d{3})*\.\d{2} 元$/);

    for (const c of d.conditions) {
      const item = panel.getByTestId(`disbursement-condition-${c.index}`);
      const form = item.getByTestId(`evidence-form-${c.index}`);
      const fill = (name: string, value: string) => form.getByTestId(`field-${name}`).fill(value);
      switch (c.evidenceKind) {
        case 'payees': {
          const named =
            c.condition.type === 'entrusted_payment' && c.condition.params.payeeName
              ? c.condition.params.payeeName
              : '上海申江钢材贸易有限公司';
          await fill('payees.0.name', named);
          // A mistyped account is refused beside the field as it is typed, before anything is sent.
          await fill('payees.0.account', MISTYPED);
          await expect(form.getByTestId('error-payees.0.account')).toHaveText('账号校验位不正确，请核对是否输错。');
          await expect(form.getByTestId('field-payees.0.account')).toHaveAttribute('aria-invalid', 'true');
          await fill('payees.0.bank', '中国工商银行上海浦东支行');
          await fill('payees.0.amount', formatMoney(first));
          await expect(form.getByTestId('payees-sum')).toHaveAttribute('data-state', 'under');
          await expect(form.getByTestId('payees-sum')).toContainText('尚差');
          await page.screenshot({ path: 'test-results/screens/disbursement-check-digit-zh.png', fullPage: true });
          await form.getByTestId(`evidence-save-${c.index}`).click();
          // Still refused: the form focuses the field at fault and sends nothing.
          await expect(form.getByTestId('field-payees.0.account')).toBeFocused();
          await expect(item.getByTestId('condition-state')).toHaveText('尚未录入证明');
          // Typed in groups of four, correctly this time.
          await fill('payees.0.account', GOOD.replace(/(\d{4})(?=\d)/g, '$1 '));
          await expect(form.getByTestId('error-payees.0.account')).toHaveCount(0);
          await form.getByTestId('payee-add').click();
          await fill('payees.1.name', '上海浦江物流有限公司');
          await fill('payees.1.account', GOOD2);
          await fill('payees.1.bank', '中国建设银行上海分行');
          await fill('payees.1.amount', formatMoney(rest + 1n));
          await expect(form.getByTestId('payees-sum')).toHaveAttribute('data-state', 'over');
          await fill('payees.1.amount', formatMoney(rest));
          await expect(form.getByTestId('payees-sum')).toHaveAttribute('data-state', 'exact');
          await expect(form.getByTestId('payees-sum')).toContainText('与贷款金额一致');
          break;
        }
        case 'registration':
          await fill('certificateNo', '沪(2026)浦东新区不动产证明第0012345号');
          break;
        case 'document':
          await fill('reference', 'BZ-2026-0001');
          break;
        case 'account':
          await fill('account', GOOD2);
          break;
      }
      await form.getByTestId(`evidence-save-${c.index}`).click();
      await expect(item.getByTestId('condition-state')).toHaveText('已满足');
    }
    await expect(panel.getByTestId('disbursement-readiness')).toHaveText('全部条件均已录入并满足，可以提交复核。');
    await panel.getByTestId('disbursement-prepare').click();
    await expect(panel.getByTestId('disbursement-state')).toHaveText('待复核');
    await expect(panel.getByTestId('disbursement-maker-step')).toContainText('等待复核岗确认');

    // The maker cannot confirm their own: the screen says why and offers no button; the API refuses too.
    await expect(panel.getByTestId('disbursement-own-case')).toContainText('不能由您复核放款');
    await expect(panel.getByTestId('disbursement-confirm')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screens/disbursement-prepared-zh.png', fullPage: true });
    const mine = await api<DisbursementDetail>(
      workstation.bankApiUrl,
      'ops1',
      `/api/v1/applications/${id}/disbursement`,
    );
    const own = await api<{ code: string }>(workstation.bankApiUrl, 'ops1', `/api/v1/applications/${id}/disbursement`, {
      method: 'POST',
      headers: { 'if-match': `"${mine.body.version}"`, 'idempotency-key': `e2e-own-${id}` },
      body: JSON.stringify({}),
    });
    expect([403, 409]).toContain(own.status);

    // ops2 checks the maker's evidence and disburses.
    await switchUser(page, 'ops2');
    await openCase(page, id);
    const checked = page.getByTestId('disbursement-case');
    await expect(checked.getByTestId('disbursement-state')).toHaveText('待复核');
    await expect(checked.getByTestId('disbursement-maker-name')).toHaveText(mine.body.makerName!);
    const payees = checked.getByTestId('evidence-payees');
    await expect(payees).toContainText(GOOD.replace(/(\d{4})(?=\d)/g, '$1 '));
    await expect(payees).toContainText('上海浦江物流有限公司');
    await expect(checked.getByTestId('disbursement-own-case')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screens/disbursement-check-zh.png', fullPage: true });

    // Sent back first: a reason is required; the maker reads it, and submits again.
    await checked.getByTestId('disbursement-send-back').click();
    await expect(checked.getByText('请填写退回原因。')).toBeVisible();
    await checked.getByTestId('disbursement-reason').fill('请核对第一收款人的开户行全称');
    await checked.getByTestId('disbursement-send-back').click();
    await expect(checked.getByTestId('disbursement-state')).toHaveText('退回');
    await expect(checked.getByTestId('disbursement-done')).toHaveText('已退回经办。');
    await switchUser(page, 'ops1');
    await openCase(page, id);
    await expect(checked.getByTestId('disbursement-state')).toHaveText('退回');
    await expect(checked.getByTestId('disbursement-sent-back')).toContainText('请核对第一收款人的开户行全称');
    await page.screenshot({ path: 'test-results/screens/disbursement-sent-back-zh.png', fullPage: true });
    await expect(checked.getByTestId('disbursement-prepare')).toBeEnabled();
    await checked.getByTestId('disbursement-prepare').click();
    await expect(checked.getByTestId('disbursement-state')).toHaveText('待复核');
    await switchUser(page, 'ops2');
    await openCase(page, id);
    await expect(checked.getByTestId('disbursement-state')).toHaveText('待复核');
    await checked.getByTestId('disbursement-confirm').click();
    await expect(checked.getByTestId('disbursement-done')).toHaveText('放款成功，贷款已生成。');
    const loanCard = checked.getByTestId('disbursement-loan');
    await expect(loanCard.getByTestId('loan-id')).toHaveText(/\S+/);
    await expect(loanCard.getByTestId('loan-amount')).toHaveText(`${groupMoney(formatMoney(loan))} 元`);
    await expect(loanCard.getByTestId('loan-rate')).toHaveText(/^\d+(\.\d+)?%$/);
    await expect(loanCard.getByTestId('loan-first-due')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
    await expect(checked.getByTestId('disbursement-state')).toHaveText('已放款');
    await page.screenshot({ path: 'test-results/screens/disbursement-loan-zh.png', fullPage: true });

    const after = await api<DisbursementDetail>(
      workstation.bankApiUrl,
      'ops2',
      `/api/v1/applications/${id}/disbursement`,
    );
    expect(after.body.disbursementStatus).toBe('disbursed');
    expect(after.body.loan).toMatchObject({ applicationId: id, principal: d.amount });
    await expect(loanCard.getByTestId('loan-id')).toHaveText(after.body.loan!.id);

    // In English too; then back to Chinese for the tests that follow (the language is remembered).
    await page.getByTestId('language-select').selectOption('en');
    await expect(checked.getByTestId('disbursement-state')).toHaveText('Disbursed');
    await expect(loanCard.getByRole('heading', { name: 'Disbursed' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/disbursement-loan-en.png', fullPage: true });
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(checked.getByTestId('disbursement-state')).toHaveText('已放款');

    // The loan remembers its application: supervisor1 finds it on the portfolio dashboard, in the
    // drill-down of approval accuracy by the grade the case was approved at.
    const loanId = after.body.loan!.id;
    const app = await api<{ grade: string | null }>(
      workstation.bankApiUrl,
      'supervisor1',
      `/api/v1/applications/${id}`,
    );
    const grade = app.body.grade ?? '_none';
    await switchUser(page, 'supervisor1');
    await page.getByTestId('nav-dashboards').click();
    await page.getByTestId('tab-portfolio').click();
    await page.getByTestId('filter-branch').selectOption(d.branchId);
    await page.getByTestId('filter-product').selectOption(d.productCode);
    const byGrade = page.getByTestId('panel-portfolio.byGrade');
    await expect(byGrade).toBeVisible({ timeout: 30_000 });
    await byGrade.getByRole('button', { name: '表格视图' }).click();
    const cell = page.getByTestId(`cell-portfolio.byGrade-${grade}-loans`);
    await expect(cell).toBeVisible({ timeout: 30_000 });
    await cell.click();
    await expect(page.getByTestId('drill').getByTestId('drill-row').filter({ hasText: loanId })).toHaveCount(1);
    await page.screenshot({ path: 'test-results/screens/disbursement-loan-on-dashboard-zh.png', fullPage: true });
  });
});
