/**
 * The approval's conditions as data (issue 16 item 2), in browser mode: approver1 approves an LDD case;
 * the guarantee condition for the case's guarantor is pre-filled and marked required (no remove
 * button); a 受托支付 item with its payee is added by keyboard; the confirmation and the case history
 * show the items in Chinese words, never a raw code.
 */
import { frontOfficeCase } from './desk-cases';
import { expect, test } from './fixtures';
import { CasePage } from './pages/CasePage';

const GUARANTOR = '上海市中小微企业政策性融资担保基金管理中心';
const PAYEE = '上海申联物资贸易有限公司';

test.describe('approval conditions in browser mode', () => {
  test('approver1 approves an LDD case with the guarantee pre-filled and a 受托支付 item added', async ({
    page,
    login,
    workstation,
  }) => {
    // A fresh fast-tier LDD case naming its guarantor (desk-cases submitCase), its material in hand.
    const d = await frontOfficeCase(workstation.bankApiUrl, 'fast', { productCode: 'LDD', amount: '200000.00' });
    expect(d.productCode).toBe('LDD');
    expect(d.guarantors?.[0]?.name).toBe(GUARANTOR);
    expect(['A', 'B', 'C', 'D']).toContain(d.grade);
    await login(page, 'approver1');
    const c = new CasePage(page);
    await c.goto(d.id);
    await c.action('approve').click();

    const editor = page.getByTestId('conditions-editor');
    await expect(editor).toContainText('放款条件');
    const first = page.getByTestId('condition-0');
    await expect(first).toHaveAttribute('data-type', 'guarantee_signed');
    await expect(first.getByLabel('保证人')).toHaveValue(GUARANTOR);
    await expect(page.getByTestId('condition-0-required')).toHaveText('必备');
    await expect(page.getByTestId('condition-0-remove')).toHaveCount(0);
    const n = d.guarantors?.length ?? 1;
    await expect(editor.locator('li.condition-item')).toHaveCount(n);

    // Keyboard only: pick the type in the select, press the add button, type the payee where focus lands.
    const type = page.getByLabel('添加条件的类型');
    await type.focus();
    await type.selectOption({ label: '受托支付' });
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('condition-add')).toBeFocused();
    await page.keyboard.press('Enter');
    const added = page.getByTestId(`condition-${n}`);
    await expect(added).toHaveAttribute('data-type', 'entrusted_payment');
    await expect(added.getByLabel('收款人名称（可选）')).toBeFocused();
    await page.keyboard.type(PAYEE);
    // The added item is not required: it may be removed (the button is there), unlike the guarantee.
    await expect(page.getByTestId(`condition-${n}-remove`)).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/conditions-editor-zh.png', fullPage: true });

    await c.submit();
    const summary = page.getByTestId('confirm-summary');
    await expect(summary).toContainText(`保证合同签署（保证人：${GUARANTOR}）`);
    await expect(summary).toContainText(`受托支付（收款人：${PAYEE}）`);
    await expect(summary).not.toContainText('entrusted_payment');
    await page.screenshot({ path: 'test-results/screens/conditions-confirm-zh.png', fullPage: true });
    await page.getByTestId('confirm-submit').click();
    await expect(c.outcome()).toHaveText('已批准。');

    const history = page.getByTestId('case-history');
    await expect(history).toContainText(`保证合同签署（保证人：${GUARANTOR}）`);
    await expect(history).toContainText(`受托支付（收款人：${PAYEE}）`);
    await expect(history).not.toContainText(/guarantee_signed|entrusted_payment|\[object Object\]/);
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/conditions-history-zh.png', fullPage: true });
  });
});
