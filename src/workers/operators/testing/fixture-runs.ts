// Test helpers for the operators lab (Node, onnxruntime-node): the fixture encoder, feeds for the labelled language
// set through its own tokenizer, and a runner that returns the logits.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { LANGUAGE_ID_SET } from '../../../shared/datasets/language-id-set.ts';
import { snippetsFor } from '../../../shared/snippets.ts';

const mirror = path.resolve(import.meta.dirname, '../../../../models/mirror/tierlab');
export const SEQ = 64;

export async function fixtureModel(file = 'model.onnx', repo = 'tiny-code-encoder'): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path.join(mirror, repo, 'onnx', file)));
}

async function encode(texts: string[]): Promise<Record<string, ort.Tensor>> {
  const dir = path.join(mirror, 'tiny-code-encoder');
  const tokenizer = new PreTrainedTokenizer(
    JSON.parse(await readFile(path.join(dir, 'tokenizer.json'), 'utf8')) as never,
    JSON.parse(await readFile(path.join(dir, 'tokenizer_config.json'), 'utf8')) as never,
  );
  const enc = tokenizer(texts, { padding: 'max_length', truncation: true, max_length: SEQ });
  const dims = [texts.length, SEQ];
  return {
    input_ids: new ort.Tensor('int64', enc.input_ids.data as BigInt64Array, dims),
    attention_mask: new ort.Tensor('int64', enc.attention_mask.data as BigInt64Array, dims),
  };
}

/** The labelled language set (or its first `limit` rows), tokenized for the fixture encoder. */
export async function languageFeeds(limit?: number): Promise<{ feeds: Record<string, ort.Tensor>; labels: string[] }> {
  const rows = LANGUAGE_ID_SET.slice(0, limit);
  return { feeds: await encode(rows.map((r) => r.text)), labels: rows.map((r) => r.label) };
}

/** The bundled benchmark snippets of every language (the calibration set; none is in the labelled set). */
export async function snippetFeeds(limit?: number): Promise<Record<string, ort.Tensor>> {
  return encode(
    snippetsFor('mixed')
      .slice(0, limit)
      .map((s) => s.code),
  );
}

/** Runs `model` on `feeds` and returns its first output (the logits) and their width. */
export async function logits(
  model: Uint8Array,
  feeds: Record<string, ort.Tensor>,
): Promise<{ data: Float32Array; width: number }> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  try {
    const out = await session.run(feeds);
    const first = out[session.outputNames[0] as string] as ort.Tensor;
    return { data: first.data as Float32Array, width: first.dims.at(-1) as number };
  } finally {
    await session.release();
  }
}
