// The benchmark page (`#/`): open a plan (a share link), drop a model, run, wait, export.
import { parseRunResult, type RunResult } from '../../src/shared/run-result.ts';
import { expect, PageBase } from './page-base.ts';

/** A quick plan: few batch sizes, short sequences, loose precision, so tests stay within SwiftShader's speed. */
export const QUICK = { seq: '32', ci: '0.25' };

export class BenchmarkPage extends PageBase {
  async open(params: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams(params).toString();
    await this.page.goto(query ? `/?${query}` : '/');
    await expect(this.testId('model-select')).toBeVisible();
    // The catalog and environment probe load asynchronously; the environment panel shows the browser once both are in.
    await expect(this.testId('environment')).not.toContainText('…');
  }

  /** Chooses "file from this device" and picks `buffer` as the model file. */
  async dropFile(name: string, buffer: Buffer): Promise<void> {
    await this.testId('model-select').selectOption('file');
    await this.testId('model-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  }

  async run(): Promise<void> {
    await this.testId('run').click();
  }

  /** Waits for a finished run (table shown) and fails with the app's error message if the run failed. */
  async waitForResult(timeout = 200_000): Promise<void> {
    const done = this.testId('results-table').or(this.testId('run-error'));
    await expect(done).toBeVisible({ timeout });
    const error = this.testId('run-error');
    if (await error.isVisible()) throw new Error(`run failed: ${await error.innerText()}`);
  }

  /** Clicks an export button and returns the downloaded text. */
  async export(kind: 'json' | 'csv'): Promise<string> {
    return this.download(this.testId(`export-${kind}`));
  }

  async exportResult(): Promise<RunResult> {
    return parseRunResult(JSON.parse(await this.export('json')));
  }
}
