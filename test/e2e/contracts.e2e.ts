import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

test.describe('contract officer in browser mode', () => {
  test('generates, previews and exports a sealed contract for an approved case', async ({ page, login }) => {
    test.setTimeout(120_000);
    await login(page, 'contract1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '合同' }).click();
    await expect(page.getByRole('heading', { name: '合同生成与签署' })).toBeVisible();
    const queue = page.getByTestId('contracts-queue');
    const row = queue.locator('tbody tr', { hasText: '未生成' }).first();
    await expect(row).toBeVisible();
    const id = (await row.getByRole('button').textContent())!.trim();
    await row.getByRole('button', { name: id }).click();

    const detail = page.getByTestId('case-contracts');
    await expect(detail.getByRole('heading', { name: `申请 ${id} 的合同` })).toBeVisible();
    // The loan contract of the case's kind of loan (流动资金 / 经营性物业抵押 …借款合同, #18).
    await detail
      .getByText(/借款合同的全部变量及来源/)
      .first()
      .click();
    const vars = detail.locator('[data-testid^="variables-loan."]').first();
    await expect(vars).toContainText('借款金额（大写）');
    await expect(vars).toContainText('审批决定（转为中文大写）');
    // Values read as the contract prints them, with their units.
    const shownValue = (label: string) =>
      vars.locator('tr', { has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('td.value');
    await expect(shownValue('借款金额')).toHaveText(/^\d{1,3}(,\d{3})*\.\d{2} 元$/);
    await expect(shownValue('借款期限')).toHaveText(/^\d+ 个月$/);
    await expect(shownValue('年利率')).toHaveText(/^\d+\.\d+%$/);
    await expect(shownValue('加点')).toHaveText(/^-?\d+\.\d+ 个百分点$/);
    await expect(shownValue('起始日')).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日$/);

    await detail.getByTestId('generate').click();
    await expect(detail.getByRole('status').first()).toContainText('已生成', { timeout: 60_000 });
    const doc = detail.locator('li.doc').first();
    await expect(doc.getByTestId('doc-status')).toHaveText('已生成');

    await doc.getByRole('button', { name: '预览' }).click();
    await expect(doc.getByTestId('pdf-page').first()).toBeVisible({ timeout: 30_000 });
    await doc.getByRole('button', { name: '放大' }).click();
    await expect(doc.getByTestId('pdf-zoom')).toHaveText('125%');
    // The canvas really has pixels of the contract (not a blank page).
    await expect
      .poll(() =>
        doc
          .getByTestId('pdf-page')
          .first()
          .evaluate((c: HTMLCanvasElement) => {
            const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            let dark = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) dark++;
            return dark;
          }),
      )
      .toBeGreaterThan(1000);
    await page.screenshot({ path: 'test-results/screens/contracts-preview-zh.png' });

    // A case has its loan contract and, where it has a guarantor or collateral, a guarantee or mortgage
    // contract: each is exported as its own package; the case reads 已导出 once all of them are.
    const docs = detail.locator('li.doc');
    const names: string[] = [];
    for (let i = 0; i < (await docs.count()); i++) {
      const d = docs.nth(i);
      const download = page.waitForEvent('download');
      await d.getByTestId('export').click();
      const file = await download;
      names.push(file.suggestedFilename());
      const zip = readFileSync(await file.path());
      expect(zip.subarray(0, 2).toString()).toBe('PK');
      await expect(d.getByTestId('doc-status')).toHaveText('已导出');
    }
    expect(names.filter((n) => /^HT\d+\.zip$/.test(n))).toHaveLength(1);
    for (const n of names) expect(n).toMatch(/^HT\d+(-[A-Z]{2}\d*)?\.zip$/);
    await expect(page.getByTestId(`contract-row-${id}`).getByText('已导出')).toBeVisible();
  });

  test('a supervisor reads where contracts stand, with nothing offered or called that needs a contract officer', async ({
    page,
    login,
  }) => {
    const calls: string[] = [];
    page.on('request', (r) => {
      const m = /\/ipc\/([^?]+)/.exec(r.url());
      if (m) calls.push(decodeURIComponent(m[1]!));
    });
    await login(page, 'supervisor1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '合同' }).click();
    await expect(page.getByRole('heading', { name: '合同生成与签署' })).toBeVisible();
    await expect(page.getByTestId('contracts-read-only')).toContainText('由合同岗办理');
    const queue = page.getByTestId('contracts-queue');
    await expect(queue.locator('tbody tr').first()).toBeVisible();
    await expect(queue.getByRole('checkbox')).toHaveCount(0);
    await expect(page.getByTestId('batch-generate')).toHaveCount(0);
    // A case with a contract where there is one (its documents listed), else the first.
    await page.getByRole('combobox', { name: '范围' }).selectOption('all');
    const withDoc = queue.locator('tbody tr', {
      has: page.locator('.badge-generated, .badge-exported, .badge-signed'),
    });
    await withDoc
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    const row = (await withDoc.count()) > 0 ? withDoc.first() : queue.locator('tbody tr').first();
    const id = (await row.getByRole('button').textContent())!.trim();
    await row.getByRole('button', { name: id }).click();
    const detail = page.getByTestId('case-contracts');
    await expect(detail.getByRole('heading', { name: `申请 ${id} 的合同` })).toBeVisible();
    await expect(detail.locator('li.doc').first().or(detail.getByTestId('no-documents'))).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByText('操作失败')).toHaveCount(0);
    for (const tid of ['generate', 'regenerate', 'export']) await expect(detail.getByTestId(tid)).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screens/contracts-supervisor-zh.png' });
    expect(calls).toContain('contracts.list');
    expect(calls.filter((c) => /^contracts\.(preview|generate|export|importSigned|batch)/.test(c))).toEqual([]);
  });
});
