// Decides before a download whether a model can fit this device (pure; runs everywhere).
import type { Backend } from './run-plan.ts';

const GIB = 1024 ** 3;
/** Protocol buffers cap one .onnx file at 2 GiB; bigger weights must sit in .onnx_data files. */
export const PROTOBUF_LIMIT = 2 * GIB;
/** 32-bit WebAssembly addresses at most 4 GiB, which the CPU backend's weights must fit in. */
export const WASM_MEMORY_LIMIT = 4 * GIB;
/** Share of the device's reported memory a model may take before TierLab refuses it. */
export const DEVICE_MEMORY_SHARE = 0.5;

export interface ModelSize {
  /** Bytes of the .onnx file itself. */
  graphBytes: number;
  /** Bytes of its external data, if any. */
  externalDataBytes: number;
}

/** Why this model would not fit, or null when it should. `deviceMemoryGb` is navigator.deviceMemory (bucketed). */
export function tooLargeReason(size: ModelSize, backend: Backend, deviceMemoryGb: number | null): string | null {
  const total = size.graphBytes + size.externalDataBytes;
  const gb = (n: number) => `${(n / 1e9).toFixed(1)} GB`;
  if (size.graphBytes > PROTOBUF_LIMIT)
    return `its .onnx file is ${gb(size.graphBytes)}, over the 2 GiB an ONNX graph file can hold`;
  if (backend === 'wasm' && total > WASM_MEMORY_LIMIT) {
    return `its weights are ${gb(total)}, more than the 4 GiB WebAssembly can address; try WebGPU or a smaller variant`;
  }
  if (deviceMemoryGb !== null && total > deviceMemoryGb * 1e9 * DEVICE_MEMORY_SHARE) {
    return `its weights are ${gb(total)}, over half of the ${deviceMemoryGb} GB this device reports; pick a smaller variant`;
  }
  return null;
}
