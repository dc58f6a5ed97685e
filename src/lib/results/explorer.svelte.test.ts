// The results explorer's controllers with a fake results service: a page and the crowd's medians for the filter, a
// newer load winning over an older slower one, errors in words, and one stored result with its crowd.
import { describe, expect, it, vi } from 'vitest';
import { sampleResult } from '../../bench/testing/sample-result.ts';
import { HttpError } from '../../shared/errors.ts';
import type { AggregateRow, ResultPage, StoredResult } from '../../shared/results-api.ts';
import { crowdFilter, Explorer, PAGE_SIZE, ResultView, type ResultsService } from './explorer.svelte.ts';

const page = (offset: number): ResultPage => ({ items: [], total: 45, limit: PAGE_SIZE, offset });
const row: AggregateRow = { deviceClass: 'Linux · 2 threads', batchSize: 1, medianOfMediansMs: 5, count: 3 };

function service(over: Partial<ResultsService> = {}) {
  return {
    listResults: vi.fn(async (_f, p: { offset: number }) => page(p.offset)),
    aggregates: vi.fn(async () => [row]),
    energyAggregates: vi.fn(async () => []),
    getResult: vi.fn(
      async () => ({ modelId: 'm', variant: 'fp32', backend: 'wasm', result: sampleResult() }) as unknown as StoredResult,
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
    expect(s.aggregates.mock.calls[0]?.[0]).toEqual({ model: 'm', includeFlagged: true });
    expect(ex.loading).toBe(false);
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

  it('shows one stored result with the crowd for its model, variant and backend', async () => {
    const s = service();
    const view = new ResultView(s);
    await view.load('r1');
    expect(s.getResult).toHaveBeenCalledWith('r1');
    expect(view.stored?.modelId).toBe('m');
    expect(s.aggregates).toHaveBeenCalledWith({ model: 'm', variant: 'fp32', backend: 'wasm', includeFlagged: false });
    expect(view.crowd).toEqual([row]);
    s.getResult.mockRejectedValueOnce(new HttpError(404, 'no result r2'));
    await view.load('r2');
    expect(view.stored).toBeNull();
    expect(view.error).toBe('no result r2');
    expect(view.loading).toBe(false);
  });

  it('compares like with like: the crowd filter keeps model, variant and backend, and flagged results only on request', () => {
    expect(crowdFilter({ model: 'm', variant: 'q4', backend: 'webgpu', deviceClass: 'x' })).toEqual({
      model: 'm',
      variant: 'q4',
      backend: 'webgpu',
      includeFlagged: false,
    });
  });
});
