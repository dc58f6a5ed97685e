// Calls to the results service (main thread): typed reads, and a raw submit whose answer the outbox classifies.
import { ResultsApiError } from '../../shared/errors.ts';
import {
  filterToQuery,
  type AggregateRow,
  type EnergyAggregateRow,
  type KeyCount,
  type ResultFilter,
  type ResultPage,
  type StoredResult,
} from '../../shared/results-api.ts';
import type { DatasetInfo } from '../../shared/dataset.ts';
import type { RoomTag } from './outbox-entries.ts';
import { outcomeOf, type SendOutcome } from './outbox-policy.ts';

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ResultsApiError(`the results server could not be reached (${url})`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const reason = (body as { error?: unknown } | null)?.error;
    throw new ResultsApiError(typeof reason === 'string' ? reason : `${url} answered ${res.status}`);
  }
  if (body === null) throw new ResultsApiError(`${url} did not answer JSON`);
  return body as T;
}

export function listResults(filter: ResultFilter, page: { limit: number; offset: number }, signal?: AbortSignal) {
  const q = filterToQuery(filter);
  q.set('limit', String(page.limit));
  q.set('offset', String(page.offset));
  return getJson<ResultPage>(`/api/results?${q}`, signal);
}

export async function aggregates(filter: ResultFilter, signal?: AbortSignal): Promise<AggregateRow[]> {
  return (await getJson<{ rows: AggregateRow[] }>(`/api/aggregates?${filterToQuery(filter)}`, signal)).rows;
}

/** The comparability keys among the results `filter` matches, the most common first. */
export async function keys(filter: ResultFilter, signal?: AbortSignal): Promise<KeyCount[]> {
  return (await getJson<{ keys: KeyCount[] }>(`/api/keys?${filterToQuery(filter)}`, signal)).keys;
}

/** Endurance results with a measured battery drain, per device class (measured figures only). */
export async function energyAggregates(filter: ResultFilter, signal?: AbortSignal): Promise<EnergyAggregateRow[]> {
  return (await getJson<{ rows: EnergyAggregateRow[] }>(`/api/energy?${filterToQuery(filter)}`, signal)).rows;
}

export function getResult(id: string, signal?: AbortSignal): Promise<StoredResult> {
  return getJson<StoredResult>(`/api/results/${encodeURIComponent(id)}`, signal);
}

/** The open data set: its version, licence, size and dictionary. */
export function datasetInfo(signal?: AbortSignal): Promise<DatasetInfo> {
  return getJson<DatasetInfo>('/api/dataset', signal);
}

/** The CSV or JSON export of a filter, as a link. */
export function exportUrl(filter: ResultFilter, format: 'csv' | 'json'): string {
  const q = filterToQuery(filter);
  q.set('format', format);
  return `/api/export?${q}`;
}

/** Sends one stored body with its idempotency key (into a room when tagged); never throws, a lost connection is status 0. */
export async function postResult(body: string, key: string, room?: RoomTag, timeoutMs = 30_000): Promise<SendOutcome> {
  const url = room ? `/api/results?${new URLSearchParams({ room: room.code, device: room.deviceId })}` : '/api/results';
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer: unknown = await res.json().catch(() => null);
    return outcomeOf(res.status, answer, res.headers.get('retry-after'));
  } catch {
    return outcomeOf(0, null);
  }
}
