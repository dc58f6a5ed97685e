// The outbox on an in-memory store and a fake server: a result is stored before it is sent, sent once however often
// it is submitted, retried after the server's pause with the same key, kept when refused until the person drops it,
// sent on the next visit or when the browser is back online, and still sent when storage fails.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleResult } from '../../bench/testing/sample-result.ts';
import type { RunResult } from '../../shared/run-result.ts';
import type { OutboxEntry, SentEntry } from './outbox-entries.ts';
import type { SendOutcome } from './outbox-policy.ts';
import { Outbox, type OutboxStore } from './outbox.svelte.ts';

/** IndexedDB's two stores, in memory. */
function memoryStore(outbox: OutboxEntry[] = [], sent: SentEntry[] = []) {
  const stores = { outbox: new Map(outbox.map((e) => [e.key, e])), sent: new Map(sent.map((e) => [e.key, e])) };
  const store = {
    stores,
    all: async (name: 'outbox' | 'sent') => [...stores[name].values()],
    put: async (name: 'outbox' | 'sent', entry: OutboxEntry | SentEntry) => void stores[name].set(entry.key, entry as never),
    markSent: async (entry: SentEntry) => {
      stores.sent.set(entry.key, entry);
      stores.outbox.delete(entry.key);
    },
    delete: async (name: 'outbox' | 'sent', key: string) => void stores[name].delete(key),
  };
  return store as typeof store & OutboxStore;
}

const accepted = (id = 's1'): SendOutcome => ({ kind: 'sent', accepted: { id, url: `/r/${id}`, flags: [] } });

function make(answers: SendOutcome[], store = memoryStore(), openStore?: () => Promise<OutboxStore>) {
  let now = Date.UTC(2026, 11, 5, 12);
  let online: () => void = () => undefined;
  const post = vi.fn(async (_body: string, _key: string) => answers.shift() ?? accepted());
  const outbox = new Outbox({
    openStore: openStore ?? (async () => store),
    post,
    now: () => now,
    onOnline: (flush) => (online = flush),
  });
  return { outbox, post, store, tick: (ms: number) => (now += ms), online: () => online() };
}

const result = (): RunResult => sampleResult();

describe('the outbox', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('stores a result, sends it, and sends nothing new when the same result is submitted again', async () => {
    const { outbox, post, store } = make([accepted('s1')]);
    const r = result();
    await outbox.submit(r);
    expect(outbox.stateOf(r.id)).toMatchObject({ kind: 'sent', entry: { id: 's1', clientResultId: r.id } });
    expect(outbox.sent[0]?.points).toEqual(r.points.map((p) => ({ batchSize: p.batchSize, medianMs: p.stats.median })));
    expect(store.stores.sent.size).toBe(1);
    expect(store.stores.outbox.size).toBe(0);
    await outbox.submit(r);
    expect(post).toHaveBeenCalledTimes(1);
    expect(JSON.parse(post.mock.calls[0]?.[0] ?? '')).toEqual(r);
  });

  it("retries after the server's pause with the same idempotency key", async () => {
    const { outbox, post, tick } = make([{ kind: 'retry', reason: 'HTTP 503', retryAfterS: 60 }, accepted()]);
    const r = result();
    await outbox.submit(r);
    const queued = outbox.stateOf(r.id);
    expect(queued).toMatchObject({ kind: 'queued', entry: { attempts: 1, lastError: 'HTTP 503' } });
    tick(59_000);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(post).toHaveBeenCalledTimes(1);
    tick(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(post).toHaveBeenCalledTimes(2);
    expect(post.mock.calls[1]?.[1]).toBe(post.mock.calls[0]?.[1]);
    expect(outbox.stateOf(r.id).kind).toBe('sent');
  });

  it('keeps a refused result, never sends it again, and drops it only when asked', async () => {
    const { outbox, post, store, online } = make([{ kind: 'rejected', reason: 'HTTP 422: points: batch sizes must increase' }]);
    const r = result();
    await outbox.submit(r);
    const state = outbox.stateOf(r.id);
    expect(state).toMatchObject({ kind: 'rejected', entry: { lastError: 'HTTP 422: points: batch sizes must increase' } });
    online();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(post).toHaveBeenCalledTimes(1);
    if (state.kind !== 'rejected') throw new Error('not rejected');
    await outbox.discard(state.entry.key);
    expect(outbox.stateOf(r.id).kind).toBe('none');
    expect(store.stores.outbox.size).toBe(0);
  });

  it('sends what an earlier visit left queued, when it opens and when the browser is back online', async () => {
    const first = make([{ kind: 'retry', reason: 'offline', retryAfterS: null }]);
    const r = result();
    await first.outbox.submit(r);
    const again = make([{ kind: 'retry', reason: 'offline', retryAfterS: null }, accepted('s2')], first.store);
    await vi.advanceTimersByTimeAsync(0);
    expect(again.post).toHaveBeenCalledTimes(1);
    expect(again.outbox.stateOf(r.id).kind).toBe('queued');
    again.online();
    await vi.advanceTimersByTimeAsync(0);
    expect(again.outbox.stateOf(r.id)).toMatchObject({ kind: 'sent', entry: { id: 's2' } });
  });

  it('says when submissions cannot be kept across visits, and still sends them', async () => {
    const { outbox, post } = make([accepted()], memoryStore(), async () => {
      throw new Error('the database was deleted');
    });
    await outbox.submit(result());
    expect(outbox.storageProblem).toBe('submissions are not kept across visits: IndexedDB failed (the database was deleted)');
    expect(post).toHaveBeenCalledTimes(1);
    expect(outbox.sent).toHaveLength(1);
  });
});
