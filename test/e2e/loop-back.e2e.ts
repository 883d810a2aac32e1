/**
 * 补件, the loop back (issue 15 items 2 and 3) on the desk in browser mode: approver1 returns a case for
 * one document; rm1 uploads it (a real PDF through the file chooser) and resubmits; approver1 sees it come
 * back (the queue item names who returned it) and approves. Then rm1 records a field investigation by
 * two staff from the questionnaire form, and the case shows the answers and the flag it raised.
 */
import type { Page } from '@playwright/test';
import type { ApplicationDetail, ApplicationSummary } from '../../shared/api/applications';
import { apiLogin, caseInTier, seededCaseInTier } from './desk-cases';
import { expect, test } from './fixtures';
import { CasePage } from './pages/CasePage';
import { switchUser } from './session';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function get<T>(base: string, user: string, path: string): Promise<T> {
  const token = await apiLogin(base, user);
  return (await (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
}

async function openCase(page: Page, id: string) {
  await page.evaluate((h) => {
    location.hash = h;
  }, `#/queue/${id}`);
  await expect(page.getByTestId('case-view')).toBeVisible();
}

type Item = { code: string; name: string; electronic?: boolean };

test.describe('补件 and the investigation', () => {
  test('approver1 returns for one document; rm1 uploads and resubmits; approver1 sees it back and approves', async ({
    page,
    login,
    workstation,
  }) => {
    const base = workstation.bankApiUrl;
    const d = await seededCaseInTier(
      base,
      'fast',
      (x) => x.branchId === 'SH-PD' && (x.checklist as Item[]).some((c) => !c.electronic),
      { productCode: 'LDD', amount: '150000.00', termMonths: 12 },
    );
    const item = (d.checklist as Item[]).find((c) => !c.electronic)!;
    await login(page, 'approver1');
    const c = new CasePage(page);
    await c.goto(d.id);
    await c.action('return').click();
    await c.panel.getByRole('checkbox', { name: item.name }).check();
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已退回补件。');

    await switchUser(page, 'rm1');
    await openCase(page, d.id);
    const row = page.getByTestId(`material-${item.code}`);
    await expect(row).toHaveAttribute('data-state', 'requested');
    // Resubmitting before the document is in hand is refused, naming it.
    await page.getByTestId('case-resubmit').click();
    await expect(page.getByTestId('materials-note')).toContainText(item.name);
    await page
      .getByTestId(`material-upload-${item.code}`)
      .setInputFiles({ name: '补件材料.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(row).toHaveAttribute('data-state', 'received');
    await expect(page.getByTestId('materials-files')).toContainText('补件材料.pdf');
    // The file's item by its name, not its code.
    await expect(page.getByTestId('materials-files')).toContainText(item.name);
    await expect(page.getByTestId('materials-files')).not.toContainText(item.code);
    await page.screenshot({ path: 'test-results/screens/loop-back-uploaded-zh.png', fullPage: true });
    await page.getByTestId('case-resubmit').click();
    await expect(page.getByTestId('materials-note')).toHaveText('已重新提交，案件回到审批队列');
    await expect(c.status()).toHaveText('审批中');

    // approver1 sees it come back: the queue item says who returned it; the history has the resubmission.
    const list = await get<{ items: ApplicationSummary[] }>(
      base,
      'approver1',
      '/api/v1/applications?status=in_review&tier=fast&limit=200',
    );
    expect(list.items.find((x) => x.id === d.id)).toMatchObject({ resubmitted: true, returnedBy: 'u-approver1' });
    await switchUser(page, 'approver1');
    await c.goto(d.id);
    await c.action('approve').click();
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已批准。');
    const after = await get<ApplicationDetail>(base, 'approver1', `/api/v1/applications/${d.id}`);
    expect(after.status).toBe('approved');
    expect(after.history.map((h) => h.action)).toEqual(expect.arrayContaining(['return', 'resubmit', 'approve']));
  });

  test('rm1 records a field investigation by two staff from the questionnaire', async ({
    page,
    login,
    workstation,
  }) => {
    const base = workstation.bankApiUrl;
    const app = await caseInTier(base, 'standard', { productCode: 'DYD', amount: '800000.00' }, () => true);
    await login(page, 'rm1');
    await openCase(page, app.id);
    await expect(page.getByTestId('investigation-none')).toBeVisible();
    await page.getByTestId('inv-kind').selectOption('field_visit');
    await page.getByTestId('inv-second').fill('u-supervisor1');
    await page.getByTestId('inv-q-premises_match').selectOption('true');
    await page.getByTestId('inv-q-operating_normally').selectOption('true');
    await page.getByTestId('inv-q-staff_seen').fill('15');
    await page.getByTestId('inv-q-revenue_consistent').selectOption('major_gap');
    await page.getByTestId('inv-q-controller_met').selectOption('true');
    await page.getByTestId('inv-q-other_debts').selectOption('false');
    await page.getByTestId('inv-q-collateral_inspected').selectOption('true');
    await page.getByTestId('inv-q-title_clear').selectOption('true');
    await page.getByTestId('inv-summary').fill('双人实地走访，经营正常，流水与申报存在差异需关注。');
    await page.getByTestId('inv-save').click();
    await expect(page.getByTestId('investigation-note')).toHaveText('调查已记录');
    await expect(page.getByTestId('investigation-kind')).toHaveText('实地调查（双人）');
    await expect(page.getByTestId('investigation-investigators')).toHaveText('u-rm1、u-supervisor1');
    await expect(page.getByTestId('investigation-flags')).toContainText('经营流水与纳税申报是否匹配');
    await page.screenshot({ path: 'test-results/screens/loop-back-investigation-zh.png', fullPage: true });
    const d = await get<ApplicationDetail>(base, 'supervisor1', `/api/v1/applications/${app.id}`);
    expect(d.investigatedBy).toBe('u-rm1');
    expect((d.investigation as { investigators: string[] }).investigators).toEqual(['u-rm1', 'u-supervisor1']);
  });
});
