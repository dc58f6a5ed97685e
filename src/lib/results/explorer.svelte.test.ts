// The results explorer's controllers with a fake results service: a page and the crowd's medians for the filter, a
// newer load winning over an older slower one, errors in words, and one stored result with its crowd.
import { describe, expect, it, vi } from 'vitest';
import { sampleResult } from '../../bench/testing/sample-result.ts';
import { HttpError } from '../../shared/errors.ts';
import { parseKeyId } from '../../shared/comparability.ts';
import type { AggregateRow, KeyCount, ResultPage, StoredResult } from '../../shared/results-api.ts';
import { crowdFilter, crowdKey, Explorer, PAGE_SIZE, ResultView, type ResultsService } from './explorer.svelte.ts';

const page = (offset: number): ResultPage => ({ items: [], total: 45, limit: PAGE_SIZE, offset });
const KEY = 'm|fp32|onnxruntime-web|wasm|seq128|max-length|mixed|tokenized|fwd';
const OTHER = 'm|fp32|onnxruntime-web|wasm|seq32|max-length|mixed|tokenized|fwd';
const row: AggregateRow = {
  key: KEY,
  work: null,
  deviceClass: 'Linux · 2 threads',
  batchSize: 1,
  medianOfMediansMs: 5,
  ci95: null,
  count: 3,
  sources: 3,
};
const keyCount = (key: string, results: number): KeyCount => ({ key, work: parseKeyId(key), results });

function service(over: Partial<ResultsService> = {}) {
  return {
    listResults: vi.fn(async (_f, p: { offset: number }) => page(p.offset)),
    aggregates: vi.fn(async () => [row]),
    keys: vi.fn(async () => [keyCount(KEY, 3)]),
    energyAggregates: vi.fn(async () => []),
    getResult: vi.fn(
      async () =>
        ({ modelId: 'm', variant: 'fp32', backend: 'wasm', key: KEY, result: sampleResult() }) as unknown as StoredResult,
    ),
    ...over,
  } as ResultsService & { [K in keyof ResultsService]: ReturnType<typeof vi.fn> };
}

describe('the results explorer', () => {
  it("loads a page, and the crowd's medians only when a model is chosen", async () => {
    const s = service();
    const ex = new Explorer(s);
    await ex.load({ backend: 'wasm' }, 20);
    expect(ex.page?.offset).toBe(20);
    expect(ex.crowd).toEqual([]);
    expect(s.aggregates).not.toHaveBeenCalled();
    await ex.load({ model: 'm', deviceClass: 'x', includeFlagged: true }, 0);
    expect(ex.crowd).toEqual([row]);
    expect(s.keys.mock.calls[0]?.[0]).toEqual({ model: 'm', includeFlagged: true });
    // One key among the results: the crowd is that key's.
    expect(s.aggregates.mock.calls[0]?.[0]).toEqual({ model: 'm', includeFlagged: true, key: KEY });
    expect(ex.key).toBe(KEY);
    expect(ex.loading).toBe(false);
  });

  it('asks for a key when the filter spans several, and pools only the one chosen', async () => {
    const s = service({ keys: vi.fn(async () => [keyCount(OTHER, 9), keyCount(KEY, 3)]) });
    const ex = new Explorer(s);
    await ex.load({ model: 'm' }, 0);
    expect(ex.key).toBeNull();
    expect(ex.keys.map((k) => k.key)).toEqual([OTHER, KEY]);
    expect(ex.crowd).toEqual([]);
    expect(s.aggregates).not.toHaveBeenCalled();
    expect(s.energyAggregates).not.toHaveBeenCalled();
    await ex.load({ model: 'm', key: KEY }, 0);
    expect(ex.key).toBe(KEY);
    expect(s.aggregates.mock.calls[0]?.[0]).toEqual({ model: 'm', includeFlagged: false, key: KEY });
    expect(s.energyAggregates.mock.calls[0]?.[0]).toEqual({ model: 'm', includeFlagged: false, key: KEY });
    // A key the results do not have (a stale link): asked again, nothing pooled.
    await ex.load({ model: 'm', key: 'gone' }, 0);
    expect(ex.key).toBeNull();
    expect(s.aggregates).toHaveBeenCalledTimes(1);
  });

  it('keeps the newer of two loads when the older answers last, and aborts the older', async () => {
    let answerOld: (p: ResultPage) => void = () => undefined;
    const s = service();
    s.listResults.mockImplementationOnce((_f, _p, signal: AbortSignal) => {
      expect(signal.aborted).toBe(false);
      return new Promise<ResultPage>((resolve) => (answerOld = resolve));
    });
    const ex = new Explorer(s);
    const older = ex.load({}, 0);
    await ex.load({}, 40);
    const signal = s.listResults.mock.calls[0]?.[2] as AbortSignal;
    expect(signal.aborted).toBe(true);
    answerOld(page(0));
    await older;
    expect(ex.page?.offset).toBe(40);
    expect(ex.loading).toBe(false);
  });

  it('says why a load failed, and clears it on the next', async () => {
    const s = service();
    s.listResults.mockRejectedValueOnce(new HttpError(503, 'the results service is starting'));
    const ex = new Explorer(s);
    await ex.load({}, 0);
    expect(ex.error).toBe('the results service is starting');
    await ex.load({}, 0);
    expect(ex.error).toBeNull();
  });

  it('shows one stored result with the crowd that measured the same work (its key)', async () => {
    const s = service();
    const view = new ResultView(s);
    await view.load('r1');
    expect(s.getResult).toHaveBeenCalledWith('r1');
    expect(view.stored?.modelId).toBe('m');
    expect(s.aggregates).toHaveBeenCalledWith({ key: KEY });
    expect(view.crowd).toEqual([row]);
    s.getResult.mockRejectedValueOnce(new HttpError(404, 'no result r2'));
    await view.load('r2');
    expect(view.stored).toBeNull();
    expect(view.error).toBe('no result r2');
    expect(view.loading).toBe(false);
  });

  it('compares like with like: the crowd filter keeps model, variant, backend and key, and flagged results only on request', () => {
    expect(crowdFilter({ model: 'm', variant: 'q4', backend: 'webgpu', deviceClass: 'x', key: KEY })).toEqual({
      model: 'm',
      variant: 'q4',
      backend: 'webgpu',
      key: KEY,
      includeFlagged: false,
    });
  });

  it('takes the key asked for when the results have it, else the only one, else none', () => {
    const two = [keyCount(OTHER, 9), keyCount(KEY, 3)];
    expect(crowdKey(KEY, two)).toBe(KEY);
    expect(crowdKey(undefined, two)).toBeNull();
    expect(crowdKey('gone', two)).toBeNull();
    expect(crowdKey(undefined, [keyCount(KEY, 1)])).toBe(KEY);
    expect(crowdKey('gone', [keyCount(KEY, 1)])).toBe(KEY);
    expect(crowdKey(undefined, [])).toBeNull();
  });
});
