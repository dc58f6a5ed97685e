// Hono middleware (Node): the Python sandbox frame's page gets its Content-Security-Policy header (computed from the
// built page, whose inline script's hash it names) and is never cached immutably.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { FRAME_PATH, frameCspHeader } from './sandbox-frame.ts';

export function sandboxFrameHeaders(distDir: string): MiddlewareHandler {
  let csp: string | null = null;
  return async (c, next) => {
    await next();
    if (c.req.path !== `/${FRAME_PATH}` || !c.res.ok) return;
    csp ??= frameCspHeader(readFileSync(path.join(distDir, FRAME_PATH), 'utf8'));
    c.res.headers.set('Content-Security-Policy', csp);
    c.res.headers.set('Cache-Control', 'no-cache');
  };
}
