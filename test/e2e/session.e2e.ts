import { expect, test } from './fixtures';

test.describe('signing in and out in browser mode', () => {
  test('shows a Chinese login screen by default', async ({ page, workstation }) => {
    await page.goto(workstation.url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { name: '小微企业信贷工作台' })).toBeVisible();
    await expect(page.getByLabel('用户名')).toBeFocused();
    // The secret leaves the address bar as soon as the page has it.
    expect(page.url()).not.toContain('#k=');
    await page.screenshot({ path: 'test-results/screens/login-zh.png' });
  });

  test('a wrong password shows a readable error and stays on the login screen', async ({ page, workstation }) => {
    await page.goto(workstation.url);
    await page.getByLabel('用户名').fill('approver1');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');
    await expect(page.getByTestId('user-box')).toHaveCount(0);
  });

  test('approver1 reaches the frame with name, branch, roles and authority', async ({ page, login }) => {
    await login(page, 'approver1');
    await expect(page.getByTestId('user-name')).toHaveText('王审批');
    await expect(page.getByTestId('user-branch')).toHaveText('上海分行');
    await expect(page.getByTestId('user-roles')).toContainText('审批岗');
    const nav = page.getByRole('navigation', { name: '主导航' });
    // An approver's menu holds the areas the bank API answers for the role (shared/api/areas.ts).
    for (const name of ['首页', '审批队列', '企业对比']) await expect(nav.getByRole('link', { name })).toBeVisible();
    for (const name of ['合同', '风险看板']) await expect(nav.getByRole('link', { name })).toHaveCount(0);
    // Opened by link anyway, the area says it is not for this role instead of a refused request.
    await page.evaluate(() => {
      location.hash = '#/dashboards';
    });
    await expect(page.getByTestId('area-not-for-role')).toContainText('您的岗位不使用');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.getByTestId('nav-home').click();
    await expect(page.getByTestId('authority-table')).toContainText('3,000,000.00');
    await page.screenshot({ path: 'test-results/screens/home-zh.png' });
  });

  test('the session survives a reload (main keeps the token, not the page)', async ({ page, login }) => {
    await login(page, 'senior1');
    await page.reload();
    await expect(page.getByTestId('user-name')).toHaveText('张高审');
  });

  test('switching to English translates the frame and is remembered', async ({ page, login }) => {
    await login(page, 'supervisor1');
    await page.getByTestId('language-select').selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(
      page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Approval queue' }),
    ).toBeVisible();
    await expect(page.getByTestId('user-branch')).toHaveText('Head Office');
    await page.screenshot({ path: 'test-results/screens/home-en.png' });
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  });

  test('logout returns to the login screen and ends the session', async ({ page, login }) => {
    await login(page, 'contract1');
    await page.getByTestId('logout').click();
    await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  });

  test('the IPC endpoint refuses calls without the run secret', async ({ request, workstation }) => {
    const origin = new URL(workstation.url).origin;
    const res = await request.post(`${origin}/ipc/session.current`, {
      data: {},
      headers: { 'x-workstation-client': 'a'.repeat(32) },
    });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe('ipc.forbidden_sender');
  });
});
