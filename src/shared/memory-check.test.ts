import { describe, expect, it } from 'vitest';
import { tooLargeReason } from './memory-check.ts';

const GB = 1e9;

describe('model size check before download', () => {
  it('lets a small model through', () => {
    expect(tooLargeReason({ graphBytes: 334e6, externalDataBytes: 0 }, 'wasm', 8)).toBeNull();
    expect(tooLargeReason({ graphBytes: 334e6, externalDataBytes: 0 }, 'wasm', null)).toBeNull();
  });

  it('refuses a single .onnx file over 2 GiB', () => {
    expect(tooLargeReason({ graphBytes: 2.5 * GB, externalDataBytes: 0 }, 'webgpu', 32)).toMatch(/2 GiB an ONNX graph file/);
  });

  it('refuses weights over 4 GiB on WASM but not on WebGPU', () => {
    const qwenFp32 = { graphBytes: 532e3, externalDataBytes: 7.13 * GB };
    expect(tooLargeReason(qwenFp32, 'wasm', 32)).toMatch(/4 GiB WebAssembly/);
    expect(tooLargeReason(qwenFp32, 'webgpu', 32)).toBeNull();
  });

  it('refuses a model over half the reported device memory', () => {
    expect(tooLargeReason({ graphBytes: 1.8 * GB, externalDataBytes: 0 }, 'webgpu', 2)).toMatch(/half of the 2 GB/);
    expect(tooLargeReason({ graphBytes: 1.8 * GB, externalDataBytes: 0 }, 'webgpu', 8)).toBeNull();
  });
});
