/**
 * Authority administration (授权管理, issue 14 item 8) in browser mode: supervisor1 lowers approver2's
 * authority, supervisor2 confirms it (four eyes), and approver2's desk explains the new limit — the home
 * authority table and the bank API's own answer agree. The bank's original matrix is put back at the end,
 * through the same four-eyes API, so later files on this worker's bank see the seeded authority.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import type { AuthorityHolders } from '../../shared/api/authority';
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

async function api<T>(bankApiUrl: string, token: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${bankApiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Text a person should never read: literals, i18n keys. */
const RAW = /\b(true|false|undefined|null|NaN|Infinity)\b|\bauthority\.[a-zA-Z_.]+/;

async function signOut(page: Page) {
  await page.getByTestId('logout').click();
  await expect(page.getByLabel('用户名')).toBeVisible();
}

test.describe('authority administration', () => {
  test('supervisor1 lowers approver2’s authority, supervisor2 confirms, approver2’s desk shows the new limit', async ({
    page,
    login,
    workstation,
  }) => {
    const bank = workstation.bankApiUrl;
    const before = await api<AuthorityHolders>(bank, await apiLogin(bank, 'supervisor1'), '/api/v1/authority/users');
    const original = before.items.find((h) => h.username === 'approver2')!.inForce!;
    expect(original.authority?.A).toBe('3000000.00');

    // supervisor1 proposes: 200,000.00 for grades A–D, none for E, effective today, delegated by senior1.
    await login(page, 'supervisor1');
    await page.getByTestId('nav-authority').click();
    const row = page.getByTestId('authority-row-approver2');
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('authority-approver2-A')).toHaveText('3,000,000.00');
    // Grade E is never within a single approver's authority (seeded 0): shown as 无, not 0.00.
    await expect(page.getByTestId('authority-approver2-E')).toHaveText('无');
    await expect(page.getByTestId('authority-today')).toContainText(before.today);
    await shot(page, 'authority-list-zh');

    await page.getByTestId('authority-change-approver2').click();
    const form = page.getByTestId('authority-form');
    await expect(form).toBeVisible();
    for (const g of ['A', 'B', 'C', 'D']) await form.getByTestId(`authority-amount-${g}`).fill('200000.00');
    await form.getByTestId('authority-amount-E').fill('');
    await expect(form.getByTestId('authority-effective')).toHaveValue(before.today);
    await form.getByTestId('authority-docref').fill('SQ-2026-SH-031');
    await form.getByTestId('authority-grantor').selectOption({ label: '张高审 (senior1)' });

    // Above the grantor's own authority first: the bank API's refusal is said, nothing is proposed.
    await form.getByTestId('authority-amount-B').fill('6000000.01');
    await form.getByTestId('authority-submit').click();
    // In Chinese throughout (the bank's reasonZh), naming the grade and both amounts.
    await expect(form.getByTestId('authority-form-error')).toHaveText(
      '转授权超限：B 级：6,000,000.01 元超出转授权人本人的 B 级权限（6,000,000.00 元）',
    );
    await form.getByTestId('authority-amount-B').fill('200000.00');
    await form.getByTestId('authority-submit').click();
    await expect(page.getByTestId('authority-notice')).toHaveText('已提交，待另一名主管复核。');

    const pending = page.getByTestId('authority-pending-approver2');
    await expect(pending).toBeVisible();
    await expect(pending.getByTestId('authority-pending-approver2-A')).toHaveText('200,000.00');
    await expect(pending.getByTestId('authority-pending-approver2-E')).toHaveText('无');
    // The proposer cannot confirm: only withdraw.
    await expect(pending.getByTestId('authority-confirm')).toHaveCount(0);
    await expect(pending.getByTestId('authority-withdraw')).toBeVisible();
    // Not in force until confirmed.
    await expect(page.getByTestId('authority-approver2-A')).toHaveText('3,000,000.00');
    expect((await page.locator('main').textContent()) ?? '').not.toMatch(RAW);
    await shot(page, 'authority-proposed-zh');
    await signOut(page);

    // supervisor2 confirms.
    await login(page, 'supervisor2');
    await page.getByTestId('nav-authority').click();
    const toConfirm = page.getByTestId('authority-pending-approver2');
    await expect(toConfirm).toBeVisible({ timeout: 30_000 });
    await expect(toConfirm).toContainText('吴主管 (supervisor1)');
    await toConfirm.getByTestId('authority-confirm').click();
    await expect(page.getByTestId('authority-notice')).toContainText('已确认');
    await expect(page.getByTestId('authority-approver2-A')).toHaveText('200,000.00');
    await expect(page.getByTestId('authority-approver2-E')).toHaveText('无');
    const history = page.getByTestId('authority-history');
    await expect(history.locator('tr', { hasText: 'SQ-2026-SH-031' }).first()).toContainText('已确认');
    await expect(history.locator('tr', { hasText: 'SQ-2026-SH-031' }).first()).toContainText('郑主管 (supervisor2)');
    await shot(page, 'authority-confirmed-zh');
    await signOut(page);

    // approver2's desk explains the new limit, as the bank API answers it.
    await login(page, 'approver2');
    const table = page.getByTestId('authority-table');
    await expect(table).toBeVisible({ timeout: 30_000 });
    for (const g of ['A', 'B', 'C', 'D']) {
      await expect(table.locator('tr', { has: page.locator(`th:text-is("${g}")`) })).toContainText('200,000.00');
    }
    const me = await api<{ user: { authority: Record<string, string> } }>(
      bank,
      await apiLogin(bank, 'approver2'),
      '/api/v1/me',
    );
    expect(me.user.authority).toMatchObject({ A: '200000.00', D: '200000.00', E: '0.00' });
    await shot(page, 'authority-approver2-home-zh');

    // Put the seeded matrix back (four eyes through the API) for the files that follow on this bank.
    const restore = await api<{ id: string }>(bank, await apiLogin(bank, 'supervisor1'), '/api/v1/authority/changes', {
      userId: 'u-approver2',
      authority: original.authority,
      effectiveFrom: before.today,
      documentRef: 'E2E-RESTORE',
    });
    await api(bank, await apiLogin(bank, 'supervisor2'), `/api/v1/authority/changes/${restore.id}/confirm`, {});
  });
});
