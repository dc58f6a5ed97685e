// A live room's feed on a fake EventSource: events folded in, junk counted and ignored, the browser's own reconnects
// counted, a refused stream reopened from the last id, and a missing room ending it in words.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../../shared/errors.ts';
import type { RoomInfo } from '../../shared/rooms.ts';
import { RoomFeed, type EventStream } from './room-feed.svelte.ts';
import { CODE, envelope, joined, opened } from './testing/room-events.ts';

/** EventSource's readyState values. */
const OPEN = 1;
const CLOSED = 2;

class FakeStream implements EventStream {
  onopen: EventStream['onopen'] = null;
  onmessage: EventStream['onmessage'] = null;
  onerror: EventStream['onerror'] = null;
  readyState = OPEN;
  closed = false;
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true;
    this.readyState = CLOSED;
  }
  fire(kind: 'open' | 'error'): void {
    const handler = kind === 'open' ? this.onopen : this.onerror;
    handler?.call(this as unknown as EventSource, new Event(kind));
  }
  send(data: unknown): void {
    const m = { data: typeof data === 'string' ? data : JSON.stringify(data) } as MessageEvent<string>;
    this.onmessage?.call(this as unknown as EventSource, m);
  }
}

function feedOn(getRoom: (code: string) => Promise<RoomInfo> = async () => ({}) as RoomInfo) {
  const streams: FakeStream[] = [];
  const feed = new RoomFeed(CODE, {
    connect: (url) => {
      const s = new FakeStream(url);
      streams.push(s);
      return s;
    },
    getRoom,
    retryMs: 3000,
  });
  return { feed, streams, last: () => streams.at(-1) as FakeStream };
}

describe('a room feed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('folds room events into the room, and counts what is not a room event', () => {
    const { feed, last } = feedOn();
    expect(feed.status).toBe('connecting');
    last().fire('open');
    expect(feed.status).toBe('live');
    last().send(envelope(1, opened()));
    last().send(envelope(2, joined('a')));
    last().send('not json');
    last().send({ id: 3, at: 'yesterday', event: { kind: 'device' } });
    expect(feed.state.title).toBe('Talk');
    expect(feed.state.devices.size).toBe(1);
    expect(feed.state.lastId).toBe(2);
    expect(feed.malformed).toBe(2);
  });

  it("counts the browser's own reconnects", () => {
    const { feed, last, streams } = feedOn();
    last().fire('open');
    last().fire('error');
    expect(feed.status).toBe('reconnecting');
    last().fire('open');
    expect(feed.reconnects).toBe(1);
    expect(streams).toHaveLength(1);
  });

  it('reopens a refused stream after a pause, from the last event it has', async () => {
    const { feed, last, streams } = feedOn();
    last().fire('open');
    last().send(envelope(1, opened()));
    last().readyState = CLOSED;
    last().fire('error');
    await vi.advanceTimersByTimeAsync(2999);
    expect(streams).toHaveLength(1);
    expect(feed.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(streams).toHaveLength(2);
    expect(last().url).toMatch(/\?after=1$/);
    last().fire('open');
    expect(feed.status).toBe('live');
    expect(feed.reconnects).toBe(1);
  });

  it('ends in words when the room does not exist', async () => {
    const { feed, last, streams } = feedOn(async () => {
      throw new HttpError(404, `no room ${CODE}`);
    });
    last().readyState = CLOSED;
    last().fire('error');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(feed.status).toBe('failed');
    expect(feed.error).toBe(`no room ${CODE}`);
    expect(streams).toHaveLength(1);
  });

  it('stays closed once closed, even when a refusal was being checked', async () => {
    let answer: () => void = () => undefined;
    const { feed, last, streams } = feedOn(() => new Promise<RoomInfo>((resolve) => (answer = () => resolve({} as RoomInfo))));
    last().readyState = CLOSED;
    last().fire('error');
    feed.close();
    answer();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(streams).toHaveLength(1);
  });
});
