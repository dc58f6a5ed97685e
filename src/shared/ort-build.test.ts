import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ORT_BUILD_FILES, OrtBuildInfoSchema, ortBuildFor, ortBuildOfPath } from './ort-build.ts';

describe('ortBuildFor', () => {
  it('gives WASM runs the plain build, with or without JSPI', () => {
    expect(ortBuildFor('wasm', true)).toBe('wasm');
    expect(ortBuildFor('wasm', false)).toBe('wasm');
  });

  it('gives WebGPU runs the JSPI build where the browser has JSPI, else asyncify', () => {
    expect(ortBuildFor('webgpu', true)).toBe('jspi');
    expect(ortBuildFor('webgpu', false)).toBe('asyncify');
  });

  it('names each build by the file onnxruntime-web ships', () => {
    expect(Object.values(ORT_BUILD_FILES)).toEqual([
      'ort-wasm-simd-threaded.wasm',
      'ort-wasm-simd-threaded.jspi.wasm',
      'ort-wasm-simd-threaded.asyncify.wasm',
    ]);
  });

  it('accepts measured sizes and refuses made-up builds', () => {
    expect(v.safeParse(OrtBuildInfoSchema, { name: 'jspi', wasmBytes: 16_811_691, transferBytes: 0 }).success).toBe(true);
    expect(v.safeParse(OrtBuildInfoSchema, { name: 'wasm', wasmBytes: null, transferBytes: null }).success).toBe(true);
    expect(v.safeParse(OrtBuildInfoSchema, { name: 'jsep', wasmBytes: 1, transferBytes: 1 }).success).toBe(false);
    expect(v.safeParse(OrtBuildInfoSchema, { name: 'wasm', wasmBytes: -1, transferBytes: 1 }).success).toBe(false);
  });
});

describe('ortBuildOfPath', () => {
  it('tells each build by its wasm and its JavaScript as Vite names them', () => {
    expect(ortBuildOfPath('/assets/ort-wasm-simd-threaded-4byDm7i3.wasm')).toBe('wasm');
    expect(ortBuildOfPath('/assets/ort-wasm-simd-threaded.jspi-CP6SXO_B.wasm')).toBe('jspi');
    expect(ortBuildOfPath('/assets/ort-wasm-simd-threaded.asyncify-CxOG5pUO.wasm')).toBe('asyncify');
    expect(ortBuildOfPath('/assets/ort.wasm.bundle.min-RVOx0hvm.js')).toBe('wasm');
    expect(ortBuildOfPath('/assets/ort.jspi.bundle.min-DrcZngLB.js')).toBe('jspi');
    expect(ortBuildOfPath('/assets/ort.webgpu.bundle.min-DyxWKGFa.js')).toBe('asyncify');
  });

  it('says null for everything else', () => {
    expect(ortBuildOfPath('/assets/index-Q5p6HJWh.js')).toBeNull();
    expect(ortBuildOfPath('/assets/transformers.web-cF5I_fop.js')).toBeNull();
    expect(ortBuildOfPath('/pyodide/pyodide.asm.wasm')).toBeNull();
    expect(ortBuildOfPath('/assets/ort-wasm-simd-threaded-4byDm7i3.wasm.br')).toBeNull();
  });
});
