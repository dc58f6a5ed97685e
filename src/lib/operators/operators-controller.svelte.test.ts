// The operators lab's controller with a fake worker client: how a run starts, reports, ends, fails and asks the crowd.
import { describe, expect, it, vi } from 'vitest';
import { keyLabel, parseKeyId } from '../../shared/comparability.ts';
import type { AggregateRow } from '../../shared/results-api.ts';
import { CancelledError } from '../../shared/errors.ts';
import type { OperatorsOutput, OperatorsProgress, OperatorsRequest } from '../../shared/contracts/operators.ts';
import type { WorkerProbe } from '../../shared/contracts/model.ts';
import type { InferenceClient } from '../core/inference-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { OperatorsController } from './operators-controller.svelte.ts';
import { testCatalog } from '../testing/worker-fakes.ts';

const catalog = testCatalog();
const page = {} as PageEnvironment;
const probe = { threads: 1, crossOriginIsolated: false } as WorkerProbe;
const output: OperatorsOutput = { variants: [], inputs: null, notes: [] };

/** A worker client that answers with `answer`, reporting one step of progress first. */
function fakeClient(answer: (req: OperatorsRequest) => Promise<OperatorsOutput>) {
  const client = {
    ready: vi.fn(async () => ({ api: null, probe })),
    operators: vi.fn(async (req: OperatorsRequest, onProgress: (p: OperatorsProgress) => void) => {
      onProgress({ phase: 'variant', index: 0, total: 2, label: 'fp32', step: 'timing', done: null, of: null });
      return answer(req);
    }),
    cancel: vi.fn(),
  };
  return client;
}

function controller(client: ReturnType<typeof fakeClient>, crowd = vi.fn(async (): Promise<AggregateRow[]> => [])) {
  return new OperatorsController(
    () => page,
    () => catalog,
    {
      client: client as unknown as InferenceClient,
      crowd,
      samples: async () => [{ id: 's1', text: 'def f(): pass', label: 'python', language: 'python' }],
    },
  );
}

describe('the operators lab controller', () => {
  it('runs the catalog model with its student, then asks the crowd for the base model', async () => {
    const client = fakeClient(async () => output);
    const crowd = vi.fn(async () => []);
    const lab = controller(client, crowd);
    lab.batches = '4, 1,4';
    expect(lab.status).toBe('idle');
    await lab.start();
    expect(lab.status).toBe('done');
    expect(lab.error).toBeNull();
    const req = client.operators.mock.calls[0]![0];
    expect(req.batches).toEqual([1, 4]);
    expect(req.label).toBe('tierlab/tiny-code-encoder');
    expect(req.student).not.toBeNull();
    expect(req.texts).toEqual(['def f(): pass']);
    expect(lab.progress).toEqual({ fraction: 0, label: 'Variant 1 of 2, fp32: timing' });
    expect(lab.result?.request.batches).toEqual([1, 4]);
    expect(crowd).toHaveBeenCalledWith({ model: 'tierlab/tiny-code-encoder', variant: 'fp32', backend: 'wasm' });
    expect(lab.crowdNote).toMatch(/no crowd results for this model/);
  });

  it('takes the crowd of one comparability key, and names it', async () => {
    const key = (seq: number) => `tierlab/tiny-code-encoder|fp32|onnxruntime-web|wasm|seq${seq}|max-length|mixed|tokenized|fwd`;
    const row = (seq: number, deviceClass: string, count: number): AggregateRow => ({
      key: key(seq),
      work: parseKeyId(key(seq)),
      deviceClass,
      batchSize: 1,
      medianOfMediansMs: seq,
      ci95: null,
      count,
      sources: count,
    });
    const crowd = vi.fn(async () => [row(32, 'phone', 2), row(128, 'phone', 5), row(128, 'laptop', 1)]);
    const lab = controller(
      fakeClient(async () => output),
      crowd,
    );
    await lab.start();
    expect(lab.crowd.map((c) => [c.deviceClass, c.curve.points[0]?.ms])).toEqual([
      ['phone', 128],
      ['laptop', 128],
    ]);
    expect(lab.crowdNote).toBe(`crowd: ${keyLabel(parseKeyId(key(128))!)}`);
  });

  it('refuses a batch list with a bad entry before starting the worker, in words', async () => {
    const client = fakeClient(async () => output);
    const lab = controller(client);
    lab.batches = '1,zero';
    await lab.start();
    expect(lab.status).toBe('error');
    expect(lab.error).toEqual({ name: 'PlanError', message: expect.stringMatching(/batch size "zero"/) });
    expect(client.ready).not.toHaveBeenCalled();
  });

  it("ends 'error' with the worker's error named, and drops the worker", async () => {
    const client = fakeClient(async () => {
      throw Object.assign(new Error('the model file is not ONNX'), { name: 'NotOnnxError' });
    });
    const lab = controller(client);
    await lab.start();
    expect(lab.status).toBe('error');
    expect(lab.error).toEqual({ name: 'NotOnnxError', message: 'the model file is not ONNX' });
    expect(lab.result).toBeNull();
    expect(client.cancel).toHaveBeenCalled();
  });

  it("ends 'cancelled' when cancelled mid-run, and does not ask the crowd", async () => {
    let reject: (err: Error) => void = () => {};
    const client = fakeClient(() => new Promise((_, r) => (reject = r)));
    client.cancel.mockImplementation(() => reject(new CancelledError()));
    const crowd = vi.fn(async () => []);
    const lab = controller(client, crowd);
    const run = lab.start();
    await vi.waitFor(() => expect(client.operators).toHaveBeenCalled());
    expect(lab.running).toBe(true);
    await lab.start(); // a second start while running is ignored
    expect(client.operators).toHaveBeenCalledTimes(1);
    lab.cancel();
    await run;
    expect(lab.status).toBe('cancelled');
    expect(lab.error).toBeNull();
    expect(crowd).not.toHaveBeenCalled();
  });

  it('says why the edge is a factor when the crowd cannot be reached', async () => {
    const lab = controller(
      fakeClient(async () => output),
      vi.fn(async () => {
        throw new Error('HTTP 503');
      }),
    );
    await lab.start();
    expect(lab.crowdNote).toBe('crowd results unavailable (HTTP 503): the edge is a factor of this device');
  });
});
