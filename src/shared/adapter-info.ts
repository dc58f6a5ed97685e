// Describes a GPU adapter for the record (runs on the main thread and in workers): vendor, architecture, software fallback.
import type { AdapterInfo } from './run-result.ts';

export const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|basic render|warp/i;

/** The fields of GPUAdapterInfo we read (isFallbackAdapter is newer and may be missing). */
export interface AdapterInfoLike {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter?: boolean;
}

/** Adapter description from a GPUAdapterInfo (device.adapterInfo or adapter.info); software renderers count as fallback. */
export function describeAdapter(info: AdapterInfoLike, features: Iterable<string>, isFallback?: boolean): AdapterInfo {
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
  return {
    vendor: info.vendor || 'unknown',
    architecture: info.architecture || 'unknown',
    device: info.device || '',
    description: info.description || '',
    isFallbackAdapter: Boolean(isFallback ?? info.isFallbackAdapter) || SOFTWARE_ADAPTER.test(text),
    features: [...features].sort(),
  };
}

/** Why a float16 model is refused on this adapter, in words a person can act on. */
export function halfPrecisionRefusal(adapter: AdapterInfo): string {
  const name = [adapter.vendor, adapter.architecture].filter((s) => s && s !== 'unknown').join(' ') || 'this GPU adapter';
  return (
    `this model computes in float16, and the GPU adapter (${name}) has no shader-f16 feature, so onnxruntime-web's ` +
    'WebGPU kernels cannot run it: run it on WASM, or choose an fp32, int8 or q4 variant for WebGPU'
  );
}
