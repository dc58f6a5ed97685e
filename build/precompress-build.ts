// Build step (Node, Vite plugin): writes a brotli (.br) and a gzip (.gz) copy beside every compressible file the build
// emits, so the server sends them by Accept-Encoding (@hono/node-server's serveStatic `precompressed`) without
// compressing on each request. Node's own zlib does the encoding. Brotli at its best quality takes about 25 s for a
// 14 MB wasm on one core, so finished outputs are kept in a content-addressed cache (node_modules/.cache) and a build
// that did not change a file reuses them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Files worth compressing: code, markup, data and wasm (images and zips are compressed already). */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|webmanifest|svg|wasm|txt|map)$/;
/** Written once the bundle is closed by another plugin (the service worker stamps its build id then): left as is. */
const SKIP = new Set(['sw.js', 'sw-manifest.json']);
const MIN_BYTES = 1024;

export interface Encoded {
  br: Buffer;
  gzip: Buffer;
}

/** Both encodings of `data`, best quality; `text` picks brotli's text mode. */
export async function encode(data: Buffer, text: boolean): Promise<Encoded> {
  const [br, gzip] = await Promise.all([
    brotli(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
      },
    }),
    gz(data, { level: 9 }),
  ]);
  return { br, gzip };
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

/** The files of `outDir` that get compressed copies. */
export function compressible(outDir: string): string[] {
  return filesUnder(outDir).filter(
    (f) => COMPRESSIBLE.test(f) && !SKIP.has(f) && readFileSync(path.join(outDir, f)).length >= MIN_BYTES,
  );
}

/** Writes `<file>.br` and `<file>.gz` for every compressible file of `outDir`, from `cacheDir` where it can. */
export async function precompress(outDir: string, cacheDir: string): Promise<{ files: number; reused: number }> {
  mkdirSync(cacheDir, { recursive: true });
  let reused = 0;
  const files = compressible(outDir);
  await Promise.all(
    files.map(async (f) => {
      const file = path.join(outDir, f);
      const data = readFileSync(file);
      const key = path.join(cacheDir, createHash('sha256').update(data).digest('hex'));
      let out: Encoded;
      if (existsSync(`${key}.br`) && existsSync(`${key}.gz`)) {
        out = { br: readFileSync(`${key}.br`), gzip: readFileSync(`${key}.gz`) };
        reused++;
      } else {
        out = await encode(data, !f.endsWith('.wasm'));
        writeFileSync(`${key}.br`, out.br);
        writeFileSync(`${key}.gz`, out.gzip);
      }
      writeFileSync(`${file}.br`, out.br);
      writeFileSync(`${file}.gz`, out.gzip);
    }),
  );
  return { files: files.length, reused };
}

export function precompressed(): Plugin {
  let outDir = 'dist';
  let cacheDir = 'node_modules/.cache/tierlab-precompress';
  return {
    name: 'tierlab-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      cacheDir = path.resolve(config.root, 'node_modules/.cache/tierlab-precompress');
    },
    // Every emitted file (assets, Pyodide, the sandbox frame) is on disk once writeBundle runs.
    async writeBundle() {
      const started = Date.now();
      const { files, reused } = await precompress(outDir, cacheDir);
      this.info(`precompressed ${files} files (${reused} from cache) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  };
}
