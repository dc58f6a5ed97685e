// Build step for the service worker (Node, Vite plugin): emits src/service-worker/sw.ts as /sw.js, then, once every
// file is written, lists the app shell in /sw-manifest.json and stamps sw.js with a hash of the shell, so each build
// that changes a file installs a new worker (and drops the old shell cache).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { ortBuildOfPath } from '../src/shared/ort-build.ts';

export const SW_FILE = 'sw.js';
export const SW_MANIFEST = 'sw-manifest.json';
/** Not in the shell, cached on first use instead: Pyodide (audience phones never need it) and the onnxruntime-web
 *  builds (a run loads one of three; precaching all would download the two it does not use). */
const lazy = (f: string) =>
  /^pyodide\//.test(f) || /^assets\/emscripten-module-[\w-]+\.wasm$/.test(f) || ortBuildOfPath(`/${f}`) !== null;
/** The server's compressed copies of files (server/compression/): the same files, sent by Accept-Encoding. */
const PRECOMPRESSED = /\.(?:br|gz)$/;

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

/** The shell's paths and the build id for the files in `outDir`. */
export function shellOf(outDir: string): { build: string; shell: string[] } {
  const files = filesUnder(outDir)
    .filter((f) => f !== SW_FILE && f !== SW_MANIFEST && !lazy(f) && !PRECOMPRESSED.test(f))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(path.join(outDir, f)));
  return { build: hash.digest('hex').slice(0, 16), shell: files.map((f) => `/${f}`) };
}

export function serviceWorker(): Plugin {
  let outDir = 'dist';
  return {
    name: 'tierlab-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: path.resolve(import.meta.dirname, '../src/service-worker/sw.ts'), fileName: SW_FILE });
    },
    closeBundle() {
      const m = shellOf(outDir);
      writeFileSync(path.join(outDir, SW_MANIFEST), `${JSON.stringify(m, null, 1)}\n`);
      const sw = path.join(outDir, SW_FILE);
      const code = readFileSync(sw, 'utf8');
      if (!code.includes('__TIERLAB_BUILD__')) throw new Error(`${SW_FILE} lost its build placeholder`);
      writeFileSync(sw, code.replaceAll('__TIERLAB_BUILD__', m.build));
    },
  };
}
