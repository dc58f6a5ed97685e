// State of the results explorer (main thread): one page of results and the crowd's medians for the filter in the URL.
import { describeError } from '../../shared/errors.ts';
import type { AggregateRow, EnergyAggregateRow, ResultFilter, ResultPage, StoredResult } from '../../shared/results-api.ts';
import { aggregates, energyAggregates, getResult, listResults } from '../submit/results-client.ts';

export const PAGE_SIZE = 20;

/** The crowd chart's filter: the same model, variant and backend over every device class and batch size. */
export function crowdFilter(f: ResultFilter): ResultFilter {
  const c: ResultFilter = { includeFlagged: f.includeFlagged ?? false };
  if (f.model) c.model = f.model;
  if (f.variant) c.variant = f.variant;
  if (f.backend) c.backend = f.backend;
  return c;
}

/** What the explorer's controllers ask of the results service; tests give fakes. */
export interface ResultsService {
  listResults: typeof listResults;
  aggregates: typeof aggregates;
  energyAggregates: typeof energyAggregates;
  getResult: typeof getResult;
}

const RESULTS_SERVICE: ResultsService = { listResults, aggregates, energyAggregates, getResult };

/** A load from the results service: what it gave, whether it is under way, and why it failed. */
class Loaded {
  protected crowdRows = $state.raw<AggregateRow[]>([]);
  protected busy = $state(false);
  protected problem = $state<string | null>(null);

  constructor(protected readonly service: ResultsService = RESULTS_SERVICE) {}

  /** The crowd's medians for the same model, variant and backend. */
  get crowd(): AggregateRow[] {
    return this.crowdRows;
  }

  get loading(): boolean {
    return this.busy;
  }

  get error(): string | null {
    return this.problem;
  }
}

export class Explorer extends Loaded {
  #page = $state.raw<ResultPage | null>(null);
  #energy = $state.raw<EnergyAggregateRow[]>([]);
  #abort: AbortController | null = null;

  /** Measured battery drain and stability per device class for the crowd filter (endurance runs only). */
  get energy(): EnergyAggregateRow[] {
    return this.#energy;
  }

  /** The page of results last loaded. */
  get page(): ResultPage | null {
    return this.#page;
  }

  /** Loads the page at `offset` for `filter`, and the crowd medians when a model is chosen; a newer call cancels it. */
  async load(filter: ResultFilter, offset: number): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.busy = true;
    this.problem = null;
    try {
      const [page, crowd, energy] = await Promise.all([
        this.service.listResults(filter, { limit: PAGE_SIZE, offset }, abort.signal),
        filter.model ? this.service.aggregates(crowdFilter(filter), abort.signal) : Promise.resolve([]),
        filter.model ? this.service.energyAggregates(crowdFilter(filter), abort.signal) : Promise.resolve([]),
      ]);
      if (abort.signal.aborted) return;
      this.#page = page;
      this.crowdRows = crowd;
      this.#energy = energy;
    } catch (err) {
      if (abort.signal.aborted) return;
      this.problem = describeError(err).message;
    } finally {
      if (!abort.signal.aborted) this.busy = false;
    }
  }
}

export class ResultView extends Loaded {
  #stored = $state.raw<StoredResult | null>(null);

  /** The result last loaded, as the server stored it. */
  get stored(): StoredResult | null {
    return this.#stored;
  }

  /** Loads one stored result and the crowd's medians for its model, variant and backend. */
  async load(id: string): Promise<void> {
    this.busy = true;
    this.problem = null;
    this.#stored = null;
    try {
      const stored = await this.service.getResult(id);
      this.#stored = stored;
      const filter = { model: stored.modelId, variant: stored.variant, backend: stored.backend };
      this.crowdRows = await this.service.aggregates(crowdFilter(filter));
    } catch (err) {
      this.problem = describeError(err).message;
    } finally {
      this.busy = false;
    }
  }
}
