// Offline safety: after one visit the service worker has the app shell, the onnxruntime-web build the visit ran and
// the model; with the network off, the app loads (still cross-origin isolated), says it is offline, and runs again.
import { expect, QUICK, test } from './tierlab-page.ts';

test('the app loads and runs offline after a first visit', async ({ app, page, context }) => {
  await app.open({ model: 'tierlab/tiny-code-encoder', variant: 'fp32', backend: 'wasm', batches: '1,2', ...QUICK });
  const status = page.getByTestId('offline-status');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(status).toContainText('Works offline');
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  // The first visit runs the model once (fetched through the service worker, so it is kept).
  await app.run();
  await app.waitForResult();
  await status.locator('summary').click();
  await expect(page.getByTestId('offline-details')).toContainText(/App shell .*: (\d+) of \1 files/);
  await app.screenshot('offline-ready');

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('model-select')).toBeVisible();
  await expect(page.getByTestId('environment')).not.toContainText('…');
  expect(await page.evaluate(() => crossOriginIsolated), 'threads still work offline').toBe(true);
  // The network really is gone for the service worker too: a file it never cached cannot be had.
  const probe = await page.evaluate(() =>
    fetch('/models/catalog.json?probe=1').then(
      (r) => `HTTP ${r.status}`,
      () => 'failed',
    ),
  );
  expect(probe).toBe('failed');
  await expect(status).toContainText('Offline');
  await app.run();
  await app.waitForResult();
  await expect(page.getByTestId('results-table')).toBeVisible();
  await app.screenshot('offline-run');
  // The presenter's replay page opens offline too.
  await page.goto('/#/replay');
  await expect(page.getByTestId('replay-file')).toBeVisible();
  await context.setOffline(false);
});
