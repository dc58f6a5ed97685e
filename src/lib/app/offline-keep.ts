// Asking the service worker to keep what a run loaded (main thread). On a first visit the inference worker starts
// before the service worker controls the page, so the model and the runtime it fetched never passed through it; once
// a run ends, the page hands their addresses over (src/service-worker/sw.ts, `keep`), and the next visit runs offline.

/** Hands `urls` to the active service worker, when this page has one; never waits on it or fails a run. */
export function keepForOffline(urls: readonly string[]): void {
  if (urls.length === 0 || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  void navigator.serviceWorker
    .getRegistration()
    .then((registration) => registration?.active?.postMessage({ kind: 'keep', urls: urls.slice(0, 200) }))
    .catch(() => undefined);
}
