// The results explorer (`#/results`) and a stored result's page (`#/results/<id>`).
import type { Locator } from '@playwright/test';
import { expect, PageBase } from './page-base.ts';

export class ResultsPage extends PageBase {
  async goto(): Promise<void> {
    await this.nav('results');
    await expect(this.testId('explorer-filters')).toBeVisible();
  }

  /** Filters by model, flagged results included or not. */
  async filter(model: string, includeFlagged: boolean): Promise<void> {
    await this.testId('filter-model').selectOption(model);
    if (includeFlagged) await this.testId('filter-flagged').check();
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid=explorer-row][data-id="${id}"]`);
  }
}
