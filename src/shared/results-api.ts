// The results service's HTTP contract (runs everywhere): response shapes and the filter's query string, shared by
// the server that answers and the app that asks.
import { ENGINES, type DeviceBuckets, type Engine } from './device-buckets.ts';
import type { RunResult } from './run-result.ts';
import type { ComparabilityKey } from './comparability.ts';
import type { BatchStanding } from './crowd-standing.ts';

export type { DeviceBuckets };

/** One batch size of a stored result. */
export interface PointRow {
  batchSize: number;
  medianMs: number;
  p90Ms: number;
  ciLoMs: number;
  ciHiMs: number;
  throughput: number;
  samples: number;
}

export interface ResultFilter {
  model?: string;
  variant?: string;
  backend?: string;
  deviceClass?: string;
  /** A comparability key (comparability.ts keyId): results that measured this work only. */
  key?: string;
  /** The browser engine (device-buckets.ts engineOf). */
  engine?: Engine;
  batchSize?: number;
  /** Flagged results are left out unless asked for. */
  includeFlagged?: boolean;
}

/** A stored result as lists show it. */
export interface ResultSummary {
  id: string;
  receivedAt: string;
  modelId: string;
  variant: string;
  runtime: string;
  backend: string;
  /** The comparability key of the work it measured (comparability.ts keyId). */
  key: string;
  device: DeviceBuckets;
  /** Validity flags the server computed (keys of VALIDITY_FLAGS). */
  flags: string[];
  points: PointRow[];
}

/** GET /api/results/:id: the summary and the RunResult as stored (private fields removed). */
export interface StoredResult extends ResultSummary {
  /** The RunResult as stored (validated on submit, private fields removed); a client still parses what it receives. */
  result: RunResult;
  /** GET /api/results/<id> only: where it stands among the unflagged results of its key, per batch size
   *  (src/bench/crowd-rank.ts). */
  standing?: BatchStanding[];
}

/** GET /api/results */
export interface ResultPage {
  items: ResultSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** One comparability key, device class and batch size: the median of its sources' medians of the results' medians. */
export interface AggregateRow {
  /** The key's id (comparability.ts keyId); results of other keys are never in this row. */
  key: string;
  /** The key's fields; null only for a stored result that no longer parses (its key pools with nothing). */
  work: ComparabilityKey | null;
  deviceClass: string;
  batchSize: number;
  medianOfMediansMs: number;
  /** Distribution-free 95% interval of that median (src/bench/crowd-stats.ts); null with fewer than 6 sources. */
  ci95: { lo: number; hi: number } | null;
  /** Results behind the row. */
  count: number;
  /** Distinct sources (networks) behind it: each gives one voice, its own median (src/bench/crowd-stats.ts). */
  sources: number;
}

/** GET /api/keys: one comparability key among the results a filter matches. */
export interface KeyCount {
  key: string;
  work: ComparabilityKey | null;
  results: number;
}

/**
 * GET /api/energy: endurance results whose battery drain was measured, per device class. Modelled figures are never
 * pooled here: only results with a measured drain under load count.
 */
export interface EnergyAggregateRow {
  deviceClass: string;
  /** Results behind the row. */
  count: number;
  /** Distinct sources (networks) behind it, one voice each. */
  sources: number;
  /** Median battery drain under load, % per hour (measured), over the sources' own medians. */
  medianDrainPercentPerHour: number;
  /** Median stability (worst ÷ best window). */
  medianStability: number | null;
  /** Results flagged throttled. */
  throttled: number;
}

/** POST /api/results answered 201. */
export interface SubmitAccepted {
  id: string;
  url: string;
  flags: string[];
}

/** Every 4xx and 404 answer. */
export interface ApiErrorBody {
  error: string;
}

/** Largest page GET /api/results returns. */
/** The largest submission body the results service accepts, bytes (a profiled run of a large model can exceed it). */
export const MAX_RESULT_BODY_BYTES = 2 * 1024 * 1024;

export const MAX_PAGE = 100;

const TEXT_KEYS = ['model', 'variant', 'backend', 'deviceClass', 'key'] as const;

/** The query string of a filter (keys in a fixed order, empty values left out). */
export function filterToQuery(f: ResultFilter): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of TEXT_KEYS) {
    const v = f[k];
    if (v) q.set(k, v);
  }
  if (f.engine) q.set('engine', f.engine);
  if (f.batchSize !== undefined) q.set('batch', String(f.batchSize));
  if (f.includeFlagged) q.set('includeFlagged', 'true');
  return q;
}

/** The filter of a query string; values that are empty, too long or malformed are ignored. */
export function filterFromQuery(get: (k: string) => string | null | undefined): ResultFilter {
  const f: ResultFilter = { includeFlagged: get('includeFlagged') === 'true' };
  for (const k of TEXT_KEYS) {
    const v = get(k);
    // A key names a model and eight more fields: it may run longer than a model id.
    if (v && v.length <= (k === 'key' ? 400 : 200)) f[k] = v;
  }
  const engine = get('engine');
  if (engine && (ENGINES as readonly string[]).includes(engine)) f.engine = engine as Engine;
  const batch = get('batch');
  if (batch && /^\d{1,4}$/.test(batch)) f.batchSize = Number(batch);
  return f;
}
