// One device in a room (main thread): loads the room, runs its fixed plan with the app's run controller, tells the
// room what it is doing, and submits the result through the outbox tagged with the room (retried until it lands).
import type { DeviceReadiness, RoomInfo } from '../../shared/rooms.ts';
import { probeWebGpu } from '../core/page-environment.ts';
import type { RunPlan } from '../../shared/run-plan.ts';
import { describeError } from '../../shared/errors.ts';
import { canShareWasmMemory, threadsObtained } from '../../shared/threads.ts';
import type { Outbox } from '../submit/outbox.svelte.ts';
import type { BenchmarkRunner } from '../core/task-status.ts';
import { RoomFeed } from './room-feed.svelte.ts';
import { deviceIdFor } from './room-keys.ts';
import { getRoom, reportPresence } from './rooms-client.ts';

export type JoinPhase = 'loading' | 'ready' | 'running' | 'done' | 'failed' | 'missing';

/** The part of the outbox a device in a room uses. */
export type RoomOutbox = Pick<Outbox, 'submit'>;

/** The part of a room feed a device in a room uses. */
export type JoinFeed = Pick<RoomFeed, 'state' | 'close'>;

/** What the controller reaches outside itself; tests give fakes. */
export interface JoinDeps {
  getRoom: typeof getRoom;
  reportPresence: typeof reportPresence;
  openFeed: (code: string) => JoinFeed;
  readiness: () => Promise<DeviceReadiness>;
  /** The pause before the n-th retry of telling the room, ms. */
  retryPauseMs: (attempt: number) => number;
}

const JOIN_DEPS: JoinDeps = {
  getRoom,
  reportPresence,
  openFeed: (code) => new RoomFeed(code),
  readiness: deviceReadiness,
  retryPauseMs: (attempt) => 1500 * attempt,
};

export class JoinController {
  readonly deviceId: string;
  #room = $state.raw<RoomInfo | null>(null);
  #phase = $state<JoinPhase>('loading');
  #error = $state<string | null>(null);
  #presenceProblem = $state<string | null>(null);
  #resultId = $state<string | null>(null);
  #feed = $state.raw<JoinFeed | null>(null);
  #lastReset = 0;
  readonly #readiness: Promise<DeviceReadiness>;
  readonly #deps: JoinDeps;

  constructor(
    readonly code: string,
    private readonly run: BenchmarkRunner,
    private readonly outbox: RoomOutbox,
    deps: Partial<JoinDeps> = {},
  ) {
    this.deviceId = deviceIdFor(code);
    this.#deps = { ...JOIN_DEPS, ...deps };
    this.#readiness = this.#deps.readiness();
  }

  get room(): RoomInfo | null {
    return this.#room;
  }

  get phase(): JoinPhase {
    return this.#phase;
  }

  /** Why the room could not be loaded or the run failed, in words. */
  get error(): string | null {
    return this.#error;
  }

  /** Why the room could not be told this device's state (the run goes on; the result is queued). */
  get presenceProblem(): string | null {
    return this.#presenceProblem;
  }

  /** The id of this run's result, once measured. */
  get resultId(): string | null {
    return this.#resultId;
  }

  /** The room's live feed, once the room has loaded. */
  get feed(): JoinFeed | null {
    return this.#feed;
  }

  get closed(): boolean {
    return Boolean(this.#room?.closedAt) || Boolean(this.#feed?.state.closed);
  }

  async load(): Promise<void> {
    this.#phase = 'loading';
    this.#error = null;
    this.#feed?.close();
    try {
      this.#room = await this.#deps.getRoom(this.code);
      this.#phase = 'ready';
      this.#feed = this.#deps.openFeed(this.code);
      if (!this.#room.closedAt) await this.tell('joined');
    } catch (err) {
      this.#error = describeError(err).message;
      this.#phase = /no room/.test(this.#error) ? 'missing' : 'failed';
    }
  }

  /** After the presenter resets the room, this device counts as joined again. */
  async onFeedChange(): Promise<void> {
    const reset = this.#feed?.state;
    if (!reset || reset.devices.has(this.deviceId) || reset.lastId === this.#lastReset || this.closed) return;
    if (this.#phase === 'ready' || this.#phase === 'done') {
      this.#lastReset = reset.lastId;
      await this.tell('joined');
    }
  }

  /** Runs the room's plan on this device and submits the result into the room. */
  async start(): Promise<void> {
    const room = this.#room;
    if (!room || this.#phase === 'running' || this.closed) return;
    this.#phase = 'running';
    this.#error = null;
    this.#resultId = null;
    this.run.plan = structuredClone(room.plan) as RunPlan;
    await this.tell('running');
    await this.run.run();
    const result = this.run.result;
    if (this.run.status === 'done' && result) {
      this.#resultId = result.id;
      this.#phase = 'done';
      await this.outbox.submit(result, { code: this.code, deviceId: this.deviceId });
      return;
    }
    this.#phase = 'failed';
    this.#error = this.run.error?.message ?? 'the run was cancelled';
    await this.tell('failed', this.#error);
  }

  /** Tells the room this device's state, trying three times over a few seconds (a venue network drops requests). */
  private async tell(state: 'joined' | 'running' | 'failed', reason?: string): Promise<void> {
    // Joining says what this device can do, so the presenter sees "27 with WebGPU" before pressing go.
    const readiness = state === 'joined' ? await this.#readiness : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#deps.reportPresence(this.code, this.deviceId, state, reason, readiness);
        this.#presenceProblem = null;
        return;
      } catch (err) {
        this.#presenceProblem = describeError(err).message;
        if (attempt >= 3 || /closed|no room/.test(this.#presenceProblem)) return;
        await new Promise((resolve) => setTimeout(resolve, this.#deps.retryPauseMs(attempt)));
      }
    }
  }

  dispose(): void {
    this.#feed?.close();
  }
}

/** This device's readiness in short: secure context, isolation, threads, and what WebGPU adapter it gets. */
async function deviceReadiness(): Promise<DeviceReadiness> {
  const gpu = await probeWebGpu().catch(() => null);
  // Threads as the runtime will get them: isolation alone is not enough (WebKit is isolated and shares no memory).
  const facts = { crossOriginIsolated: self.crossOriginIsolated, sharedMemory: canShareWasmMemory() };
  return {
    secure: self.isSecureContext,
    isolated: facts.crossOriginIsolated,
    threads: Math.min(1024, threadsObtained(facts, navigator.hardwareConcurrency || 1)),
    webgpu: !gpu?.adapter ? 'none' : gpu.adapter.isFallbackAdapter ? 'fallback' : 'hardware',
  };
}
