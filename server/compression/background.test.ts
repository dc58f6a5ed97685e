// Best-quality copies made after start: taken from the cache at once, made in the background otherwise, once per
// content across servers sharing a cache, never put beside a file that changed; and what a request gets meanwhile.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { BackgroundCompression } from './background.ts';
import { QUALITY_HEADER } from './on-the-fly.ts';

let root: string;
let dist: string;
let cache: string;
const lines: string[] = [];
const log = (l: string) => lines.push(l);
const open: BackgroundCompression[] = [];

/** Text that compresses, but not to nothing: a pseudo-random word list. */
function words(n: number, seed: number): string {
  const vocab = ['const', 'let', 'return', 'function', 'tensor', 'batch', 'session', 'await', '=>', '{', '}', ';'];
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.push(vocab[x % vocab.length]!, String(x % 97));
  }
  return out.join(' ');
}

function compression(threads = 2): BackgroundCompression {
  const c = new BackgroundCompression({ distDir: dist, cacheDir: cache, log, threads });
  open.push(c);
  return c;
}

const hashOf = (rel: string) =>
  createHash('sha256')
    .update(readFileSync(path.join(dist, rel)))
    .digest('hex');

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'tierlab-compress-'));
  dist = path.join(root, 'dist');
  cache = path.join(root, 'cache');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  mkdirSync(path.join(root, 'mirror'));
  writeFileSync(path.join(dist, 'index.html'), `<!doctype html><title>t</title><p>${words(300, 1)}</p>`);
  writeFileSync(path.join(dist, 'assets/app.js'), words(20_000, 2));
  writeFileSync(path.join(dist, 'assets/rt.wasm'), Buffer.from(words(30_000, 3)));
  writeFileSync(path.join(dist, 'assets/tiny.js'), 'export {};');
  writeFileSync(path.join(dist, 'icon.png'), Buffer.alloc(4096, 7));
  lines.length = 0;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  rmSync(root, { recursive: true, force: true });
});

const COMPRESSIBLE = ['index.html', 'assets/app.js', 'assets/rt.wasm'];

describe('BackgroundCompression', () => {
  it('makes brotli 11 and gzip copies of every compressible file, smallest first, and says so', async () => {
    const c = compression(1);
    for (const f of COMPRESSIBLE) expect(c.pending(f), f).toBe(true);
    expect(c.pending('assets/tiny.js')).toBe(false);
    expect(c.pending('icon.png')).toBe(false);
    const installed: string[] = [];
    c.onInstalled((rel) => installed.push(rel));
    const summary = await c.start();
    expect(summary).toMatchObject({ files: 3, fromCache: 0, compressed: 3, failed: 0 });
    expect(installed).toEqual(COMPRESSIBLE);
    for (const f of COMPRESSIBLE) {
      const data = readFileSync(path.join(dist, f));
      const br = readFileSync(path.join(dist, `${f}.br`));
      expect(brotliDecompressSync(br).equals(data), f).toBe(true);
      expect(gunzipSync(readFileSync(path.join(dist, `${f}.gz`))).equals(data), f).toBe(true);
      // Best quality: smaller than the fast quality's output.
      expect(br.length, f).toBeLessThan(brotliCompressSync(data, { params: { 1: 5 } }).length);
      expect(c.pending(f)).toBe(false);
    }
    expect(existsSync(path.join(dist, 'assets/tiny.js.br'))).toBe(false);
    expect(lines[0]).toMatch(/^compressing 3 of 3 files at best quality in the background/);
    expect(lines.at(-1)).toMatch(/^compressed 3 files at best quality in .* s \(0 from the cache\)$/);
  });

  it('takes copies of unchanged content from the cache before the server listens, with no work left', async () => {
    await compression().start();
    for (const f of COMPRESSIBLE) rmSync(path.join(dist, `${f}.br`));
    lines.length = 0;
    const again = compression();
    for (const f of COMPRESSIBLE) {
      expect(again.pending(f), f).toBe(false);
      expect(existsSync(path.join(dist, `${f}.br`)), f).toBe(true);
    }
    expect(await again.start()).toMatchObject({ files: 3, fromCache: 3, compressed: 0 });
    expect(lines).toEqual([]);
  });

  it("waits for another server's copies instead of making them twice, and takes over from a dead one", async () => {
    mkdirSync(cache, { recursive: true });
    const appKey = path.join(cache, hashOf('assets/app.js'));
    const wasmKey = path.join(cache, hashOf('assets/rt.wasm'));
    // A live holder (this very process) is making app.js; a dead one (no such process) held rt.wasm.
    writeFileSync(`${appKey}.lock`, `${process.pid}\n`);
    writeFileSync(`${wasmKey}.lock`, '999999999\n');
    const c = compression();
    const done = c.start();
    await new Promise((r) => setTimeout(r, 1500));
    expect(c.pending('assets/app.js')).toBe(true);
    // The other server finishes: its bytes, not a second compression, end up beside the file.
    const data = readFileSync(path.join(dist, 'assets/app.js'));
    const theirs = brotliCompressSync(data, { params: { 1: 9 } });
    writeFileSync(`${appKey}.br`, theirs);
    writeFileSync(`${appKey}.gz`, gzipSync(data));
    rmSync(`${appKey}.lock`);
    expect(await done).toMatchObject({ compressed: 3, failed: 0 });
    expect(readFileSync(path.join(dist, 'assets/app.js.br')).equals(theirs)).toBe(true);
    expect(existsSync(`${wasmKey}.lock`)).toBe(false);
    expect(brotliDecompressSync(readFileSync(path.join(dist, 'assets/rt.wasm.br'))).length).toBe(
      readFileSync(path.join(dist, 'assets/rt.wasm')).length,
    );
  });

  it('puts no copy beside a file that changed after it was hashed, and says why', async () => {
    const c = compression();
    writeFileSync(path.join(dist, 'assets/app.js'), words(20_000, 9));
    expect(await c.start()).toMatchObject({ compressed: 2, failed: 1 });
    expect(existsSync(path.join(dist, 'assets/app.js.br'))).toBe(false);
    expect(c.pending('assets/app.js')).toBe(true);
    expect(lines.join('\n')).toMatch(/assets\/app\.js changed while it was being compressed/);
  });
});

describe('serving while the background works', () => {
  const request = (app: ReturnType<typeof createApp>, p: string, headers: Record<string, string>) => app.request(p, { headers });

  it('sends a pending file compressed fast with the right headers, then the best copy once it is in place', async () => {
    const c = compression();
    const app = createApp({ distDir: dist, mirrorDir: path.join(root, 'mirror'), compression: c });
    const data = readFileSync(path.join(dist, 'assets/app.js'));

    const early = await request(app, '/assets/app.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(early.status).toBe(200);
    expect(early.headers.get(QUALITY_HEADER)).toBe('fast');
    expect(early.headers.get('content-encoding')).toBe('br');
    expect(early.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(early.headers.get('content-type')).toMatch(/javascript/);
    expect(early.headers.get('cache-control')).toMatch(/immutable/);
    expect(early.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const earlyBody = Buffer.from(await early.arrayBuffer());
    expect(Number(early.headers.get('content-length'))).toBe(earlyBody.length);
    expect(brotliDecompressSync(earlyBody).equals(data)).toBe(true);

    const gz = await request(app, '/assets/app.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(data)).toBe(true);

    const plain = await request(app, '/assets/app.js', {});
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(Buffer.from(await plain.arrayBuffer()).equals(data)).toBe(true);

    const ranged = await request(app, '/assets/app.js', { 'accept-encoding': 'br', range: 'bytes=0-9' });
    expect(ranged.headers.get(QUALITY_HEADER)).toBeNull();

    await c.start();
    const late = await request(app, '/assets/app.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(late.headers.get(QUALITY_HEADER)).toBeNull();
    expect(late.headers.get('content-encoding')).toBe('br');
    expect(late.headers.get('vary')).toMatch(/Accept-Encoding/);
    const lateBody = Buffer.from(await late.arrayBuffer());
    expect(lateBody.equals(readFileSync(path.join(dist, 'assets/app.js.br')))).toBe(true);
    expect(lateBody.length).toBeLessThan(earlyBody.length);
  });
});
