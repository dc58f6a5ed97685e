// The accuracy controller with a fake worker client and dataset: it refuses an empty plan, reports each variant's
// step, ends 'error' with the worker's error named, and can be cancelled.
import { describe, expect, it, vi } from 'vitest';
import { BUNDLED_LANGUAGE_ID } from '../../shared/datasets.ts';
import type { EvaluateProgress, EvaluateRequest } from '../../shared/contracts/accuracy.ts';
import { CancelledError } from '../../shared/errors.ts';
import type { InferenceClient } from '../core/inference-client.ts';
import type { LoadedDataset } from '../core/dataset-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { AccuracyController } from './accuracy-controller.svelte.ts';
import { testCatalog } from '../testing/worker-fakes.ts';

const catalog = testCatalog();
const dataset = {
  entry: BUNDLED_LANGUAGE_ID,
  samples: [{ id: '1', text: 'def f(): pass', label: 'python', language: 'python' }],
  skipped: 0,
} as unknown as LoadedDataset;

function fakeClient(answer: () => Promise<never>) {
  return {
    ready: vi.fn(async () => ({ probe: {} })),
    evaluate: vi.fn(async (_req: EvaluateRequest, onProgress: (p: EvaluateProgress) => void) => {
      onProgress({ phase: 'evaluate', done: 1, total: 4 });
      return answer();
    }),
    cancel: vi.fn(),
  };
}

const make = (client: ReturnType<typeof fakeClient>) => {
  const acc = new AccuracyController(
    () => ({}) as PageEnvironment,
    () => catalog,
    { client: client as unknown as InferenceClient, dataset: async () => dataset },
  );
  acc.plan.variants = [{ modelId: 'tierlab/tiny-code-encoder', dtype: 'int8' }];
  return acc;
};

describe('the accuracy controller', () => {
  it('refuses a plan with no variant, in words, before the worker starts', async () => {
    const client = fakeClient(async () => Promise.reject(new Error('unreachable')));
    const acc = make(client);
    acc.plan.variants = [];
    await acc.start();
    expect(acc.status).toBe('error');
    expect(acc.error).toEqual({ name: 'PlanError', message: 'choose at least one variant to evaluate' });
    expect(client.ready).not.toHaveBeenCalled();
  });

  it("reports which variant it is on, and ends 'error' with the worker's error named", async () => {
    const client = fakeClient(async () => Promise.reject(Object.assign(new Error('HTTP 404'), { name: 'ModelFetchError' })));
    const acc = make(client);
    await acc.start();
    expect(acc.status).toBe('error');
    expect(acc.error).toEqual({ name: 'ModelFetchError', message: 'HTTP 404' });
    // The fp32 WASM reference is evaluated first, then the int8 variant.
    expect(client.evaluate.mock.calls[0]![0].label).toBe('tierlab/tiny-code-encoder');
    expect(acc.progress).toMatchObject({ step: 1, steps: 2, fraction: 0.25 });
    expect(acc.progress.label).toMatch(/fp32 reference\): classifying 1\/4 inputs$/);
    expect(acc.run).toBeNull();
  });

  it('can be cancelled mid-run', async () => {
    let reject: (err: Error) => void = () => {};
    const client = fakeClient(() => new Promise((_, r) => (reject = r)));
    client.cancel.mockImplementation(() => reject(new CancelledError()));
    const acc = make(client);
    const run = acc.start();
    await vi.waitFor(() => expect(client.evaluate).toHaveBeenCalled());
    expect(acc.running).toBe(true);
    acc.cancel();
    await run;
    expect(acc.status).toBe('cancelled');
    expect(acc.error).toBeNull();
  });
});
