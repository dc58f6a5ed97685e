import { describe, expect, it } from 'vitest';
import { cacheable, keepRequest, keepTarget, strategyFor, type RequestLike } from './strategy.ts';

const origin = 'https://tierlab.example';
function req(path: string, init: { method?: string; mode?: string; headers?: Record<string, string> } = {}): RequestLike {
  const headers = new Headers(init.headers);
  return { method: init.method ?? 'GET', url: new URL(path, origin).href, mode: init.mode ?? 'cors', headers };
}
const res = (status: number, headers: Record<string, string> = {}, type = 'basic') => ({
  status,
  type,
  headers: new Headers(headers),
});

describe('strategyFor', () => {
  it('leaves the API, the worker itself, other methods and other origins to the network', () => {
    expect(strategyFor(req('/api/results', { method: 'POST' }), origin)).toBe('pass');
    expect(strategyFor(req('/api/results'), origin)).toBe('pass');
    expect(strategyFor(req('/sw.js'), origin)).toBe('pass');
    expect(strategyFor(req('/sw-manifest.json'), origin)).toBe('pass');
    expect(strategyFor(req('https://huggingface.co/x/resolve/main/config.json'), origin)).toBe('pass');
  });

  it('sends byte ranges to the network, whatever the path (transformers.js probes with bytes=0-0)', () => {
    const probe = { headers: { range: 'bytes=0-0' } };
    expect(strategyFor(req('/hub/tierlab/tiny-code-decoder/resolve/main/tokenizer_config.json', probe), origin)).toBe('range');
    expect(strategyFor(req('/assets/ort-wasm-simd-threaded.wasm', probe), origin)).toBe('range');
    expect(strategyFor(req('/pyodide/python_stdlib.zip', probe), origin)).toBe('range');
  });

  it('routes pages, Pyodide, the model mirror and the shell', () => {
    expect(strategyFor(req('/?model=x', { mode: 'navigate' }), origin)).toBe('navigate');
    expect(strategyFor(req('/pyodide/pyodide.asm.wasm'), origin)).toBe('cache-first');
    expect(strategyFor(req('/hub/tierlab/tiny-code-decoder/resolve/main/config.json'), origin)).toBe('network-first');
    expect(strategyFor(req('/models/catalog.json'), origin)).toBe('network-first');
    expect(strategyFor(req('/datasets-server/rows?x=1'), origin)).toBe('network-first');
    expect(strategyFor(req('/assets/index-abc.js'), origin)).toBe('asset');
    expect(strategyFor(req('/assets/ort-wasm-simd-threaded-4byDm7i3.wasm'), origin)).toBe('asset');
    expect(strategyFor(req('/manifest.webmanifest'), origin)).toBe('shell');
    expect(strategyFor(req('/sandbox/frame.html'), origin)).toBe('shell');
  });
});

describe('cacheable', () => {
  it('keeps complete same-origin answers only', () => {
    expect(cacheable(res(200))).toBe(true);
    expect(cacheable(res(200, { vary: 'Accept-Encoding' }))).toBe(true);
    // Cache.put rejects a 206; a rejected put once failed a first visit's model load.
    expect(cacheable(res(206, { 'content-range': 'bytes 0-0/215' }))).toBe(false);
    expect(cacheable(res(200, { 'content-range': 'bytes 0-0/215' }))).toBe(false);
    expect(cacheable(res(404))).toBe(false);
    expect(cacheable(res(0, {}, 'opaque'))).toBe(false);
    expect(cacheable(res(200, { vary: 'Origin, *' }))).toBe(false);
  });
});

describe('keepTarget and keepRequest', () => {
  it('keeps build files in the shell cache and models, the mirror and Pyodide in the runtime cache', () => {
    expect(keepTarget(`${origin}/assets/ort-wasm-simd-threaded-4byDm7i3.wasm`, origin)).toBe('shell');
    expect(keepTarget(`${origin}/assets/ort.wasm.bundle.min-Ab12.js`, origin)).toBe('shell');
    expect(keepTarget(`${origin}/models/tierlab/tiny-code-encoder/onnx/model_int8.onnx`, origin)).toBe('runtime');
    expect(keepTarget(`${origin}/hub/tierlab/tiny-code-decoder/resolve/main/config.json`, origin)).toBe('runtime');
    expect(keepTarget(`${origin}/pyodide/pyodide.asm.wasm`, origin)).toBe('runtime');
  });

  it('keeps nothing from another origin, the API, the worker itself or an address that is not one', () => {
    expect(keepTarget('https://evil.example/assets/x.js', origin)).toBeNull();
    expect(keepTarget(`${origin}/api/results`, origin)).toBeNull();
    expect(keepTarget(`${origin}/sw.js`, origin)).toBeNull();
    expect(keepTarget(`${origin}/index.html`, origin)).toBeNull();
    expect(keepTarget('not a url', origin)).toBeNull();
  });

  it('reads only a keep message of at most 200 strings', () => {
    expect(keepRequest({ kind: 'keep', urls: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(keepRequest({ kind: 'keep', urls: [1] })).toBeNull();
    expect(keepRequest({ kind: 'keep', urls: Array(201).fill('a') })).toBeNull();
    expect(keepRequest({ kind: 'keep', urls: ['x'.repeat(2001)] })).toBeNull();
    expect(keepRequest({ kind: 'other' })).toBeNull();
    expect(keepRequest(null)).toBeNull();
  });
});
