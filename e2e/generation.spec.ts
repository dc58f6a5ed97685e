// The generation benchmark: the fixture decoder loads through transformers.js from the Hub-layout host, runs a
// greedy generation sweep over batch sizes on wasm, reports prefill and decode figures, then loads from cache.
import { expect, test } from './tierlab-page.ts';

test('generation sweep on wasm: time to first token, decode per token and tokens/s per batch size', async ({ app, page }) => {
  const modelFileRequests: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/\/hub\/.*\.(onnx|json)$/.test(path)) modelFileRequests.push(path);
  });
  await app.open({ batches: '1,2,4', seq: '256', ci: '0.25' });
  // Choosing a generator switches the plan to transformers.js and shows the generation settings.
  await page.getByTestId('model-select').selectOption('catalog|tierlab/tiny-code-decoder|q4');
  await expect(page.getByTestId('runtime')).toHaveValue('transformers.js');
  await page.getByTestId('new-tokens').fill('8');
  await page.getByTestId('new-tokens').dispatchEvent('change');
  await app.run();
  await expect(page.getByTestId('file-progress')).toContainText('onnx/model_q4.onnx');
  await app.screenshot('generation-during');
  await app.waitForResult();
  await expect(page.getByTestId('generation-summary')).toBeVisible();
  await expect(page.getByTestId('ttft-chart')).toBeVisible();
  await expect(page.getByTestId('token-rate-chart')).toBeVisible();
  await app.screenshot('generation-after');

  const result = await app.exportResult();
  expect(result.plan.runtime).toBe('transformers.js');
  expect(result.plan.generation).toEqual({ newTokens: 8, decoding: 'greedy' });
  expect(result.environment.executionProvider).toBe('wasm');
  const notes = result.environment.sessionOptions.notes.join(' ');
  expect(notes).toMatch(/AutoModelForCausalLM/);
  expect(notes).toMatch(/do_sample=false/);
  expect(notes).toMatch(/min_new_tokens=8/);
  expect(result.model.inputs.map((i) => i.name)).toContain('past_key_values.0.key');
  expect(result.points.map((p) => p.batchSize)).toEqual([1, 2, 4]);
  for (const p of result.points) {
    const g = p.generation!;
    expect(g.newTokens).toBe(8);
    expect(g.ttftSamplesMs).toHaveLength(p.samplesMs.length);
    expect(g.ttft.median).toBeGreaterThan(0);
    expect(g.ttft.median).toBeLessThan(p.stats.median);
    expect(g.perTokenMs.median).toBeGreaterThan(0);
    expect(g.decodeTokensPerSecond).toBeGreaterThan(0);
    expect(p.inputs?.kind).toBe('tokenized');
    expect(p.inputs?.description).toMatch(/code-completion prompts/);
  }
  // Batch 4 mixes prompts of different lengths: left padding shows up as padding waste.
  expect(result.points[2]!.inputs!.paddingFraction).toBeGreaterThan(0);
  expect(modelFileRequests).toContain('/hub/tierlab/tiny-code-decoder/resolve/main/onnx/model_q4.onnx');
  expect(modelFileRequests).toContain('/hub/tierlab/tiny-code-decoder/resolve/main/generation_config.json');

  // The share link carries the generation settings; the second load comes from the Cache API.
  await expect(page.getByTestId('share-link')).toHaveAttribute('href', /tokens=8/);
  modelFileRequests.length = 0;
  await app.run();
  await app.waitForResult();
  expect(modelFileRequests, 'the second load must come from the Cache API').toEqual([]);
});

test('a generator share link runs on WebGPU (SwiftShader) with the KV cache on the GPU, flagged as a fallback adapter', async ({
  app,
  page,
}) => {
  // No runtime in the link: a generator is fitted to transformers.js when the catalog loads.
  await app.open({
    model: 'tierlab/tiny-code-decoder',
    variant: 'fp32',
    backend: 'webgpu',
    batches: '1,2',
    seq: '64',
    ci: '0.25',
    tokens: '4',
  });
  await expect(page.getByTestId('runtime')).toHaveValue('transformers.js');
  await expect(page.getByTestId('new-tokens')).toHaveValue('4');
  await app.run();
  await app.waitForResult();
  const result = await app.exportResult();
  expect(result.environment.executionProvider).toBe('webgpu');
  expect(result.flags.fallbackAdapter).toBe(true);
  expect(result.environment.sessionOptions.notes.join(' ')).toMatch(/KV cache \(present\.\*\) on the GPU/);
  expect(result.points.every((p) => p.generation && p.generation.newTokens === 4)).toBe(true);
});
