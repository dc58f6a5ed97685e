import { describe, expect, it } from 'vitest';
import { refuseHalfWithoutF16, type GpuLike } from './half-precision.ts';

const info = { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader' };
const gpu = (features: string[]): GpuLike => ({ requestAdapter: async () => ({ features: new Set(features), info }) });

describe('refuseHalfWithoutF16', () => {
  it('refuses fp16 and q4f16 on WebGPU without shader-f16, naming the adapter and what to do', async () => {
    for (const dtype of ['fp16', 'q4f16'] as const) {
      const refused = refuseHalfWithoutF16('webgpu', dtype, gpu(['timestamp-query']));
      await expect(refused).rejects.toMatchObject({ name: 'AdapterFeatureError' });
      await expect(refused).rejects.toThrow(/google swiftshader\) has no shader-f16.*run it on WASM/);
    }
  });

  it('lets through an adapter with shader-f16, other dtypes, WASM, and a browser with no adapter', async () => {
    await expect(refuseHalfWithoutF16('webgpu', 'fp16', gpu(['shader-f16']))).resolves.toBeUndefined();
    await expect(refuseHalfWithoutF16('webgpu', 'q4', gpu([]))).resolves.toBeUndefined();
    await expect(refuseHalfWithoutF16('wasm', 'fp16', gpu([]))).resolves.toBeUndefined();
    await expect(refuseHalfWithoutF16('webgpu', 'fp16', { requestAdapter: async () => null })).resolves.toBeUndefined();
    await expect(refuseHalfWithoutF16('webgpu', 'fp16', undefined)).resolves.toBeUndefined();
  });
});
