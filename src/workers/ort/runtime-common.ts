// Pieces the runtime adapters share (inference worker): metadata records, the GPU device ORT obtained, timed runs.
import { DeviceLostError, InferenceError } from '../../shared/errors.ts';
import type { TensorInfo } from '../../shared/run-result.ts';
import type { TimedRuns } from '../../bench/protocol.ts';
import type * as Ort from 'onnxruntime-web';
import { ort } from './ort-env.ts';

/** Input or output metadata of an ORT session as plain records. */
export function tensorInfo(meta: readonly Ort.InferenceSession.ValueMetadata[] | undefined): TensorInfo[] {
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
    return await Promise.race([ort().env.webgpu.device as Promise<GPUDevice>, timeout]);
  } catch {
    return null;
  }
}

const LOST = 'the GPU device was lost during the run; reload the page to get a new one';

/** How long a failed run waits for GPUDevice.lost to settle before the failure is called an inference error. */
export const LOSS_SETTLE_MS = 250;

async function timed<T>(batchSize: number, run: () => Promise<T>, isLost: () => boolean): Promise<T> {
  if (isLost()) throw new DeviceLostError(LOST);
  try {
    return await run();
  } catch (err) {
    // A run in flight when the device goes fails first (mapAsync: "Buffer was unmapped before mapping was resolved")
    // and device.lost settles a moment later: give it that moment, or a lost device reads as a broken model.
    if (!isLost()) await new Promise((resolve) => setTimeout(resolve, LOSS_SETTLE_MS));
    if (isLost()) throw new DeviceLostError(LOST);
    throw new InferenceError(`inference failed at batch ${batchSize}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

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
  // One clock read per boundary: the end of one run is the start of the next.
  let t0 = performance.now();
  for (let i = 0; i < count; i++) {
    await timed(batchSize, runOnce, isLost);
    const t1 = performance.now();
    times[i] = t1 - t0;
    t0 = t1;
  }
  return times;
}

/**
 * As timeRuns for generate() calls: `runOnce` resolves to the performance.now() at which its first token was chosen,
 * giving each run's total time and time to first token.
 */
export async function timeGenerations(
  batchSize: number,
  count: number,
  runOnce: () => Promise<number>,
  isLost: () => boolean,
): Promise<TimedRuns> {
  const totalMs = new Float64Array(count);
  const firstTokenMs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const first = await timed(batchSize, runOnce, isLost);
    totalMs[i] = performance.now() - t0;
    firstTokenMs[i] = first - t0;
  }
  return { totalMs, firstTokenMs };
}
