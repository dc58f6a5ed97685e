// Serves the perf pages (Node): /perf-iso/ with cross-origin isolation as TierLab has it, /perf-plain/ without, as a
// typical page is served, and the model mirror at /models/ and /hub/.
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { mirrorRoutes } from '../../server/app.ts';
import { ISOLATION_HEADERS } from '../../server/isolation.ts';

export interface PerfServer {
  origin: string;
  close(): Promise<void>;
}

export async function startPerfServer(root: string): Promise<PerfServer> {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    if (c.req.path.startsWith('/perf-plain/')) return;
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) c.res.headers.set(k, v);
  });
  mirrorRoutes(app, path.join(root, 'models', 'mirror'));
  const pages = path.relative(process.cwd(), path.join(root, 'dist-perf'));
  for (const prefix of ['/perf-iso', '/perf-plain']) {
    app.use(`${prefix}/*`, serveStatic({ root: pages, rewriteRequestPath: (p) => p.slice(prefix.length) }));
  }
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
