// Serving the build (the real server on the built app): hashed assets and ONNX Runtime's wasm go out compressed by
// Accept-Encoding, immutable for a year; the page and the service worker are revalidated; the isolation headers stay.
// A fresh start serves at once: files whose best-quality copies are still being made go out compressed fast, and the
// same request later gets the best copy.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { IMMUTABLE } from './cache-policy.ts';
import { QUALITY_HEADER } from './compression/on-the-fly.ts';
import { freePort, startServer } from './testing/spawn-server.ts';

const dist = path.resolve(import.meta.dirname, '..', 'dist');
let server: ChildProcess;
let port = 0;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Bytes on the wire (the body as sent, not decoded). */
  bytes: number;
  body: Buffer;
}

/** A GET that counts the body as transferred (Node's http does not decode it, unlike fetch). */
function get(urlPath: string, acceptEncoding?: string, at = port): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: at, path: urlPath, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: body.length, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const asset = (pattern: RegExp): string => {
  const name = readdirSync(path.join(dist, 'assets')).find((f) => pattern.test(f));
  if (!name) throw new Error(`no asset like ${pattern} in dist/assets: run the build first`);
  return name;
};

beforeAll(async () => {
  port = await freePort();
  server = await startServer(port, { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tierlab-compression-')) });
});

afterAll(async () => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
});

describe('serving the build', () => {
  it.each([
    ['the app script', /^index-.*\.js$/],
    ["ONNX Runtime's wasm", /^ort-wasm.*\.wasm$/],
  ])('%s goes out brotli-compressed, several times smaller, immutable', async (_what, pattern) => {
    const name = asset(pattern);
    const size = statSync(path.join(dist, 'assets', name)).size;
    const br = await get(`/assets/${name}`, 'br, gzip');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(br.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(br.bytes, `${name}: ${br.bytes} bytes sent for ${size}`).toBeLessThan(size / 3);

    const gz = await get(`/assets/${name}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.bytes).toBeLessThan(size / 2.5);

    const plain = await get(`/assets/${name}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.bytes).toBe(size);
  });

  it('revalidates the page, the service worker and unhashed files, with the isolation headers', async () => {
    for (const p of ['/', '/index.html', '/sw.js', '/sandbox/frame.html', '/pyodide/pyodide.asm.wasm']) {
      const r = await get(p, 'br, gzip');
      expect(r.status, p).toBe(200);
      expect(r.headers['cache-control'], p).toBe('no-cache');
      expect(String(r.headers['cache-control']), p).not.toMatch(/immutable/);
      expect(r.headers['cross-origin-opener-policy'], p).toBe('same-origin');
    }
  });
});

describe('a fresh start (no compressed copies anywhere yet)', () => {
  let fresh: ChildProcess;
  let freshPort = 0;
  let dir = '';
  let output = '';
  const wasm = () => asset(/^ort-wasm-simd-threaded-[^.]*\.wasm$/);

  beforeAll(async () => {
    // A copy of the page, the app script and the plain WASM runtime, with an empty cache: the 14 MB wasm is the
    // largest, so it is compressed last (tens of seconds at brotli 11), long after the first request below.
    dir = mkdtempSync(path.join(tmpdir(), 'tierlab-fresh-'));
    mkdirSync(path.join(dir, 'dist/assets'), { recursive: true });
    for (const f of ['index.html', `assets/${asset(/^index-.*\.js$/)}`, `assets/${wasm()}`])
      copyFileSync(path.join(dist, f), path.join(dir, 'dist', f));
    freshPort = await freePort();
    fresh = await startServer(freshPort, {
      DATA_DIR: path.join(dir, 'data'),
      DIST_DIR: path.join(dir, 'dist'),
      COMPRESS_CACHE_DIR: path.join(dir, 'cache'),
    });
    fresh.stdout?.on('data', (d) => (output += String(d)));
  });

  afterAll(async () => {
    fresh.kill('SIGTERM');
    await new Promise((r) => fresh.once('exit', r));
  });

  it('serves a file right away, compressed fast, and the best copy once the background has made it', async () => {
    const file = path.join(dir, 'dist/assets', wasm());
    const data = readFileSync(file);
    expect(existsSync(`${file}.br`), 'no best copy yet').toBe(false);
    const early = await get(`/assets/${wasm()}`, 'gzip, deflate, br', freshPort);
    expect(early.status).toBe(200);
    expect(early.headers[QUALITY_HEADER.toLowerCase()]).toBe('fast');
    expect(early.headers['content-encoding']).toBe('br');
    expect(early.headers.vary).toMatch(/Accept-Encoding/i);
    expect(early.headers['content-type']).toBe('application/wasm');
    expect(early.headers['cache-control']).toBe(IMMUTABLE);
    expect(early.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(Number(early.headers['content-length'])).toBe(early.bytes);
    expect(brotliDecompressSync(early.body).equals(data)).toBe(true);
    const earlyGz = await get(`/assets/${wasm()}`, 'gzip', freshPort);
    expect(earlyGz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(earlyGz.body).equals(data)).toBe(true);

    // The same request once the background is done gets the best-quality copy the server wrote beside the file.
    const deadline = Date.now() + 480_000;
    while (!/compressed \d+ files at best quality/.test(output)) {
      if (Date.now() > deadline) throw new Error(`the background compression did not finish: ${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const late = await get(`/assets/${wasm()}`, 'gzip, deflate, br', freshPort);
    expect(late.headers[QUALITY_HEADER.toLowerCase()]).toBeUndefined();
    expect(late.headers['content-encoding']).toBe('br');
    expect(late.headers.vary).toMatch(/Accept-Encoding/i);
    expect(late.body.equals(readFileSync(`${file}.br`))).toBe(true);
    expect(brotliDecompressSync(late.body).equals(data)).toBe(true);
    expect(late.bytes, `best ${late.bytes} bytes, fast ${early.bytes}`).toBeLessThan(early.bytes * 0.9);
    const lateGz = await get(`/assets/${wasm()}`, 'gzip', freshPort);
    expect(lateGz.body.equals(readFileSync(`${file}.gz`))).toBe(true);
  });
});
