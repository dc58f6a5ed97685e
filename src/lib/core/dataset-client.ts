// Loads a catalog dataset's labelled samples on the main thread: bundled sets directly, Hub sets page by page from
// the dataset viewer's /rows API (or this server's mirror with ?hub=local), cached in the Cache API.
import { pageOffsets, readRowsPage, ROWS_PAGE, rowsUrl } from '../../shared/dataset-rows.ts';
import { bundledSamples, DATASETS, type DatasetEntry, type LabelledSample } from '../../shared/datasets.ts';
import { DatasetError } from '../../shared/errors.ts';

export const DATASET_CACHE = 'tierlab-datasets';

/** The rows API's base: this server's mirror with ?hub=local, else the Hub's dataset viewer. */
export function datasetsUrl(search: string = window.location.search): string {
  return new URLSearchParams(search).get('hub') === 'local'
    ? new URL('datasets-server/', window.location.origin + '/').href
    : 'https://datasets-server.huggingface.co/';
}

export interface LoadedDataset {
  entry: DatasetEntry;
  samples: readonly LabelledSample[];
  /** Rows left out (truncated text, unknown label). */
  skipped: number;
  /** Pages answered from the cache, of all pages read. */
  cachedPages: number;
  pages: number;
}

/** One /rows page: from the cache when it holds it, else fetched and cached. */
export async function getPage(url: string, cache: Cache | null): Promise<{ json: unknown; cached: boolean }> {
  const hit = await cache?.match(url);
  if (hit) return { json: await hit.json(), cached: true };
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new DatasetError(`the dataset server could not be reached (${url})`);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const reason = (json as { error?: unknown } | null)?.error;
    throw new DatasetError(`${url} answered ${res.status}${typeof reason === 'string' ? `: ${reason}` : ''}`);
  }
  await cache?.put(url, new Response(JSON.stringify(json), { headers: { 'content-type': 'application/json' } }));
  return { json, cached: false };
}

/** The dataset cache, or null where the Cache API is unavailable (pages are then fetched every time). */
export async function openDatasetCache(): Promise<Cache | null> {
  return typeof caches === 'undefined' ? null : await caches.open(DATASET_CACHE).catch(() => null);
}

/** The samples of dataset `id`, with progress per page for Hub datasets. */
export async function loadDataset(
  id: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<LoadedDataset> {
  const entry = DATASETS.find((d) => d.id === id);
  if (!entry) throw new DatasetError(`no dataset "${id}" in the catalog`);
  if (!entry.hub) return { entry, samples: bundledSamples(id), skipped: 0, cachedPages: 0, pages: 0 };
  const src = entry.hub;
  const base = datasetsUrl();
  const cache = await openDatasetCache();
  // The first page tells how many rows the split has; the rest are spread over it.
  const first = await getPage(rowsUrl(base, src, 0, Math.min(ROWS_PAGE, src.maxRows)), cache);
  const firstPage = readRowsPage(first.json, src);
  const plan = pageOffsets(firstPage.total, src.maxRows);
  const samples: LabelledSample[] = [];
  let skipped = 0;
  let cachedPages = 0;
  for (const [i, p] of plan.entries()) {
    onProgress(i, plan.length);
    const got = i === 0 && p.offset === 0 ? first : await getPage(rowsUrl(base, src, p.offset, p.length), cache);
    const page = i === 0 && p.offset === 0 ? firstPage : readRowsPage(got.json, src);
    samples.push(...page.samples.slice(0, p.length));
    skipped += page.skipped;
    if (got.cached) cachedPages++;
  }
  onProgress(plan.length, plan.length);
  if (samples.length === 0) throw new DatasetError(`${src.dataset} gave no usable rows (${skipped} skipped)`);
  return { entry, samples, skipped, cachedPages, pages: plan.length };
}
