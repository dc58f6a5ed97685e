// One home per concern: the timing loop, the varint reader, the batch-list parser and the error classes each live in
// one module, and nothing else in the product writes its own (tests may build their own fakes).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTestFile } from '../../build/lint/layers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function productFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return productFiles(rel);
    return /\.(ts|svelte)$/.test(e.name) && !isTestFile(rel) ? [rel] : [];
  });
}

const files = ['src', 'server'].flatMap(productFiles).map((f) => ({ f, text: readFileSync(path.join(root, f), 'utf8') }));
const where = (re: RegExp) => files.filter(({ text }) => re.test(text)).map(({ f }) => f);

describe('one home per concern', () => {
  it('runs the sampling protocol only through the timing loop', () => {
    expect(where(/\brunProtocol\(/)).toEqual(['src/bench/protocol.ts', 'src/workers/timing/time-batches.ts']);
  });

  it('reads varints only in the ONNX codec', () => {
    expect(where(/function\s+readVarint|& 0x7f\)\s*(<<|\*)/)).toEqual(['src/workers/onnx/protobuf.ts']);
  });

  it('parses batch-size lists only in run-plan.ts', () => {
    expect(where(/function\s+parseBatches/)).toEqual(['src/shared/run-plan.ts']);
    // The copy the operators lab had: split on commas, Number each, drop what is not a positive integer.
    expect(where(/\.split\(','\)\s*\.map\(\(\w+\) => Number\(/)).toEqual([]);
  });

  it('declares error classes only in src/shared/errors.ts', () => {
    // js-prelude.ts holds source text run inside a program's QuickJS realm (Node's AssertionError for the program's
    // require('assert')), not a class of the app.
    expect(where(/class \w+ extends (Error|TierLabError|HttpError)\b/)).toEqual([
      'src/shared/errors.ts',
      'src/workers/sandbox/js-prelude.ts',
    ]);
  });
});
