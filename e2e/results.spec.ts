// Sharing results: a run submitted through an unreliable connection arrives exactly once, and the explorer shows it
// next to the crowd; hostile strings in a stored result are shown as text.
import type { Request, Route } from '@playwright/test';
import { sampleResult } from '../src/bench/testing/sample-result.ts';
import type { ResultPage, StoredResult, SubmitAccepted } from '../src/shared/results-api.ts';
import { expect, QUICK, test } from './tierlab-page.ts';

const MODEL = 'tierlab/tiny-code-encoder';
/** Flags both the app and the server raise. */
const SHARED_FLAGS = [
  'fallbackAdapter',
  'providerFallback',
  'backgrounded',
  'drift',
  'deviceLost',
  'emulated',
  'ciNotReached',
  'singleThreaded',
] as const;

test('a run submitted through a flaky connection is stored once and shows in the explorer', async ({ app, page, request }) => {
  const countStored = async () =>
    ((await (await request.get(`/api/results?model=${MODEL}&includeFlagged=true`)).json()) as ResultPage).total;
  const before = await countStored();
  const keys: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/results')) keys.push(r.headers()['idempotency-key'] ?? '');
  });

  // First attempt: the network is down.
  await page.route('**/api/results', (route: Route) => route.abort('internetdisconnected'));
  await app.open({ model: MODEL, variant: 'fp32', backend: 'wasm', batches: '1,2', ...QUICK, autorun: '1' });
  await app.waitForResult();
  const client = await app.exportResult();
  await expect(page.getByTestId('submit-preview')).toContainText('device class');
  await expect(page.getByTestId('submit-panel')).toContainText('not stored');
  await app.screenshot('submit-preview');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('submit-state')).toHaveAttribute('data-state', 'queued');
  await expect(page.getByTestId('outbox-count')).toHaveText('1 result waiting to send');

  // The outbox is in IndexedDB: it survives a reload, and the attempt on start-up is lost after the server stored
  // it (the answer never arrives), so the server has it but the app does not know.
  await page.unroute('**/api/results');
  let stored: SubmitAccepted | null = null;
  await page.route('**/api/results', async (route: Route) => {
    const response = await route.fetch();
    stored = (await response.json()) as SubmitAccepted;
    await route.abort('connectionreset');
  });
  await page.reload();
  await expect(page.getByTestId('outbox-count')).toHaveText('1 result waiting to send');
  await expect.poll(() => stored).not.toBeNull();
  expect(await countStored()).toBe(before + 1);

  // Back online: the same key is sent again and the server answers with the first id.
  await page.unroute('**/api/results');
  await page.context().setOffline(true);
  await page.context().setOffline(false);
  await expect(page.getByTestId('outbox-count')).toBeHidden();
  // Two or more attempts, depending on where the back-off timer falls against the reload; what matters is below.
  expect(keys.length).toBeGreaterThanOrEqual(2);
  expect(new Set(keys).size, 'every attempt carried the same idempotency key').toBe(1);
  expect(await countStored()).toBe(before + 1);
  const id = (stored as SubmitAccepted | null)?.id ?? '';

  // The server recomputed every statistic from the samples: they equal the app's own, and the flags agree with the
  // app's wherever both judge the same thing.
  const server = (await (await request.get(`/api/results/${id}`)).json()) as StoredResult;
  expect(server.result.points.map((p) => p.stats)).toEqual(client.points.map((p) => p.stats));
  expect(server.points.map((p) => p.medianMs)).toEqual(client.points.map((p) => p.stats.median));
  for (const flag of SHARED_FLAGS) expect(server.flags.includes(flag), flag).toBe(client.flags[flag]);
  expect(server.flags.filter((f) => !(SHARED_FLAGS as readonly string[]).includes(f))).toEqual([]);

  // The explorer lists it as the person's own, with the crowd chart for the model.
  await app.results.goto();
  await app.results.filter(MODEL, true);
  const row = app.results.row(id);
  await expect(row).toBeVisible();
  await expect(row).toContainText('(yours)');
  await expect(row.getByTestId('result-engine')).toHaveText('Chromium (Blink)');
  await expect(page.getByTestId('crowd-chart')).toBeVisible();
  // The engine filter: Chromium's run is not among Firefox's, and is among Blink's (the filter is in the URL).
  await page.getByTestId('filter-engine').selectOption('gecko');
  await expect(page).toHaveURL(/engine=gecko/);
  await expect(row).toHaveCount(0);
  await page.getByTestId('filter-engine').selectOption('blink');
  await expect(row).toBeVisible();
  await app.screenshot('explorer');
  await row.getByTestId('result-link').click();
  await expect(page.getByTestId('result-points').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('result-provenance')).toContainText('wasm');
  await app.screenshot('result-detail');
});

test('a refused submission says why and is kept until discarded', async ({ app, page }) => {
  await page.route('**/api/results', (route: Route) =>
    route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: 'unknown model "x"' }) }),
  );
  await app.open({ model: MODEL, variant: 'fp32', backend: 'wasm', batches: '1', ...QUICK, autorun: '1' });
  await app.waitForResult();
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('submit-state')).toContainText('The server refused it: unknown model "x"');
  await page.getByTestId('submit-discard').click();
  await expect(page.getByTestId('submit-state')).toHaveAttribute('data-state', 'none');
});

test('HTML in a stored device string is shown as text', async ({ app, page, request }) => {
  const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  const r = sampleResult();
  const body = {
    ...r,
    id: crypto.randomUUID(),
    model: { ...r.model, id: MODEL },
    environment: {
      ...r.environment,
      userAgent: `Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36 ${hostile}`,
      requestedProvider: 'webgpu',
      executionProvider: 'webgpu',
      adapter: {
        vendor: hostile,
        architecture: '<script>window.__pwned=2</script>',
        device: '',
        description: '',
        isFallbackAdapter: false,
        features: [],
      },
    },
  };
  const res = await request.post('/api/results', {
    data: body,
    headers: { 'idempotency-key': `e2e-html-${Date.now()}-key` },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as SubmitAccepted;
  await app.open();
  await page.goto(`/#/results/${id}`);
  const adapter = page.getByTestId('result-adapter');
  await expect(adapter).toContainText(hostile);
  await expect(adapter).toContainText('<script>');
  await expect(adapter.locator('img, b, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await app.screenshot('hostile-detail');
  await page.goto(`/#/results?includeFlagged=true&model=${MODEL}`);
  await expect(page.locator(`[data-testid=explorer-row][data-id="${id}"] img`)).toHaveCount(0);
  await app.screenshot('hostile-strings');
});
