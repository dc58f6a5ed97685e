// The prompting controller with a fake worker client and dataset: a generator classifies by prompt, its answers are
// scored, its progress reported; a model that is not a generator is refused in words; a run can be cancelled.
import { describe, expect, it, vi } from 'vitest';
import type { CompletionProgress, CompletionRequest } from '../../shared/contracts/completion.ts';
import type { RuntimeInfo, WorkerProbe } from '../../shared/contracts/model.ts';
import { CancelledError } from '../../shared/errors.ts';
import type { InferenceClient } from '../core/inference-client.ts';
import type { PageEnvironment } from '../core/page-environment.ts';
import { PromptingController } from './prompting-controller.svelte.ts';
import { testCatalog } from '../testing/worker-fakes.ts';

const catalog = testCatalog();
const page = {
  userAgent: 'test',
  platform: 'test',
  deviceMemoryGb: null,
  webgpu: { reason: null },
  emulation: null,
} as unknown as PageEnvironment;
const probe = {
  hardwareConcurrency: 2,
  threads: 1,
  threadsRequested: 0,
  crossOriginIsolated: true,
  timerResolutionMs: 0.1,
} as WorkerProbe;
const runtime = {
  requestedProvider: 'wasm',
  executionProvider: 'wasm',
  adapter: null,
  ortVersion: 'x',
  ortBuild: null,
} as unknown as RuntimeInfo;
const samples = [
  { id: '1', text: 'def f(): pass', label: 'python', language: 'python' },
  { id: '2', text: 'int main() {}', label: 'c', language: 'c' },
];

function fakeClient(answers: (req: CompletionRequest) => Promise<string[]>) {
  return {
    ready: vi.fn(async () => ({ probe })),
    complete: vi.fn(async (req: CompletionRequest, onProgress: (p: CompletionProgress) => void) => {
      onProgress({ phase: 'generate', done: 1, total: 2 });
      const texts = await answers(req);
      return {
        runtime,
        deviceLost: false,
        perPrompt: texts.map((t) => ({ texts: [t], promptTokens: 50, newTokens: [2], ms: 40 })),
      };
    }),
    cancel: vi.fn(),
  };
}

const make = (client: ReturnType<typeof fakeClient>) =>
  new PromptingController(
    () => page,
    () => catalog,
    { client: client as unknown as InferenceClient, dataset: async () => ({ samples }) },
  );

describe('the prompting controller', () => {
  it('prompts the generator greedily for each sample and scores its answers', async () => {
    const client = fakeClient(async () => ['python', 'java']);
    const pc = make(client);
    await pc.run('bundled', 'wasm');
    expect(pc.status).toBe('done');
    const req = client.complete.mock.calls[0]![0];
    expect(req.prompts).toHaveLength(2);
    expect(req.sampling).toMatchObject({ samples: 1, temperature: 0 });
    expect(pc.result?.metrics.accuracy).toBe(0.5);
    expect(pc.result?.examples).toEqual([
      { label: 'python', answer: 'python' },
      { label: 'c', answer: 'java' },
    ]);
    expect(pc.result?.medianMs).toBe(40);
    expect(pc.progress.label).toBe('Classifying by prompt: 1/2 samples');
  });

  it('refuses a model that is not a generator, in words', async () => {
    const client = fakeClient(async () => []);
    const pc = make(client);
    pc.plan.modelId = 'tierlab/tiny-code-encoder';
    pc.plan.dtype = 'fp32';
    await pc.run('bundled', 'wasm');
    expect(pc.status).toBe('error');
    expect(pc.error).toEqual({ name: 'PlanError', message: 'tierlab/tiny-code-encoder is not a generator in the catalog' });
    expect(client.ready).not.toHaveBeenCalled();
  });

  it('can be cancelled while the generator runs, showing its step until then', async () => {
    let reject: (err: Error) => void = () => {};
    const client = fakeClient(() => new Promise((_, r) => (reject = r)));
    client.cancel.mockImplementation(() => reject(new CancelledError()));
    const pc = make(client);
    const run = pc.run('bundled', 'wasm');
    await vi.waitFor(() => expect(client.complete).toHaveBeenCalled());
    expect(pc.step).toBe('Classifying by prompt: 1/2 samples');
    pc.cancel();
    await run;
    expect(pc.status).toBe('cancelled');
    expect(pc.step).toBe('');
    expect(pc.result).toBeNull();
  });
});
