// State of the results explorer (main thread): one page of results and the crowd's medians for the filter in the URL.
import { describeError } from '../../shared/errors.ts';
import type { AggregateRow, ResultFilter, ResultPage, StoredResult } from '../../shared/results-api.ts';
import { aggregates, getResult, listResults } from '../submit/results-client.ts';

export const PAGE_SIZE = 20;

/** The crowd chart's filter: the same model, variant and backend over every device class and batch size. */
export function crowdFilter(f: ResultFilter): ResultFilter {
  const c: ResultFilter = { includeFlagged: f.includeFlagged ?? false };
  if (f.model) c.model = f.model;
  if (f.variant) c.variant = f.variant;
  if (f.backend) c.backend = f.backend;
  return c;
}

export class Explorer {
  page = $state.raw<ResultPage | null>(null);
  crowd = $state.raw<AggregateRow[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  private abort: AbortController | null = null;

  /** Loads the page at `offset` for `filter`, and the crowd medians when a model is chosen; a newer call cancels it. */
  async load(filter: ResultFilter, offset: number): Promise<void> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.loading = true;
    this.error = null;
    try {
      const [page, crowd] = await Promise.all([
        listResults(filter, { limit: PAGE_SIZE, offset }, abort.signal),
        filter.model ? aggregates(crowdFilter(filter), abort.signal) : Promise.resolve([]),
      ]);
      if (abort.signal.aborted) return;
      this.page = page;
      this.crowd = crowd;
    } catch (err) {
      if (abort.signal.aborted) return;
      this.error = describeError(err).message;
    } finally {
      if (!abort.signal.aborted) this.loading = false;
    }
  }
}

export class ResultView {
  stored = $state.raw<StoredResult | null>(null);
  crowd = $state.raw<AggregateRow[]>([]);
  error = $state<string | null>(null);
  loading = $state(false);

  async load(id: string): Promise<void> {
    this.loading = true;
    this.error = null;
    this.stored = null;
    try {
      const stored = await getResult(id);
      this.stored = stored;
      this.crowd = await aggregates(crowdFilter({ model: stored.modelId, variant: stored.variant, backend: stored.backend }));
    } catch (err) {
      this.error = describeError(err).message;
    } finally {
      this.loading = false;
    }
  }
}
