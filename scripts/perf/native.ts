// The physical reference for `npm run perf` (Node): the same ONNX file in onnxruntime-node on the CPU, same threads,
// same input shapes, same fixed protocol as the bare browser loop.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';

export interface NativeRequest {
  file: string;
  batches: number[];
  seq: number;
  threads: number;
  globalWarmupMs: number;
  warmupRuns: number;
  runs: number;
}

function feedsFor(session: ort.InferenceSession, batch: number, seq: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const data = BigInt64Array.from({ length: batch * seq }, (_, i) =>
      /mask/.test(name) ? 1n : /type/.test(name) ? 0n : BigInt(5 + (i % 90)),
    );
    feeds[name] = new ort.Tensor('int64', data, [batch, seq]);
  }
  return feeds;
}

/** Median-ready samples per batch size, ms. */
export async function runNative(r: NativeRequest): Promise<Record<number, number[]>> {
  const session = await ort.InferenceSession.create(await readFile(r.file), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: r.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  try {
    const feeds = new Map(r.batches.map((b) => [b, feedsFor(session, b, r.seq)]));
    const until = performance.now() + r.globalWarmupMs;
    while (performance.now() < until) for (const f of feeds.values()) await session.run(f);
    const samples: Record<number, number[]> = {};
    for (const b of r.batches) {
      const f = feeds.get(b)!;
      for (let i = 0; i < r.warmupRuns; i++) await session.run(f);
      const times: number[] = [];
      for (let i = 0; i < r.runs; i++) {
        const t0 = performance.now();
        const out = await session.run(f);
        for (const t of Object.values(out)) void t.data;
        times.push(performance.now() - t0);
      }
      samples[b] = times;
    }
    return samples;
  } finally {
    await session.release();
  }
}
