// Serving the build (the real server on the built app): hashed assets and ONNX Runtime's wasm go out precompressed by
// Accept-Encoding, immutable for a year; the page and the service worker are revalidated; the isolation headers stay.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE } from './cache-policy.ts';
import { freePort, startServer } from './testing/spawn-server.ts';

const dist = path.resolve(import.meta.dirname, '..', 'dist');
let server: ChildProcess;
let port = 0;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Bytes on the wire (the body as sent, not decoded). */
  bytes: number;
}

/** A GET that counts the body as transferred (Node's http does not decode it, unlike fetch). */
function get(urlPath: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: urlPath, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
      (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
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
