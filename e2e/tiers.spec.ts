// The tier simulator after a fixture run: three tiers from the measured curve, the crossover moving with the
// network, split points measured on the cut model, and the server scenario.
import { readFile } from 'node:fs/promises';
import { expect, QUICK, test } from './tierlab-page.ts';

test('after a run the tier page shows the tiers, moves the crossover with the network, and measures split points', async ({
  app,
  page,
}) => {
  await app.open({
    model: 'tierlab/tiny-code-encoder',
    variant: 'fp32',
    backend: 'wasm',
    batches: '1,2,4,8',
    ...QUICK,
    autorun: '1',
  });
  await app.waitForResult();
  await app.tiers.goto();
  await expect(page.getByTestId('tier-verdict')).toContainText('On Wi-Fi');
  await expect(page.getByTestId('tier-row')).toHaveCount(3);
  await expect(page.locator('[data-testid=tier-row][data-tier=edge]')).toContainText('ms');
  await expect(page.getByTestId('crossover-chart')).toBeVisible();
  await expect(page.getByTestId('tier-bars')).toBeVisible();
  // Energy beside latency, modelled: this device's power × its compute time here; the radio's (Huang et al.) remote.
  const energy = (tier: string) => page.locator(`[data-testid=tier-row][data-tier=${tier}] [data-testid=tier-energy]`);
  for (const tier of ['mobile', 'edge', 'cloud']) {
    await expect(energy(tier)).toHaveAttribute('data-label', 'modelled');
    await expect(energy(tier)).toHaveText(/^[\d.]+ (J|mJ|µJ) \([\d.]+–[\d.]+\), modelled$/);
  }
  await expect(page.getByTestId('tier-radio-source')).toContainText('Huang et al.');
  await expect(page.getByTestId('tier-power-source')).not.toBeEmpty();

  // A network with a long round trip keeps more batch sizes on this device than a fast one.
  const remoteWins = () => app.tiers.remoteWins();
  await app.tiers.network('wired');
  await expect(page.getByTestId('tier-verdict')).toContainText('On wired');
  await expect(energy('edge')).toHaveText('not modelled (wired)');
  const wired = await remoteWins();
  await page.getByTestId('tier-network').selectOption('3g');
  await expect(page.getByTestId('tier-verdict')).toContainText('On 3G');
  const threeG = await remoteWins();
  expect(wired).toBeGreaterThan(threeG);
  await app.screenshot('tiers');

  await page.getByTestId('split-run').click();
  await expect(page.getByTestId('split-chart')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('split-summary')).toContainText('4 layers, hidden width 128');
  // Energy per split point on 3G: the head's compute here plus the radio's cost of the tensor.
  await expect(page.getByTestId('split-energy-chart')).toBeVisible();
  await expect(page.getByTestId('split-energy-summary')).toContainText('Least energy here');

  await page.getByTestId('server-rate').fill('20');
  await page.getByTestId('server-run').click();
  await expect(page.getByTestId('server-result')).toContainText('At 20 requests/s: p50');
  await app.screenshot('tiers-split');
});

test('a dropped file model is cut at every boundary the graph shows, each cut checked against the whole model', async ({
  app,
  page,
}) => {
  // An unnamed pre-norm encoder with a decomposed LayerNorm (opset 13), as older PyTorch exports write it.
  await app.open({ batches: '1,2', ...QUICK });
  await app.dropFile('pre-norm.onnx', await readFile('models/mirror/tierlab-tests/odd/pre-norm-decomposed.onnx'));
  await app.run();
  await app.waitForResult();
  await app.tiers.goto();
  await expect(page.getByTestId('split-refusal')).toHaveCount(0);
  await page.getByTestId('split-run').click();
  await expect(page.getByTestId('split-chart')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('split-summary')).toContainText('3 layers, hidden width 8');
  const cuts = page.getByTestId('split-cut');
  await expect(cuts).toHaveCount(3);
  await expect(cuts.nth(0)).toContainText('after layer 1 of 3');
  await expect(cuts.nth(1)).toContainText('after layer 2 of 3');
  await expect(cuts.nth(2)).toContainText('the whole model');
  for (const i of [0, 1]) {
    const diff = Number(await cuts.nth(i).getByTestId('split-diff').textContent());
    expect(diff, `cut ${i + 1}: head then tail vs the whole model`).toBeLessThan(1e-4);
  }
  await expect(page.getByTestId('split-inputs')).toContainText('synthetic inputs');
  await app.screenshot('tiers-split-file');
});

test('a decoder with a KV cache is refused for splitting, by name, after it ran', async ({ app, page }) => {
  await app.open({ batches: '1', ...QUICK });
  await app.dropFile('decoder.onnx', await readFile('models/mirror/tierlab-tests/odd/kv-cache.onnx'));
  await app.run();
  await app.waitForResult();
  await app.tiers.goto();
  await page.getByTestId('split-run').click();
  await expect(page.getByTestId('split-error')).toContainText(
    'decoder.onnx cannot be split: input "past_key_values.0.key" is a KV cache',
  );
});
