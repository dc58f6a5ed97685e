import { describe, expect, it } from 'vitest';
import { v8Markdown } from './v8-markdown.ts';
import type { V8Work } from './v8-trace.ts';

const work = (windowS: number, tierUp: number, gc: number): V8Work => ({
  windowS,
  ms: {
    'thread pool': { 'wasm-tier-up': tierUp, 'js-optimise': 0, gc },
    workers: { 'wasm-tier-up': 0, 'js-optimise': 0, gc: 0.01 },
    page: { 'wasm-tier-up': 0, 'js-optimise': 0, gc: 0 },
  },
});

describe('v8Markdown', () => {
  it('gives each kind of work per second of window, leaves out what neither side did, and totals', () => {
    const md = v8Markdown(work(10, 500, 20), work(20, 200, 0), ['__metadata', 'v8.wasm']);
    expect(md).toContain("| renderer's thread pool · WebAssembly tier-up (optimising compilation) | 50.0 | 10.0 |");
    expect(md).toContain("| renderer's thread pool · garbage collection | 2.0 | 0.0 |");
    expect(md).not.toContain('JavaScript optimisation (Maglev, TurboFan) |');
    expect(md).not.toContain('workers (inference worker and onnxruntime threads) · garbage collection |');
    expect(md).toContain('| all of the above | 52.0 | 10.0 |');
    expect(md).toContain('categories `v8.wasm`');
    expect(md).toContain('WebAssembly tier-up (50.0 against 10.0 ms/s)');
  });
});
