// One Server-Sent Events response for a room (Node, server): replays from Last-Event-ID through the hub, paced by
// what the client reads, sends heartbeats, and keeps a bounded queue. A live client that stops reading fills it and
// is dropped (its stream errors and the connection closes); its browser reconnects with Last-Event-ID and the
// database replays what it missed.
import type { RoomEnvelope } from '../../src/shared/rooms.ts';
import type { RoomHub, RoomSubscriber } from './room-hub.ts';

export interface SseOptions {
  room: string;
  /** Id of the last event the client has (0 for all). */
  after: number;
  hub: RoomHub;
  /** Most chunks (events and heartbeats) waiting to be written before the client is dropped. */
  queueLimit: number;
  heartbeatMs: number;
  /** Reconnect delay the browser is told to use, ms. */
  retryMs: number;
}

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // Proxies such as nginx would otherwise buffer the stream.
  'X-Accel-Buffering': 'no',
} as const;

const encoder = new TextEncoder();

export function sseFrame(env: RoomEnvelope): string {
  return `id: ${env.id}\ndata: ${JSON.stringify(env)}\n\n`;
}

/** Parses a Last-Event-ID value; anything but a non-negative integer means "from the start". */
export function lastEventIdOf(value: string | null | undefined): number {
  const n = Number(value);
  return value && /^\d{1,10}$/.test(value) && Number.isSafeInteger(n) ? n : 0;
}

export function roomEventStream(o: SseOptions): ReadableStream<Uint8Array> {
  let unsubscribe = () => {};
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let open = true;
  let sub: RoomSubscriber | null = null;
  const stop = () => {
    open = false;
    unsubscribe();
    if (heartbeat) clearInterval(heartbeat);
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const waiting = () => -(controller.desiredSize ?? 0);
        const send = (text: string) => {
          if (open) controller.enqueue(encoder.encode(text));
        };
        send(`retry: ${o.retryMs}\n: room ${o.room}\n\n`);
        // Heartbeats only when nothing is waiting: a stalled client's queue does not grow by them.
        heartbeat = setInterval(() => {
          if (waiting() === 0) send(': heartbeat\n\n');
        }, o.heartbeatMs);
        sub = {
          room: o.room,
          cursor: o.after,
          catchingUp: true,
          capacity: () => (open ? o.queueLimit - waiting() : 0),
          push: (env) => send(sseFrame(env)),
          drop: () => {
            stop();
            // Discards what was queued and closes the connection; the browser reconnects with Last-Event-ID.
            controller.error(new Error(`slow consumer: ${o.queueLimit} chunks waiting`));
          },
        };
        unsubscribe = o.hub.subscribe(sub);
      },
      pull() {
        // The client read everything queued: a subscriber still catching up can take the next batch.
        if (sub?.catchingUp) o.hub.notify(o.room);
      },
      cancel() {
        stop();
      },
    },
    // A queue counted in chunks, high-water mark 0: desiredSize is minus the number waiting, and pull() runs only
    // when the client is waiting for data.
    new CountQueuingStrategy({ highWaterMark: 0 }),
  );
}
