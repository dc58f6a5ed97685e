// The bare onnxruntime-web loop `npm run perf` compares TierLab against (Web Worker): the same session options as
// TierLab's OrtRuntime and the same onnxruntime-web build (the plain WASM one for WASM runs, as TierLab loads it), a
// fixed protocol (warm-up, then N timed runs per batch size), nothing else. `build` picks another build, for the
// session-creation comparison.
import type * as Ort from 'onnxruntime-web';
import type { OrtBuild } from '../../../src/shared/ort-build.ts';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import jspiUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jspi.wasm?url';
import asyncifyUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

const BUILDS: Record<OrtBuild, { load: () => Promise<typeof Ort>; wasm: string }> = {
  wasm: { load: () => import('onnxruntime-web/wasm'), wasm: wasmUrl },
  jspi: { load: () => import('onnxruntime-web/jspi'), wasm: jspiUrl },
  asyncify: { load: () => import('onnxruntime-web/webgpu'), wasm: asyncifyUrl },
};
let ort: typeof Ort;

export interface BareRequest {
  modelUrl: string;
  batches: number[];
  seq: number;
  threads: number;
  globalWarmupMs: number;
  warmupRuns: number;
  runs: number;
  /**
   * Visit the batch sizes in turn, as TierLab's rounds do (ascending, then descending), instead of all runs of one size
   * in a row. Each visit times as many runs as fill `visitMs` at the size's median so far (1 to 50, TierLab's rule);
   * 0 times one run per visit.
   */
  interleave: boolean;
  visitMs: number;
  /**
   * With `interleave`: after each visit, wait for the page to paint a line of text and answer, as TierLab's worker waits
   * for its page between visits (the paint's cost, measured apart from the rest of TierLab's harness).
   */
  pause: boolean;
  build: OrtBuild;
}

export interface BareResult {
  samples: Record<number, number[]>;
  threads: number;
  crossOriginIsolated: boolean;
  ortVersion: string;
  build: OrtBuild;
  /** InferenceSession.create for the model, ms (the build's wasm fetched and compiled in it). */
  sessionCreateMs: number;
}

function feedsFor(session: Ort.InferenceSession, batch: number, seq: number): Record<string, Ort.Tensor> {
  const feeds: Record<string, Ort.Tensor> = {};
  for (const name of session.inputNames) {
    // Values do not change an encoder's work: ids below any vocabulary, a full attention mask, zero type ids.
    const data = BigInt64Array.from({ length: batch * seq }, (_, i) =>
      /mask/.test(name) ? 1n : /type/.test(name) ? 0n : BigInt(5 + (i % 90)),
    );
    feeds[name] = new ort.Tensor('int64', data, [batch, seq]);
  }
  return feeds;
}

async function runOnce(session: Ort.InferenceSession, feeds: Record<string, Ort.Tensor>): Promise<void> {
  const outputs = await session.run(feeds);
  for (const out of Object.values(outputs)) await out.getData(true);
  for (const out of Object.values(outputs)) out.dispose();
}

async function onRequest(e: MessageEvent<BareRequest>): Promise<void> {
  try {
    const r = e.data;
    const chosen = BUILDS[r.build];
    ort = await chosen.load();
    ort.env.wasm.wasmPaths = { wasm: new URL(chosen.wasm, self.location.href).href };
    ort.env.wasm.proxy = false;
    ort.env.wasm.numThreads = r.threads;
    const bytes = new Uint8Array(await (await fetch(r.modelUrl)).arrayBuffer());
    const created = performance.now();
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
      preferredOutputLocation: 'cpu',
      enableGraphCapture: false,
      logSeverityLevel: 2,
    });
    const sessionCreateMs = performance.now() - created;
    const feeds = new Map(r.batches.map((b) => [b, feedsFor(session, b, r.seq)]));
    // WASM keeps compiling in the background after load: spend the same kind of settling time TierLab does.
    const until = performance.now() + r.globalWarmupMs;
    while (performance.now() < until) for (const f of feeds.values()) await runOnce(session, f);
    postMessage({ phase: 'timing' });
    const samples: Record<number, number[]> = Object.fromEntries(r.batches.map((b) => [b, []]));
    const timed = async (b: number) => {
      const t0 = performance.now();
      await runOnce(session, feeds.get(b)!);
      samples[b]!.push(performance.now() - t0);
    };
    if (r.interleave) {
      for (const b of r.batches) for (let i = 0; i < r.warmupRuns; i++) await runOnce(session, feeds.get(b)!);
      for (let round = 0; r.batches.some((b) => samples[b]!.length < r.runs); round++) {
        const order = round % 2 === 0 ? r.batches : [...r.batches].reverse();
        for (const b of order) {
          const have = samples[b]!;
          if (have.length >= r.runs) continue;
          const typical = have.length ? [...have].sort((x, y) => x - y)[have.length >> 1]! : 0;
          const count = r.visitMs > 0 && typical > 0 ? Math.max(1, Math.min(50, Math.round(r.visitMs / typical))) : 1;
          for (let i = 0; i < Math.min(count, r.runs - have.length); i++) await timed(b);
          if (r.pause) await paintedByPage();
        }
      }
    } else {
      for (const b of r.batches) {
        for (let i = 0; i < r.warmupRuns; i++) await runOnce(session, feeds.get(b)!);
        for (let i = 0; i < r.runs; i++) await timed(b);
      }
    }
    await session.release();
    const result: BareResult = {
      samples,
      threads: ort.env.wasm.numThreads ?? r.threads,
      crossOriginIsolated: self.crossOriginIsolated,
      ortVersion: ort.env.versions.web ?? 'unknown',
      build: r.build,
      sessionCreateMs,
    };
    postMessage(result);
  } catch (err) {
    postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
}

/** Pending answers from the page (bare.ts), which it sends after painting what a ping asked for. */
const pongs: (() => void)[] = [];
const paintedByPage = () =>
  new Promise<void>((resolve) => {
    pongs.push(resolve);
    postMessage({ ping: true });
  });
// ORT starts its WASM threads from this same bundle (named em-pthread); they must keep their own message handling.
if (!self.name.startsWith('em-pthread'))
  self.addEventListener('message', (e: MessageEvent<BareRequest | { pong: true }>) => {
    if ('pong' in e.data) pongs.shift()?.();
    else void onRequest(e as MessageEvent<BareRequest>);
  });
