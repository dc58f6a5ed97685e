// The HTTP app (Node): built SPA from dist/, the model mirror at /models/, isolation headers on every response.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Hono, type MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { rowsAnswer } from './datasets-mirror.ts';
import { cacheControlFor } from './cache-policy.ts';
import { FRAME_ISOLATION_HEADERS, ISOLATION_HEADERS } from './isolation.ts';
import { FRAME_PATH } from './sandbox-frame.ts';
import { sandboxFrameHeaders } from './sandbox-frame-headers.ts';
import type { BackgroundCompression } from './compression/background.ts';
import { compressPending } from './compression/on-the-fly.ts';

export interface AppOptions {
  distDir: string;
  mirrorDir: string;
  /** The results API at /api/, when a store is open. */
  api?: Hono;
  /** The background maker of best-quality compressed copies; files it has not finished go out compressed fast. */
  compression?: BackgroundCompression;
}

/** Builds the Hono app; kept free of listening so tests can call `app.request`. */
export function createApp({ distDir, mirrorDir, api, compression }: AppOptions): Hono {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`no built app in ${distDir}: run "npm run build" first (npm start does this for you)`);
  }
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    const headers = c.req.path === `/${FRAME_PATH}` ? FRAME_ISOLATION_HEADERS : ISOLATION_HEADERS;
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
    const cacheControl = cacheControlFor(c.req.path);
    if (cacheControl && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', cacheControl);
  });
  app.use(sandboxFrameHeaders(distDir));
  mirrorRoutes(app, mirrorDir);
  if (api) app.route('/api', api);
  app.all('/api/*', (c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  // Brotli and gzip copies beside each compressible file, made by the server in the background (compression/); a file
  // whose copies are not there yet is compressed quickly on request.
  if (compression) app.use('/*', compressPending(distDir, compression));
  app.use('/*', varyOnEncoding, serveStatic({ root: path.relative(process.cwd(), distDir), precompressed: true }));
  // Single-page app: unknown paths without a file extension get index.html.
  app.get('*', varyOnEncoding, (c, next) =>
    path.extname(c.req.path)
      ? next()
      : serveStatic({ path: path.relative(process.cwd(), path.join(distDir, 'index.html')), precompressed: true })(c, next),
  );
  return app;
}

/** A file served as sent (no Accept-Encoding) still varies on it: a cache must not hand that copy to a client that
 *  asked for brotli, or the reverse. serveStatic adds Vary only when it picks a compressed copy. */
const varyOnEncoding: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status === 200 && !c.res.headers.get('Content-Encoding') && !c.res.headers.get('Vary'))
    c.res.headers.set('Vary', 'Accept-Encoding');
};

/** The model mirror at /models/ (files as built) and at /hub/ (the Hub's <org>/<name>/resolve/main/<file> layout). */
export function mirrorRoutes(app: Hono, mirrorDir: string): void {
  app.use(
    '/models/*',
    serveStatic({ root: path.relative(process.cwd(), mirrorDir), rewriteRequestPath: (p) => p.replace(/^\/models/, '') }),
  );
  app.get('/models/*', (c) => c.text(`not found: ${c.req.path}`, 404));
  // The same mirror in the Hub's URL layout (<org>/<name>/resolve/main/<file>), so the app's remote-loading path can
  // point here (VITE_HUB_URL=http://host:port/hub) and be exercised without the Hub.
  app.use('/hub/*', async (c, next) => {
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', '*');
  });
  app.use(
    '/hub/:org/:name/resolve/main/*',
    serveStatic({
      root: path.relative(process.cwd(), mirrorDir),
      rewriteRequestPath: (p) => p.replace(/^\/hub\/([^/]+)\/([^/]+)\/resolve\/main\//, '/$1/$2/'),
    }),
  );
  app.get('/hub/*', (c) => c.text(`not found: ${c.req.path} (this mirror serves revision "main" only)`, 404));
  // The dataset viewer's /rows API over the mirror's datasets.
  app.get('/datasets-server/rows', async (c) => {
    const answer = await rowsAnswer(mirrorDir, new URL(c.req.url).searchParams);
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(answer.body, answer.status);
  });
}
