// Hono middleware (Node, server): a built file whose best-quality copies are still being made in the background goes
// out compressed at a fast quality instead (brotli 5 or gzip 6, by Accept-Encoding), with the headers serveStatic
// gives a precompressed copy. Each file is compressed once per encoding and kept in memory until its best copies are
// in place; from then on serveStatic sends those. Range requests and clients that accept neither encoding fall
// through to serveStatic, which sends the file as it is.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import type { BackgroundCompression } from './background.ts';
import { encodeFast, isText, pickEncoding, type Encoding } from './encodings.ts';

/** Which copy a compressed response carries (for tests and for anyone curious about a slow first visit). */
export const QUALITY_HEADER = 'X-TierLab-Compression';

export function compressPending(distDir: string, compression: BackgroundCompression): MiddlewareHandler {
  const made = new Map<string, Promise<Buffer>>();
  compression.onInstalled((rel) => {
    made.delete(`${rel}|br`);
    made.delete(`${rel}|gzip`);
  });
  const fast = (rel: string, encoding: Encoding): Promise<Buffer> => {
    const key = `${rel}|${encoding}`;
    let p = made.get(key);
    if (!p) {
      p = readFile(path.join(distDir, rel)).then((data) => encodeFast(data, encoding, isText(rel)));
      // A failure is not kept: the next request tries again.
      p.catch(() => made.delete(key));
      made.set(key, p);
    }
    return p;
  };
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (c.req.header('range')) return next();
    let rel: string;
    try {
      rel = decodeURI(c.req.path).replace(/^\/+/, '');
    } catch {
      return next();
    }
    if (!compression.pending(rel)) return next();
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    if (!encoding) return next();
    let body: Buffer;
    try {
      body = await fast(rel, encoding);
    } catch {
      return next();
    }
    c.header('Content-Type', getMimeType(rel) ?? 'application/octet-stream');
    c.header('Content-Encoding', encoding);
    c.header('Vary', 'Accept-Encoding', { append: true });
    c.header('Content-Length', String(body.length));
    c.header(QUALITY_HEADER, 'fast');
    return c.req.method === 'HEAD' ? c.body(null, 200) : c.body(new Uint8Array(body), 200);
  };
}
