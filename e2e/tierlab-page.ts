// Page object and fixtures for TierLab's browser tests: open plans, run, wait, export, and save screenshots.
import { test as base, expect, type Page, type Request } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { parseRunResult, type RunResult } from '../src/shared/run-result.ts';

/** A quick plan: few batch sizes, short sequences, loose precision, so tests stay within SwiftShader's speed. */
export const QUICK = { seq: '32', ci: '0.25' };

export class TierLabPage {
  constructor(readonly page: Page) {}

  async open(params: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams(params).toString();
    await this.page.goto(query ? `/?${query}` : '/');
    await expect(this.page.getByTestId('model-select')).toBeVisible();
    // The catalog and environment probe load asynchronously; the environment panel shows the browser once both are in.
    await expect(this.page.getByTestId('environment')).not.toContainText('…');
  }

  /** Chooses "file from this device" and picks `buffer` as the model file. */
  async dropFile(name: string, buffer: Buffer): Promise<void> {
    await this.page.getByTestId('model-select').selectOption('file');
    await this.page.getByTestId('model-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  }

  async run(): Promise<void> {
    await this.page.getByTestId('run').click();
  }

  /** Waits for a finished run (table shown) and fails with the app's error message if the run failed. */
  async waitForResult(timeout = 200_000): Promise<void> {
    const done = this.page.getByTestId('results-table').or(this.page.getByTestId('run-error'));
    await expect(done).toBeVisible({ timeout });
    const error = this.page.getByTestId('run-error');
    if (await error.isVisible()) throw new Error(`run failed: ${await error.innerText()}`);
  }

  /** Clicks an export button and returns the downloaded text. */
  async export(kind: 'json' | 'csv'): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(`export-${kind}`).click()]);
    const path = await download.path();
    return readFile(path, 'utf8');
  }

  async exportResult(): Promise<RunResult> {
    return parseRunResult(JSON.parse(await this.export('json')));
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
  }
}

export const test = base.extend<{ app: TierLabPage }>({
  app: async ({ page, baseURL }, use) => {
    const errors: string[] = [];
    const offOrigin: Request[] = [];
    const blockedByCsp = new Set<Request>();
    const origin = new URL(baseURL ?? 'http://localhost').origin;
    page.on('pageerror', (e) => errors.push(e.message));
    // Wasm, models and scripts come from our own origin: a CDN request here would break offline use and COEP.
    page.on('request', (r) => {
      const url = r.url();
      if (/^https?:/.test(url) && new URL(url).origin !== origin) offOrigin.push(r);
    });
    // A request the browser refused under a Content-Security-Policy never left it (the sandbox's escape attempts).
    page.on('requestfailed', (r) => {
      if (/^csp$|BLOCKED_BY_CSP/i.test(r.failure()?.errorText ?? '')) blockedByCsp.add(r);
    });
    await use(new TierLabPage(page));
    expect(errors, 'uncaught errors in the page').toEqual([]);
    expect(
      offOrigin.filter((r) => !blockedByCsp.has(r)).map((r) => r.url()),
      'requests to other origins',
    ).toEqual([]);
  },
});

export { expect };
