// Which files get compressed copies, and which encoding a request's Accept-Encoding gets.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeFast, isCompressible, pickEncoding } from './encodings.ts';

describe('isCompressible', () => {
  it('takes code, markup, data and wasm of 1 KiB and up', () => {
    for (const f of ['assets/index-x.js', 'pyodide/pyodide.asm.wasm', 'index.html', 'pyodide/pyodide-lock.json'])
      expect(isCompressible(f, 4096), f).toBe(true);
    expect(isCompressible('assets/index-x.js', 1023)).toBe(false);
  });

  it('leaves images, archives and the service worker files alone', () => {
    for (const f of ['icon.png', 'pyodide/python_stdlib.zip', 'sw.js', 'sw-manifest.json'])
      expect(isCompressible(f, 1 << 20), f).toBe(false);
  });
});

describe('pickEncoding', () => {
  it('prefers brotli, then gzip, as serveStatic picks precompressed copies', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, deflate')).toBe('gzip');
    expect(pickEncoding('BR;q=0.5, gzip;q=1')).toBe('br');
  });

  it('honours q=0 and sends the file as it is when nothing fits', () => {
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0.0, gzip;q=0')).toBeNull();
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
    expect(pickEncoding('')).toBeNull();
  });
});

describe('encodeFast', () => {
  it('round-trips in both encodings', async () => {
    const data = Buffer.from('export const x = 1;\n'.repeat(500));
    expect(brotliDecompressSync(await encodeFast(data, 'br', true)).equals(data)).toBe(true);
    expect(gunzipSync(await encodeFast(data, 'gzip', true)).equals(data)).toBe(true);
  });
});
