// Refuses a float16 transformers.js variant on a WebGPU adapter without shader-f16 (inference worker), before anything
// downloads: transformers.js 4.3.1 checks its fp16 dtype alone (src/models/session.js, "The device (webgpu) does not
// support fp16.") and lets q4f16 through to fail at the first run with ORT's shader text.
import { type AdapterInfoLike, describeAdapter, halfPrecisionRefusal } from '../../shared/adapter-info.ts';
import type { Dtype } from '../../shared/catalog.ts';
import { AdapterFeatureError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';

/** The dtypes whose files compute in float16 (transformers.js's _fp16 and _q4f16 files). */
export const HALF_DTYPES: ReadonlySet<Dtype> = new Set(['fp16', 'q4f16']);

/** The part of navigator.gpu this check uses. */
export interface GpuLike {
  requestAdapter(): Promise<{ features: ReadonlySet<string>; info: AdapterInfoLike } | null>;
}

/** Throws AdapterFeatureError for a float16 dtype on WebGPU when the adapter lacks shader-f16; otherwise returns. A
 *  missing adapter is left to the load itself, which reports WebGPU as unavailable. */
export async function refuseHalfWithoutF16(device: Backend, dtype: Dtype, gpu: GpuLike | undefined): Promise<void> {
  if (device !== 'webgpu' || !HALF_DTYPES.has(dtype) || !gpu) return;
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (adapter && !adapter.features.has('shader-f16'))
    throw new AdapterFeatureError(halfPrecisionRefusal(describeAdapter(adapter.info, adapter.features)));
}
