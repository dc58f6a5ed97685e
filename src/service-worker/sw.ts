// The service worker (Service Worker thread): keeps the app usable offline after one visit, and never breaks a load.
// The app shell (HTML, scripts, styles, icons) is cached at install from the build's manifest; the onnxruntime-web
// build a run loads and Pyodide are cached the first time they are used; the model catalog and mirror are network-first with a short timeout,
// falling back to the cache (a venue network that hangs is as bad as none). What each request gets is decided in
// strategy.ts; whatever this worker fails at (a cache that refuses a response, a quota, a bug) becomes a plain
// network request instead of a failed load.
import { cacheable, keepRequest, keepTarget, strategyFor, type Strategy } from './strategy.ts';

const sw = globalThis as unknown as ServiceWorkerGlobalScope;

/** Replaced at build with a hash of every shell file, so a new build installs a new worker. */
const BUILD = '__TIERLAB_BUILD__';
const SHELL = `tierlab-shell-${BUILD}`;
const RUNTIME = 'tierlab-runtime';
/** How long a network-first request waits for the network before a cached copy is served instead. */
const NETWORK_TIMEOUT_MS = 4000;

interface SwManifest {
  build: string;
  /** Paths of the app shell, cached at install. */
  shell: string[];
}

let shellPaths: Set<string> | null = null;

async function manifest(): Promise<SwManifest> {
  const res = await fetch('/sw-manifest.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`sw-manifest.json answered ${res.status}`);
  return (await res.json()) as SwManifest;
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const m = await manifest();
      // Hashed assets may come from the HTTP cache (immutable: the page may have just fetched them, and a second
      // download of the same bytes is waste); everything else is fetched fresh.
      await (
        await caches.open(SHELL)
      ).addAll(m.shell.map((p) => new Request(p, { cache: p.startsWith('/assets/') ? 'default' : 'reload' })));
      // The catalog too, so the app starts offline even if this first visit never fetched it under the worker.
      await (await caches.open(RUNTIME)).add(new Request('/models/catalog.json', { cache: 'reload' })).catch(() => {});
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('tierlab-shell-') && name !== SHELL) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

async function isShell(path: string): Promise<boolean> {
  if (!shellPaths) {
    const cache = await caches.open(SHELL);
    shellPaths = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  }
  return shellPaths.has(path);
}

/** Keeps a copy of a complete answer without making the load wait for, or fail with, the cache. */
function keep(event: FetchEvent, cacheName: string, request: Request, response: Response): void {
  if (!cacheable(response)) return;
  const copy = response.clone();
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.put(request, copy))
      .catch(() => undefined),
  );
}

/** The network; if it has not answered within the timeout and a cached copy exists, that copy. A network that is
 *  merely slow and has nothing cached behind it is waited for, not failed. */
async function networkFirst(event: FetchEvent, cacheName: string, fallback?: string): Promise<Response> {
  const request = event.request;
  const cached = async () => {
    const cache = await caches.open(cacheName);
    return (
      (await cache.match(request, { ignoreSearch: Boolean(fallback) })) ?? (fallback ? await cache.match(fallback) : undefined)
    );
  };
  const network = fetch(request).then((response) => {
    if (!fallback) keep(event, cacheName, request, response);
    return response;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Response | undefined>((resolve) => {
    timer = setTimeout(() => void cached().then(resolve, () => resolve(undefined)), NETWORK_TIMEOUT_MS);
  });
  try {
    const first = await Promise.race([network, late.then((r) => r ?? network)]);
    return first;
  } catch (err) {
    const copy = await cached();
    if (copy) return copy;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

async function cacheFirst(event: FetchEvent, cacheName: string): Promise<Response> {
  const cached = await (await caches.open(cacheName)).match(event.request);
  if (cached) return cached;
  const response = await fetch(event.request);
  keep(event, cacheName, event.request, response);
  return response;
}

/** A byte range goes to the network and is never kept; offline, a cached complete copy answers it (a 200 is a valid
 *  answer to a range request). */
async function range(event: FetchEvent): Promise<Response> {
  try {
    return await fetch(event.request);
  } catch (err) {
    const copy = await caches.match(event.request);
    if (copy) return copy;
    throw err;
  }
}

async function handle(event: FetchEvent, strategy: Exclude<Strategy, 'pass'>): Promise<Response> {
  const path = new URL(event.request.url).pathname;
  switch (strategy) {
    case 'navigate':
      return networkFirst(event, SHELL, '/index.html');
    case 'cache-first':
      return cacheFirst(event, RUNTIME);
    case 'network-first':
      return networkFirst(event, RUNTIME);
    case 'range':
      return range(event);
    case 'asset':
      return cacheFirst(event, SHELL);
    case 'shell':
      return (await isShell(path)) ? cacheFirst(event, SHELL) : fetch(event.request);
  }
}

/** Files a run loaded before this worker controlled the page (a first visit straight to a share link that runs on
 *  open): fetched once more, from the HTTP cache where the browser kept them, and kept as if they had come through
 *  here. What is already kept is left alone; anything else a page asks for is ignored. */
async function keepAll(urls: string[]): Promise<void> {
  for (const url of urls) {
    const target = keepTarget(url, sw.location.origin);
    if (!target) continue;
    const cache = await caches.open(target === 'shell' ? SHELL : RUNTIME);
    if (await cache.match(url)) continue;
    try {
      const response = await fetch(url);
      if (cacheable(response)) await cache.put(url, response);
    } catch {
      // Offline or refused: the next run through this worker keeps it.
    }
  }
}

sw.addEventListener('message', (event) => {
  const urls = keepRequest(event.data);
  if (urls) event.waitUntil(keepAll(urls));
});

sw.addEventListener('fetch', (event) => {
  const strategy = strategyFor(event.request, sw.location.origin);
  if (strategy === 'pass') return;
  // The network is the last word: if the worker's own handling fails, the request goes out as if it were not here.
  event.respondWith(handle(event, strategy).catch(() => fetch(event.request)));
});

export {};
