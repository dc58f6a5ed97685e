// Vite config (Node): Svelte, cross-origin isolation headers on dev and preview, the local model mirror at /models/,
// Pyodide at /pyodide/, the Python sandbox frame at /sandbox/frame.html, the service worker with its shell manifest
// (build only). Compressed copies are made by the server after it starts (server/compression/), not by the build.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { ISOLATION_HEADERS } from './server/isolation.ts';
import { mirrorMiddleware } from './build/mirror-middleware.ts';
import { pyodideAssets, pyodideMiddleware } from './build/pyodide-assets.ts';
import { sandboxFrame } from './build/sandbox-frame-build.ts';
import { serviceWorker } from './build/service-worker-build.ts';
import { ORT_BUILD_FILES, ORT_BUILDS } from './src/shared/ort-build.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
/** The size of each onnxruntime-web build's wasm as this build ships it, for browsers whose resource timing gives a
 *  worker's wasm no size (Firefox, WebKit): src/workers/ort/ort-env.ts. */
const ortWasmBytes = Object.fromEntries(
  ORT_BUILDS.map((b) => [
    b,
    statSync(fileURLToPath(new URL(`./node_modules/onnxruntime-web/dist/${ORT_BUILD_FILES[b]}`, import.meta.url))).size,
  ]),
);
const mirrorRoot = fileURLToPath(new URL('./models/mirror', import.meta.url));

function modelMirror(): Plugin {
  return {
    name: 'tierlab-model-mirror',
    configureServer(server) {
      server.middlewares.use(mirrorMiddleware(mirrorRoot));
    },
    configurePreviewServer(server) {
      server.middlewares.use(mirrorMiddleware(mirrorRoot));
    },
  };
}

/** Pyodide's interpreter and standard library at /pyodide/ (dev and preview serve them; the build copies them). */
function pyodide(): Plugin {
  return {
    name: 'tierlab-pyodide',
    configureServer(server) {
      server.middlewares.use(pyodideMiddleware());
    },
    configurePreviewServer(server) {
      server.middlewares.use(pyodideMiddleware());
    },
    generateBundle() {
      for (const [fileName, source] of pyodideAssets()) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

const ORT_FROM_WORKER = '\0tierlab-ort-from-worker';

/** transformers.js imports onnxruntime-web/webgpu for itself. In the inference worker that import becomes this module,
 *  which hands it the build the run chose, registered by src/workers/ort/ort-env.ts before transformers.js is imported,
 *  so no run loads a second runtime. (transformers.js's own Symbol.for('onnxruntime') hook skips its device list.)
 *  transformers.js reads only InferenceSession, Tensor and env from it. */
const ORT_FROM_WORKER_CODE = `
const ort = globalThis[Symbol.for('tierlab.onnxruntime')];
if (!ort) throw new Error('transformers.js was imported before the worker loaded an onnxruntime-web build (ort-env.ts)');
export const InferenceSession = ort.InferenceSession;
export const Tensor = ort.Tensor;
export const env = ort.env;
`;

function transformersUsesWorkerOrt(): Plugin {
  return {
    name: 'tierlab-transformers-ort',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'onnxruntime-web/webgpu' && importer && /[\\/]@huggingface[\\/]transformers[\\/]/.test(importer))
        return ORT_FROM_WORKER;
      return null;
    },
    load(id) {
      return id === ORT_FROM_WORKER ? ORT_FROM_WORKER_CODE : null;
    },
  };
}

export default defineConfig({
  plugins: [svelte(), modelMirror(), pyodide(), sandboxFrame(), serviceWorker()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version), __ORT_WASM_BYTES__: JSON.stringify(ortWasmBytes) },
  // The results API lives in the Node server (npm start); in dev, requests to /api go to it (TIERLAB_API to change).
  server: {
    headers: { ...ISOLATION_HEADERS },
    proxy: { '/api': process.env.TIERLAB_API ?? 'http://localhost:8080' },
  },
  preview: { headers: { ...ISOLATION_HEADERS } },
  worker: { format: 'es', plugins: () => [transformersUsesWorkerOrt()] },
  optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
