// The submission outbox (main thread): a result is written to IndexedDB first, then sent; what could not be sent is
// sent again later (on reconnect, on the next visit, or after a back-off) with the same idempotency key.
import { describeError } from '../../shared/errors.ts';
import { parseRunResult, type RunResult } from '../../shared/run-result.ts';
import { OutboxDb, type OutboxEntry, type SentEntry } from './outbox-db.ts';
import type { RoomTag } from './outbox-entries.ts';
import { newIdempotencyKey, retryDelayMs } from './outbox-policy.ts';
import { postResult } from './results-client.ts';
import { submissionBody } from './submission-body.ts';

export type SubmissionState =
  | { kind: 'none' }
  | { kind: 'queued'; entry: OutboxEntry }
  | { kind: 'rejected'; entry: OutboxEntry }
  | { kind: 'sent'; entry: SentEntry };

function entryFor(result: RunResult, key: string, now: number, room: RoomTag | null): OutboxEntry {
  return {
    ...(room ? { room } : {}),
    key,
    body: submissionBody(result),
    clientResultId: result.id,
    modelId: result.model.id,
    variant: result.model.variant,
    backend: result.environment.executionProvider,
    createdAt: new Date(now).toISOString(),
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    state: 'pending',
    points: result.points.map((p) => ({ batchSize: p.batchSize, medianMs: p.stats.median })),
  };
}

function sentFor(entry: OutboxEntry, id: string, flags: string[], now: number): SentEntry {
  return {
    key: entry.key,
    id,
    clientResultId: entry.clientResultId,
    sentAt: new Date(now).toISOString(),
    modelId: entry.modelId,
    variant: entry.variant,
    backend: entry.backend,
    flags,
    points: entry.points ?? legacyPoints(entry.body),
  };
}

/** The medians of an entry queued by an earlier version, which kept only the body. */
function legacyPoints(body: string): SentEntry['points'] {
  try {
    return parseRunResult(JSON.parse(body)).points.map((p) => ({ batchSize: p.batchSize, medianMs: p.stats.median }));
  } catch {
    return [];
  }
}

/** The part of the IndexedDB store the outbox uses; tests give an in-memory one. */
export type OutboxStore = Pick<OutboxDb, 'all' | 'put' | 'markSent' | 'delete'>;

/** What the outbox reaches outside itself; tests give fakes. */
export interface OutboxDeps {
  openStore: () => Promise<OutboxStore>;
  post: typeof postResult;
  now: () => number;
  /** Calls `flush` whenever the browser comes back online. */
  onOnline: (flush: () => void) => void;
}

const OUTBOX_DEPS: OutboxDeps = {
  openStore: () => OutboxDb.open(),
  post: postResult,
  now: () => Date.now(),
  onOnline: (flush) => addEventListener('online', flush),
};

export class Outbox {
  #pending = $state.raw<OutboxEntry[]>([]);
  #sent = $state.raw<SentEntry[]>([]);
  #sending = $state(false);
  #storageProblem = $state<string | null>(null);
  #db: OutboxStore | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #again = false;
  readonly #ready: Promise<void>;
  readonly #deps: OutboxDeps;

  constructor(deps: Partial<OutboxDeps> = {}) {
    this.#deps = { ...OUTBOX_DEPS, ...deps };
    this.#ready = this.#open();
  }

  /** Submissions waiting to be sent, or refused. */
  get pending(): OutboxEntry[] {
    return this.#pending;
  }

  /** Submissions the server accepted. */
  get sent(): SentEntry[] {
    return this.#sent;
  }

  /** True while entries are being sent. */
  get sending(): boolean {
    return this.#sending;
  }

  /** Why submissions are not kept across visits (IndexedDB unavailable), or null. */
  get storageProblem(): string | null {
    return this.#storageProblem;
  }

  async #open(): Promise<void> {
    try {
      this.#db = await this.#deps.openStore();
      this.#pending = await this.#db.all<OutboxEntry>('outbox');
      this.#sent = await this.#db.all<SentEntry>('sent');
    } catch (err) {
      this.#storageProblem = `submissions are not kept across visits: IndexedDB failed (${describeError(err).message})`;
    }
    this.#deps.onOnline(() => void this.flush(true));
    void this.flush(true);
  }

  /** Where the submission of `resultId` stands. */
  stateOf(resultId: string): SubmissionState {
    const sent = this.#sent.find((e) => e.clientResultId === resultId);
    if (sent) return { kind: 'sent', entry: sent };
    const entry = this.#pending.find((e) => e.clientResultId === resultId);
    if (!entry) return { kind: 'none' };
    return entry.state === 'rejected' ? { kind: 'rejected', entry } : { kind: 'queued', entry };
  }

  /**
   * Keeps `result` in the outbox, then tries to send it (into `room` when given). Submitting the same result again
   * sends nothing new.
   */
  async submit(result: RunResult, room: RoomTag | null = null): Promise<void> {
    await this.#ready;
    if (this.stateOf(result.id).kind === 'none') {
      const entry = entryFor(result, newIdempotencyKey(), this.#deps.now(), room);
      await this.#db?.put('outbox', entry);
      this.#pending = [...this.#pending, entry];
    }
    await this.flush(true);
  }

  /** Sends every pending entry that is due (all of them when `force`). */
  async flush(force = false): Promise<void> {
    await this.#ready;
    if (this.#sending) {
      this.#again = true;
      return;
    }
    this.#sending = true;
    try {
      for (const entry of this.#pending) {
        if (entry.state !== 'pending' || (!force && entry.nextAttemptAt > this.#deps.now())) continue;
        await this.#send(entry);
      }
    } finally {
      this.#sending = false;
      this.#schedule();
    }
    if (this.#again) {
      this.#again = false;
      await this.flush(true);
    }
  }

  async #send(entry: OutboxEntry): Promise<void> {
    const outcome = await this.#deps.post(entry.body, entry.key, entry.room);
    const now = this.#deps.now();
    if (outcome.kind === 'sent') {
      const sent = sentFor(entry, outcome.accepted.id, outcome.accepted.flags, now);
      await this.#db?.markSent(sent);
      this.#pending = this.#pending.filter((e) => e.key !== entry.key);
      this.#sent = [...this.#sent, sent];
      return;
    }
    const attempts = entry.attempts + 1;
    const next: OutboxEntry =
      outcome.kind === 'retry'
        ? { ...entry, attempts, lastError: outcome.reason, nextAttemptAt: now + retryDelayMs(attempts, outcome.retryAfterS) }
        : { ...entry, attempts, lastError: outcome.reason, state: 'rejected' };
    await this.#db?.put('outbox', next);
    this.#pending = this.#pending.map((e) => (e.key === entry.key ? next : e));
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const due = this.#pending.filter((e) => e.state === 'pending').map((e) => e.nextAttemptAt);
    if (due.length === 0) return;
    this.#timer = setTimeout(() => void this.flush(), Math.max(0, Math.min(...due) - this.#deps.now()));
  }

  /** Drops a waiting or refused submission (the person's choice; nothing else removes one). */
  async discard(key: string): Promise<void> {
    await this.#ready;
    await this.#db?.delete('outbox', key);
    this.#pending = this.#pending.filter((e) => e.key !== key);
    this.#schedule();
  }
}
