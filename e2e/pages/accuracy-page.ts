// The accuracy page (`#/accuracy`): choose variants and a dataset, evaluate, read the table, export the run.
import { parseAccuracyRun } from '../../src/bench/accuracy/accuracy-run-schema.ts';
import type { AccuracyRun } from '../../src/bench/accuracy/accuracy-run.ts';
import { expect, PageBase } from './page-base.ts';

export class AccuracyPage extends PageBase {
  readonly rows = this.testId('accuracy-row');
  readonly progress = this.testId('acc-progress');

  async goto(): Promise<void> {
    await this.nav('accuracy');
    await expect(this.testId('acc-family')).toBeVisible();
  }

  /** Leaves only the variant whose checkbox test id ends with `suffix` checked. */
  async onlyVariant(suffix: string): Promise<void> {
    await expect(this.testId(`acc-variant-${suffix}`)).toBeChecked();
    for (const box of await this.page
      .locator(`[data-testid^=acc-variant-]:not([data-testid$=${suffix.replace(/.*\//, '')}])`)
      .all())
      await box.uncheck();
  }

  /** Starts an evaluation and waits until `rows` variants are shown and the progress is gone. */
  async evaluate(rows: number, timeout = 200_000): Promise<void> {
    await this.testId('acc-run').click();
    await expect(this.progress).toBeVisible();
    await expect(this.rows).toHaveCount(rows, { timeout });
    await expect(this.progress).toBeHidden({ timeout: 120_000 });
  }

  /** The exported run, checked against its schema. */
  async exportRun(): Promise<AccuracyRun> {
    return parseAccuracyRun(JSON.parse(await this.download(this.testId('acc-export'))));
  }
}
