// Pieces both runtime adapters share (inference worker): metadata records, the GPU device ORT obtained, timed runs.
import { DeviceLostError, InferenceError } from '../shared/errors.ts';
import type { TensorInfo } from '../shared/run-result.ts';
import { ort } from './ort/ort-env.ts';

/** Input or output metadata of an ORT session as plain records. */
export function tensorInfo(meta: readonly ort.InferenceSession.ValueMetadata[] | undefined): TensorInfo[] {
  return (meta ?? []).map((m) =>
    m.isTensor
      ? { name: m.name, type: m.type, shape: m.shape.map((d) => (typeof d === 'number' ? d : String(d))) }
      : { name: m.name, type: 'non-tensor', shape: [] },
  );
}

/** The GPU device ORT's WebGPU backend created, or null when it has none (within 2 s). */
export async function obtainedGpuDevice(): Promise<GPUDevice | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000));
  try {
    return await Promise.race([ort.env.webgpu.device as Promise<GPUDevice>, timeout]);
  } catch {
    return null;
  }
}

const LOST = 'the GPU device was lost during the run; reload the page to get a new one';

/**
 * Times `count` calls of `runOnce` (one inference including reading its outputs back), in ms; a failure becomes
 * DeviceLostError when `isLost` says the GPU went away, else InferenceError naming the batch size.
 */
export async function timeRuns(
  batchSize: number,
  count: number,
  runOnce: () => Promise<void>,
  isLost: () => boolean,
): Promise<Float64Array> {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (isLost()) throw new DeviceLostError(LOST);
    const t0 = performance.now();
    try {
      await runOnce();
    } catch (err) {
      if (isLost()) throw new DeviceLostError(LOST);
      throw new InferenceError(`inference failed at batch ${batchSize}: ${err instanceof Error ? err.message : String(err)}`);
    }
    times[i] = performance.now() - t0;
  }
  return times;
}
