// A live room on the main thread: its Server-Sent Events stream folded into a RoomState. The browser's EventSource
// reconnects by itself with Last-Event-ID; when it gives up (an error answer), this reopens it from the last id.
import * as v from 'valibot';
import { applyRoomEvent, EMPTY_ROOM, type RoomState } from '../../bench/rooms/room-state.ts';
import { describeError } from '../../shared/errors.ts';
import { RoomEnvelopeSchema } from '../../shared/rooms.ts';
import { getRoom, roomEventsUrl } from './rooms-client.ts';

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'failed';

/** The part of an EventSource the feed uses; tests give a fake. */
export type EventStream = Pick<EventSource, 'onopen' | 'onmessage' | 'onerror' | 'readyState' | 'close'>;

/** What the feed reaches outside itself; tests give fakes. */
export interface FeedDeps {
  connect: (url: string) => EventStream;
  getRoom: typeof getRoom;
  /** How long to wait before reopening a stream the server refused, ms. */
  retryMs: number;
}

/** EventSource's readyState once it has given up. */
const CLOSED = 2;

const FEED_DEPS: FeedDeps = { connect: (url) => new EventSource(url), getRoom, retryMs: 3000 };

export class RoomFeed {
  #state = $state.raw<RoomState>(EMPTY_ROOM);
  #status = $state<FeedStatus>('connecting');
  #error = $state<string | null>(null);
  #malformed = $state(0);
  #reconnects = $state(0);
  #source: EventStream | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  readonly #code: string;
  readonly #deps: FeedDeps;

  constructor(code: string, deps: Partial<FeedDeps> = {}) {
    this.#code = code;
    this.#deps = { ...FEED_DEPS, ...deps };
    this.#open();
  }

  /** The room as of the last event received. */
  get state(): RoomState {
    return this.#state;
  }

  get status(): FeedStatus {
    return this.#status;
  }

  /** Why the feed failed for good (the room does not exist), or null. */
  get error(): string | null {
    return this.#error;
  }

  /** Messages that were not room events (ignored). */
  get malformed(): number {
    return this.#malformed;
  }

  /** Times the connection was re-established. */
  get reconnects(): number {
    return this.#reconnects;
  }

  #open(): void {
    const after = this.#state.lastId;
    const url = roomEventsUrl(this.#code);
    const es = this.#deps.connect(after > 0 ? `${url}?after=${after}` : url);
    this.#source = es;
    es.onopen = () => {
      if (this.#status === 'reconnecting') this.#reconnects++;
      this.#status = 'live';
      this.#error = null;
    };
    es.onmessage = (m: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(m.data);
      } catch {
        data = null;
      }
      const env = v.safeParse(RoomEnvelopeSchema, data);
      if (env.success) this.#state = applyRoomEvent(this.#state, env.output);
      else this.#malformed++;
    };
    es.onerror = () => {
      if (this.#closed) return;
      if (es.readyState !== CLOSED) {
        // The browser is reconnecting with Last-Event-ID.
        this.#status = 'reconnecting';
        return;
      }
      es.close();
      void this.#giveUpOrRetry();
    };
  }

  /** The stream was refused: a missing room is final, anything else is tried again from the last id. */
  async #giveUpOrRetry(): Promise<void> {
    try {
      await this.#deps.getRoom(this.#code);
    } catch (err) {
      const message = describeError(err).message;
      if (/no room/.test(message)) {
        this.#status = 'failed';
        this.#error = message;
        return;
      }
    }
    if (this.#closed) return;
    this.#status = 'reconnecting';
    this.#retry = setTimeout(() => this.#open(), this.#deps.retryMs);
  }

  close(): void {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#source?.close();
  }
}
