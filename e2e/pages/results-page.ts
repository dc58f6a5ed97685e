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

  /** Chooses the comparability key to compare, where the filter's results measured several kinds of work (the
   *  explorer asks then); with one kind there is nothing to choose. */
  async compare(key: string): Promise<void> {
    // The chart (one kind of work) or the choice (several) shows once the model's results are in.
    await expect(this.testId('crowd-chart').or(this.testId('crowd-key')).first()).toBeVisible();
    await expect(this.testId('explorer')).toHaveAttribute('aria-busy', 'false');
    if ((await this.testId('crowd-key').count()) === 0) return;
    await this.testId('crowd-key').selectOption(key);
    // The route's query sits in the hash (#/results?model=…&key=…); the page's own query (?model=…&autorun=1, where
    // the visit began with a share link) comes before it.
    await expect.poll(() => new URLSearchParams(new URL(this.page.url()).hash.split('?')[1] ?? '').get('key')).toBe(key);
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid=explorer-row][data-id="${id}"]`);
  }
}
