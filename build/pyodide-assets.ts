// Pyodide's runtime files (Node, build and dev server): copied from the npm package into the app at /pyodide/, so the
// Python sandbox loads from our own origin and works offline.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_TYPES, ISOLATION_HEADERS } from '../server/isolation.ts';

/** The files loadPyodide fetches for the core interpreter and standard library (no extra packages). */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

/** The installed pyodide package's folder. */
export function pyodideDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}

/** The files as build assets: [name under /pyodide/, contents]. */
export function pyodideAssets(): [string, Buffer][] {
  const dir = pyodideDir();
  return PYODIDE_FILES.map((f) => [`pyodide/${f}`, readFileSync(path.join(dir, f))]);
}

/** Serves /pyodide/<file> for Vite's dev and preview servers. */
export function pyodideMiddleware() {
  const dir = pyodideDir();
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const name = new URL(req.url ?? '/', 'http://local').pathname.match(/^\/pyodide\/([^/]+)$/)?.[1];
    if (!name || !PYODIDE_FILES.includes(name)) return next();
    const file = path.join(dir, name);
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    createReadStream(file).pipe(res);
  };
}
