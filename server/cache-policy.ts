// How long browsers and proxies may keep what the server sends (Node, pure). Only content-hashed build assets are
// immutable; everything whose name stays the same across builds (the page, the service worker, Pyodide, the model
// mirror) is revalidated, so a new build or a rebuilt model is never hidden behind a stale copy.

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** The Cache-Control for a static response at `path`, or null where the route decides (the API). */
export function cacheControlFor(path: string): string | null {
  if (path.startsWith('/api/')) return null;
  // Vite names every file under /assets/ by a hash of its contents.
  if (path.startsWith('/assets/')) return IMMUTABLE;
  return REVALIDATE;
}
