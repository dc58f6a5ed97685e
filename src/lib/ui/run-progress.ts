// What the progress line shows for a worker's progress message (pure; main thread): a label, a fraction, per-file
// downloads, and whether batch sizes are being timed (then the page keeps still but for the label).
import type { BenchmarkProgress } from '../../shared/contracts/benchmark.ts';
import type { FileProgress } from '../../shared/contracts/model.ts';

export interface ProgressView {
  fraction: number | null;
  label: string;
  /** True while batch sizes are being timed: the page shows only the label (one text node), no bar, no animation. */
  measuring?: boolean;
  /** While measuring: warming up or taking timed samples (an attribute only, for tools that watch the page). */
  timing?: 'warmup' | 'sampling';
  /** Per-file download progress (transformers.js loads several files). */
  files?: FileProgress[];
}

export function progressView(p: BenchmarkProgress): ProgressView {
  switch (p.phase) {
    case 'download': {
      const { loaded, total } = p.progress;
      const mb = (n: number) => (n / 1e6).toFixed(1);
      return {
        fraction: total ? loaded / total : null,
        label: `Downloading model: ${mb(loaded)}${total ? ` / ${mb(total)}` : ''} MB`,
      };
    }
    case 'files': {
      const loaded = p.files.reduce((a, f) => a + f.loaded, 0);
      const total = p.files.reduce((a, f) => a + f.total, 0);
      const done = p.files.filter((f) => f.done).length;
      return {
        fraction: total ? loaded / total : null,
        label: `Loading model files (${done}/${p.files.length} done): ${(loaded / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB`,
        files: p.files,
      };
    }
    case 'session':
      return { fraction: null, label: 'Creating the inference session (compiling kernels)…' };
    case 'inputs':
      return { fraction: null, label: 'Tokenizing the code inputs…' };
    case 'profile':
      return { fraction: null, label: 'Profiling every operator (a separate pass, after the timed samples)…' };
    case 'endurance-ready':
      return { fraction: null, label: 'Starting the endurance series (screen wake lock, battery, pressure)…' };
    case 'endurance': {
      const w = p.window;
      const perS = w.items / Math.max(1e-3, (w.endMs - w.startMs) / 1000);
      return {
        fraction: Math.min(1, w.endMs / p.totalMs),
        label:
          w.phase === 'A'
            ? `Endurance: ${(w.endMs / 1000).toFixed(0)} s of ${(p.totalMs / 1000).toFixed(0)} s under load, ${perS.toFixed(1)} inferences/s in the last window`
            : `Endurance: idle for comparison, ${(w.endMs / 1000).toFixed(0)} s of ${(p.totalMs / 1000).toFixed(0)} s`,
      };
    }
    case 'protocol': {
      const q = p.progress;
      if (q.phase === 'warmup')
        return { fraction: 0, label: `Warming up batch ${q.batchSize}…`, measuring: true, timing: 'warmup' };
      const samples = q.samples.reduce((a, b) => a + b, 0);
      // The closing message (round -1) comes after the last timed visit: the page may move again.
      if (q.round < 0) return { fraction: 1, label: `Measured ${samples} samples; analysing…` };
      return {
        fraction: q.fraction,
        label: `${Math.round(q.fraction * 100)}% · Round ${q.round + 1}: batch ${q.batchSize} · ${samples} samples · ${q.finished}/${q.total} batch sizes done`,
        measuring: true,
        timing: 'sampling',
      };
    }
  }
}
