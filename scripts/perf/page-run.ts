// Opens one perf page in a fresh browser and waits for what it publishes on window.__perf (Node).
import { chromium, type Page } from '@playwright/test';
import { BASE_ARGS } from '../browsers/chromium.ts';

export async function runPage<T>(
  executablePath: string,
  url: string,
  timeoutMs = 600_000,
  /** Called with the page before it opens the URL (the profile watches the timing window with it). */
  watch?: (page: Page) => Promise<void>,
): Promise<T> {
  const browser = await chromium.launch({ executablePath, args: BASE_ARGS });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const watching = watch?.(page);
    await page.goto(url);
    await page.waitForFunction('window.__perf !== undefined', undefined, { timeout: timeoutMs, polling: 500 });
    const result = (await page.evaluate('window.__perf')) as T | { error: string };
    // The page publishes its result right after its timing ends: let the watcher see the end before the browser closes.
    if (watching) await Promise.race([watching, new Promise((r) => setTimeout(r, 10_000))]);
    if (result && typeof result === 'object' && 'error' in result) throw new Error(`${url}: ${result.error}`);
    if (errors.length) throw new Error(`${url}: ${errors.join('; ')}`);
    return result as T;
  } finally {
    await browser.close();
  }
}
