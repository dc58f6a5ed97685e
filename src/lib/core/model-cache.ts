// The browser's copy of downloaded models (main thread): whether a catalog variant is cached, and clearing it.
// transformers.js stores each file in the Cache API under its download URL (cache "transformers-cache").
import { hubFileUrl } from '../../shared/catalog.ts';
import type { ModelLocation } from '../../shared/contracts/model.ts';

export const TRANSFORMERS_CACHE = 'transformers-cache';

/** True when every listed file of the model is in the transformers.js cache (hub locations only). */
export async function isCached(location: ModelLocation | null, files: readonly string[]): Promise<boolean> {
  if (!location || location.from !== 'hub' || typeof caches === 'undefined' || files.length === 0) return false;
  if (!(await caches.has(TRANSFORMERS_CACHE))) return false;
  const cache = await caches.open(TRANSFORMERS_CACHE);
  for (const file of files) {
    if (!(await cache.match(hubFileUrl(location.hubUrl, location.modelId, file)))) return false;
  }
  return true;
}

/** Storage this origin uses (all caches and databases), bytes, when the browser says. */
export async function storageUsed(): Promise<number | null> {
  const estimate = await navigator.storage?.estimate?.();
  return estimate?.usage ?? null;
}

/** Deletes every cached model file; the next load downloads again. */
export async function clearModelCache(): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(TRANSFORMERS_CACHE);
}
