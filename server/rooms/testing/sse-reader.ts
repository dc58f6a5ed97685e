// Reads a room's Server-Sent Events stream in tests (Node): reads continuously, as a browser does, and parses
// frames into envelopes and comments.
import type { RoomEnvelope } from '../../../src/shared/rooms.ts';

export interface SseReader {
  /** Waits until `n` envelopes arrived in all (or the stream ends or `timeoutMs` passes); returns all so far. */
  until(n: number, timeoutMs?: number): Promise<RoomEnvelope[]>;
  /** Waits until a comment containing `text` arrived. */
  comment(text: string, timeoutMs?: number): Promise<void>;
  events: RoomEnvelope[];
  comments: string[];
  ended: boolean;
  error: unknown;
  cancel(): Promise<void>;
}

export function readSse(body: ReadableStream<Uint8Array>): SseReader {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let wake = () => {};
  const changed = () => new Promise<void>((resolve) => (wake = resolve));
  const waitFor = async (done: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!done() && !r.ended && Date.now() < deadline) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([changed(), new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))]);
      clearTimeout(timer);
    }
  };
  const r: SseReader = {
    events: [],
    comments: [],
    ended: false,
    error: null,
    async until(n, timeoutMs = 5000) {
      await waitFor(() => r.events.length >= n, timeoutMs);
      return r.events;
    },
    async comment(text, timeoutMs = 5000) {
      await waitFor(() => r.comments.some((c) => c.includes(text)), timeoutMs);
    },
    async cancel() {
      await reader.cancel().catch(() => {});
    },
  };
  const parse = (text: string) => {
    buffer += text;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of frame.split('\n')) {
        if (line.startsWith(':')) r.comments.push(line.slice(1).trim());
        if (line.startsWith('data: ')) r.events.push(JSON.parse(line.slice(6)) as RoomEnvelope);
      }
    }
  };
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parse(decoder.decode(value, { stream: true }));
        wake();
      }
    } catch (err) {
      r.error = err;
    }
    r.ended = true;
    wake();
  })();
  return r;
}
