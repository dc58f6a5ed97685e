// Any ONNX file a person drops is measured with inputs synthesized from its metadata, or the app names the input it cannot fill.
import { readFile } from 'node:fs/promises';
import { DT, GraphBuilder } from '../models/fixtures/onnx-graph.ts';
import { expect, QUICK, test } from './tierlab-page.ts';

test('a dropped model runs on synthetic inputs with ids inside its vocabulary', async ({ app, page }) => {
  await app.open({ batches: '1,2', ...QUICK });
  const bytes = await readFile('models/mirror/tierlab/tiny-code-encoder-student/onnx/model.onnx');
  await app.dropFile('student.onnx', bytes);
  // No tokenizer: every language would feed the same synthetic ids, so the language controls are off and say why.
  await expect(page.getByTestId('language')).toBeDisabled();
  await expect(page.getByTestId('sweep-languages')).toBeDisabled();
  await expect(page.getByTestId('no-tokenizer')).toContainText('no tokenizer');
  await app.run();
  await app.waitForResult();
  const result = await app.exportResult();
  expect(result.model).toMatchObject({ id: 'student.onnx', source: 'file', variant: 'custom', fileBytes: bytes.byteLength });
  expect(result.inputs.kind).toBe('synthetic');
  expect(result.inputs.description).toContain('input_ids < 512');
  expect(result.model.inputs.map((i) => i.name)).toEqual(['input_ids', 'attention_mask']);
  // The runtime's one-time start-up is timed apart from this model's session (no timing is asserted, only that both exist).
  expect(typeof result.model.runtimeStartupMs).toBe('number');
  await expect(page.getByTestId('session-times')).toContainText(/session [\d.,]+ ms · runtime start-up [\d.,]+ ms/);
});

test('a URL with the Hub layout brings its tokenizer: per-language inputs stay on and the inputs are tokenized code', async ({
  app,
  page,
  baseURL,
}) => {
  // The local mirror has the Hub's URL layout, so the repository's tokenizer.json sits next to the ONNX file.
  const url = new URL('/hub/tierlab/tiny-code-encoder/resolve/main/onnx/model.onnx', baseURL).href;
  await app.open({ model: url, batches: '1', lang: 'java', ...QUICK });
  await expect(page.getByTestId('no-tokenizer')).toHaveCount(0);
  await expect(page.getByTestId('language')).toBeEnabled();
  await expect(page.getByTestId('sweep-languages')).toBeEnabled();
  await app.run();
  await app.waitForResult();
  const result = await app.exportResult();
  expect(result.model.source).toBe('url');
  expect(result.plan.language).toBe('java');
  expect(result.inputs.kind).toBe('tokenized');
  expect(result.inputs.description).toContain("tierlab/tiny-code-encoder's tokenizer");
});

test('a model whose input cannot be filled is named in the error', async ({ app, page }) => {
  const g = new GraphBuilder('three_dynamic');
  const x = g.input('hidden_states', DT.FLOAT, ['batch', 'sequence', 'width']);
  g.node('Identity', [x], {}, 'y');
  g.output('y', DT.FLOAT, ['batch', 'sequence', 'width']);
  await app.open({ batches: '1', ...QUICK });
  await app.dropFile('odd.onnx', Buffer.from(g.encode('test model with three dynamic dims')));
  await app.run();
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('InputSynthesisError');
  await expect(error).toContainText('"hidden_states" has a dimension "width" at axis 2');
});

test('a fixed-batch model is refused at batch 2 before anything is timed, and batch 1 records its shapes', async ({
  app,
  page,
}) => {
  const bytes = await readFile('models/mirror/tierlab-tests/odd/fixed-batch.onnx');
  await app.open({ batches: '1,2', ...QUICK });
  await app.dropFile('fixed-batch.onnx', bytes);
  await app.run();
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('InputSynthesisError');
  await expect(error).toContainText('"input_ids" has shape [1, sequence]: its batch axis is fixed at 1');
  await page.getByTestId('batches').fill('1');
  await app.run();
  await app.waitForResult();
  const result = await app.exportResult();
  expect(result.points.map((p) => p.batchSize)).toEqual([1]);
  expect(result.points[0]?.inputs?.shapes).toEqual({ input_ids: [1, 32] });
});

test('a run during which the tab was hidden is flagged', async ({ app, page }) => {
  await app.open({ batches: '1,2', ...QUICK });
  await app.run();
  await expect(page.getByTestId('progress')).toBeVisible();
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await app.waitForResult();
  const result = await app.exportResult();
  expect(result.flags.backgrounded).toBe(true);
  expect(result.notes.join(' ')).toMatch(/hidden/);
  await expect(page.getByTestId('flags')).toContainText('backgrounded');
});
