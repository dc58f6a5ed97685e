// The service worker (Service Worker thread): keeps the app usable offline after one visit. The app shell (HTML,
// scripts, styles, ONNX Runtime's wasm, icons) is cached at install from the build's manifest; Pyodide is cached the
// first time it is used; the model catalog and mirror are network-first with a short timeout, falling back to the
// cache (a venue network that hangs is as bad as none). The results and rooms API always go to the network.
const sw = globalThis as unknown as ServiceWorkerGlobalScope;

/** Replaced at build with a hash of every shell file, so a new build installs a new worker. */
const BUILD = '__TIERLAB_BUILD__';
const SHELL = `tierlab-shell-${BUILD}`;
const RUNTIME = 'tierlab-runtime';
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
      await (await caches.open(SHELL)).addAll(m.shell.map((p) => new Request(p, { cache: 'reload' })));
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

function withTimeout(request: Request): Promise<Response> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('network timeout')), NETWORK_TIMEOUT_MS);
    fetch(request).then(
      (r) => {
        clearTimeout(timer);
        resolve(r);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** The network when it answers in time (the answer is kept), else the cached copy. */
async function networkFirst(request: Request, cacheName: string, fallback?: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  try {
    const response = await withTimeout(request);
    if (response.ok && !fallback) await cache.put(request, response.clone());
    return response;
  } catch (err) {
    const cached =
      (await cache.match(request, { ignoreSearch: Boolean(fallback) })) ?? (fallback ? await cache.match(fallback) : undefined);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  const path = url.pathname;
  if (path.startsWith('/api/') || path === '/sw-manifest.json') return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL, '/index.html'));
    return;
  }
  if (path.startsWith('/pyodide/')) {
    event.respondWith(cacheFirst(request, RUNTIME));
    return;
  }
  if (path.startsWith('/models/') || path.startsWith('/hub/') || path.startsWith('/datasets-server/')) {
    event.respondWith(networkFirst(request, RUNTIME));
    return;
  }
  event.respondWith((async () => ((await isShell(path)) ? cacheFirst(request, SHELL) : fetch(request)))());
});

export {};
