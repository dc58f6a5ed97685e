// Minimal page for `npm run perf` (main thread): hands the query to a worker running a bare onnxruntime-web loop and
// publishes what it measured on window.__perf for the harness to read.
import type { BareRequest, BareResult } from './bare.worker.ts';

const q = new URLSearchParams(location.search);
const request: BareRequest = {
  modelUrl: new URL(q.get('model') ?? '', location.href).href,
  batches: (q.get('batches') ?? '1').split(',').map(Number),
  seq: Number(q.get('seq') ?? 128),
  threads: Number(q.get('threads') ?? 1),
  globalWarmupMs: Number(q.get('warmupMs') ?? 3000),
  warmupRuns: Number(q.get('warmupRuns') ?? 5),
  runs: Number(q.get('runs') ?? 50),
  interleave: q.get('interleave') === '1',
  visitMs: Number(q.get('visitMs') ?? 0),
  pause: q.get('pause') === '1',
  build: (q.get('build') ?? 'wasm') as BareRequest['build'],
};
const worker = new Worker(new URL('./bare.worker.ts', import.meta.url), { type: 'module' });
const w = window as unknown as { __perf?: BareResult | { error: string } };
worker.onmessage = (e: MessageEvent<BareResult | { error: string } | { phase: 'timing' } | { ping: true }>) => {
  // Between two visits (pause=1): change one line of text, as TierLab's progress line does, and answer once it is
  // painted (the frame callback runs before paint; the task after it, once the frame is out: src/lib/core/settled.ts).
  if ('ping' in e.data) {
    document.getElementById('status')!.textContent = `measuring, ${performance.now().toFixed(0)} ms`;
    requestAnimationFrame(() => setTimeout(() => worker.postMessage({ pong: true }), 0));
    return;
  }
  // The timing window starts: marked on an attribute, which repaints nothing (the profile watches for it).
  if ('phase' in e.data) {
    document.documentElement.dataset.phase = e.data.phase;
    return;
  }
  document.documentElement.dataset.phase = 'done';
  w.__perf = e.data;
  document.getElementById('status')!.textContent = 'done';
};
worker.onerror = (e) => {
  w.__perf = { error: e.message };
};
worker.postMessage(request);
