// The operators lab in the browser (WASM): every operator applied to the fixture encoder in the inference worker, each
// variant scored and timed, the operators × tiers table, a Pareto chart per tier and the verdict; one variant is
// downloaded and benchmarked as a file, keeping its provenance; and the lab runs on a foreign (pre-norm) export.
import { readFile } from 'node:fs/promises';
import { expect, QUICK, test } from './tierlab-page.ts';
import { violations } from './axe.ts';

test('the lab applies every operator to the fixture encoder and compares them on every tier', async ({ app, page }) => {
  await app.open();
  await app.operators.goto();
  // Two batch sizes keep SwiftShader-era CPUs quick; the operators are all on by default.
  await page.getByTestId('lab-batches').fill('1,2');
  await page.getByTestId('lab-run').click();
  // Long work shows what it is doing.
  await expect(page.getByTestId('lab-progress-label')).toContainText(/Variant \d+ of 13/);
  // (Calibration's own progress, "calibrating 8/15 snippets", lasts less than a second here: too brief to assert on; the
  // static variant's notes below say how many snippets it calibrated on.)
  await expect(page.getByTestId('lab-progress')).toBeHidden({ timeout: 400_000 });
  await expect(page.getByTestId('lab-error')).toHaveCount(0);
  // fp32, 8 operators on the base, the student and 3 hybrids.
  await expect(app.operators.rows).toHaveCount(13);
  await expect(page.getByTestId('lab-row-error')).toHaveCount(0);
  const row = (id: string) => page.locator(`[data-testid=lab-row][data-variant="${id}"]`);
  await expect(row('dynamic-int8')).toContainText('MatMuls now MatMulInteger');
  await expect(row('static-int8')).toContainText('calibrated on');
  await expect(row('prune-ffn')).toContainText('256/512');
  await expect(row('prune-heads')).toContainText('2/4');
  await expect(row('prune-depth')).toContainText('3 of 4 layers kept');
  await expect(row('prune-unstructured')).toContainText('shapes and compute unchanged');
  await expect(row('distilled+static-int8')).toBeVisible();
  // The comparison: a pick per tier (or why none), a Pareto chart per tier and the three claims.
  await expect(page.getByTestId('lab-tiers')).toBeVisible();
  await expect(page.getByTestId('lab-pick-cost')).toHaveCount(3);
  // This device's modelled energy per inference for each variant: a power range × the variant's time here.
  await expect(page.getByTestId('lab-energy')).toHaveCount(13);
  for (const cell of await page.getByTestId('lab-energy').all())
    await expect(cell).toHaveText(/^[\d.]+ (J|mJ|µJ) \([\d.]+–[\d.]+\)$/);
  for (const tier of ['mobile', 'edge', 'cloud']) await expect(page.getByTestId(`lab-pareto-${tier}`)).toBeVisible();
  const verdict = page.getByTestId('lab-verdict');
  await expect(verdict).toContainText('Distillation wins on the constrained tiers:');
  await expect(verdict).toContainText('Distillation + static PTQ is best when latency matters most:');
  await expect(verdict).toContainText('The cloud wins for small-input text models:');
  // The cloud claim is decided over a sweep of networks, and the variants were timed in interleaved rounds.
  await expect(verdict).toContainText('over 3G');
  await expect(verdict).toContainText('over wired');
  await expect(page.getByTestId('lab-notes')).toContainText('interleaved rounds');
  await app.screenshot('operators-lab');
  // The tiers follow their assumptions without measuring again: a wired network brings the cloud closer.
  const cloudMs = async () =>
    Number(
      (await page.getByTestId('lab-tiers').locator('tbody tr').first().locator('td').nth(3).innerText()).replace(/ ms.*/, ''),
    );
  const overWifi = await cloudMs();
  await page.getByTestId('lab-network').selectOption('wired');
  await expect.poll(cloudMs).toBeLessThan(overWifi);
  expect(await violations(page), 'axe-core on the filled operators page').toEqual([]);

  // The export records each variant's operators.
  const exported = JSON.parse(await app.operators.download(page.getByTestId('lab-export'))) as {
    variants: { id: string; provenance: { spec: { kind: string } }[]; points: unknown[] }[];
  };
  expect(exported.variants.find((v) => v.id === 'q4')?.provenance[0]?.spec.kind).toBe('q4');
  expect(exported.variants.every((v) => v.points.length === 2)).toBe(true);

  // One variant goes to the Benchmark page as a file and keeps its provenance.
  const file = await app.operators.downloadVariant('dynamic-int8');
  await app.open({ batches: '1', ...QUICK });
  await app.dropFile('dynamic-int8.onnx', file);
  await app.run();
  await app.waitForResult();
  await expect(page.getByTestId('model-provenance')).toContainText('dynamic int8 (per channel)');
  const result = await app.exportResult();
  expect(result.model.provenance?.operators).toEqual([{ kind: 'dynamic-int8', perChannel: true }]);
});

test('the lab runs on a foreign export: each operator runs, or says why it cannot', async ({ app, page }) => {
  await app.open();
  await app.operators.goto();
  await page.getByTestId('lab-file').setInputFiles({
    name: 'pre-norm.onnx',
    mimeType: 'application/octet-stream',
    buffer: await readFile('models/mirror/tierlab-tests/odd/pre-norm-decomposed.onnx'),
  });
  await expect(page.getByTestId('lab-file-note')).toContainText('no tokenizer');
  // A model exported elsewhere (with QAT, say) joins the comparison as it is: here the same file, so it must agree fully.
  await page.getByTestId('lab-extra').setInputFiles({
    name: 'qat-export.onnx',
    mimeType: 'application/octet-stream',
    buffer: await readFile('models/mirror/tierlab-tests/odd/pre-norm-decomposed.onnx'),
  });
  await page.getByTestId('lab-batches').fill('1');
  await app.operators.applyAndMeasure(10);
  await expect(page.locator('[data-testid=lab-row][data-variant="extra"]')).toContainText('qat-export.onnx (as given)');
  await expect(page.locator('[data-testid=lab-row][data-variant="extra"]')).toContainText('100.0%');
  const row = (id: string) => page.locator(`[data-testid=lab-row][data-variant="${id}"]`);
  for (const id of ['fp32', 'dynamic-int8', 'fp16', 'q4', 'prune-depth', 'prune-unstructured'])
    await expect(row(id).getByTestId('lab-row-error'), id).toHaveCount(0);
  // Its attention has a single head and its FFN keeps the width: those pruners say so instead of guessing.
  await expect(row('prune-ffn').getByTestId('lab-row-error')).toContainText('no feed-forward block');
  await expect(row('prune-heads').getByTestId('lab-row-error')).toContainText('two or more heads');
  // Static int8 calibrates on code snippets, which needs the model's tokenizer; this file has none.
  await expect(row('static-int8').getByTestId('lab-row-error')).toContainText('tokenizer');
  await expect(page.getByTestId('lab-verdict')).toContainText('not tested');
});

test('the lab compares every output of a multi-output model, and adopts a sequence the model fixes', async ({ app, page }) => {
  await app.open();
  await app.operators.goto();
  const odd = async (name: string) => ({
    name: `${name}.onnx`,
    mimeType: 'application/octet-stream',
    buffer: await readFile(`models/mirror/tierlab-tests/odd/${name}.onnx`),
  });
  const row = (id: string) => page.locator(`[data-testid=lab-row][data-variant="${id}"]`);
  // A masked-LM head [batch, sequence, vocab] first and a [batch, 2] output second: once refused for every variant,
  // fp32 included ("the model has no [batch, classes] output to evaluate").
  await page.getByTestId('lab-file').setInputFiles(await odd('several-outputs'));
  await page.getByTestId('lab-batches').fill('1');
  await app.operators.applyAndMeasure(9);
  for (const id of ['fp32', 'dynamic-int8', 'fp16', 'q4']) await expect(row(id).getByTestId('lab-row-error'), id).toHaveCount(0);
  await expect(row('fp32')).toContainText('100.0%');
  const outputs = row('dynamic-int8').getByTestId('lab-row-outputs');
  await expect(outputs).toContainText(/prediction_logits \[8×\d+×20\]: cosine ≥ 0\.9\d+/);
  await expect(outputs).toContainText(/seq_relationship_logits \[8×2\]: cosine ≥ 0\.9\d+, max \|Δ\| [\d.e-]+, argmax \d+/);

  // A sequence fixed at 7, where the lab's own setting starts at 8: the lab runs at 7 and says so.
  await page.getByTestId('lab-file').setInputFiles(await odd('fixed-sequence'));
  await app.operators.applyAndMeasure(9);
  await expect(row('fp32').getByTestId('lab-row-error')).toHaveCount(0);
  await expect(row('fp16').getByTestId('lab-row-error')).toHaveCount(0);
  await expect(page.getByTestId('lab-notes')).toContainText('the model fixes its sequence at 7 tokens, so the lab ran at 7');
});

test('a lab run can be cancelled: the worker stops and the page says so', async ({ app, page }) => {
  await app.open();
  await app.operators.goto();
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-progress-label')).toContainText('Variant');
  await page.getByTestId('lab-cancel').click();
  await expect(page.getByTestId('lab-cancelled')).toBeVisible();
  await expect(page.getByTestId('lab-progress')).toBeHidden();
  await expect(page.getByTestId('lab-run')).toBeEnabled();
  await expect(app.operators.rows).toHaveCount(0);
});
