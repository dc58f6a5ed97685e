// The Tiers page's controller with a fake worker client and results service: following a run, crowd curves, and the
// split measurement's start, progress, end, refusal and cancel.
import { describe, expect, it, vi } from 'vitest';
import { keyId, keyLabel, keyOf } from '../../shared/comparability.ts';
import { sampleResult } from '../../bench/testing/sample-result.ts';
import type { SplitOutput, SplitProgress, SplitRequest } from '../../shared/contracts/tiers.ts';
import { CancelledError } from '../../shared/errors.ts';
import type { InferenceClient } from '../core/inference-client.ts';
import { TierController } from './tier-controller.svelte.ts';
import { testCatalog } from '../testing/worker-fakes.ts';

const catalog = testCatalog();
const split = { layers: 2, hidden: 8, heads: [] } as unknown as SplitOutput;

function fakeClient(answer: () => Promise<SplitOutput> = async () => split) {
  return {
    ready: vi.fn(async () => ({})),
    splits: vi.fn(async (_req: SplitRequest, onProgress: (p: SplitProgress) => void) => {
      onProgress({ phase: 'measure', done: 1, total: 3, what: 'the head after layer 1' });
      return answer();
    }),
    cancel: vi.fn(),
  };
}

const make = (client = fakeClient(), crowd = vi.fn(async () => [])) =>
  new TierController({ client: client as unknown as InferenceClient, crowd });

describe('the tier controller', () => {
  it('follows a new run once: assumptions from it, crowd curves for exactly its work (its comparability key)', async () => {
    const crowd = vi.fn(async () => []);
    const tiers = make(fakeClient(), crowd);
    const result = sampleResult();
    tiers.follow(result);
    tiers.follow(result);
    expect(crowd).toHaveBeenCalledTimes(1);
    expect(crowd).toHaveBeenCalledWith({ key: keyId(keyOf(result)) });
    expect(tiers.assumptions?.batch).toBeGreaterThan(0);
    await vi.waitFor(() => expect(tiers.crowdNote).toBe(`no crowd results yet for this run's work (${keyLabel(keyOf(result))})`));
  });

  it('says when crowd curves are unavailable', async () => {
    const tiers = make(
      fakeClient(),
      vi.fn(async () => {
        throw new Error('HTTP 500');
      }),
    );
    tiers.follow(sampleResult());
    await vi.waitFor(() => expect(tiers.crowdNote).toBe('crowd curves unavailable: HTTP 500'));
  });

  it('measures the split of a catalog encoder on the worker, reporting each head', async () => {
    const client = fakeClient();
    const tiers = make(client);
    const result = sampleResult();
    tiers.follow(result);
    await tiers.measureSplit(result, catalog, null);
    expect(tiers.splitStatus).toBe('done');
    expect(tiers.split).toBe(split);
    expect(tiers.splitError).toBeNull();
    expect(tiers.splitStep).toBe('');
    expect(tiers.progress.label).toBe('the head after layer 1 (1/3)');
    const req = client.splits.mock.calls[0]![0];
    expect(req.file).toEqual({ url: expect.stringMatching(/tiny-code-encoder\/onnx\/model\.onnx$/) });
    expect(req.protocol.maxTimeMs).toBe(3000);
  });

  it('refuses a generator run in words, without starting the worker', async () => {
    const client = fakeClient();
    const tiers = make(client);
    const result = sampleResult();
    result.plan = { ...result.plan, generation: { newTokens: 8, decoding: 'greedy' } };
    await tiers.measureSplit(result, catalog, null);
    expect(tiers.splitStatus).toBe('error');
    expect(tiers.splitError).toMatch(/cuts encoders/);
    expect(client.ready).not.toHaveBeenCalled();
    // A new run on the page starts the split afresh.
    tiers.follow({ ...sampleResult(), id: 'another' });
    expect(tiers.splitStatus).toBe('idle');
    expect(tiers.splitError).toBeNull();
  });

  it('reads a cancelled split as not started', async () => {
    let reject: (err: Error) => void = () => {};
    const client = fakeClient(() => new Promise((_, r) => (reject = r)));
    client.cancel.mockImplementation(() => reject(new CancelledError()));
    const tiers = make(client);
    const result = sampleResult();
    const run = tiers.measureSplit(result, catalog, null);
    await vi.waitFor(() => expect(client.splits).toHaveBeenCalled());
    expect(tiers.splitStatus).toBe('running');
    expect(tiers.splitStep).toBe('the head after layer 1 (1/3)');
    tiers.cancel();
    await run;
    expect(tiers.splitStatus).toBe('idle');
    expect(tiers.split).toBeNull();
  });
});
