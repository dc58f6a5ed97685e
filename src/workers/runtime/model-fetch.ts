// Downloads a model file with byte progress and turns every failure into a ModelFetchError a person can act on (worker).
import { ModelFetchError } from '../../shared/errors.ts';
import type { DownloadProgress } from '../../shared/contracts/model.ts';

/** Fetches `url` fully, reporting progress at most every 100 ms. */
export async function fetchWithProgress(url: string, onProgress: (p: DownloadProgress) => void): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new ModelFetchError(
      `could not reach ${url}: ${err instanceof Error ? err.message : String(err)} (offline, wrong host, or the server does not allow cross-origin requests)`,
    );
  }
  if (!response.ok) {
    const hint = response.status === 404 ? ' (not found: check the model id, variant or URL)' : '';
    throw new ModelFetchError(`${url} answered HTTP ${response.status} ${response.statusText}${hint}`);
  }
  const header = response.headers.get('content-length');
  const total = header ? Number(header) : null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    const now = performance.now();
    if (now - lastReport > 100) {
      lastReport = now;
      onProgress({ loaded, total });
    }
  }
  onProgress({ loaded, total: total ?? loaded });
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes;
}
