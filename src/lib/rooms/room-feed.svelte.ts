// A live room on the main thread: its Server-Sent Events stream folded into a RoomState. The browser's EventSource
// reconnects by itself with Last-Event-ID; when it gives up (an error answer), this reopens it from the last id.
import * as v from 'valibot';
import { applyRoomEvent, EMPTY_ROOM, type RoomState } from '../../bench/rooms/room-state.ts';
import { RoomEnvelopeSchema } from '../../shared/rooms.ts';
import { getRoom, roomEventsUrl } from './rooms-client.ts';

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'failed';

export class RoomFeed {
  state = $state.raw<RoomState>(EMPTY_ROOM);
  status = $state<FeedStatus>('connecting');
  error = $state<string | null>(null);
  /** Messages that were not room events (ignored). */
  malformed = $state(0);
  /** Times the connection was re-established. */
  reconnects = $state(0);

  private source: EventSource | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly code: string) {
    this.open();
  }

  private open(): void {
    const after = this.state.lastId;
    const es = new EventSource(after > 0 ? `${roomEventsUrl(this.code)}?after=${after}` : roomEventsUrl(this.code));
    this.source = es;
    es.onopen = () => {
      if (this.status === 'reconnecting') this.reconnects++;
      this.status = 'live';
      this.error = null;
    };
    es.onmessage = (m: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(m.data);
      } catch {
        data = null;
      }
      const env = v.safeParse(RoomEnvelopeSchema, data);
      if (env.success) this.state = applyRoomEvent(this.state, env.output);
      else this.malformed++;
    };
    es.onerror = () => {
      if (this.closed) return;
      if (es.readyState !== EventSource.CLOSED) {
        // The browser is reconnecting with Last-Event-ID.
        this.status = 'reconnecting';
        return;
      }
      es.close();
      void this.giveUpOrRetry();
    };
  }

  /** The stream was refused: a missing room is final, anything else is tried again from the last id. */
  private async giveUpOrRetry(): Promise<void> {
    try {
      await getRoom(this.code);
    } catch (err) {
      if (/no room/.test((err as Error).message)) {
        this.status = 'failed';
        this.error = (err as Error).message;
        return;
      }
    }
    this.status = 'reconnecting';
    this.retry = setTimeout(() => this.open(), 3000);
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.source?.close();
  }
}
