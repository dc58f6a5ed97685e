// Accuracy next to latency: the fixture family's variants are evaluated on the bundled labelled set, compared with
// fp32 on WASM, and placed on the Pareto front.
import { expect, test } from './tierlab-page.ts';

test('an accuracy run of the fixture family shows metrics, agreement with fp32 and the Pareto chart', async ({ app, page }) => {
  await app.open();
  await app.accuracy.goto();
  await expect(page.getByTestId('acc-family')).toHaveValue('tierlab/tiny-code-encoder');
  await page.getByTestId('acc-batch').fill('4');
  await app.accuracy.evaluate(5);
  await app.screenshot('accuracy');

  // fp32 on WASM is the reference; every other variant shows its agreement with it.
  const fp32 = page.locator('[data-testid=accuracy-row][data-key="tierlab/tiny-code-encoder fp32 wasm"]');
  await expect(fp32.getByTestId('acc-agreement')).toContainText('reference');
  const int8 = page.locator('[data-testid=accuracy-row][data-key="tierlab/tiny-code-encoder int8 wasm"]');
  await expect(int8.getByTestId('acc-agreement')).toContainText(/\d+\.\d% argmax/);
  await expect(int8.getByTestId('acc-accuracy')).toContainText(/\d+\.\d%/);
  // q4 changes a quarter of the fixture's predictions on this set: flagged as drift, not reported as merely fast.
  const q4 = page.locator('[data-testid=accuracy-row][data-key="tierlab/tiny-code-encoder q4 wasm"]');
  await expect(q4).toContainText('outputDrift');
  await expect(int8).not.toContainText('outputDrift');
  await expect(page.getByTestId('confusion-matrix').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('per-language').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('pareto-chart')).toBeVisible();
  await expect(page.getByTestId('operators-table').getByTestId('operator-row')).toHaveCount(5);
  await expect(page.getByTestId('recommendation')).toContainText(/batch 4/);

  // The export validates against the accuracy run's schema, with a complete RunResult per variant.
  const exported = await app.accuracy.exportRun();
  expect(exported.variants).toHaveLength(5);
  expect(exported.variants.every((x) => x.latency.points[0]?.batchSize === 4)).toBe(true);

  // An impossible budget says so.
  await page.getByTestId('acc-budget-ms').fill('0.001');
  await expect(page.getByTestId('recommendation')).toHaveAttribute('data-kind', 'none');
});

test('a Hub dataset is read through the rows API with progress, then from the cache', async ({ app, page }) => {
  const rowsRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/datasets-server/rows')) rowsRequests.push(r.url());
  });
  await app.open({ hub: 'local' });
  await app.accuracy.goto();
  await page.getByTestId('acc-dataset').selectOption('hub:tierlab/language-id-set');
  // One variant keeps this quick.
  await app.accuracy.onlyVariant('tierlab/tiny-code-encoder-student-int8');
  await page.getByTestId('acc-batch').fill('2');
  await app.accuracy.evaluate(1);
  expect(rowsRequests.length).toBeGreaterThan(0);
  expect(rowsRequests[0]).toContain('dataset=tierlab%2Flanguage-id-set');
  // Same samples as the bundled set: 40 rows, by language.
  await expect(page.getByTestId('variant-detail')).toContainText('40 samples');
  await expect(page.getByTestId('per-language').locator('tbody tr')).toHaveCount(5);

  const before = rowsRequests.length;
  await app.accuracy.evaluate(1);
  expect(rowsRequests.length, 'the second run reads the dataset from the cache').toBe(before);
});

test('a generator classifies the same samples by prompting, next to the encoder', async ({ app, page }) => {
  await app.open();
  await app.accuracy.goto();
  await page.getByTestId('prompt-model').selectOption('tierlab/tiny-code-decoder');
  await page.getByTestId('prompt-shots').selectOption('1');
  await page.getByTestId('prompt-run').click();
  await expect(page.getByTestId('prompt-step')).toBeVisible();
  const row = page.getByTestId('prompting-row');
  await expect(row).toBeVisible({ timeout: 180_000 });
  await expect(row).toContainText('5-shot prompt');
  await expect(row).toContainText(/\d+\.\d%/);
  await expect(row).toContainText(/answers named no label/);
  await expect(page.getByTestId('prompt-examples')).toContainText('python →');
  await app.screenshot('prompting');
});
