/**
 * The home screen per role in browser mode: each figure as the bank API computes it (GET /api/v1/home,
 * called directly as the same user), and each link landing on its list or case.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import type { ApplicationSummary } from '../../shared/api/applications';
import type { HomeSummary } from '../../shared/api/home';
import { apiLogin } from './desk-cases';
import { expect, test } from './fixtures';

/** A full-page screenshot in test-results/screens (and E2E_SHOTS_DIR when set, for a reviewer). */
async function shot(page: Page, name: string) {
  const path = `test-results/screens/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  const extra = process.env.E2E_SHOTS_DIR;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    copyFileSync(path, join(extra, basename(path)));
  }
}

async function api<T>(bankApiUrl: string, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const r = await fetch(`${bankApiUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers ?? {}),
    },
  });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

const homeOf = async (bankApiUrl: string, user: string) =>
  api<HomeSummary>(bankApiUrl, await apiLogin(bankApiUrl, user), '/api/v1/home');

/** Text a person should never read: literals, i18n keys. */
const RAW = /\b(true|false|undefined|null|NaN|Infinity)\b|\bhome\.[a-zA-Z.]+/;

async function expectNoRawValues(page: Page) {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toMatch(RAW);
}

const count = (page: Page, id: string) => page.getByTestId(`home-count-${id}`);
const grouped = (n: number) => n.toLocaleString('zh-CN');

test.describe('home per role', () => {
  test('approver1 starts the day with claimed, due, returned and decided cases', async ({
    page,
    login,
    workstation,
  }) => {
    // A case claimed this morning, so the claimed list has one to open.
    const token = await apiLogin(workstation.bankApiUrl, 'approver1');
    const lane = await api<{ items: ApplicationSummary[] }>(
      workstation.bankApiUrl,
      token,
      '/api/v1/applications?status=in_review&tier=fast&limit=50',
    );
    const free = lane.items.find((a) => !a.assigneeId);
    expect(free).toBeDefined();
    await api(workstation.bankApiUrl, token, `/api/v1/applications/${free!.id}/claim`, {
      method: 'POST',
      headers: { 'if-match': `"${free!.version}"`, 'idempotency-key': randomUUID() },
    });

    await login(page, 'approver1');
    await expect(page.getByTestId('home-decider')).toBeVisible({ timeout: 30_000 });
    const h = await homeOf(workstation.bankApiUrl, 'approver1');
    const d = h.decider!;
    expect(d.claimed.count).toBeGreaterThanOrEqual(1);
    for (const k of ['claimed', 'returned', 'decidedToday'] as const)
      await expect(count(page, k)).toHaveText(grouped(d[k].count));
    // SLA figures move with the clock: compare after a refresh, retrying across a boundary.
    await expect(async () => {
      await page.getByTestId('home-refresh').click();
      const now = (await homeOf(workstation.bankApiUrl, 'approver1')).decider!;
      await expect(count(page, 'dueSoon')).toHaveText(grouped(now.dueSoon.count), { timeout: 3000 });
      await expect(count(page, 'overdue')).toHaveText(grouped(now.overdue.count), { timeout: 3000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByTestId('home-rows-claimed').getByTestId('home-row-claimed')).toHaveCount(
      Math.min(5, d.claimed.count),
    );
    // The authority table stays, lower down.
    await expect(page.getByTestId('authority-table')).toContainText('3,000,000.00');
    await expectNoRawValues(page);
    await shot(page, 'home-approver1-zh');

    // A listed case opens the case.
    const first = d.claimed.items[0]!;
    await page.locator(`[data-testid="home-row-claimed"][data-case="${first.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`#/queue/${first.id}$`));
    await expect(page.getByTestId('case-view')).toBeVisible();

    // The count opens the queue on my cases, in the lane of the first one.
    await page.getByTestId('nav-home').click();
    await count(page, 'claimed').click();
    await expect(page).toHaveURL(/#\/queue$/);
    await expect(page.getByTestId('scope-mine')).toBeChecked();
    const firstLane = first.status === 'returned' ? 'returned' : first.tier;
    await expect(page.getByTestId(`lane-${firstLane}`)).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator(`[data-testid="queue-row"][data-id="${first.id}"]`)).toBeVisible();

    // Overdue opens the queue filtered to overdue cases.
    await page.getByTestId('nav-home').click();
    await count(page, 'overdue').click();
    await expect(page).toHaveURL(/#\/queue$/);
    await expect(page.getByTestId('filter-sla')).toHaveValue('overdue');
    await expect(page.getByTestId('scope-branch')).toBeChecked();

    // Returned opens the returned lane.
    await page.getByTestId('nav-home').click();
    await count(page, 'returned').click();
    await expect(page.getByTestId('lane-returned')).toHaveAttribute('aria-selected', 'true');

    // In English too.
    await page.getByTestId('nav-home').click();
    await page.getByLabel('语言').selectOption('en');
    await expect(page.getByTestId('home-card-claimed')).toContainText('Cases I claimed');
    await expectNoRawValues(page);
    await shot(page, 'home-approver1-en');
    await page.getByLabel('Language').selectOption('zh-CN');
  });

  test('contract1 sees cases awaiting contracts and exported contracts, linked to the contracts screen', async ({
    page,
    login,
    workstation,
  }) => {
    await login(page, 'contract1');
    await expect(page.getByTestId('home-contracts')).toBeVisible({ timeout: 30_000 });
    const c = (await homeOf(workstation.bankApiUrl, 'contract1')).contracts!;
    await expect(count(page, 'awaiting')).toHaveText(grouped(c.awaiting.count));
    await expect(count(page, 'exportedUnsigned')).toHaveText(grouped(c.exportedUnsigned.count));
    await expect(page.getByTestId('home-decider')).toHaveCount(0);
    await expect(page.getByTestId('authority-table')).toHaveCount(0);
    await expectNoRawValues(page);
    await shot(page, 'home-contract1-zh');

    expect(c.awaiting.count).toBeGreaterThan(0);
    const first = c.awaiting.items[0]!;
    await page.locator(`[data-testid="home-row-awaiting"][data-case="${first.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`#/contracts/${first.id}$`));
    await expect(page.getByTestId('case-contracts')).toContainText(first.id);

    await page.getByTestId('nav-home').click();
    await count(page, 'awaiting').click();
    await expect(page).toHaveURL(/#\/contracts$/);
    await expect(page.getByTestId('contracts-queue')).toBeVisible();
  });

  test('supervisor1 sees breaches, early warnings and NPL against tolerance, each opening its list', async ({
    page,
    login,
    workstation,
  }) => {
    await login(page, 'supervisor1');
    await expect(page.getByTestId('home-supervision')).toBeVisible({ timeout: 60_000 });
    const s = (await homeOf(workstation.bankApiUrl, 'supervisor1')).supervision!;
    await expect(count(page, 'breaches')).toHaveText(grouped(s.breaches.count));
    await expect(count(page, 'warnings')).toHaveText(grouped(s.warnings.count));
    await expect(count(page, 'npl')).toHaveText(s.npl.inclusiveRatio == null ? '—' : `${s.npl.inclusiveRatio}%`);
    await expect(page.getByTestId('home-rows-breaches').locator('li')).toHaveCount(s.breaches.checks.length);
    await expect(page.getByTestId('home-npl-loans')).toContainText(grouped(s.npl.loans));
    await expectNoRawValues(page);
    await shot(page, 'home-supervisor1-zh');

    // Early warnings open the warning dashboard's ranked list: the same number of loans.
    await count(page, 'warnings').click();
    await expect(page).toHaveURL(/#\/dashboards\/warning\?drill=/);
    await expect(page.getByTestId('tab-warning')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('drill-total')).toHaveAttribute('data-value', String(s.warnings.count), {
      timeout: 30_000,
    });

    // NPL opens the inclusive non-performing loans behind the ratio.
    await page.getByTestId('nav-home').click();
    await count(page, 'npl').click();
    await expect(page.getByTestId('tab-regulatory')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('drill-total')).toHaveAttribute('data-value', String(s.npl.loans), {
      timeout: 30_000,
    });

    // Breaches open the regulatory dashboard.
    await page.getByTestId('nav-home').click();
    await count(page, 'breaches').click();
    await expect(page).toHaveURL(/#\/dashboards\/regulatory$/);
    await expect(page.getByTestId('tab-regulatory')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('panel-regulatory.checks')).toBeVisible({ timeout: 30_000 });
  });

  test('rm1 sees their applications by status', async ({ page, login, workstation }) => {
    await login(page, 'rm1');
    await expect(page.getByTestId('home-origination')).toBeVisible({ timeout: 30_000 });
    const o = (await homeOf(workstation.bankApiUrl, 'rm1')).origination!;
    expect(o.total).toBeGreaterThan(0);
    await expect(page.getByTestId('home-by-status').locator('tbody tr')).toHaveCount(o.byStatus.length);
    for (const s of o.byStatus)
      await expect(page.locator(`[data-testid="home-by-status"] tr[data-status="${s.status}"] td`)).toHaveText(
        grouped(s.count),
      );
    await expect(count(page, 'inApproval')).toHaveText(grouped(o.inApproval.count));
    await expect(count(page, 'returnedRm')).toHaveText(grouped(o.returned.count));
    await expect(count(page, 'approved')).toHaveText(grouped(o.approved.count));
    await expect(count(page, 'declined')).toHaveText(grouped(o.declined.count));
    await expectNoRawValues(page);
    await shot(page, 'home-rm1-zh');

    const list = o.approved.count ? o.approved : o.inApproval;
    const id = list === o.approved ? 'approved' : 'inApproval';
    const first = list.items[0]!;
    await page.locator(`[data-testid="home-row-${id}"][data-case="${first.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`#/queue/${first.id}$`));
    await expect(page.getByTestId('case-view')).toBeVisible();
  });
});
