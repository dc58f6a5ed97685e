// One device in a room, with a fake room service, feed, runner and outbox: it joins with its readiness, runs the
// room's plan and submits the result tagged with the room, says why a run failed, retries telling the room, and
// rejoins after the presenter resets the room.
import { describe, expect, it, vi } from 'vitest';
import { EMPTY_ROOM, type RoomState } from '../../bench/rooms/room-state.ts';
import { sampleResult } from '../../bench/testing/sample-result.ts';
import { HttpError, ResultsApiError } from '../../shared/errors.ts';
import type { DeviceReadiness, RoomInfo } from '../../shared/rooms.ts';
import { DEFAULT_PLAN, type RunPlan } from '../../shared/run-plan.ts';
import type { RunResult } from '../../shared/run-result.ts';
import type { BenchmarkRunner, TaskError, TaskStatus } from '../core/task-status.ts';
import { JoinController } from './join-controller.svelte.ts';
import { CODE } from './testing/room-events.ts';

const READY: DeviceReadiness = { secure: true, isolated: true, threads: 2, webgpu: 'none' };
const plan: RunPlan = { ...DEFAULT_PLAN, batches: [1, 2] };
const room = (closedAt: string | null = null): RoomInfo => ({
  code: CODE,
  title: 'Talk',
  plan,
  createdAt: '2026-12-05T10:00:00.000Z',
  closedAt,
  lastEventId: 1,
});

/** A runner whose run ends as `end` says. */
class FakeRunner implements BenchmarkRunner {
  plan: RunPlan = DEFAULT_PLAN;
  status: TaskStatus = 'idle';
  progress = { fraction: null, label: '' };
  result: RunResult | null = null;
  error: TaskError | null = null;
  constructor(private readonly end: 'done' | 'error' | 'cancelled') {}
  async run(): Promise<void> {
    this.status = this.end;
    this.result = this.end === 'done' ? sampleResult() : null;
    this.error = this.end === 'error' ? { name: 'ModelLoadError', message: 'the session could not be created' } : null;
  }
  cancel(): void {}
}

function make(end: 'done' | 'error' | 'cancelled' = 'done', over: { room?: RoomInfo | Error; presence?: Error[] } = {}) {
  const feed = { state: EMPTY_ROOM as RoomState, close: vi.fn() };
  const failures = [...(over.presence ?? [])];
  const deps = {
    getRoom: vi.fn(async () => {
      if (over.room instanceof Error) throw over.room;
      return over.room ?? room();
    }),
    reportPresence: vi.fn(async (_code: string, _device: string, _state: string, _reason?: string, _r?: DeviceReadiness) => {
      const failure = failures.shift();
      if (failure) throw failure;
      return {};
    }),
    openFeed: vi.fn(() => feed),
    readiness: vi.fn(async () => READY),
    retryPauseMs: () => 0,
  };
  const runner = new FakeRunner(end);
  const outbox = { submit: vi.fn(async () => undefined) };
  const join = new JoinController(CODE, runner, outbox, deps);
  return { join, deps, runner, outbox, feed };
}

describe('a device joining a room', () => {
  it('loads the room, opens its feed and joins with what it can do', async () => {
    const { join, deps } = make();
    await join.load();
    expect(join.phase).toBe('ready');
    expect(join.room?.title).toBe('Talk');
    expect(join.feed).not.toBeNull();
    expect(deps.reportPresence).toHaveBeenCalledWith(CODE, join.deviceId, 'joined', undefined, READY);
  });

  it('says a missing room is missing, and other failures as failures', async () => {
    const missing = make('done', { room: new HttpError(404, `no room ${CODE}`) });
    await missing.join.load();
    expect(missing.join.phase).toBe('missing');
    expect(missing.join.error).toBe(`no room ${CODE}`);
    const down = make('done', { room: new ResultsApiError('the server could not be reached') });
    await down.join.load();
    expect(down.join.phase).toBe('failed');
  });

  it("runs the room's plan and submits the result tagged with the room and this device", async () => {
    const { join, runner, outbox, deps } = make();
    await join.load();
    await join.start();
    expect(runner.plan).toEqual(plan);
    expect(join.phase).toBe('done');
    expect(join.resultId).toBe(runner.result?.id);
    expect(outbox.submit).toHaveBeenCalledWith(runner.result, { code: CODE, deviceId: join.deviceId });
    expect(deps.reportPresence.mock.calls.map((c) => c[2])).toEqual(['joined', 'running']);
  });

  it('tells the room why a run failed, and that a cancelled run was cancelled', async () => {
    const failed = make('error');
    await failed.join.load();
    await failed.join.start();
    expect(failed.join.phase).toBe('failed');
    expect(failed.join.error).toBe('the session could not be created');
    expect(failed.deps.reportPresence).toHaveBeenLastCalledWith(
      CODE,
      failed.join.deviceId,
      'failed',
      'the session could not be created',
      undefined,
    );
    expect(failed.outbox.submit).not.toHaveBeenCalled();
    const cancelled = make('cancelled');
    await cancelled.join.load();
    await cancelled.join.start();
    expect(cancelled.join.error).toBe('the run was cancelled');
  });

  it('does not start in a closed room', async () => {
    const { join, runner } = make('done', { room: room('2026-12-05T11:00:00.000Z') });
    await join.load();
    expect(join.closed).toBe(true);
    await join.start();
    expect(join.phase).toBe('ready');
    expect(runner.status).toBe('idle');
  });

  it('tries telling the room three times, then says why, and stops at once when the room is closed', async () => {
    const flaky = make('done', { presence: [new ResultsApiError('a'), new ResultsApiError('b'), new ResultsApiError('c')] });
    await flaky.join.load();
    expect(flaky.deps.reportPresence).toHaveBeenCalledTimes(3);
    expect(flaky.join.presenceProblem).toBe('c');
    const closed = make('done', { presence: [new HttpError(409, 'the room is closed')] });
    await closed.join.load();
    expect(closed.deps.reportPresence).toHaveBeenCalledTimes(1);
    const recovers = make('done', { presence: [new ResultsApiError('a')] });
    await recovers.join.load();
    expect(recovers.join.presenceProblem).toBeNull();
  });

  it('joins again after the presenter resets the room, once per reset', async () => {
    const { join, deps, feed } = make();
    await join.load();
    feed.state = { ...EMPTY_ROOM, lastId: 7 };
    await join.onFeedChange();
    await join.onFeedChange();
    expect(deps.reportPresence.mock.calls.map((c) => c[2])).toEqual(['joined', 'joined']);
    join.dispose();
    expect(feed.close).toHaveBeenCalled();
  });
});
