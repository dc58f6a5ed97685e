// Forged and tampered submissions, as a table: each is refused with the field named, or stored with the flag its
// evidence calls for. The honest result is stored unflagged, with the statistics it was sent with (to rounding).
import { beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { analyze } from '../../src/bench/analyze.ts';
import { generationPoint } from '../../src/bench/generation.ts';
import type { RunResult } from '../../src/shared/run-result.ts';
import type { StopReason } from '../../src/shared/contracts/measurement.ts';
import { MAX_SAMPLES_PER_POINT } from '../../src/shared/sample-caps.ts';
import type { StoredResult } from '../../src/shared/results-api.ts';
import { CHROME_LINUX_UA, sampleAdapter, sampleResult } from '../../src/bench/testing/sample-result.ts';
import { migrate } from '../store/migrations.ts';
import { openPglite } from '../store/pglite-client.ts';
import { SqlResultStore } from '../store/result-store.ts';
import { resultsApi } from './results-api.ts';
import { TEST_CATALOG } from './testing/test-catalog.ts';

const CHROME = CHROME_LINUX_UA;
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

let app: Hono;
let keyN = 0;

beforeAll(async () => {
  const db = await openPglite('memory://', async (c) => void (await migrate(c)));
  app = new Hono();
  const store = new SqlResultStore(db);
  app.route('/api', resultsApi({ store, catalog: () => TEST_CATALOG, rateLimit: { perMinute: 6000, burst: 1000 } }));
});

function honest(): RunResult {
  const r = sampleResult();
  r.model.id = 'tierlab/tiny-code-encoder';
  r.environment.userAgent = CHROME;
  return r;
}

/** The honest result as a generator's: four new tokens per run, the first after 1 ms. */
function honestGenerator(): RunResult {
  const r = honest();
  r.plan = { ...r.plan, generation: { newTokens: 4, decoding: 'greedy' } };
  for (const p of r.points)
    p.generation = generationPoint(
      p.batchSize,
      p.samplesMs,
      p.samplesMs.map(() => 1),
      4,
    );
  return r;
}

/** An honest result rebuilt from other samples by the app's own analysis (what a client would send for them). */
function withSamples(
  samples: Record<number, number[]>,
  over: Partial<RunResult> = {},
  stoppedBy: StopReason = 'target',
): RunResult {
  const r = { ...honest(), ...over };
  const raw = {
    warmup: r.warmupMs,
    points: r.points.map((p) => ({
      batchSize: p.batchSize,
      samplesMs: samples[p.batchSize] ?? p.samplesMs,
      firstTokenMs: [],
      discardedMs: [],
      visits: [samples[p.batchSize] ?? p.samplesMs],
      stoppedBy: samples[p.batchSize] ? stoppedBy : p.stoppedBy,
    })),
  };
  const a = analyze(raw, null, r.plan.batches.length);
  return { ...r, points: a.points, fit: a.fit, correlation: a.correlation, saturationBatch: a.saturationBatch };
}

/** The honest result for a model whose batch axis is fixed at 1, with batch 2's fed shape as given. */
function fixedBatchResult(batchTwoShape: number[]): RunResult {
  const r = honest();
  r.model.inputs = [{ name: 'input_ids', type: 'int64', shape: [1, 'sequence'] }];
  const summary = { ...r.inputs, kind: 'synthetic' as const, tokensPerSampleMean: 128, paddingFraction: 0 };
  r.points[0]!.inputs = { ...summary, shapes: { input_ids: [1, 128] } };
  r.points[1]!.inputs = { ...summary, shapes: { input_ids: batchTwoShape } };
  return r;
}

async function send(r: unknown, userAgent = CHROME) {
  const res = await app.request('/api/results', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `tamper-key-${String(++keyN).padStart(8, '0')}`,
      'user-agent': userAgent,
    },
    body: JSON.stringify(r),
  });
  const body = (await res.json()) as { error?: string; id?: string; flags?: string[] };
  return { status: res.status, ...body };
}

type Case = [name: string, make: () => unknown, expected: { refused: RegExp } | { flags: string[] }, userAgent?: string];

const cases: Case[] = [
  [
    'medians a tenth of the samples’ median with n = 9999',
    () => {
      const r = honest();
      for (const p of r.points) p.stats = { ...p.stats, n: 9999, median: p.stats.median / 10, p50: p.stats.p50 / 10 };
      return r;
    },
    { refused: /points\.0\.stats\.n does not follow from the samples: sent 9999, recomputed 12/ },
  ],
  [
    'only the median lowered',
    () => {
      const r = honest();
      r.points[1]!.stats.median *= 0.9;
      return r;
    },
    { refused: /points\.1\.stats\.median does not follow from the samples/ },
  ],
  [
    'throughput inflated',
    () => {
      const r = honest();
      r.points[0]!.throughput *= 10;
      return r;
    },
    { refused: /points\.0\.throughput does not follow/ },
  ],
  [
    'interval narrowed',
    () => {
      const r = honest();
      r.points[0]!.stats.ci95 = { lo: r.points[0]!.stats.median, hi: r.points[0]!.stats.median };
      return r;
    },
    { refused: /points\.0\.stats\.ci95\.lo does not follow/ },
  ],
  [
    'samples replaced, statistics kept',
    () => {
      const r = honest();
      r.points[0]!.samplesMs = r.points[0]!.samplesMs.map((s) => s / 2);
      return r;
    },
    { refused: /points\.0\.stats\.\w+ does not follow/ },
  ],
  [
    'fit tampered',
    () => {
      const r = honest();
      r.fit.perItemMs = 0.001;
      return r;
    },
    { refused: /fit\.perItemMs does not follow/ },
  ],
  [
    'drift ratio 1.6 with drift flag false',
    () => {
      const r = honest();
      r.points[0]!.drift = { ...r.points[0]!.drift!, ratio: 1.6 };
      r.flags.drift = false;
      return r;
    },
    { refused: /points\.0\.drift\.ratio does not follow/ },
  ],
  [
    'samples that drift, drift flag false',
    () => {
      const step = [
        ...Array.from({ length: 12 }, (_, i) => 5 + (i % 4) * 0.02),
        ...Array.from({ length: 12 }, (_, i) => 6.5 + (i % 4) * 0.02),
      ];
      const r = withSamples({ 1: step }, {}, 'time-cap');
      r.flags.drift = false;
      return r;
    },
    { flags: ['drift', 'ciNotReached'] },
  ],
  [
    'a discarded first pass that does not drift',
    () => {
      const r = honest();
      const p = r.points[0]!;
      p.discarded = { samplesMs: p.samplesMs, drift: p.drift!, reason: 'forged' };
      return r;
    },
    { refused: /points\.0\.discarded: those samples pass the drift test/ },
  ],
  [
    'SwiftShader adapter with isFallbackAdapter false',
    () => {
      const r = honest();
      r.plan = { ...r.plan, backend: 'webgpu' };
      r.environment.requestedProvider = 'webgpu';
      r.environment.executionProvider = 'webgpu';
      r.environment.adapter = sampleAdapter({ device: 'Subzero', description: 'SwiftShader Device (Subzero)' });
      r.flags.fallbackAdapter = false;
      return r;
    },
    { flags: ['fallbackAdapter'] },
  ],
  [
    'provider fallback denied',
    () => {
      const r = honest();
      r.environment.requestedProvider = 'webgpu';
      r.flags.providerFallback = false;
      return r;
    },
    { flags: ['providerFallback'] },
  ],
  [
    'targetRelCi 1: wide intervals claimed as on target',
    () => {
      const wide = [5, 7, 4, 6, 8, 5.5, 4.5, 6.5, 7.5, 5, 6, 4.2];
      const r = withSamples({ 1: wide }, { plan: { ...honest().plan, protocol: { ...honest().plan.protocol, targetRelCi: 1 } } });
      return r;
    },
    { flags: ['ciNotReached'] },
  ],
  [
    "'target' claimed for an interval wider than the plan's target",
    () => {
      const wide = [5, 7, 4, 6, 8, 5.5, 4.5, 6.5, 7.5, 5, 6, 4.2];
      return withSamples({ 1: wide });
    },
    { refused: /points\.0\.stoppedBy is 'target' but the interval is ±\d+\.\d% with 12 samples \(target ±5\.0%\)/ },
  ],
  [
    'a batch size that hit the sample cap (runs at the timer’s ticks never narrow the interval)',
    () => withSamples({ 1: Array.from({ length: MAX_SAMPLES_PER_POINT }, (_, i) => (i % 2 ? 5 : 6)) }, {}, 'sample-cap'),
    { flags: ['ciNotReached'] },
  ],
  [
    "'sample-cap' claimed with fewer samples than the cap",
    () => withSamples({ 1: Array.from({ length: 40 }, (_, i) => (i % 2 ? 5 : 6)) }, {}, 'sample-cap'),
    { refused: /points\.0\.stoppedBy is 'sample-cap' but it holds 40 samples \(the cap is 20000\)/ },
  ],
  [
    'an iPhone user-agent sent by curl',
    () => ({ ...honest(), environment: { ...honest().environment, userAgent: IPHONE } }),
    { flags: ['deviceMismatch'] },
    'curl/8.5.0',
  ],
  [
    'zero variance hidden by one odd sample',
    () => withSamples({ 1: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 7] }),
    { flags: ['zeroVariance'] },
  ],
  [
    'self-consistent samples faster than the model’s work allows',
    // 0.8 M parameters × 128 padded positions × 2 FLOPs per item: 2 µs per item is 100 TFLOP/s.
    () => withSamples({ 1: Array.from({ length: 12 }, (_, i) => 0.0015 + ((i * 7) % 12) * 1e-5) }, {}, 'time-cap'),
    { flags: ['implausibleSpeed'] },
  ],
  [
    'a batch size left out without a lost device',
    () => {
      const r = honest();
      const a = analyze(
        {
          warmup: r.warmupMs,
          points: [
            {
              batchSize: 1,
              samplesMs: r.points[0]!.samplesMs,
              firstTokenMs: [],
              discardedMs: [],
              visits: [[1]],
              stoppedBy: 'target',
            },
          ],
        },
        null,
        2,
      );
      return { ...r, points: a.points, fit: a.fit, correlation: a.correlation, saturationBatch: a.saturationBatch };
    },
    { flags: ['deviceLost'] },
  ],
  [
    'a batch size the plan does not have',
    () => {
      const r = honest();
      r.points[1]!.batchSize = 3;
      return r;
    },
    { refused: /points\.1\.batchSize 3 is not in the plan/ },
  ],
  [
    'time to first token for fewer runs than there were',
    () => {
      const r = honestGenerator();
      r.points[0]!.generation!.ttftSamplesMs.pop();
      return r;
    },
    { refused: /points\.0\.generation\.ttftSamplesMs has 11 samples for 12 runs/ },
  ],
  [
    'a decode rate inflated',
    () => {
      const r = honestGenerator();
      r.points[0]!.generation!.decodeTokensPerSecond *= 2;
      return r;
    },
    { refused: /points\.0\.generation\.decodeTokensPerSecond does not follow/ },
  ],
  [
    'a fixed-batch model claiming batch 2 while its inputs held one row (twice its throughput)',
    () => fixedBatchResult([1, 128]),
    { refused: /points\.1\.inputs\.shapes\.input_ids fed a batch of 1, not the point's batch size 2/ },
  ],
  [
    'a fixed-batch model claiming it was fed two rows',
    () => fixedBatchResult([2, 128]),
    { refused: /points\.1\.inputs\.shapes\.input_ids \[2, 128\] does not fit the declared shape \[1, sequence\]/ },
  ],
  [
    'schema version 1 (statistics the server cannot check)',
    () => ({ ...honest(), schemaVersion: 1 }),
    { refused: /schemaVersion 1 is no longer accepted/ },
  ],
];

describe('tampered submissions', () => {
  for (const [name, make, expected, userAgent] of cases) {
    it(name, async () => {
      const answer = await send(make(), userAgent);
      if ('refused' in expected) {
        expect(answer.status, JSON.stringify(answer)).toBe(422);
        expect(answer.error).toMatch(expected.refused);
      } else {
        expect(answer.status, JSON.stringify(answer)).toBe(201);
        expect(answer.flags).toEqual(expected.flags);
      }
    });
  }

  it('the honest result is stored unflagged, with the statistics it was sent with', async () => {
    const r = honest();
    const answer = await send(r);
    expect(answer.status).toBe(201);
    expect(answer.flags).toEqual([]);
    const stored = (await (await app.request(`/api/results/${answer.id}`)).json()) as StoredResult;
    expect(stored.flags).toEqual([]);
    expect(stored.result.points.map((p) => p.stats)).toEqual(r.points.map((p) => p.stats));
    expect(stored.points.map((p) => [p.medianMs, p.ciLoMs, p.ciHiMs, p.samples])).toEqual(
      r.points.map((p) => [p.stats.median, p.stats.ci95.lo, p.stats.ci95.hi, p.stats.n]),
    );
  });
});
