import { describe, expect, it } from 'vitest';
import { filterFromQuery, filterToQuery, type ResultFilter } from './results-api.ts';

const parse = (q: string) => {
  const params = new URLSearchParams(q);
  return filterFromQuery((k) => params.get(k));
};

describe('result filter query', () => {
  it('round-trips every field', () => {
    const f: ResultFilter = {
      model: 'tierlab/tiny-code-encoder',
      variant: 'q8',
      backend: 'wasm',
      deviceClass: 'linux · chrome · cpu · 1-2 cores · 8+ GB',
      key: 'tierlab/tiny-code-encoder|q8|onnxruntime-web|wasm|seq128|max-length|mixed|tokenized|fwd',
      engine: 'webkit',
      batchSize: 8,
      includeFlagged: true,
    };
    expect(parse(filterToQuery(f).toString())).toEqual(f);
  });

  it('leaves empty values out and writes nothing for an empty filter', () => {
    expect(filterToQuery({ model: '', includeFlagged: false }).toString()).toBe('');
    expect(parse('')).toEqual({ includeFlagged: false });
  });

  it('ignores malformed batch sizes and overlong strings', () => {
    expect(parse('batch=-1').batchSize).toBeUndefined();
    expect(parse('batch=1e3').batchSize).toBeUndefined();
    expect(parse('batch=12345').batchSize).toBeUndefined();
    expect(parse(`model=${'a'.repeat(201)}`).model).toBeUndefined();
    expect(parse(`key=${'a'.repeat(400)}`).key).toHaveLength(400);
    expect(parse(`key=${'a'.repeat(401)}`).key).toBeUndefined();
    expect(parse('includeFlagged=1').includeFlagged).toBe(false);
    expect(parse('engine=trident').engine).toBeUndefined();
  });
});
