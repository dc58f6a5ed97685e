// What submitting a result shares (main thread, pure): the fields the results service stores, the flags it will
// compute, and what it receives but never keeps. The server runs the same pure functions on the same data.
import type { Catalog } from '../../shared/catalog.ts';
import { deviceBuckets } from '../../shared/device-buckets.ts';
import type { RunResult } from '../../shared/run-result.ts';
import { validityFlags } from '../../bench/validity-flags.ts';
import { VALIDITY_FLAGS, type ValidityFlag } from '../../shared/validity.ts';

export interface SubmissionPreview {
  /** null when the result can be shared, else why not. */
  notShareable: string | null;
  stored: { label: string; value: string }[];
  flags: { flag: ValidityFlag; meaning: string }[];
  /** Sent with the result (to compute the buckets) but not kept. */
  notStored: string[];
}

/** The preview shown next to the Submit button. */
export function submissionPreview(result: RunResult, catalog: Catalog | null): SubmissionPreview {
  const m = result.plan.model;
  const entry = m.kind === 'catalog' ? catalog?.entries.find((e) => e.id === m.id) : undefined;
  let notShareable: string | null = null;
  if (m.kind !== 'catalog') notShareable = 'only catalog models can be shared: a URL or a file from this device is not';
  else if (!entry) notShareable = `"${m.id}" is not in the catalog`;
  else if (!entry.variants.some((v) => v.dtype === m.dtype)) notShareable = `the catalog has no ${m.dtype} variant of ${m.id}`;
  const d = deviceBuckets(result.environment);
  const env = result.environment;
  const stored = [
    { label: 'model', value: `${result.model.id} (${result.model.variant})` },
    {
      label: 'runtime and backend',
      value: `${result.plan.runtime} · ${env.executionProvider} (asked for ${env.requestedProvider})`,
    },
    { label: 'device class', value: d.deviceClass },
    { label: 'OS family', value: d.osFamily },
    { label: 'browser', value: `${d.browserFamily}${d.browserMajor === null ? '' : ` ${d.browserMajor}`}` },
    { label: 'GPU vendor / architecture', value: `${d.gpuVendor ?? '—'} / ${d.gpuArchitecture ?? '—'}` },
    { label: 'CPU cores', value: d.coresBucket },
    { label: 'memory', value: d.memoryBucket },
    {
      label: 'measurements',
      value: `${result.points.length} batch sizes with every sample, warm-up, threads (${env.threads}), isolation, plan and flags`,
    },
  ];
  // This browser sends its own user-agent with the submission, so the server sees the same one.
  const flags = validityFlags(result, {
    parameters: entry && entry.parameters > 0 ? entry.parameters : null,
    requestUserAgent: env.userAgent,
  }).map((flag) => ({
    flag,
    meaning: VALIDITY_FLAGS[flag],
  }));
  const notStored = [
    'your IP address (rate limiting only, in memory)',
    'the full user-agent string (used for the OS and browser buckets, then dropped)',
    'the GPU device name and description',
    'the exact platform string (kept as the OS family)',
  ];
  return { notShareable, stored, flags, notStored };
}
