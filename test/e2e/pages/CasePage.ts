import { expect, type Locator, type Page } from '@playwright/test';

/** One case with its decision panel (#/queue/<id>). */
export class CasePage {
  readonly panel: Locator;
  constructor(readonly page: Page) {
    this.panel = page.getByTestId('decision-panel');
  }
  async goto(id: string) {
    await this.page.evaluate((h) => {
      location.hash = h;
    }, `#/queue/${id}`);
    await expect(this.page.getByTestId('case-view')).toBeVisible();
    await expect(this.panel).toBeVisible();
  }
  action(a: 'approve' | 'decline' | 'return' | 'escalate' | 'vote') {
    return this.page.getByTestId(`action-${a}`);
  }
  field(label: string | RegExp) {
    return this.panel.getByLabel(label, { exact: typeof label === 'string' });
  }
  async submit() {
    await this.page.getByTestId('decision-submit').click();
  }
  /** Submits, checks the confirmation shows a summary, confirms. */
  async submitAndConfirm() {
    await this.submit();
    const dlg = this.page.getByTestId('confirm-dialog');
    await expect(dlg).toBeVisible();
    await expect(this.page.getByTestId('confirm-summary')).toBeVisible();
    await this.page.getByTestId('confirm-submit').click();
  }
  outcome() {
    return this.page.getByTestId('decision-outcome');
  }
  status() {
    return this.page.getByTestId('case-status');
  }
}
