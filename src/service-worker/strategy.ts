// What the service worker does with each request (Service Worker thread, pure: unit-tested in Node). The worker may
// make TierLab faster or usable offline, never broken: anything it does not know how to serve goes to the network
// untouched, and only complete 200 answers are ever kept.

/** The parts of a Request the strategy reads. */
export interface RequestLike {
  method: string;
  url: string;
  mode: string;
  headers: { has(name: string): boolean };
}

/** The parts of a Response `cacheable` reads. */
export interface ResponseLike {
  status: number;
  type: string;
  headers: { get(name: string): string | null };
}

export type Strategy =
  /** Not handled: the browser goes to the network as if there were no worker. */
  | 'pass'
  /** A page load: the network, else the cached shell page (offline). */
  | 'navigate'
  /** Cached on first use and served from the cache after (Pyodide: versioned by the build). */
  | 'cache-first'
  /** The network when it answers in time (the answer is kept), else a cached copy (models, catalog, datasets). */
  | 'network-first'
  /** A byte range (transformers.js probes files with `Range: bytes=0-0`): the network, never kept; offline, a cached
   *  complete copy if there is one. */
  | 'range'
  /** A content-hashed build file (/assets/): from the build's cache, else the network, kept on first use (the shell's
   *  scripts are there from install; an onnxruntime-web build arrives when a run first loads it). */
  | 'asset'
  /** The build's app shell: from the cache when the path is in it, else the network. */
  | 'shell';

const NEVER = ['/api/', '/sw.js', '/sw-manifest.json'];
const NETWORK_FIRST = ['/models/', '/hub/', '/datasets-server/'];

export function strategyFor(request: RequestLike, origin: string): Strategy {
  if (request.method !== 'GET') return 'pass';
  const url = new URL(request.url);
  if (url.origin !== origin) return 'pass';
  const path = url.pathname;
  if (NEVER.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p))) return 'pass';
  if (request.headers.has('range')) return 'range';
  if (request.mode === 'navigate') return 'navigate';
  if (path.startsWith('/pyodide/')) return 'cache-first';
  if (path.startsWith('/assets/')) return 'asset';
  if (NETWORK_FIRST.some((p) => path.startsWith(p))) return 'network-first';
  return 'shell';
}

/** Whether a response may be kept in the Cache API: complete (200, not a partial 206 or an opaque answer), readable,
 *  and not varying on everything. `Cache.put` rejects partial responses, and a rejected put must never become a
 *  failed load. */
export function cacheable(response: ResponseLike): boolean {
  if (response.status !== 200) return false;
  if (response.type !== 'basic' && response.type !== 'default') return false;
  if (response.headers.get('content-range')) return false;
  const vary = response.headers.get('vary');
  return !(vary && vary.split(',').some((v) => v.trim() === '*'));
}

/** Which cache a file belongs in when the page asks the worker to keep it (`{ kind: 'keep', urls }`: files a run
 *  loaded before this worker controlled it, so it never saw them): 'shell' for a build file, 'runtime' for what is
 *  kept on first use (models, the mirror, Pyodide), null for anything else (another origin, the API, a page). */
export function keepTarget(url: string, origin: string): 'shell' | 'runtime' | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const strategy = strategyFor({ method: 'GET', url: parsed.href, mode: 'cors', headers: { has: () => false } }, origin);
  if (strategy === 'asset') return 'shell';
  if (strategy === 'network-first' || strategy === 'cache-first') return 'runtime';
  return null;
}

/** The URLs of a `keep` message from a page, or null when it is not one (at most 200 strings of at most 2000 chars). */
export function keepRequest(data: unknown): string[] | null {
  if (typeof data !== 'object' || data === null || (data as { kind?: unknown }).kind !== 'keep') return null;
  const urls = (data as { urls?: unknown }).urls;
  if (!Array.isArray(urls) || urls.length > 200) return null;
  return urls.every((u) => typeof u === 'string' && u.length <= 2000) ? (urls as string[]) : null;
}
