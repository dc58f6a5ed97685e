// What the server compresses and how (Node, server): which built files get brotli and gzip copies, the two qualities
// (fast, on the fly while the best copy is not made yet; best, in the background), and which encoding a request takes.
// Measured on this 2-core machine for the 14.3 MB onnxruntime-web wasm (docs/deploy.md): brotli 11 takes 29 s for
// 2.36 MB, brotli 5 takes 0.46 s for 2.83 MB, gzip 9 0.3 s for 3.70 MB.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Files worth compressing: code, markup, data and wasm (images and zips are compressed already). */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|webmanifest|svg|wasm|txt|map)$/;
/** Written once the bundle is closed by another plugin (the service worker stamps its build id then): left as is. */
const SKIP = new Set(['sw.js', 'sw-manifest.json']);
export const MIN_BYTES = 1024;

export type Encoding = 'br' | 'gzip';
/** The suffix of each encoding's copy beside the file (what serveStatic's `precompressed` looks for). */
export const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** Whether the built file at `relPath` (relative to dist, forward slashes) of `bytes` bytes gets compressed copies. */
export function isCompressible(relPath: string, bytes: number): boolean {
  return COMPRESSIBLE.test(relPath) && !SKIP.has(relPath) && bytes >= MIN_BYTES;
}

/** Brotli's text mode for text, generic for wasm. */
export const isText = (relPath: string): boolean => !relPath.endsWith('.wasm');

/** zlib options for each quality. Best: what the build used to write (brotli 11, gzip 9); fast: brotli 5, gzip 6. */
export function brotliOptions(quality: 'best' | 'fast', bytes: number, text: boolean) {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality === 'best' ? constants.BROTLI_MAX_QUALITY : 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes,
      [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
    },
  };
}
export const GZIP_LEVEL = { best: 9, fast: 6 } as const;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** One encoding of `data` at fast quality, on libuv's thread pool (the event loop stays free). */
export function encodeFast(data: Buffer, encoding: Encoding, text: boolean): Promise<Buffer> {
  return encoding === 'br'
    ? brotliAsync(data, brotliOptions('fast', data.length, text))
    : gzipAsync(data, { level: GZIP_LEVEL.fast });
}

/**
 * The encoding to send for an Accept-Encoding header: brotli before gzip, as serveStatic picks precompressed copies;
 * an encoding listed with q=0 is refused; null when neither is acceptable (the file goes out as it is).
 */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}
