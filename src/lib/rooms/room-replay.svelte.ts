// A recorded room played back on the main thread with no server: its events folded in at their recorded pace
// (sped up, long pauses shortened), with play, pause, restart and jump to the end.
import { applyRoomEvent, EMPTY_ROOM, foldRoom, replayGapMs, type RoomState } from '../../bench/rooms/room-state.ts';
import type { RecordedRoom } from '../../shared/rooms.ts';

export class RoomReplay {
  /** How many times faster than recorded it plays. */
  speed = $state(10);
  #state = $state.raw<RoomState>(EMPTY_ROOM);
  #position = $state(0);
  #playing = $state(false);

  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly recording: RecordedRoom) {}

  /** The room as of the events applied so far. */
  get state(): RoomState {
    return this.#state;
  }

  /** Events applied so far. */
  get position(): number {
    return this.#position;
  }

  get playing(): boolean {
    return this.#playing;
  }

  get total(): number {
    return this.recording.events.length;
  }

  play(): void {
    if (this.#position >= this.total) this.restart();
    this.#playing = true;
    this.schedule(0);
  }

  pause(): void {
    this.#playing = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  restart(): void {
    this.pause();
    this.#state = EMPTY_ROOM;
    this.#position = 0;
  }

  toEnd(): void {
    this.pause();
    this.#state = foldRoom(this.recording.events.slice(this.#position), this.#state);
    this.#position = this.total;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.step(), delay);
  }

  private step(): void {
    const events = this.recording.events;
    const env = events[this.#position];
    if (!this.#playing || !env) {
      this.#playing = false;
      return;
    }
    this.#state = applyRoomEvent(this.#state, env);
    this.#position++;
    const next = events[this.#position];
    if (next) this.schedule(replayGapMs(env.at, next.at, this.speed));
    else this.#playing = false;
  }

  dispose(): void {
    this.pause();
  }
}
