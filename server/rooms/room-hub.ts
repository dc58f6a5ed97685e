// Fan-out of room events to this process's stream subscribers (Node, server). The database is the source of truth:
// each subscriber has a cursor (the last id it was given), and a pump reads the events after the lowest cursor and
// hands each subscriber those after its own, in id order. A pump runs when this process appended, when another
// process said so (NOTIFY), and on a slow poll in case a notification was lost, so delivery is ordered and gap-free.
import type { RoomEnvelope } from '../../src/shared/rooms.ts';

export interface RoomSubscriber {
  readonly room: string;
  /** Id of the last event handed over. */
  cursor: number;
  /**
   * True until the subscriber has every stored event (set by the hub). While catching up it is paced by its
   * capacity and never dropped; once live, an event that does not fit drops it.
   */
  catchingUp: boolean;
  /** How many more events it can queue now. */
  capacity(): number;
  push(env: RoomEnvelope): void;
  /** Ends the subscription because its queue is full. */
  drop(): void;
}

export interface EventSource {
  eventsAfter(code: string, after: number, limit?: number): Promise<RoomEnvelope[]>;
}

export interface RoomHubOptions {
  /** Poll period for rooms with subscribers, ms (covers lost notifications); 0 turns polling off. */
  pollMs?: number;
  /** Events read per query. */
  batch?: number;
  onError?: (err: unknown) => void;
}

export class RoomHub {
  private readonly subs = new Map<string, Set<RoomSubscriber>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly timer: ReturnType<typeof setInterval> | null;
  private readonly batch: number;
  /** Subscribers dropped because they refused an event (queue full: a slow consumer). */
  dropped = 0;

  constructor(
    private readonly source: EventSource,
    private readonly options: RoomHubOptions = {},
  ) {
    this.batch = options.batch ?? 500;
    const pollMs = options.pollMs ?? 2000;
    this.timer = pollMs > 0 ? setInterval(() => this.pollAll(), pollMs) : null;
    this.timer?.unref?.();
  }

  subscribe(sub: RoomSubscriber): () => void {
    const set = this.subs.get(sub.room) ?? new Set();
    set.add(sub);
    this.subs.set(sub.room, set);
    this.notify(sub.room);
    return () => this.remove(sub);
  }

  /** Subscribers now, per room and in all. */
  count(room?: string): number {
    if (room) return this.subs.get(room)?.size ?? 0;
    return [...this.subs.values()].reduce((n, s) => n + s.size, 0);
  }

  /** The room has new events: pump now, or once more after the pump under way. */
  notify(room: string): void {
    if (!this.subs.has(room)) return;
    if (this.running.has(room)) {
      this.again.add(room);
      return;
    }
    const run = this.pump(room)
      .catch((err: unknown) => this.options.onError?.(err))
      .finally(() => {
        this.running.delete(room);
        if (this.again.delete(room)) this.notify(room);
      });
    this.running.set(room, run);
  }

  /** Resolves when no pump is under way (tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.subs.clear();
  }

  private pollAll(): void {
    for (const room of this.subs.keys()) this.notify(room);
  }

  private remove(sub: RoomSubscriber): void {
    const set = this.subs.get(sub.room);
    if (!set?.delete(sub)) return;
    if (set.size === 0) this.subs.delete(sub.room);
  }

  private async pump(room: string): Promise<void> {
    const set = this.subs.get(room);
    if (!set) return;
    // A subscriber catching up with a full queue waits for its client to read (its stream then notifies).
    const ready = [...set].filter((s) => !s.catchingUp || s.capacity() > 0);
    if (ready.length === 0) return;
    const events = await this.source.eventsAfter(room, Math.min(...ready.map((s) => s.cursor)), this.batch);
    const complete = events.length < this.batch;
    const newest = events.at(-1)?.id ?? 0;
    for (const sub of ready) {
      for (const env of events) {
        // Unsubscribed meanwhile (the client went away): not a drop.
        if (!set.has(sub)) break;
        if (env.id <= sub.cursor) continue;
        // Only the next id is handed over: a subscriber never sees a gap.
        if (env.id !== sub.cursor + 1) break;
        if (sub.capacity() <= 0) {
          if (sub.catchingUp) break;
          this.dropped++;
          this.remove(sub);
          sub.drop();
          break;
        }
        sub.push(env);
        sub.cursor = env.id;
      }
      if (complete && sub.cursor >= newest) sub.catchingUp = false;
    }
    if (!complete) this.again.add(room);
  }
}
