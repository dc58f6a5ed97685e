// The one onnxruntime-web instance of the bundle (inference worker): the build transformers.js uses, wasm from our origin.
// Import this module before @huggingface/transformers: transformers sets CDN wasm paths when none are set.
import * as ort from 'onnxruntime-web/webgpu';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href };
// We already run in a worker: ORT's own proxy worker would add a hop to every call.
ort.env.wasm.proxy = false;

/** Sets the WASM thread count; only effective before the first session is created. */
export function configureThreads(threads: number): void {
  ort.env.wasm.numThreads = threads;
}

export { ort };
