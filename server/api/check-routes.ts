// What a phone's readiness check asks the server (Node, server): a ping, and one mebibyte of incompressible bytes
// to time a download. Never cached (the service worker passes /api/ through; the headers say no-store).
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';

export const CHECK_BYTES = 1024 * 1024;
const payload = randomBytes(CHECK_BYTES);

export function checkRoutes(api: Hono): void {
  api.get('/check/ping', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true, serverTime: new Date().toISOString() });
  });
  api.get('/check/megabyte', (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Content-Type', 'application/octet-stream');
    return c.body(new Uint8Array(payload));
  });
}
