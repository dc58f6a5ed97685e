import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphFacts } from '../inputs/graph-facts.ts';
import { assertLooksLikeOnnx, readGraph } from './inspect.ts';

const mirror = path.resolve(import.meta.dirname, '../../../models/mirror');

describe('ONNX inspection', () => {
  it('accepts a real model and finds its vocabulary through the embedding Gather', async () => {
    const bytes = new Uint8Array(await readFile(path.join(mirror, 'tierlab/tiny-code-encoder/onnx/model_int8.onnx')));
    expect(() => assertLooksLikeOnnx(bytes, 'model')).not.toThrow();
    const inputs = [
      { name: 'input_ids', type: 'int64' },
      { name: 'attention_mask', type: 'int64' },
    ];
    const facts = graphFacts(bytes, inputs);
    expect([...facts.tables.keys()]).toEqual(['input_ids']);
    expect(facts.tables.get('input_ids')?.map((u) => u.rows)).toEqual([512]);
    expect(readGraph(bytes).nodes.some((n) => n.op === 'Gather')).toBe(true);
  });

  it('refuses HTML, JSON, zip and short files with their first bytes', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(() => assertLooksLikeOnnx(text('<!DOCTYPE html><html><body>404</body></html>'), 'm.onnx')).toThrow(
      /m\.onnx is not an ONNX model: its first bytes were "<!DOCTYPE html><html><bo"/,
    );
    expect(() => assertLooksLikeOnnx(text('{"error":"Repository not found"}'), 'x')).toThrow(/first bytes were "\{"error"/);
    expect(() => assertLooksLikeOnnx(text('PK\u0003\u0004 zipped weights here....'), 'x')).toThrow(/NotOnnx|not an ONNX/);
    expect(() => assertLooksLikeOnnx(new Uint8Array([8, 1]), 'x')).toThrow(/only 2 bytes/);
  });

  it('refuses a truncated model', async () => {
    const bytes = new Uint8Array(await readFile(path.join(mirror, 'tierlab/tiny-code-encoder/onnx/model.onnx')));
    expect(() => assertLooksLikeOnnx(bytes.subarray(0, 5000), 'cut.onnx')).toThrow(/no graph found/);
  });
});
