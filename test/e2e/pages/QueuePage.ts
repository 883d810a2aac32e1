import { expect, type Locator, type Page } from '@playwright/test';

/** The approver's queue (#/queue). */
export class QueuePage {
  readonly grid: Locator;
  readonly search: Locator;
  constructor(readonly page: Page) {
    this.grid = page.getByTestId('queue-grid');
    this.search = page.getByTestId('queue-search');
  }
  async open() {
    await this.page.getByTestId('nav-queue').click();
    await expect(this.page.getByTestId('lane-fast')).toBeVisible();
  }
  /** Filters persist per user; tests that need the whole lane start from none. */
  async clearFilters() {
    await this.page.getByRole('button', { name: /清除筛选|Clear filters/ }).click();
    await expect(this.search).toHaveValue('');
  }
  async sortBy(sort: string) {
    await this.page.getByTestId('queue-sort').selectOption(sort);
  }
  lane(name: 'fast' | 'standard' | 'committee' | 'returned' | 'instant') {
    return this.page.getByTestId(`lane-${name}`);
  }
  async selectLane(name: 'fast' | 'standard' | 'committee' | 'returned' | 'instant') {
    await this.lane(name).click();
    await expect(this.lane(name)).toHaveAttribute('aria-selected', 'true');
  }
  row(id: string) {
    return this.page.locator(`[data-testid="queue-row"][data-id="${id}"]`);
  }
  rows() {
    return this.page.getByTestId('queue-row');
  }
  /** Narrows the queue to one case by its id and waits for its row. */
  async find(id: string) {
    await this.search.fill(id);
    await expect(this.row(id)).toBeVisible();
    return this.row(id);
  }
  async openCase(id: string) {
    await this.find(id);
    await this.row(id).click();
    await this.grid.focus();
    await this.page.keyboard.press('Enter');
    await expect(this.page.getByTestId('case-view')).toBeVisible();
  }
}
