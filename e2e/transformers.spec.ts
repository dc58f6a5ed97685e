// The transformers.js runtime loads the fixture encoder from a local server with the Hub's URL layout, shows
// per-file progress, runs a classification sweep on wasm, and loads from the Cache API the second time.
import { expect, QUICK, test } from './tierlab-page.ts';

test('transformers.js loads from a Hub-layout host with file progress, then from cache', async ({ app, page }) => {
  const modelFileRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/hub\/.*\.(onnx|json)$/.test(new URL(r.url()).pathname)) modelFileRequests.push(new URL(r.url()).pathname);
  });
  await app.open({ runtime: 'transformers.js', variant: 'int8', batches: '1,2', ...QUICK });
  await app.run();
  await expect(page.getByTestId('file-progress')).toContainText('onnx/model_int8.onnx');
  await app.waitForResult();
  const first = await app.exportResult();
  expect(first.plan.runtime).toBe('transformers.js');
  expect(first.environment.executionProvider).toBe('wasm');
  expect(first.environment.sessionOptions.notes.join(' ')).toMatch(/transformers\.js/);
  expect(first.model.inputs.map((i) => i.name)).toEqual(['input_ids', 'attention_mask']);
  expect(first.model.fileBytes).toBeGreaterThan(100_000);
  expect(first.inputs.tokenizeMsPerSample).toBeGreaterThan(0);
  expect(first.points.map((p) => p.batchSize)).toEqual([1, 2]);
  // The real remote path: config, tokenizer and weights came over HTTP in the Hub's <id>/resolve/main/<file> layout.
  expect(modelFileRequests).toContain('/hub/tierlab/tiny-code-encoder/resolve/main/onnx/model_int8.onnx');
  expect(modelFileRequests).toContain('/hub/tierlab/tiny-code-encoder/resolve/main/config.json');

  await expect(page.getByTestId('cached-badge')).toBeVisible();

  modelFileRequests.length = 0;
  await app.run();
  await app.waitForResult();
  expect(modelFileRequests, 'the second load must come from the Cache API').toEqual([]);

  // Clearing the cache removes the badge, and the next load downloads again.
  await page.getByTestId('clear-cache').click();
  await expect(page.getByTestId('cached-badge')).toHaveCount(0);
  await app.run();
  await app.waitForResult();
  expect(modelFileRequests).toContain('/hub/tierlab/tiny-code-encoder/resolve/main/onnx/model_int8.onnx');
});

test('transformers.js refuses a variant the catalog does not list, naming the ones that exist', async ({ app, page }) => {
  // The fixture student has no q4 file; a share link can still ask for it.
  await app.open({
    runtime: 'transformers.js',
    model: 'tierlab/tiny-code-encoder-student',
    variant: 'q4',
    batches: '1',
    ...QUICK,
    autorun: '1',
  });
  await expect(page.getByTestId('run-error')).toContainText('has no q4 variant (available: fp32, int8)');
});

test('transformers.js names a model host with missing weights and a corrupt model file, and the app still runs', async ({
  app,
  page,
}) => {
  // tierlab-tests/* are broken on purpose and not in the catalog: a Hub id outside it loads by id with transformers.js.
  await app.open({ runtime: 'transformers.js', hub: 'local', model: 'tierlab-tests/missing-weights', batches: '1', ...QUICK });
  await app.run();
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('ModelFetchError');
  await expect(error).toContainText('tierlab-tests/missing-weights');

  await page.goto(`/?runtime=transformers.js&hub=local&model=tierlab-tests/corrupt-encoder&batches=1&seq=32&ci=0.25`);
  await app.run();
  await expect(error).toContainText('SessionCreateError');
  await expect(error).toContainText('tierlab-tests/corrupt-encoder');
  await app.screenshot('transformers-corrupt');

  await page.getByTestId('model-select').selectOption('catalog|tierlab/tiny-code-encoder|fp32');
  await app.run();
  await app.waitForResult();
});
