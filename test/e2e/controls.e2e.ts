/**
 * Controls on the desk (issue 14): approver1 escalates a case to a senior approver and senior1 approves
 * it; a below-floor rate is refused in the form and by the bank API, then sent as a pricing exception to
 * the credit committee, whose members grant it. The cases are seeded open cases whose approval gates are
 * met (material in hand; investigation on standard cases).
 */
import type { ApplicationDetail, ApplicationSummary } from '../../shared/api/applications';
import { missingForApproval } from '../../shared/credit/authority';
import { apiLogin } from './desk-cases';
import { expect, test } from './fixtures';
import { CasePage } from './pages/CasePage';
import { switchUser } from './session';

const used = new Set<string>();

async function api<T>(
  base: string,
  user: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const token = await apiLogin(base, user);
  const r = await fetch(`${base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { status: r.status, body: (await r.json()) as T };
}

/** A seeded open fast-tier case approver1 may act on, with its approval gates met and nobody working it. */
async function seededCase(base: string): Promise<ApplicationDetail> {
  const list = await api<{ items: ApplicationSummary[] }>(
    base,
    'approver1',
    '/api/v1/applications?status=in_review&tier=fast&limit=200',
  );
  for (const s of list.body.items) {
    // SH-PD's few are left for the approver-desk test in which approver2 (SH-PD) takes part.
    if (s.assigneeId || used.has(s.id) || s.branchId === 'SH-PD') continue;
    const d = (await api<ApplicationDetail>(base, 'approver1', `/api/v1/applications/${s.id}`)).body;
    const gates = missingForApproval({
      checklist: d.checklist,
      investigation: d.investigation,
      tier: d.tier,
      routedTier: (d.routing as { tier?: string }).tier ?? null,
    });
    if (gates.length === 0 && d.investigatedBy !== 'u-approver1' && d.createdBy !== 'u-approver1') {
      used.add(d.id);
      return d;
    }
  }
  throw new Error('no seeded fast case with its gates met');
}

test.describe('controls on the desk', () => {
  test('approver1 escalates to a senior approver; senior1 approves it alone', async ({ page, login, workstation }) => {
    const d = await seededCase(workstation.bankApiUrl);
    await login(page, 'approver1');
    const c = new CasePage(page);
    await c.goto(d.id);
    // The gates stand before the approve button, all in hand.
    await expect(page.getByTestId('approval-gates')).toBeVisible();
    await expect(page.getByTestId('gates-closed')).toHaveCount(0);
    await c.action('escalate').click();
    await c.panel.locator('#f-to').selectOption('senior_approver');
    await c.panel.locator('#f-escalate-reason').fill('客户集团关联授信需高级审批人复核');
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已上报。');
    await expect(page.getByTestId('escalated-to')).toContainText('高级审批岗');
    await page.screenshot({ path: 'test-results/screens/controls-escalated-zh.png', fullPage: true });
    // approver1 has nothing more to do on it.
    await expect(c.action('approve')).toHaveCount(0);

    await switchUser(page, 'senior1');
    await c.goto(d.id);
    await expect(page.getByTestId('escalated-to')).toContainText('客户集团关联授信需高级审批人复核');
    await c.action('approve').click();
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已批准。');
    await expect(c.status()).toHaveText('已批准');
    const after = (await api<ApplicationDetail>(workstation.bankApiUrl, 'senior1', `/api/v1/applications/${d.id}`))
      .body;
    expect(after.status).toBe('approved');
    expect(after.history.at(-1)).toMatchObject({ action: 'approve', actorId: 'u-senior1' });
  });

  test('a below-floor rate is refused in the form and by the API, then granted as a pricing exception by the committee', async ({
    page,
    login,
    workstation,
  }) => {
    const d = await seededCase(workstation.bankApiUrl);
    await login(page, 'approver1');
    const c = new CasePage(page);
    await c.goto(d.id);
    await c.action('approve').click();
    await c.panel.locator('#f-rate').fill('0.50');
    await c.submit();
    await expect(page.getByTestId('f-rate-error')).toContainText('审贷会定价授权');
    await expect(page.getByTestId('pricing-exception')).toContainText('利率下限');
    await expect(page.getByTestId('confirm-dialog')).toBeHidden();
    await page.screenshot({ path: 'test-results/screens/controls-pricing-refused-zh.png', fullPage: true });
    // The bank API refuses the same approval, specifically, whatever the form says.
    const forced = await api<{ code: string; reasonCode: string; requiredRole: string }>(
      workstation.bankApiUrl,
      'approver1',
      `/api/v1/applications/${d.id}/decisions`,
      {
        method: 'POST',
        headers: { 'idempotency-key': `controls-e2e-${Date.now()}`, 'if-match': `"${d.version}"` },
        body: JSON.stringify({
          action: 'approve',
          amount: d.amount,
          annualRate: '0.50',
          termMonths: d.termMonths,
          repaymentMethod: d.repaymentMethod,
        }),
      },
    );
    expect(forced.status).toBe(403);
    expect(forced.body).toMatchObject({
      code: 'pricing.exception_required',
      reasonCode: 'PRICING_BELOW_FLOOR',
      requiredRole: 'committee',
    });
    // The exception route: to the committee, with the reason.
    await page.getByTestId('pricing-exception-toggle').check();
    await c.panel.locator('#f-pricing-reason').fill('战略客户，综合收益覆盖');
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('已作为定价例外报有权人授权。');
    await expect(page.getByTestId('escalated-to')).toContainText('审贷会');
    await expect(page.getByTestId('pricing-exception-pending')).toContainText('0.50');

    // The committee grants it: committee1 on the desk, the other two members through the API.
    await switchUser(page, 'committee1');
    await c.goto(d.id);
    await c.action('vote').click();
    await page.getByTestId('vote-approve').check();
    await c.submitAndConfirm();
    await expect(c.outcome()).toHaveText('投票已记录。');
    let v = (await api<ApplicationDetail>(workstation.bankApiUrl, 'committee2', `/api/v1/applications/${d.id}`)).body
      .version;
    for (const m of ['committee2', 'committee3']) {
      const r = await api<{ application: { version: number } }>(
        workstation.bankApiUrl,
        m,
        `/api/v1/applications/${d.id}/decisions`,
        {
          method: 'POST',
          headers: { 'idempotency-key': `controls-e2e-${m}-${Date.now()}`, 'if-match': `"${v}"` },
          body: JSON.stringify({ action: 'vote', vote: 'approve' }),
        },
      );
      expect(r.status).toBe(200);
      v = r.body.application.version;
    }
    const after = (await api<ApplicationDetail>(workstation.bankApiUrl, 'committee1', `/api/v1/applications/${d.id}`))
      .body;
    expect(after.status).toBe('approved');
    expect(after.approvedTerms).toMatchObject({ annualRate: '0.50' });
    expect(after.pricingException).toMatchObject({ grantRole: 'committee', grantedBy: 'committee' });
    await page.reload();
    await expect(c.status()).toHaveText('已批准');
    await page.screenshot({ path: 'test-results/screens/controls-pricing-granted-zh.png', fullPage: true });
  });
});
