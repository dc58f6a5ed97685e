import { describe, expect, it } from 'vitest';
import type { ProtocolProgress } from '../../shared/contracts/measurement.ts';
import { progressView } from './run-progress.ts';

const protocol = (over: Partial<ProtocolProgress>): ProtocolProgress => ({
  phase: 'sampling',
  batchSize: 4,
  round: 2,
  samples: [30, 20, 10],
  live: [],
  finished: 1,
  total: 3,
  fraction: 0.456,
  ...over,
});

describe('progress line', () => {
  it('shows downloads with and without a known size', () => {
    expect(progressView({ phase: 'download', progress: { loaded: 1.5e6, total: 3e6 } })).toEqual({
      fraction: 0.5,
      label: 'Downloading model: 1.5 / 3.0 MB',
    });
    expect(progressView({ phase: 'download', progress: { loaded: 2e6, total: null } })).toMatchObject({
      fraction: null,
      label: 'Downloading model: 2.0 MB',
    });
  });

  it('sums per-file progress and counts finished files', () => {
    const view = progressView({
      phase: 'files',
      files: [
        { file: 'config.json', loaded: 1e6, total: 1e6, done: true },
        { file: 'onnx/model.onnx', loaded: 1e6, total: 3e6, done: false },
      ],
    });
    expect(view.fraction).toBe(0.5);
    expect(view.label).toBe('Loading model files (1/2 done): 2.0 / 4.0 MB');
    expect(view.files).toHaveLength(2);
  });

  it('keeps the page still (measuring) from warm-up to the last timed visit, and not after', () => {
    expect(progressView({ phase: 'protocol', progress: protocol({ phase: 'warmup' }) })).toEqual({
      fraction: 0,
      label: 'Warming up batch 4…',
      measuring: true,
      timing: 'warmup',
    });
    expect(progressView({ phase: 'protocol', progress: protocol({}) })).toEqual({
      fraction: 0.456,
      label: '46% · Round 3: batch 4 · 60 samples · 1/3 batch sizes done',
      measuring: true,
      timing: 'sampling',
    });
    const closing = progressView({ phase: 'protocol', progress: protocol({ round: -1, fraction: 1 }) });
    expect(closing).toEqual({ fraction: 1, label: 'Measured 60 samples; analysing…' });
    expect(progressView({ phase: 'session' }).measuring).toBeUndefined();
  });
});
