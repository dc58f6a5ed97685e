// The results service's HTTP contract (runs everywhere): response shapes and the filter's query string, shared by
// the server that answers and the app that asks.
import { ENGINES, type DeviceBuckets, type Engine } from './device-buckets.ts';
import type { RunResult } from './run-result.ts';

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
  device: DeviceBuckets;
  /** Validity flags the server computed (keys of VALIDITY_FLAGS). */
  flags: string[];
  points: PointRow[];
}

/** GET /api/results/:id: the summary and the RunResult as stored (private fields removed). */
export interface StoredResult extends ResultSummary {
  /** The RunResult as stored (validated on submit, private fields removed); a client still parses what it receives. */
  result: RunResult;
}

/** GET /api/results */
export interface ResultPage {
  items: ResultSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** One device class at one batch size: the median of the results' medians, over `count` results. */
export interface AggregateRow {
  deviceClass: string;
  batchSize: number;
  medianOfMediansMs: number;
  count: number;
}

/**
 * GET /api/energy: endurance results whose battery drain was measured, per device class. Modelled figures are never
 * pooled here: only results with a measured drain under load count.
 */
export interface EnergyAggregateRow {
  deviceClass: string;
  /** Results behind the row. */
  count: number;
  /** Median battery drain under load, % per hour (measured). */
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
export const MAX_PAGE = 100;

const TEXT_KEYS = ['model', 'variant', 'backend', 'deviceClass'] as const;

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
    if (v && v.length <= 200) f[k] = v;
  }
  const engine = get('engine');
  if (engine && (ENGINES as readonly string[]).includes(engine)) f.engine = engine as Engine;
  const batch = get('batch');
  if (batch && /^\d{1,4}$/.test(batch)) f.batchSize = Number(batch);
  return f;
}
