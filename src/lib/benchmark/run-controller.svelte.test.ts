// The Benchmark page's controller with a fake worker client and page: a run's start, progress, result and flags, the
// language sweep, its refusal without a tokenizer, a declined download, a worker error and cancel.
import { describe, expect, it, vi } from 'vitest';
import { sampleRaw, sampleResult } from '../../bench/testing/sample-result.ts';
import type { BenchmarkOutput, BenchmarkProgress, BenchmarkRequest } from '../../shared/contracts/benchmark.ts';
import { CancelledError } from '../../shared/errors.ts';
import { LANGUAGES } from '../../shared/snippets.ts';
import type { InferenceClient } from '../core/inference-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { testCatalog, testPage as page, testProbe as probe, testRuntime } from '../testing/worker-fakes.ts';
import { RunController } from './run-controller.svelte.ts';

const catalog = testCatalog();
/** What the worker answers for the sample measurements (batch sizes 1 and 2). */
function output(): BenchmarkOutput {
  const r = sampleResult();
  return {
    runtime: testRuntime(),
    fileBytes: 10,
    fetchMs: 1,
    inputs: r.inputs,
    pointInputs: {},
    raw: sampleRaw(),
    deviceLost: false,
    provenance: null,
    endurance: null,
    profile: null,
    loadedUrls: [],
  };
}

function fakeClient(answer: () => Promise<BenchmarkOutput> = async () => output()) {
  return {
    ready: vi.fn(async () => ({ probe })),
    benchmark: vi.fn(async (_req: BenchmarkRequest, onProgress: (p: BenchmarkProgress) => unknown) => {
      onProgress({ phase: 'download', progress: { loaded: 5, total: 10 } });
      return answer();
    }),
    cancel: vi.fn(),
  };
}

function make(
  client = fakeClient(),
  over: {
    hidden?: () => boolean;
    confirm?: () => boolean;
    page?: PageEnvironment | null;
    keep?: (urls: readonly string[]) => void;
  } = {},
) {
  const run = new RunController({
    page: () => (over.page === undefined ? page : over.page),
    catalog: () => catalog,
    client: client as unknown as InferenceClient,
    hidden: over.hidden ?? (() => false),
    confirm: over.confirm ?? (() => true),
    keep: over.keep ?? (() => undefined),
  });
  run.plan.batches = [1, 2];
  run.plan.protocol = { ...run.plan.protocol, minTimeMs: 50 };
  return run;
}

describe('the run controller', () => {
  it('runs the plan on the worker and keeps the result, with the probe and what ran', async () => {
    const client = fakeClient();
    const run = make(client);
    const started = run.run();
    expect(run.running).toBe(true);
    await started;
    expect(run.status).toBe('done');
    expect(run.error).toBeNull();
    expect(run.probe).toEqual(probe);
    expect(run.result?.model.id).toBe('tierlab/tiny-code-encoder');
    expect(run.result?.points.map((p) => p.batchSize)).toEqual([1, 2]);
    expect(run.result?.flags.backgrounded).toBe(false);
    expect(client.benchmark.mock.calls[0]?.[0]).toMatchObject({ batches: [1, 2], backend: 'wasm', language: 'mixed' });
  });

  it('hands the files the worker loaded to the service worker to keep, once the run has measured', async () => {
    const urls = ['http://x/models/m.onnx', 'http://x/assets/ort-wasm-simd-threaded-1.wasm'];
    const keep = vi.fn();
    await make(
      fakeClient(async () => ({ ...output(), loadedUrls: urls })),
      { keep },
    ).run();
    expect(keep).toHaveBeenCalledWith(urls);
  });

  it('flags a run that started on a hidden page as backgrounded, with a note', async () => {
    const run = make(fakeClient(), { hidden: () => true });
    await run.run();
    expect(run.result?.flags.backgrounded).toBe(true);
    expect(run.result?.notes).toContain('the tab was hidden during the run; browsers throttle hidden tabs');
  });

  it('flags a run on one thread in an isolated browser without shared memory (WebKit), and says why', async () => {
    const client = fakeClient();
    client.ready.mockResolvedValue({ probe: { ...probe, sharedMemory: false, threads: 1 } });
    const run = make(client);
    await run.run();
    expect(run.result?.environment).toMatchObject({ crossOriginIsolated: true, threads: 1, threadsRequested: 0 });
    expect(run.result?.flags.singleThreaded).toBe(true);
    expect(run.result?.notes).toContain(
      'WASM ran on one thread: this browser cannot share WebAssembly memory between threads (no SharedArrayBuffer), although the page is cross-origin isolated',
    );
  });

  it('does nothing before the page has been probed', async () => {
    const client = fakeClient();
    const run = make(client, { page: null });
    await run.run();
    expect(run.status).toBe('idle');
    expect(client.ready).not.toHaveBeenCalled();
  });

  it('sweeps every bundled language, one result each, in order, its progress naming the language', async () => {
    const labels: string[] = [];
    const client = fakeClient(async () => {
      labels.push(run.progress.label);
      return output();
    });
    const run = make(client);
    await run.sweepLanguages();
    expect(labels[0]).toBe('python (1/5) · Downloading model: 0.0 / 0.0 MB');
    expect(labels[4]).toMatch(/^javascript \(5\/5\) · /);
    expect(labels).toHaveLength(LANGUAGES.length);
    expect(run.status).toBe('done');
    expect(run.sweep.map((r) => r.plan.language)).toEqual([...LANGUAGES]);
    expect(run.result).toBe(run.sweep.at(-1));
  });

  it('refuses a sweep, in words, for a model with no tokenizer, before the worker loads it', async () => {
    const client = fakeClient();
    const run = make(client);
    run.plan.model = { kind: 'url', url: 'https://example.org/model.onnx' };
    await run.sweepLanguages();
    expect(run.status).toBe('error');
    expect(run.error?.name).toBe('PlanError');
    expect(run.error?.message).toMatch(/^no tokenizer for a URL outside the Hub layout/);
    expect(client.benchmark).not.toHaveBeenCalled();
  });

  it('ends in a named error when the person declines the download, and drops the worker', async () => {
    const client = fakeClient();
    const run = make(client, { confirm: () => false });
    await run.run();
    expect(run.status).toBe('error');
    expect(run.error?.name).toBe('DownloadDeclinedError');
    expect(client.benchmark).not.toHaveBeenCalled();
    expect(client.cancel).toHaveBeenCalledTimes(1);
  });

  it("ends 'error' with the worker's error, and clears it on the next run", async () => {
    let fail = true;
    const client = fakeClient(async () => {
      if (fail) throw Object.assign(new Error('the session could not be created'), { name: 'ModelLoadError' });
      return output();
    });
    const run = make(client);
    await run.run();
    expect(run.error).toEqual({ name: 'ModelLoadError', message: 'the session could not be created' });
    expect(run.result).toBeNull();
    fail = false;
    await run.run();
    expect(run.status).toBe('done');
    expect(run.error).toBeNull();
  });

  it('can be cancelled: the worker is terminated and the run ends cancelled, with no result', async () => {
    let reject: (e: Error) => void = () => undefined;
    const client = fakeClient(() => new Promise<BenchmarkOutput>((_, r) => (reject = r)));
    client.cancel.mockImplementation(() => reject(new CancelledError()));
    const run = make(client);
    const started = run.run();
    await vi.waitFor(() => expect(client.benchmark).toHaveBeenCalled());
    expect(run.progress.label).not.toBe('');
    run.cancel();
    await started;
    expect(run.status).toBe('cancelled');
    expect(run.result).toBeNull();
  });
});
