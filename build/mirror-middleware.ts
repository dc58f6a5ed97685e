// Connect-style middleware serving the local model mirror at /models/ for Vite's dev and preview servers (Node).
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rowsAnswer } from '../server/datasets-mirror.ts';
import { CONTENT_TYPES, ISOLATION_HEADERS } from '../server/isolation.ts';

/** Maps the mirror's URL paths to files: /models/<path>, and the Hub layout /hub/<org>/<name>/resolve/main/<path>. */
export function mirrorPath(pathname: string): string | null {
  if (pathname.startsWith('/models/')) return decodeURIComponent(pathname.slice('/models/'.length));
  const hub = pathname.match(/^\/hub\/([^/]+)\/([^/]+)\/resolve\/main\/(.+)$/);
  return hub ? decodeURIComponent(`${hub[1]}/${hub[2]}/${hub[3]}`) : null;
}

/** Serves files under `root` for mirror URLs (see mirrorPath); anything else goes to `next`. */
export function mirrorMiddleware(root: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/datasets-server/rows') {
      void rowsAnswer(root, url.searchParams).then((answer) => {
        for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
        res.statusCode = answer.status;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(answer.body));
      });
      return;
    }
    const relative = mirrorPath(url.pathname);
    if (relative === null) return next();
    const file = path.resolve(root, relative);
    if (!file.startsWith(path.resolve(root) + path.sep)) {
      res.statusCode = 403;
      res.end('forbidden');
      return;
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      res.statusCode = 404;
      for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
      res.end(`not found: ${url.pathname}`);
      return;
    }
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(size));
    createReadStream(file).pipe(res);
  };
}
