// The fixture builder: deterministic bytes, loadable models with the advertised shapes, variants that agree with fp32.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSchema, type Catalog } from '../src/shared/catalog.ts';
import { AutoModelForCausalLM, AutoTokenizer, PreTrainedTokenizer, env } from '@huggingface/transformers';
import { SNIPPETS } from '../src/shared/snippets.ts';
import { buildFixtures, ENCODER_CONFIG } from './build.ts';
import { encodeTexts, runOnce } from './fixtures/heads.ts';

let dir: string;
let catalog: Catalog;

async function sha(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

function feeds(batch: number, seq: number): Record<string, ort.Tensor> {
  const ids = BigInt64Array.from({ length: batch * seq }, (_, i) => BigInt((i * 7919) % ENCODER_CONFIG.vocabSize));
  const mask = BigInt64Array.from({ length: batch * seq }, (_, i) => (i % seq < seq - 3 ? 1n : 0n));
  return { input_ids: new ort.Tensor('int64', ids, [batch, seq]), attention_mask: new ort.Tensor('int64', mask, [batch, seq]) };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tierlab-fixtures-'));
  catalog = await buildFixtures(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fixture builder', () => {
  it('writes a catalog that validates, in the Hub folder layout', async () => {
    expect(v.safeParse(CatalogSchema, JSON.parse(await readFile(path.join(dir, 'catalog.json'), 'utf8'))).success).toBe(true);
    const local = catalog.entries.filter((e) => e.source === 'local');
    expect(local.map((e) => e.id)).toEqual([
      'tierlab/tiny-code-encoder',
      'tierlab/tiny-code-encoder-student',
      'tierlab/tiny-code-decoder',
    ]);
    // The Hub entries follow the fixtures in the same served catalog.
    expect(catalog.entries.length).toBeGreaterThan(local.length);
    for (const entry of local) {
      // Each JSON file parses to an object (an empty or truncated file does not), and each ONNX file has exactly
      // the bytes the catalog says, opening with a ModelProto's first field (ir_version: tag 0x08).
      for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
        const parsed: unknown = JSON.parse(await readFile(path.join(dir, entry.id, file), 'utf8'));
        expect(parsed, `${entry.id}/${file}`).toBeTypeOf('object');
        expect(Object.keys(parsed as object).length, `${entry.id}/${file}`).toBeGreaterThan(0);
      }
      for (const variant of entry.variants) {
        const bytes = await readFile(path.join(dir, entry.id, variant.file));
        expect(bytes.length, `${entry.id}/${variant.file}`).toBe(variant.bytes);
        expect(bytes[0], `${entry.id}/${variant.file}`).toBe(0x08);
        expect(variant.bytes).toBeGreaterThan(1024);
        expect(variant.bytes).toBeLessThan(5 * 1024 * 1024);
      }
    }
  });

  it('gives the same bytes for the same seed', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'tierlab-fixtures-'));
    try {
      await buildFixtures(other);
      for (const entry of catalog.entries.filter((e) => e.source === 'local')) {
        for (const variant of entry.variants) {
          expect(await sha(path.join(other, entry.id, variant.file))).toBe(await sha(path.join(dir, entry.id, variant.file)));
        }
      }
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('the student has half the teacher layers', async () => {
    const config = async (id: string) =>
      JSON.parse(await readFile(path.join(dir, id, 'config.json'), 'utf8')) as { num_hidden_layers: number };
    expect((await config('tierlab/tiny-code-encoder')).num_hidden_layers).toBe(ENCODER_CONFIG.layers);
    expect((await config('tierlab/tiny-code-encoder-student')).num_hidden_layers).toBe(ENCODER_CONFIG.layers / 2);
  });
});

describe.each([1, 3])('every encoder variant loads in onnxruntime-node (batch_size=%i)', (batch) => {
  it.each([16, 40])('sequence %i gives logits [batch, labels]', async (seq) => {
    for (const entry of catalog.entries.filter((e) => e.source === 'local' && e.task === 'text-classification')) {
      for (const variant of entry.variants) {
        const session = await ort.InferenceSession.create(path.join(dir, entry.id, variant.file));
        expect(session.inputNames).toEqual(['input_ids', 'attention_mask']);
        expect(session.outputNames).toEqual(['logits']);
        const out = await session.run(feeds(batch, seq));
        expect(out.logits!.dims).toEqual([batch, ENCODER_CONFIG.labels.length]);
        expect(Array.from(out.logits!.data as Float32Array).every(Number.isFinite)).toBe(true);
        await session.release();
      }
    }
  });
});

describe('variant agreement recorded in the catalog', () => {
  const variant = (id: string, dtype: string) =>
    catalog.entries.find((e) => e.id === id)!.variants.find((x) => x.dtype === dtype)!;

  it('int8 and q4 track fp32', () => {
    const int8 = variant('tierlab/tiny-code-encoder', 'int8').agreement!;
    const q4 = variant('tierlab/tiny-code-encoder', 'q4').agreement!;
    expect(int8.samples).toBe(15);
    expect(int8.argmaxAgreement).toBeGreaterThanOrEqual(0.9);
    expect(int8.cosineMin).toBeGreaterThan(0.99);
    // 4-bit blocks cost more fidelity than int8, as they do on real models.
    expect(q4.argmaxAgreement).toBeGreaterThanOrEqual(0.8);
    expect(q4.cosineMean).toBeGreaterThan(0.8);
    expect(q4.cosineMean).toBeLessThan(int8.cosineMean);
    expect(variant('tierlab/tiny-code-encoder', 'fp32').agreement).toBeUndefined();
  });

  it('the distilled student is compared with the teacher and mostly agrees', () => {
    const a = variant('tierlab/tiny-code-encoder-student', 'fp32').agreement!;
    expect(a.reference).toBe('tierlab/tiny-code-encoder fp32');
    expect(a.argmaxAgreement).toBeGreaterThanOrEqual(0.8);
  });
});

describe('the teacher is a working language classifier', () => {
  it('labels the full bundled snippets (not its training windows) by language', async () => {
    const tokenizerDir = path.join(dir, 'tierlab/tiny-code-encoder');
    const tokenizer = new PreTrainedTokenizer(
      JSON.parse(await readFile(path.join(tokenizerDir, 'tokenizer.json'), 'utf8')),
      JSON.parse(await readFile(path.join(tokenizerDir, 'tokenizer_config.json'), 'utf8')),
    );
    const feeds = encodeTexts(
      tokenizer,
      SNIPPETS.map((s) => s.code),
      128,
    );
    const [logits] = await runOnce(await readFile(path.join(tokenizerDir, 'onnx/model.onnx')), feeds, ['logits']);
    const width = ENCODER_CONFIG.labels.length;
    const correct = SNIPPETS.filter((s, r) => {
      const row = Array.from(logits!.subarray(r * width, (r + 1) * width));
      return ENCODER_CONFIG.labels[row.indexOf(Math.max(...row))] === s.language;
    }).length;
    expect(correct / SNIPPETS.length).toBeGreaterThanOrEqual(0.8);
  });
});

describe('the fixture decoder generates through transformers.js (KV cache names as transformers.js expects)', () => {
  it.each(['fp32', 'q8', 'q4'] as const)('greedy generation with %s', async (dtype) => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${dir}/`;
    const tokenizer = await AutoTokenizer.from_pretrained('tierlab/tiny-code-decoder');
    const model = await AutoModelForCausalLM.from_pretrained('tierlab/tiny-code-decoder', { dtype });
    const inputs = tokenizer('def add(a, b):');
    const out = (await model.generate({ ...inputs, max_new_tokens: 6, min_new_tokens: 6, do_sample: false })) as unknown as {
      dims: number[];
      data: BigInt64Array;
    };
    const promptLength = inputs.input_ids.dims[1] as number;
    expect(out.dims).toEqual([1, promptLength + 6]);
    for (const id of out.data) expect(Number(id)).toBeLessThan(ENCODER_CONFIG.vocabSize);
    await model.dispose();
  });

  it('records q8 and q4 fidelity against fp32', () => {
    const entry = catalog.entries.find((e) => e.id === 'tierlab/tiny-code-decoder')!;
    expect(entry.task).toBe('text-generation');
    expect(entry.variants.map((v) => v.dtype)).toEqual(['fp32', 'q8', 'q4']);
    expect(entry.variants[1]!.agreement!.cosineMin).toBeGreaterThan(0.99);
    expect(entry.variants[2]!.agreement!.cosineMean).toBeGreaterThan(0.9);
  });
});
