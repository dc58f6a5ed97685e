// The one onnxruntime-web instance of this worker (inference worker): the build the run needs (shared/ort-build.ts),
// loaded on first use with its wasm from our origin, and handed to transformers.js too, so no run downloads two
// runtimes. A worker keeps its build: the client starts a new worker for a run that needs another one.
import { OrtBuildError } from '../../shared/errors.ts';
import type * as Ort from 'onnxruntime-web';
import type { OrtBuild, OrtBuildInfo } from '../../shared/ort-build.ts';
import type { Backend } from '../../shared/run-plan.ts';
import { STARTUP_MODEL } from './startup-model.ts';
// First, so the runtime's stdout goes through the wrapper that profiled passes read (ort-stdout.ts).
import './ort-stdout.ts';
// URLs only: importing these downloads nothing; the build's own loader fetches the one it needs.
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import jspiUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jspi.wasm?url';
import asyncifyUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

export type OrtApi = typeof Ort;

const BUILDS: Record<OrtBuild, { load: () => Promise<OrtApi>; wasm: string }> = {
  wasm: { load: () => import('onnxruntime-web/wasm'), wasm: wasmUrl },
  jspi: { load: () => import('onnxruntime-web/jspi'), wasm: jspiUrl },
  asyncify: { load: () => import('onnxruntime-web/webgpu'), wasm: asyncifyUrl },
};

/** Where transformers.js finds this instance: its import of onnxruntime-web is bundled as a module that reads it
 *  (vite.config.ts, transformersUsesWorkerOrt). */
const ORT_SYMBOL = Symbol.for('tierlab.onnxruntime');

let loaded: { build: OrtBuild; api: OrtApi; wasmUrl: string } | null = null;

/** Loads `build` with `threads` WASM threads (once per worker; asking for another build is a bug in the caller). */
export async function loadOrt(build: OrtBuild, threads: number): Promise<OrtApi> {
  if (loaded) {
    if (loaded.build !== build)
      throw new OrtBuildError(`this worker runs the ${loaded.build} build of onnxruntime-web, not ${build}; start a new worker`);
    return loaded.api;
  }
  const { load, wasm } = BUILDS[build];
  const api = await load();
  const url = new URL(wasm, self.location.href).href;
  api.env.wasm.wasmPaths = { wasm: url };
  // We already run in a worker: ORT's own proxy worker would add a hop to every call.
  api.env.wasm.proxy = false;
  api.env.wasm.numThreads = threads;
  (globalThis as Record<symbol, unknown>)[ORT_SYMBOL] = api;
  loaded = { build, api, wasmUrl: url };
  return api;
}

/** The loaded ORT instance; loadOrt() comes first (the worker's init does it). */
export function ort(): OrtApi {
  if (!loaded) throw new OrtBuildError('onnxruntime-web is not loaded yet: call init() first');
  return loaded.api;
}

/** Which build this worker loaded and what its wasm cost, from the browser's resource timing of that file; where the
 *  browser gives no size (Firefox and WebKit give a worker's wasm fetch none), the size of the file this build ships. */
export function ortBuildInfo(): OrtBuildInfo | null {
  if (!loaded) return null;
  const url = loaded.wasmUrl;
  const entry = performance.getEntriesByType('resource').find((e) => e.name === url) as PerformanceResourceTiming | undefined;
  const shipped = typeof __ORT_WASM_BYTES__ === 'object' ? (__ORT_WASM_BYTES__[loaded.build] ?? null) : null;
  return {
    name: loaded.build,
    wasmBytes: entry && entry.decodedBodySize > 0 ? entry.decodedBodySize : shipped,
    transferBytes: entry ? entry.transferSize : null,
  };
}

const startups = new Map<Backend, Promise<number | null>>();

/**
 * Starts onnxruntime-web's `backend` in this worker once (wasm compile, thread pool, and for WebGPU the device) by
 * opening and running a one-node model, and says how long that took in ms: the one-time cost a first session would
 * otherwise hide in its creation time. Null when the start-up model could not run (the real session then reports why).
 */
export function startRuntime(backend: Backend): Promise<number | null> {
  let started = startups.get(backend);
  if (!started) {
    started = (async () => {
      const api = ort();
      const t0 = performance.now();
      try {
        const session = await api.InferenceSession.create(STARTUP_MODEL, { executionProviders: [backend] });
        const x = new api.Tensor('float32', new Float32Array([1]), [1]);
        const out = await session.run({ x });
        for (const t of Object.values(out)) t.dispose();
        x.dispose();
        await session.release();
        return performance.now() - t0;
      } catch {
        return null;
      }
    })();
    startups.set(backend, started);
  }
  return started;
}
