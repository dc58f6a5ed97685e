// A complete, valid RunResult from made-up samples, for unit tests (runs everywhere; used by tests only).
import { analyze } from '../analyze.ts';
import { DEFAULT_PLAN } from '../../shared/run-plan.ts';
import { SCHEMA_VERSION, type AdapterInfo, type RunResult } from '../../shared/run-result.ts';

/** The worker's raw measurements behind sampleResult(): warm-up and two batch sizes, 1 and 2; every time times
 *  `scale` (a slower or faster device, as consistent as the original). */
export function sampleRaw(scale = 1) {
  const raw = {
    warmup: [{ batchSize: 1, firstRunMs: 40, runsMs: [6, 5, 5], settled: true }],
    points: [
      {
        batchSize: 1,
        samplesMs: [5, 5.1, 4.9, 5, 5.2, 5.05, 4.95, 5.1, 5, 4.9, 5.15, 5],
        visits: [
          [5, 5.1, 4.9, 5, 5.2, 5.05],
          [4.95, 5.1, 5, 4.9, 5.15, 5],
        ],
        stoppedBy: 'target' as const,
        discardedMs: [],
        firstTokenMs: [],
      },
      {
        batchSize: 2,
        samplesMs: [9, 9.2, 8.8, 9.1, 9, 9.05, 8.95, 9.1, 9.3, 8.9, 9, 9.15],
        visits: [
          [9, 9.2, 8.8, 9.1, 9, 9.05],
          [8.95, 9.1, 9.3, 8.9, 9, 9.15],
        ],
        stoppedBy: 'target' as const,
        discardedMs: [],
        firstTokenMs: [],
      },
    ],
  };
  if (scale === 1) return raw;
  const x = (ms: number[]) => ms.map((m) => m * scale);
  return {
    warmup: raw.warmup.map((w) => ({ ...w, firstRunMs: w.firstRunMs * scale, runsMs: x(w.runsMs) })),
    points: raw.points.map((p) => ({ ...p, samplesMs: x(p.samplesMs), visits: p.visits.map(x) })),
  };
}

/** A complete, valid result built from made-up samples (times `scale`, sampleRaw). */
export function sampleResult(scale = 1): RunResult {
  const raw = sampleRaw(scale);
  const a = analyze(raw);
  return {
    schemaVersion: SCHEMA_VERSION,
    id: '00000000-0000-4000-8000-000000000000',
    createdAt: '2026-11-21T12:00:00.000Z',
    appVersion: '0.1.0',
    environment: {
      userAgent: 'test',
      platform: 'Linux',
      hardwareConcurrency: 2,
      deviceMemoryGb: 8,
      crossOriginIsolated: true,
      timerResolutionMs: 0.005,
      requestedProvider: 'wasm',
      executionProvider: 'wasm',
      threadsRequested: 0,
      threads: 2,
      adapter: null,
      webgpuUnavailableReason: null,
      ortVersion: '1.31.0',
      sessionOptions: { graphOptimizationLevel: 'all', preferredOutputLocation: 'cpu', enableGraphCapture: false, notes: [] },
    },
    model: {
      id: 'm',
      source: 'catalog',
      variant: 'fp32',
      fileBytes: 10,
      inputs: [],
      outputs: [],
      fetchMs: 1,
      sessionCreateMs: 2,
    },
    // Two batch sizes, and a minimum time these few made-up samples reach, so the result is one the protocol could make.
    plan: { ...DEFAULT_PLAN, batches: [1, 2], protocol: { ...DEFAULT_PLAN.protocol, minTimeMs: 50 } },
    inputs: {
      kind: 'tokenized',
      padding: 'max-length',
      sequenceLength: 128,
      tokensPerSampleMean: 100,
      paddingFraction: 0.2,
      truncatedSamples: 0,
      description: 'x',
    },
    warmupMs: raw.warmup,
    points: a.points,
    fit: a.fit,
    correlation: a.correlation,
    saturationBatch: a.saturationBatch,
    durationMs: 1000,
    flags: {
      ...a.flags,
      fallbackAdapter: false,
      providerFallback: false,
      backgrounded: false,
      deviceLost: false,
      singleThreaded: false,
      emulated: false,
    },
    notes: a.notes,
  };
}

/** A desktop Chrome user-agent, as an honest browser sends in its request and records in its result. */
export const CHROME_LINUX_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

/** A WebGPU adapter record: SwiftShader (software, its fallback bit unset) unless `over` says otherwise. */
export function sampleAdapter(over: Partial<AdapterInfo> = {}): AdapterInfo {
  return {
    vendor: 'google',
    architecture: 'swiftshader',
    device: '',
    description: '',
    isFallbackAdapter: false,
    features: [],
    ...over,
  };
}
