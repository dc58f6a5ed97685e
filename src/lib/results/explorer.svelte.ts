// State of the results explorer (main thread): one page of results and the crowd's medians for the filter in the URL.
import { describeError } from '../../shared/errors.ts';
import type {
  AggregateRow,
  EnergyAggregateRow,
  KeyCount,
  ResultFilter,
  ResultPage,
  StoredResult,
} from '../../shared/results-api.ts';
import { aggregates, energyAggregates, getResult, keys, listResults } from '../submit/results-client.ts';

export const PAGE_SIZE = 20;

/** The crowd chart's filter: the same model, variant, backend and comparability key over every device class and
 *  batch size. */
export function crowdFilter(f: ResultFilter): ResultFilter {
  const c: ResultFilter = { includeFlagged: f.includeFlagged ?? false };
  if (f.model) c.model = f.model;
  if (f.variant) c.variant = f.variant;
  if (f.backend) c.backend = f.backend;
  if (f.key) c.key = f.key;
  return c;
}

/**
 * The key the crowd figures are for: the one asked for when results have it, else the only one there is; null when
 * the filter spans several and none was chosen (the page then asks), or when there are no results.
 */
export function crowdKey(asked: string | undefined, keys: readonly KeyCount[]): string | null {
  if (asked && keys.some((k) => k.key === asked)) return asked;
  return keys.length === 1 ? (keys[0]?.key ?? null) : null;
}

/** What the explorer's controllers ask of the results service; tests give fakes. */
export interface ResultsService {
  listResults: typeof listResults;
  aggregates: typeof aggregates;
  keys: typeof keys;
  energyAggregates: typeof energyAggregates;
  getResult: typeof getResult;
}

const RESULTS_SERVICE: ResultsService = { listResults, aggregates, keys, energyAggregates, getResult };

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
  #keys = $state.raw<KeyCount[]>([]);
  #key = $state<string | null>(null);
  #abort: AbortController | null = null;

  /** The comparability keys among the results of the chosen model, variant and backend, the most common first. */
  get keys(): KeyCount[] {
    return this.#keys;
  }

  /** The key the crowd figures are for; null while the page must ask which (several keys, none chosen). */
  get key(): string | null {
    return this.#key;
  }

  /** Measured battery drain and stability per device class for the crowd filter (endurance runs only). */
  get energy(): EnergyAggregateRow[] {
    return this.#energy;
  }

  /** The page of results last loaded. */
  get page(): ResultPage | null {
    return this.#page;
  }

  /**
   * Loads the page at `offset` for `filter`, and, when a model is chosen, the crowd medians of one comparability key:
   * the filter's, or the only one there is (several and none chosen: no medians, and `keys` to choose from). A newer
   * call cancels it.
   */
  async load(filter: ResultFilter, offset: number): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.busy = true;
    this.problem = null;
    try {
      const { key: _asked, ...rest } = crowdFilter(filter);
      const [page, found] = await Promise.all([
        this.service.listResults(filter, { limit: PAGE_SIZE, offset }, abort.signal),
        filter.model ? this.service.keys(rest, abort.signal) : Promise.resolve([]),
      ]);
      const key = crowdKey(filter.key, found);
      const one = { ...rest, ...(key ? { key } : {}) };
      const [crowd, energy] = key
        ? await Promise.all([this.service.aggregates(one, abort.signal), this.service.energyAggregates(one, abort.signal)])
        : [[], []];
      if (abort.signal.aborted) return;
      this.#page = page;
      this.#keys = found;
      this.#key = key;
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

  /** Loads one stored result and the crowd's medians for its comparability key. */
  async load(id: string): Promise<void> {
    this.busy = true;
    this.problem = null;
    this.#stored = null;
    try {
      const stored = await this.service.getResult(id);
      this.#stored = stored;
      // The crowd that measured the same work as this result, and no other.
      this.crowdRows = await this.service.aggregates({ key: stored.key });
    } catch (err) {
      this.problem = describeError(err).message;
    } finally {
      this.busy = false;
    }
  }
}
