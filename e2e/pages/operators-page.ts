// The operators lab (`#/operators`): choose operators, apply and measure, read the tables, download a variant.
import { expect, PageBase } from './page-base.ts';

export class OperatorsPage extends PageBase {
  readonly rows = this.testId('lab-row');

  async goto(): Promise<void> {
    await this.nav('operators');
    await expect(this.testId('lab-run')).toBeEnabled();
  }

  /** Runs the lab and waits until `rows` variants are shown and the progress is gone. */
  async applyAndMeasure(rows: number, timeout = 400_000): Promise<void> {
    await this.testId('lab-run').click();
    await expect(this.testId('lab-progress')).toBeVisible();
    await expect(this.testId('lab-progress')).toBeHidden({ timeout });
    const error = this.testId('lab-error');
    if (await error.isVisible()) throw new Error(`lab failed: ${await error.innerText()}`);
    await expect(this.rows).toHaveCount(rows);
  }

  /** Downloads variant `id`'s .onnx file; returns its bytes. */
  async downloadVariant(id: string): Promise<Buffer> {
    const button = this.page.locator(`[data-testid=lab-row][data-variant="${id}"]`).getByTestId('lab-download');
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    const { readFile } = await import('node:fs/promises');
    return readFile(await download.path());
  }
}
