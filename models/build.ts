// Fixture model builder (Node): writes the tiny code encoder, its quantized variants and student to models/mirror/.
// Usage: tsx models/build.ts [--if-missing] [--out DIR]
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as ort from 'onnxruntime-node';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { LANGUAGES, SNIPPETS } from '../src/shared/snippets.ts';
import { compareLogits } from '../src/bench/accuracy/agreement.ts';
import * as v from 'valibot';
import {
  HubCatalogSchema,
  variantFileName,
  type Catalog,
  type CatalogEntry,
  type Dtype,
  type VariantInfo,
} from '../src/shared/catalog.ts';
import { generateEncoderWeights, type EncoderConfig, type EncoderWeights } from './fixtures/encoder-weights.ts';
import { DISTILL_SEQUENCE_LENGTH, encodeTexts, fitHeads, runOnce } from './fixtures/heads.ts';
import { buildEncoderGraph, type LinearKind } from './fixtures/encoder-graph.ts';
import { buildTokenizerFiles, buildVocabulary } from './fixtures/tokenizer.ts';
import { writeDecoderFixture } from './fixtures/decoder-fixture.ts';
import { writeDatasetMirror } from './fixtures/datasets.ts';
import { buildOddExports } from './fixtures/odd-exports.ts';

/** Bump when the builder's output changes, so `--if-missing` rebuilds stale mirrors. */
export const BUILDER_VERSION = '17';
export const FIXTURE_SEED = 20261121;
export const EVAL_SEQUENCE_LENGTH = 128;

export const ENCODER_CONFIG: EncoderConfig = {
  vocabSize: 512,
  hidden: 128,
  layers: 4,
  heads: 4,
  intermediate: 512,
  maxPositions: 512,
  labels: [...LANGUAGES],
};

interface FixtureSpec {
  id: string;
  name: string;
  family: CatalogEntry['family'];
  description: string;
  weights: EncoderWeights;
  dtypes: Dtype[];
  baseModel?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_MIRROR = path.join(here, 'mirror');
export const HUB_CATALOG = path.join(here, 'catalog.json');

function countParameters(w: EncoderWeights): number {
  const lin = (l: { w: Float32Array; b: Float32Array }) => l.w.length + l.b.length;
  const norm = (n: { gamma: Float32Array }) => 2 * n.gamma.length;
  let total = w.wordEmb.length + w.posEmb.length + norm(w.embNorm) + lin(w.pooler) + lin(w.classifier);
  for (const l of w.layers)
    total += lin(l.q) + lin(l.k) + lin(l.v) + lin(l.o) + lin(l.ff1) + lin(l.ff2) + norm(l.attnNorm) + norm(l.ffNorm);
  return total;
}

function hfConfig(config: EncoderConfig, layers: number): object {
  return {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    vocab_size: config.vocabSize,
    hidden_size: config.hidden,
    num_hidden_layers: layers,
    num_attention_heads: config.heads,
    intermediate_size: config.intermediate,
    max_position_embeddings: config.maxPositions,
    hidden_act: 'gelu',
    id2label: Object.fromEntries(config.labels.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(config.labels.map((l, i) => [l, i])),
    pad_token_id: 0,
  };
}

async function writeFixture(
  outDir: string,
  spec: FixtureSpec,
  tokenizerFiles: { tokenizer: object; config: object },
  feeds: Record<string, ort.Tensor>,
  reference: { label: string; logits: Float32Array } | null,
): Promise<{ entry: CatalogEntry; fp32Logits: Float32Array }> {
  const dir = path.join(outDir, spec.id);
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(hfConfig(ENCODER_CONFIG, spec.weights.layers.length), null, 2));
  await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerFiles.tokenizer));
  await writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerFiles.config, null, 2));
  const variants: VariantInfo[] = [];
  let fp32Logits: Float32Array | null = null;
  for (const dtype of spec.dtypes) {
    const kind: LinearKind = dtype === 'fp32' ? 'fp32' : dtype === 'int8' ? 'int8' : 'q4';
    const bytes = buildEncoderGraph(ENCODER_CONFIG, spec.weights, kind, `${spec.name} (${dtype}), seed ${FIXTURE_SEED}`);
    const file = `onnx/${variantFileName(dtype)}`;
    await writeFile(path.join(dir, file), bytes);
    const [logits] = (await runOnce(bytes, feeds, ['logits'])) as [Float32Array];
    if (dtype === 'fp32') fp32Logits = logits;
    const ref = reference ?? (dtype === 'fp32' ? null : { label: `${spec.id} fp32`, logits: fp32Logits! });
    const agreement = ref
      ? { reference: ref.label, ...compareLogits(ref.logits, logits, ENCODER_CONFIG.labels.length) }
      : undefined;
    variants.push({ dtype, file, bytes: bytes.byteLength, ...(agreement ? { agreement } : {}) });
  }
  const entry: CatalogEntry = {
    id: spec.id,
    name: spec.name,
    task: 'text-classification',
    family: spec.family,
    source: 'local',
    parameters: countParameters(spec.weights),
    description: spec.description,
    labels: ENCODER_CONFIG.labels,
    maxPositions: ENCODER_CONFIG.maxPositions,
    vocabSize: ENCODER_CONFIG.vocabSize,
    licence: 'Apache-2.0 (built by TierLab)',
    provenance: `models/build.ts, builder v${BUILDER_VERSION}, seed ${FIXTURE_SEED}; agreement on ${SNIPPETS.length} bundled snippets at sequence ${EVAL_SEQUENCE_LENGTH} in onnxruntime-node`,
    sources: [],
    unverified: [],
    ...(spec.baseModel ? { baseModel: spec.baseModel } : {}),
    variants,
  };
  return { entry, fp32Logits: fp32Logits! };
}

/** Builds every fixture into `outDir` and returns the catalog written to `outDir/catalog.json`. */
export async function buildFixtures(outDir: string): Promise<Catalog> {
  const vocab = buildVocabulary(ENCODER_CONFIG.vocabSize);
  const tokenizerFiles = buildTokenizerFiles(vocab, ENCODER_CONFIG.maxPositions);
  const tokenizer = new PreTrainedTokenizer(tokenizerFiles.tokenizer as never, tokenizerFiles.config as never);
  const feeds = encodeTexts(
    tokenizer,
    SNIPPETS.map((s) => s.code),
    EVAL_SEQUENCE_LENGTH,
  );
  const heads = await fitHeads(ENCODER_CONFIG, generateEncoderWeights(ENCODER_CONFIG, FIXTURE_SEED), tokenizer);
  await rm(outDir, { recursive: true, force: true });

  const teacher = await writeFixture(
    outDir,
    {
      id: 'tierlab/tiny-code-encoder',
      name: 'Tiny code encoder (fixture)',
      family: 'teacher',
      description: `BERT-style programming-language classifier, ${ENCODER_CONFIG.layers} layers, hidden ${ENCODER_CONFIG.hidden}: seeded random body, linear-probe head trained on ${heads.samples} snippet windows`,
      weights: heads.teacher,
      dtypes: ['fp32', 'int8', 'q4'],
    },
    tokenizerFiles,
    feeds,
    null,
  );
  const student = await writeFixture(
    outDir,
    {
      id: 'tierlab/tiny-code-encoder-student',
      name: 'Tiny code encoder student (fixture)',
      family: 'distilled-student',
      description: `Half-depth student: every other teacher layer (${ENCODER_CONFIG.layers / 2}), head distilled from teacher logits on ${heads.samples} snippet windows at sequence ${DISTILL_SEQUENCE_LENGTH}`,
      weights: heads.student,
      dtypes: ['fp32', 'int8'],
      baseModel: 'tierlab/tiny-code-encoder',
    },
    tokenizerFiles,
    feeds,
    { label: 'tierlab/tiny-code-encoder fp32', logits: teacher.fp32Logits },
  );
  const prompts = SNIPPETS.map((snippet) => tokenizer.encode(snippet.code).slice(0, 32));
  const decoder = await writeDecoderFixture(
    outDir,
    ENCODER_CONFIG.vocabSize,
    FIXTURE_SEED + 1,
    tokenizerFiles,
    prompts,
    `models/build.ts, builder v${BUILDER_VERSION}, seed ${FIXTURE_SEED + 1}; agreement of last-position logits on ${prompts.length} 32-token snippet prompts in onnxruntime-node`,
  );
  await writeBrokenFixtures(outDir);
  await writeOddExports(outDir);
  await writeDatasetMirror(outDir);
  return writeCatalog(outDir, [teacher.entry, student.entry, decoder]);
}

/**
 * Two deliberately broken models for error tests, kept out of the catalog (they load only by id): one whose
 * onnx/model.onnx is an HTML error page, one with config and tokenizer but no ONNX files at all.
 */
async function writeBrokenFixtures(outDir: string): Promise<void> {
  const source = path.join(outDir, 'tierlab/tiny-code-encoder');
  for (const [id, withModel] of [
    ['tierlab-tests/corrupt-encoder', true],
    ['tierlab-tests/missing-weights', false],
  ] as const) {
    const dir = path.join(outDir, id);
    await mkdir(path.join(dir, 'onnx'), { recursive: true });
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      await writeFile(path.join(dir, file), await readFile(path.join(source, file)));
    }
    if (withModel) await writeFile(path.join(dir, 'onnx/model.onnx'), '<!DOCTYPE html><html><body>Internal error</body></html>');
  }
}

/** Small models shaped like odd exports (fixed dims, KV cache, hidden vocabularies, other LayerNorms), out of the catalog. */
async function writeOddExports(outDir: string): Promise<void> {
  const dir = path.join(outDir, 'tierlab-tests/odd');
  await mkdir(dir, { recursive: true });
  for (const odd of buildOddExports()) await writeFile(path.join(dir, `${odd.name}.onnx`), odd.bytes);
}

/** Reads the hand-written Hub catalog (models/catalog.json), validated. */
export async function readHubCatalog(file = HUB_CATALOG): Promise<CatalogEntry[]> {
  const parsed = v.safeParse(HubCatalogSchema, JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new Error(`${file}: ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  }
  return parsed.output.entries;
}

/** Writes the served catalog: the fixtures first, then the Hub entries, as one list the app reads. */
async function writeCatalog(outDir: string, fixtures: CatalogEntry[]): Promise<Catalog> {
  const catalog: Catalog = {
    catalogVersion: 1,
    builderVersion: BUILDER_VERSION,
    entries: [...fixtures, ...(await readHubCatalog())],
  };
  await writeFile(path.join(outDir, 'catalog.json'), JSON.stringify(catalog, null, 2));
  return catalog;
}

/** The fixture entries of a mirror built by this builder version, or null when it must be rebuilt. */
async function currentFixtures(outDir: string): Promise<CatalogEntry[] | null> {
  try {
    const catalog = JSON.parse(await readFile(path.join(outDir, 'catalog.json'), 'utf8')) as Catalog;
    return catalog.builderVersion === BUILDER_VERSION ? catalog.entries.filter((e) => e.source === 'local') : null;
  } catch {
    return null;
  }
}

async function main(argv: string[]): Promise<void> {
  const outArg = argv[argv.indexOf('--out') + 1];
  const outDir = argv.includes('--out') && outArg ? path.resolve(outArg) : DEFAULT_MIRROR;
  const fixtures = argv.includes('--if-missing') ? await currentFixtures(outDir) : null;
  if (fixtures) {
    // Fixtures are current; the Hub entries may have changed, so the served catalog is always rewritten.
    await writeCatalog(outDir, fixtures);
    console.log(`fixture models are current in ${path.relative(process.cwd(), outDir) || outDir}; catalog refreshed`);
    return;
  }
  const started = performance.now();
  const catalog = await buildFixtures(outDir);
  for (const entry of catalog.entries.filter((e) => e.source === 'local')) {
    for (const v of entry.variants) {
      const a = v.agreement;
      const fidelity = a
        ? `argmax ${(a.argmaxAgreement * 100).toFixed(0)}%, cosine min ${a.cosineMin.toFixed(4)} vs ${a.reference}`
        : 'reference';
      console.log(`${entry.id} ${v.dtype.padEnd(5)} ${(v.bytes / 1024).toFixed(0).padStart(6)} KiB  ${fidelity}`);
    }
  }
  const hub = catalog.entries.length - catalog.entries.filter((e) => e.source === 'local').length;
  console.log(
    `built in ${((performance.now() - started) / 1000).toFixed(1)} s -> ${outDir} (catalog also lists ${hub} Hub models)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main(process.argv.slice(2));
}
