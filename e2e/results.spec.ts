// Sharing results: a run submitted through an unreliable connection arrives exactly once, and the explorer shows it
// next to the crowd; hostile strings in a stored result are shown as text.
import type { Request, Route } from '@playwright/test';
import { CHROME_LINUX_UA, sampleResult } from '../src/bench/testing/sample-result.ts';
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
  // Other tests' results of this model may have measured other work (another sequence length): the crowd chart is
  // then drawn once the key of this run's work is chosen.
  await app.results.compare(server.key);
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
  // Its standing among the results of the same work (other tests' runs, or none yet: then it says so).
  await expect(page.getByTestId('standing-headline')).toContainText(/At batch size \d+: /);
  await app.screenshot('result-detail');
});

test('the explorer pools one kind of work: where the results measured several, it asks which, and the URL keeps it', async ({
  app,
  page,
  request,
}) => {
  /** Posts a valid result of the model at sequence length `seq`, `n` tenths slower than the first; its stored id and
   *  key. Waits out the per-address limit (10 at once, then 30 a minute), which the other tests' submissions share. */
  const postAt = async (seq: number, n: number): Promise<{ id: string; key: string }> => {
    const r = sampleResult(1 + n / 10);
    const body = {
      ...r,
      id: crypto.randomUUID(),
      model: { ...r.model, id: MODEL },
      plan: { ...r.plan, seq },
      inputs: { ...r.inputs, sequenceLength: seq },
      environment: { ...r.environment, userAgent: CHROME_LINUX_UA },
    };
    for (;;) {
      const res = await request.post('/api/results', {
        data: body,
        headers: {
          'idempotency-key': `e2e-key-${seq}-${n}-${Date.now()}`,
          'user-agent': CHROME_LINUX_UA,
          // Each from a network of its own: six sources (the server trusts this machine as its proxy here).
          'x-forwarded-for': `198.${seq}.${n}.1`,
        },
      });
      if (res.status() === 429) {
        await new Promise((w) => setTimeout(w, 1000 * Number(res.headers()['retry-after'] ?? 2)));
        continue;
      }
      expect(res.status(), await res.text()).toBe(201);
      const { id } = (await res.json()) as SubmitAccepted;
      return { id, key: ((await (await request.get(`/api/results/${id}`)).json()) as StoredResult).key };
    }
  };
  // Sequence lengths no other test uses: six results at 24 (enough for an interval), one at 40.
  const at24: { id: string; key: string }[] = [];
  for (let n = 0; n < 6; n++) at24.push(await postAt(24, n));
  const at40 = (await postAt(40, 0)).key;
  expect(new Set(at24.map((r) => r.key)).size).toBe(1);
  const key24 = at24[0]!.key;
  expect(key24).toContain('|seq24|');

  await app.open();
  await app.results.goto();
  await app.results.filter(MODEL, false);
  // Several kinds of work: nothing pooled until one is chosen, and the page says why.
  await expect(page.getByTestId('crowd-key-needed')).toBeVisible();
  await expect(page.getByTestId('crowd-chart')).toHaveCount(0);
  await expect(page.getByTestId('crowd-table')).toHaveCount(0);
  const options = await page.getByTestId('crowd-key').locator('option').allTextContents();
  expect(options.some((o) => o.includes('seq 24') && o.includes('(6 results)'))).toBe(true);

  // Sequence 24: a line with its interval, and the table's row with n and the interval.
  await app.results.compare(key24);
  await expect(page.getByTestId('crowd-chart').locator('figcaption')).toContainText('seq 24 max-length');
  const rows = page.getByTestId('crowd-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute('data-n', '6');
  await expect(rows.first().getByTestId('crowd-ci')).toContainText('ms');
  await app.screenshot('explorer-key');
  // The URL carries the choice: a reload shows the same kind of work.
  await page.reload();
  await expect(page.getByTestId('crowd-key')).toHaveValue(key24);
  await expect(page.getByTestId('crowd-chart')).toBeVisible();

  // Sequence 40: one result, too few for a line; the page says so, and the table shows it without an interval.
  await app.results.compare(at40);
  await expect(page.getByTestId('crowd-too-few')).toContainText('(1)');
  await expect(page.getByTestId('crowd-row').first().getByTestId('crowd-ci')).toContainText('too few sources (1 of 6)');

  // Changing the model clears the choice (a key names its model).
  await page.getByTestId('filter-model').selectOption('');
  await expect(page).not.toHaveURL(/key=/);

  // A stored result's page: where it stands in its class and among all devices of its work, with intervals. The
  // third of six (times 1.2): faster than 3 of the other 5.
  await page.goto(`/#/results/${at24[2]!.id}`);
  const headline = page.getByTestId('standing-headline');
  await expect(headline).toContainText(/Faster than 60% of devices of its class \(.+\) \(\d+–\d+%\), over 5 other sources/);
  await expect(headline).toContainText(/faster than 60% of all devices \(\d+–\d+%\), over 5 other sources/);
  await expect(page.getByTestId('standing-row')).toHaveCount(2);
  await app.screenshot('result-standing');
});

test('a submitted run says where it stands among the results of the same work', async ({ app, page }) => {
  await app.open({ model: MODEL, variant: 'fp32', backend: 'wasm', batches: '1', ...QUICK, autorun: '1' });
  await app.waitForResult();
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('submitted-link')).toBeVisible();
  // Other tests' runs of this work may be there or not: either it is ranked, or it says there is nothing yet.
  await expect(page.getByTestId('submitted-standing')).toContainText(
    /At batch size 1: (Faster than \d+% of devices of its class|No other results of devices of its class)/,
  );
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
