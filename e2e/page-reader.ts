// Reading a page past a crash of one of its frames (Playwright, Node). Playwright takes the crash of any frame's
// process for the page's own (it listens for Inspector.targetCrashed on out-of-process iframes too) and refuses the page
// from then on, though the tab lives on. A test that crashes the sandbox frame on purpose opens this reader first: a
// CDP session of its own on the page's target, which keeps answering as long as the app's renderer does.
import { expect, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';

export interface PageReader {
  /** The value of a JavaScript expression in the app's page (JSON-serialisable). */
  value<T>(expression: string): Promise<T>;
  /** Waits until the expression is truthy; its value. */
  until<T>(expression: string, timeoutMs: number, what: string): Promise<T>;
  screenshot(path: string): Promise<void>;
}

export async function pageReader(page: Page): Promise<PageReader> {
  const session = await page.context().newCDPSession(page);
  const value = async <T>(expression: string): Promise<T> => {
    const r = await session.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
    return r.result.value as T;
  };
  return {
    value,
    async until<T>(expression: string, timeoutMs: number, what: string): Promise<T> {
      let last: T | null = null;
      await expect
        .poll(async () => (last = await value<T>(expression)), { timeout: timeoutMs, intervals: [500, 1000], message: what })
        .toBeTruthy();
      return last as T;
    },
    async screenshot(path: string): Promise<void> {
      const shot = await session.send('Page.captureScreenshot', { captureBeyondViewport: true });
      writeFileSync(path, Buffer.from(shot.data, 'base64'));
    },
  };
}
