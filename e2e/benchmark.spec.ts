// A person runs the benchmark through the UI and from a share link, on WASM and on WebGPU (SwiftShader).
import { readFile } from 'node:fs/promises';
import { SCHEMA_VERSION } from '../src/shared/run-result.ts';
import { expect, QUICK, test } from './tierlab-page.ts';

test('a wasm run through the UI shows charts, table and environment', async ({ app, page }) => {
  await app.open();
  await app.screenshot('before-run');
  // Five batch sizes at ±5%: at least 300 ms of timed visits each, so the measuring window outlasts the screenshot
  // below and several progress updates (at most two a second) even on a fast machine.
  await page.getByTestId('batches').fill('1, 2, 4, 8, 16');
  await page.getByTestId('seq').fill('32');
  await page.getByTestId('seq').dispatchEvent('change');
  await page.getByTestId('precision').selectOption('0.05');
  await app.run();
  await expect(page.getByTestId('progress')).toContainText('Round', { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveAttribute('data-measuring', 'yes');
  await expect(page.getByTestId('progress').locator('progress')).toHaveCount(0);
  // Quiet measurement: from here until the run ends, the only thing the page may change is the progress line's text.
  await page.evaluate(() => {
    const w = window as unknown as { quietViolations: string[]; measuredMutations: number; sawEnd: boolean; paused: boolean };
    w.quietViolations = [];
    w.paused = false;
    w.measuredMutations = 0;
    w.sawEnd = false;
    new MutationObserver((records) => {
      // The observer was watching when measuring ended: the window it checked reaches the end of the timed visits.
      for (const r of records) {
        if (r.attributeName === 'data-measuring' && r.oldValue === 'yes') w.sawEnd = true;
      }
      const progress = document.querySelector('[data-testid="progress"][data-measuring="yes"]');
      if (!progress || w.paused) return;
      const label = progress.querySelector('span:not(.measuring)');
      for (const r of records) {
        w.measuredMutations++;
        const node = r.target.nodeType === Node.TEXT_NODE ? r.target.parentNode : r.target;
        if (node !== label) w.quietViolations.push(`${r.type} on ${(node as Element | null)?.outerHTML?.slice(0, 120) ?? '?'}`);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeOldValue: true });
  });
  // Playwright's screenshot hides carets with a style of its own: not the page's doing.
  await page.evaluate(() => ((window as unknown as { paused: boolean }).paused = true));
  await app.screenshot('during-run');
  await page.evaluate(() => ((window as unknown as { paused: boolean }).paused = false));
  await app.waitForResult();
  await app.screenshot('after-run');
  const quiet = await page.evaluate(() => {
    const w = window as unknown as { quietViolations: string[]; measuredMutations: number; sawEnd: boolean };
    return { quietViolations: w.quietViolations, measuredMutations: w.measuredMutations, sawEnd: w.sawEnd };
  });
  expect(quiet.sawEnd, 'the observer was watching when measuring ended').toBe(true);
  expect(quiet.measuredMutations, 'the progress line changed while measuring').toBeGreaterThan(0);
  expect(quiet.quietViolations).toEqual([]);

  await expect(page.getByTestId('results-table').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('latency-chart')).toBeVisible();
  await expect(page.getByTestId('throughput-chart')).toBeVisible();
  await expect(page.getByTestId('env-provider')).toHaveText('wasm');
  await expect(page.getByTestId('env-isolated')).toContainText('yes');
  const result = await app.exportResult();
  expect(result.plan.seq).toBe(32);
  expect(result.environment.crossOriginIsolated).toBe(true);
  expect(result.inputs.kind).toBe('tokenized');
  expect(result.notes.join(' ')).toMatch(/measurement mode: quiet/);
});

test('a share link with autorun=1 runs on open and exports a valid result', async ({ app, page }) => {
  await app.open({
    model: 'tierlab/tiny-code-encoder',
    variant: 'int8',
    backend: 'wasm',
    threads: '1',
    batches: '1,2,4',
    lang: 'python',
    ...QUICK,
    autorun: '1',
  });
  await app.waitForResult();
  const result = await app.exportResult();
  expect(result.schemaVersion).toBe(SCHEMA_VERSION);
  expect(result.points.map((p) => p.batchSize)).toEqual([1, 2, 4]);
  expect(result.model).toMatchObject({ id: 'tierlab/tiny-code-encoder', variant: 'int8', source: 'catalog' });
  expect(result.environment).toMatchObject({ executionProvider: 'wasm', threads: 1, threadsRequested: 1 });
  expect(result.plan.language).toBe('python');
  for (const p of result.points) {
    expect(p.samplesMs.length).toBe(p.stats.n);
    expect(p.stats.n).toBeGreaterThanOrEqual(5);
    expect(p.stats.ci95.lo).toBeLessThanOrEqual(p.stats.median);
    expect(p.stats.ci95.hi).toBeGreaterThanOrEqual(p.stats.median);
  }
  const csv = (await app.export('csv')).trim().split('\n');
  expect(csv).toHaveLength(4);
  expect(csv[0]).toMatch(/^batch_size,samples,median_ms/);
  // The share link offered after the run reproduces the plan.
  const href = await page.getByTestId('share-link').getAttribute('href');
  expect(href).toContain('batches=1%2C2%2C4');
  expect(href).toContain('autorun=1');
});

test('a webgpu run on the SwiftShader adapter records webgpu and the fallback adapter', async ({ app }) => {
  await app.open({ backend: 'webgpu', batches: '1,2', ...QUICK, autorun: '1' });
  await app.waitForResult();
  const result = await app.exportResult();
  expect(result.environment.requestedProvider).toBe('webgpu');
  expect(result.environment.executionProvider).toBe('webgpu');
  expect(result.environment.adapter?.architecture).toMatch(/swiftshader/i);
  expect(result.flags.fallbackAdapter).toBe(true);
  expect(result.environment.sessionOptions.preferredOutputLocation).toBe('gpu-buffer');
  expect(result.points).toHaveLength(2);
});

test('a float16 model on an adapter without shader-f16 is refused in words, and runs on WASM', async ({ app, page }) => {
  // SwiftShader has no shader-f16: before the check, the first run failed with ORT's "Program Gather requires f16 but
  // the device does not support it" inside an InferenceError.
  const half = await readFile('models/mirror/tierlab-tests/odd/half-precision.onnx');
  await app.open({ backend: 'webgpu', batches: '1', ...QUICK });
  await app.dropFile('half-precision.onnx', half);
  await app.run();
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('AdapterFeatureError', { timeout: 60_000 });
  await expect(error).toContainText('has no shader-f16 feature');
  await expect(error).toContainText('run it on WASM');
  await expect(error).not.toContainText('shader_helper');
  await page.locator('input[name=backend][value=wasm]').check();
  await app.run();
  await app.waitForResult();
  const result = await app.exportResult();
  expect(result.environment.executionProvider).toBe('wasm');
});
