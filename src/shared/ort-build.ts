// Which onnxruntime-web build a run loads (pure, everywhere): the smallest one that has what the run needs. A WASM run
// needs no GPU code; a WebGPU run needs the GPU build, in its JSPI flavour where the browser can suspend wasm on
// promises (WebAssembly.Suspending, Chromium 137+) and in the larger asyncify flavour otherwise.
import * as v from 'valibot';
import type { Backend } from './run-plan.ts';

export const ORT_BUILDS = ['wasm', 'jspi', 'asyncify'] as const;
export type OrtBuild = (typeof ORT_BUILDS)[number];

/** The wasm file each build loads (onnxruntime-web's dist/ names; Vite adds a content hash). */
export const ORT_BUILD_FILES: Readonly<Record<OrtBuild, string>> = {
  wasm: 'ort-wasm-simd-threaded.wasm',
  jspi: 'ort-wasm-simd-threaded.jspi.wasm',
  asyncify: 'ort-wasm-simd-threaded.asyncify.wasm',
};

/** Which build a served runtime file belongs to (its wasm or its JavaScript, as Vite names them under /assets/), or
 *  null for any other path. */
export function ortBuildOfPath(path: string): OrtBuild | null {
  const m =
    /\/assets\/ort(?:-wasm-simd-threaded|\.(wasm|jspi|webgpu)\.bundle\.min)(\.jspi|\.asyncify)?-[\w-]+\.(?:wasm|js)$/.exec(path);
  if (!m) return null;
  if (m[1]) return m[1] === 'webgpu' ? 'asyncify' : (m[1] as OrtBuild);
  return m[2] === '.jspi' ? 'jspi' : m[2] === '.asyncify' ? 'asyncify' : 'wasm';
}

/** The build for `backend` on a browser that has (or lacks) JSPI. */
export function ortBuildFor(backend: Backend, hasJspi: boolean): OrtBuild {
  if (backend === 'wasm') return 'wasm';
  return hasJspi ? 'jspi' : 'asyncify';
}

/** Whether this realm can suspend wasm on promises (JSPI). */
export function hasJspi(): boolean {
  return typeof (globalThis as { WebAssembly?: { Suspending?: unknown } }).WebAssembly?.Suspending === 'function';
}

const bytes = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)));

/** The runtime build a run used, as measured where it was loaded. */
export const OrtBuildInfoSchema = v.strictObject({
  name: v.picklist(ORT_BUILDS),
  /** The wasm file's size, bytes: from the browser's resource timing, else (Firefox, WebKit) the size the build ships. */
  wasmBytes: bytes,
  /** Bytes that crossed the network for it: smaller when compressed, 0 from a cache; null when unknown. */
  transferBytes: bytes,
});
export type OrtBuildInfo = v.InferOutput<typeof OrtBuildInfoSchema>;
