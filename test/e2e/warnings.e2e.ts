/**
 * 预警处置 in browser mode: supervisor1 runs the monitoring job (POST /api/v1/monitoring/runs), whose end
 * opens a warning task for each new signal; rm1 opens one of their tasks, records an on-site visit and a
 * measure that needs a supervisor (追加担保) with its reason; supervisor1 sees it among the branch's tasks
 * awaiting confirmation and confirms it; the task is closed with its whole history.
 */
import type { Page } from '@playwright/test';
import type { WarningTaskDetail, WarningTaskList } from '../../shared/api/warning-tasks';
import { expect, test } from './fixtures';
import { apiAs, openByLink, switchUser } from './session';

const api = apiAs;

/** Opens a task by its link. */
const openTask = (page: Page, id: string) => openByLink(page, `#/warnings/${id}`, 'warning-task');

/** Runs the monitoring job as supervisor1 and waits for it to finish (a run already going on is awaited). */
async function runMonitoring(bankApiUrl: string) {
  type Run = { id: string; status: string; signalsRaised: number; run?: Run };
  const start = await api<Run>(bankApiUrl, 'supervisor1', '/api/v1/monitoring/runs', { method: 'POST' });
  expect([202, 409], JSON.stringify(start.body)).toContain(start.status);
  const id = start.status === 202 ? start.body.id : start.body.run!.id;
  for (let i = 0; i < 600; i++) {
    const r = await api<Run>(bankApiUrl, 'supervisor1', `/api/v1/monitoring/runs/${id}`);
    expect(r.status).toBe(200);
    if (r.body.status !== 'running') {
      expect(r.body.status, JSON.stringify(r.body)).toBe('done');
      return r.body;
    }
    await new Promise((res) => setTimeout(res, 1000));
  }
  throw new Error(`monitoring run ${id} did not finish in 10 minutes`);
}

test('a new warning: rm1 records a visit and 追加担保, supervisor1 confirms', async ({ page, login, workstation }) => {
  test.setTimeout(900_000);
  const url = workstation.bankApiUrl;
  const run = await runMonitoring(url);
  // Precondition: the run opened at least one task on a client rm1 serves that nobody has disposed of.
  const mine = await api<WarningTaskList>(url, 'rm1', '/api/v1/warning-tasks?view=active&limit=500');
  expect(mine.status, JSON.stringify(mine.body)).toBe(200);
  const candidates = mine.body.items.filter((t) => t.officerId === 'u-rm1' && ['open', 'escalated'].includes(t.status));
  expect(
    candidates.length,
    `warning tasks for rm1 after run ${run.id} (${run.signalsRaised} signals raised)`,
  ).toBeGreaterThan(0);
  const task = candidates[0]!;

  // rm1: the list, then the task and its form.
  await login(page, 'rm1');
  await page.getByTestId('nav-warnings').click();
  await expect(page.getByTestId('warnings-list')).toBeVisible();
  await expect(page.getByTestId(`warnings-row-${task.id}`)).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/warnings-rm-list-zh.png', fullPage: true });
  await openTask(page, task.id);
  await expect(page.getByTestId('warning-due')).toHaveText(task.dueOn);
  await page.getByTestId('warning-kind-visit').check();
  await page.getByTestId('warning-note').fill('实地走访企业厂区，与财务负责人面谈：近两月订单下降，应收账款回笼放缓。');
  await page.getByTestId('warning-measure-select').selectOption('add_collateral');
  await expect(page.getByTestId('warning-measure-hint')).toHaveText('该措施提交后须由主管确认。');
  // The measure without a reason is not sent.
  await page.getByTestId('warning-submit').click();
  await expect(page.getByText('请填写核实情况、选择处置措施并写明理由。')).toBeVisible();
  await page.getByTestId('warning-reason').fill('经营现金流走弱，追加法定代表人名下房产抵押作为补充担保。');
  await page.screenshot({ path: 'test-results/screens/warnings-rm-form-zh.png', fullPage: true });
  await page.getByTestId('warning-submit').click();
  await expect(page.getByTestId('warning-status')).toHaveText('待主管确认');
  await expect(page.getByTestId('warning-done')).toHaveText('已提交，等待主管确认。');
  await expect(page.getByTestId('warning-measure')).toContainText('追加担保');
  await expect(page.getByTestId('warning-form')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/warnings-rm-awaiting-zh.png', fullPage: true });

  // supervisor1: the branches' counts, the tasks awaiting confirmation, then confirms.
  await switchUser(page, 'supervisor1');
  await page.getByTestId('nav-warnings').click();
  await expect(page.getByTestId('warnings-branches')).toBeVisible();
  const branchRow = page.getByTestId(`warnings-branch-${task.branchId}`);
  await expect(branchRow).toBeVisible();
  await page.getByTestId('warnings-view').selectOption('awaiting_confirmation');
  await expect(page.getByTestId(`warnings-row-${task.id}`)).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/warnings-supervisor-zh.png', fullPage: true });
  await page.getByRole('button', { name: `打开任务 ${task.id}` }).click();
  await expect(page.getByTestId('warning-confirm')).toBeVisible();
  await page.getByTestId('warning-confirm-note').fill('同意追加抵押，请于五个工作日内办妥抵押登记。');
  await page.getByTestId('warning-confirm-yes').click();
  await expect(page.getByTestId('warning-status')).toHaveText('已办结');
  await expect(page.getByTestId('warning-confirmation')).toContainText('吴主管');
  await expect(page.getByTestId('warning-history').locator('li')).toHaveCount(
    (await api<WarningTaskDetail>(url, 'supervisor1', `/api/v1/warning-tasks/${task.id}`)).body.history.length,
  );
  await page.screenshot({ path: 'test-results/screens/warnings-confirmed-zh.png', fullPage: true });

  // The bank API agrees: closed, measure recorded by rm1, confirmed by supervisor1.
  const d = await api<WarningTaskDetail>(url, 'rm1', `/api/v1/warning-tasks/${task.id}`);
  expect(d.body).toMatchObject({
    status: 'closed',
    verification: { kind: 'visit', by: 'u-rm1' },
    disposition: { measure: 'add_collateral', by: 'u-rm1', needsConfirmation: true },
    confirmation: { by: 'u-supervisor1' },
  });
  expect(d.body.history.map((h) => h.action).slice(-2)).toEqual(['disposition_recorded', 'confirmed']);
});
