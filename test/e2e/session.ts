/**
 * What many e2e tests do around the screens: switch the signed-in user on the page, open a screen by
 * its link, and call the bank API directly as a demo user (to create or check what a test needs).
 */
import type { Page } from '@playwright/test';
import { apiLogin } from './desk-cases';
import { expect } from './fixtures';

/** Signs out and signs in as `username` (demo password) on the login screen. */
export async function switchUser(page: Page, username: string): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo-pass');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('user-name')).toBeVisible();
}

/** Opens `hash` by its link — from home first, so the link is always a change — and waits for `testId`. */
export async function openByLink(page: Page, hash: string, testId: string): Promise<void> {
  for (const h of ['#/home', hash])
    await page.evaluate((x) => {
      location.hash = x;
    }, h);
  await expect(page.getByTestId(testId)).toBeVisible();
}

/** A bank API call as the demo user `user`: the status and the parsed body (null when empty). */
export async function apiAs<T>(
  bankApiUrl: string,
  user: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const token = await apiLogin(bankApiUrl, user);
  const r = await fetch(`${bankApiUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}
