// The presenter screen's state (main thread): a live room (its feed and the presenter's secret) or a recorded one
// (a replay), the view shown, and the presenter's actions with their outcome.
import type { RoomState } from '../../bench/rooms/room-state.ts';
import { describeError } from '../../shared/errors.ts';
import type { RoomFeed } from './room-feed.svelte.ts';
import type { RoomReplay } from './room-replay.svelte.ts';
import { presenterAction, type PresenterAction } from './rooms-client.ts';

export const VIEWS = ['chart', 'leaderboard', 'qr', 'devices'] as const;
export type PresenterView = (typeof VIEWS)[number];

/** Keyboard shortcuts of the presenter screen. */
export const SHORTCUTS: Record<string, PresenterView> = {
  '1': 'chart',
  '2': 'leaderboard',
  '3': 'qr',
  '4': 'devices',
  c: 'chart',
  l: 'leaderboard',
  q: 'qr',
  d: 'devices',
};

export type RoomSource =
  { kind: 'live'; code: string; feed: RoomFeed; secret: string | null } | { kind: 'replay'; replay: RoomReplay };

export class PresenterController {
  #view = $state<PresenterView>('chart');
  #message = $state<string | null>(null);
  #busy = $state(false);
  readonly #send: typeof presenterAction;

  /** `send` carries the presenter's action to the server (tests give a fake). */
  constructor(
    readonly source: RoomSource,
    send: typeof presenterAction = presenterAction,
  ) {
    this.#send = send;
  }

  /** The view on screen. */
  get view(): PresenterView {
    return this.#view;
  }

  /** Why the last action failed, or null. */
  get message(): string | null {
    return this.#message;
  }

  /** True while an action is on its way to the server. */
  get busy(): boolean {
    return this.#busy;
  }

  get state(): RoomState {
    return this.source.kind === 'live' ? this.source.feed.state : this.source.replay.state;
  }

  /** Handles a key press; true when it was a shortcut. */
  key(k: string): boolean {
    const view = SHORTCUTS[k.toLowerCase()];
    if (view) this.#view = view;
    return Boolean(view);
  }

  async act(action: PresenterAction): Promise<void> {
    if (this.source.kind !== 'live' || !this.source.secret) return;
    this.#busy = true;
    try {
      await this.#send(this.source.code, this.source.secret, action);
      this.#message = null;
    } catch (err) {
      this.#message = describeError(err).message;
    } finally {
      this.#busy = false;
    }
  }
}
