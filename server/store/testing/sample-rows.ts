// Rows for the store suite (Node, tests): a NewResult with chosen fields.
import { sampleResult } from '../../../src/bench/testing/sample-result.ts';
import type { NewResult } from '../result-store.ts';
import { keyId, keyOf } from '../../../src/shared/comparability.ts';

let next = 0;

/** A row; its work key follows its model, variant, runtime and backend over the result's other key fields, unless
 *  given. */
export function sampleRow(over: Partial<NewResult> & { deviceClass?: string } = {}): NewResult {
  next++;
  const { deviceClass, ...rest } = over;
  const row: Omit<NewResult, 'workKey'> = {
    source: null,
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    clientResultId: `client-${next}`,
    modelId: 'tierlab/tiny-code-encoder',
    variant: 'fp32',
    runtime: 'onnxruntime-web',
    backend: 'wasm',
    device: {
      deviceClass: deviceClass ?? 'linux · chrome 156 · cpu · 2 cores · 8 GB',
      osFamily: 'linux',
      browserFamily: 'chrome',
      browserMajor: 156,
      engine: 'blink',
      gpuVendor: null,
      gpuArchitecture: null,
      coresBucket: '2',
      memoryBucket: '8 GB',
    },
    flags: [],
    room: null,
    result: sampleResult(),
    points: [
      { batchSize: 1, medianMs: 5, p90Ms: 6, ciLoMs: 4.9, ciHiMs: 5.1, throughput: 200, samples: 40 },
      { batchSize: 4, medianMs: 16, p90Ms: 18, ciLoMs: 15.5, ciHiMs: 16.5, throughput: 250, samples: 30 },
    ],
    ...rest,
  } as Omit<NewResult, 'workKey'>;
  const work = { ...keyOf(row.result), model: row.modelId, variant: row.variant, runtime: row.runtime, backend: row.backend };
  return { ...row, workKey: over.workKey ?? keyId(work) };
}
