import { describe, expect, it } from 'vitest';
import { cacheControlFor, IMMUTABLE, REVALIDATE } from './cache-policy.ts';

describe('cacheControlFor', () => {
  it('makes hashed assets immutable and revalidates everything named the same across builds', () => {
    expect(cacheControlFor('/assets/index-DV7OxGiy.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('/assets/ort-wasm-simd-threaded-CxOG5pUO.wasm')).toBe(IMMUTABLE);
    for (const p of ['/', '/index.html', '/sw.js', '/sw-manifest.json', '/sandbox/frame.html', '/pyodide/pyodide.asm.wasm'])
      expect(cacheControlFor(p), p).toBe(REVALIDATE);
    expect(cacheControlFor('/hub/tierlab/tiny-code-encoder/resolve/main/onnx/model.onnx')).toBe(REVALIDATE);
  });

  it('leaves the API to its routes', () => {
    expect(cacheControlFor('/api/results')).toBeNull();
  });
});
