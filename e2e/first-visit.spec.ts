// A phone's first visit: a fresh browser profile opens a share link that runs on open, with the service worker
// registering and taking control while the model loads (as every visitor has it; nothing here is blocked or warmed).
// The worker may make TierLab faster or offline, never broken: no request may fail and the run must complete.
import type { Page, Request } from '@playwright/test';
import { expect, test } from './tierlab-page.ts';

function failures(page: Page): string[] {
  const failed: string[] = [];
  page.context().on('requestfailed', (r: Request) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  return failed;
}

const LINKS = {
  'the fixture decoder (transformers.js, q4, wasm)': {
    model: 'tierlab/tiny-code-decoder',
    variant: 'q4',
    runtime: 'transformers.js',
    backend: 'wasm',
    batches: '1,2',
    seq: '32',
    tokens: '8',
    ci: '0.25',
  },
  'the fixture encoder (onnxruntime-web, wasm)': {
    model: 'tierlab/tiny-code-encoder',
    variant: 'fp32',
    backend: 'wasm',
    batches: '1,2',
    seq: '32',
    ci: '0.25',
  },
} as const;

for (const [what, plan] of Object.entries(LINKS)) {
  test(`a first-visit share link for ${what} completes under the service worker`, async ({ app, page }) => {
    const failed = failures(page);
    await page.goto(`/?${new URLSearchParams({ ...plan, autorun: '1' }).toString()}`);
    await app.waitForResult();
    // The worker took control during the visit, so the later model requests went through it.
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    const result = await app.exportResult();
    expect(result.model.id).toBe(plan.model);
    expect(result.points.map((p) => p.batchSize)).toEqual([1, 2]);
    expect(failed).toEqual([]);
  });
}
