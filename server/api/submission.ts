// Turning a POST body into a stored row (Node, server, pure): hostile-input checks the schema cannot express, the
// catalog check, every statistic recomputed from the samples, flags from evidence, and privacy (what is kept).
import { verifyResultEnergy } from '../../src/bench/energy/verify-energy.ts';
import { SubmissionError, VerificationError } from '../../src/shared/errors.ts';
import { validityFlags, type TokenBounds } from '../../src/bench/validity-flags.ts';
import { verifyResult } from '../../src/bench/verify-result.ts';
import type { Catalog } from '../../src/shared/catalog.ts';
import { deviceBuckets } from '../../src/shared/device-buckets.ts';
import type { RunResult } from '../../src/shared/run-result.ts';
import { keyId, keyOf } from '../../src/shared/comparability.ts';
import type { NewResult } from '../store/result-store.ts';

/** The result as stored: no user-agent, no platform string, no adapter device or description. */
export function withoutPrivateFields(r: RunResult, osFamily: string): RunResult {
  return {
    ...r,
    environment: {
      ...r.environment,
      userAgent: '',
      platform: osFamily,
      adapter: r.environment.adapter ? { ...r.environment.adapter, device: '', description: '' } : null,
    },
  };
}

/**
 * Builds the row for a schema-valid result: 422 for a model or variant the catalog does not list, or for a figure
 * that does not follow from the samples (the message names the field). The row holds the server's statistics only;
 * `requestUserAgent` (the request's own header) is compared with the result's and never stored.
 */
export function rowFor(
  submitted: RunResult,
  catalog: Catalog,
  id: string,
  room: string | null = null,
  requestUserAgent: string | null = null,
  tokens: TokenBounds | null = null,
  source: string | null = null,
): NewResult {
  const result = submitted;
  const m = result.plan.model;
  if (m.kind !== 'catalog')
    throw new SubmissionError(422, 'only catalog models are accepted (a URL or a local file is not shared)');
  const entry = catalog.entries.find((e) => e.id === m.id);
  if (!entry) throw new SubmissionError(422, `unknown model "${m.id}": not in the catalog`);
  if (!entry.variants.some((v) => v.dtype === m.dtype))
    throw new SubmissionError(422, `model "${m.id}" has no ${m.dtype} variant in the catalog`);
  if (result.model.id !== m.id || result.model.variant !== m.dtype)
    throw new SubmissionError(422, 'the result names a different model than its plan');
  let verified: RunResult;
  try {
    verified = verifyResult(submitted);
    verifyResultEnergy(submitted);
  } catch (err) {
    if (err instanceof VerificationError) throw new SubmissionError(422, err.message);
    throw err;
  }
  const flags = validityFlags(verified, {
    parameters: entry.parameters > 0 ? entry.parameters : null,
    requestUserAgent,
    tokens,
  });
  // The browser and OS a device is grouped by come from the request itself; the result's own strings only count
  // where they agree (a contradiction is the deviceMismatch flag).
  const device = deviceBuckets(
    requestUserAgent === null ? verified.environment : { ...verified.environment, userAgent: requestUserAgent },
  );
  return {
    id,
    clientResultId: result.id,
    modelId: m.id,
    variant: m.dtype,
    runtime: result.plan.runtime,
    backend: result.environment.executionProvider,
    workKey: keyId(keyOf(verified)),
    source,
    device,
    flags,
    room,
    result: withoutPrivateFields(verified, device.osFamily),
    points: verified.points.map((p) => ({
      batchSize: p.batchSize,
      medianMs: p.stats.median,
      p90Ms: p.stats.p90,
      ciLoMs: p.stats.ci95.lo,
      ciHiMs: p.stats.ci95.hi,
      throughput: p.throughput,
      samples: p.stats.n,
    })),
  };
}
