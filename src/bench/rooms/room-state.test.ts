import { describe, expect, it } from 'vitest';
import type { RoomEnvelope, RoomEvent } from '../../shared/rooms.ts';
import { DEFAULT_PLAN } from '../../shared/run-plan.ts';
import {
  applyRoomEvent,
  batteryBoard,
  classCurves,
  crowdMedian,
  EMPTY_ROOM,
  foldRoom,
  latestPerDevice,
  leaderboard,
  MAX_REPLAY_GAP_MS,
  onlyEngine,
  roomEngines,
  readinessCounts,
  replayGapMs,
  roomCounts,
} from './room-state.ts';

let clock = 0;
const env = (id: number, event: RoomEvent): RoomEnvelope => ({
  id,
  at: new Date(Date.UTC(2026, 10, 21, 10, 0, clock++)).toISOString(),
  event,
});
const result = (
  resultId: string,
  deviceId: string,
  deviceClass: string,
  ms: [number, number][],
  flags: string[] = [],
): RoomEvent => ({
  kind: 'result',
  resultId,
  deviceId,
  deviceClass,
  backend: 'wasm',
  threads: 4,
  crossOriginIsolated: true,
  flags,
  points: ms.map(([batchSize, medianMs]) => ({ batchSize, medianMs, ciLoMs: medianMs * 0.9, ciHiMs: medianMs * 1.1 })),
});
const device = (deviceId: string, state: 'joined' | 'running' | 'failed'): RoomEvent => ({ kind: 'device', deviceId, state });

describe('room state', () => {
  it('ranks device classes by the battery 1,000 inferences cost, measured results only, least first', () => {
    const measured = (e: RoomEvent, batteryPer1000: number): RoomEvent => ({ ...e, batteryPer1000 }) as RoomEvent;
    const s = foldRoom([
      env(1, measured(result('r1', 'a', 'pixel', [[1, 30]]), 2)),
      env(2, measured(result('r2', 'b', 'pixel', [[1, 30]]), 4)),
      env(3, measured(result('r3', 'c', 'galaxy', [[1, 20]]), 1.5)),
      // Not measured (no battery, or no endurance): not on the board.
      env(4, result('r4', 'd', 'iphone', [[1, 10]])),
      // Flagged: left out, as everywhere.
      env(5, measured(result('r5', 'e', 'tablet', [[1, 10]], ['backgrounded']), 0.1)),
      // A device's latest result counts: b measured again.
      env(6, measured(result('r6', 'b', 'pixel', [[1, 30]]), 6)),
    ]);
    expect(batteryBoard(s)).toEqual([
      { rank: 1, deviceClass: 'galaxy', percentPer1000: 1.5, devices: 1 },
      { rank: 2, deviceClass: 'pixel', percentPer1000: 4, devices: 2 },
    ]);
  });

  it("shows one engine's results on request and lists the engines seen, a recording without engines in none", () => {
    const withEngine = (e: RoomEvent, engine: 'blink' | 'webkit'): RoomEvent => ({ ...e, engine }) as RoomEvent;
    const s = foldRoom([
      env(1, withEngine(result('r1', 'a', 'ios', [[1, 30]]), 'webkit')),
      env(2, withEngine(result('r2', 'b', 'android', [[1, 20]]), 'blink')),
      env(3, result('r3', 'c', 'old', [[1, 10]])),
    ]);
    expect(roomEngines(s)).toEqual(['blink', 'webkit']);
    expect(onlyEngine(s, 'webkit').results.map((r) => r.resultId)).toEqual(['r1']);
    expect(onlyEngine(s, null).results).toHaveLength(3);
    expect(roomCounts(onlyEngine(s, 'blink'))).toEqual(roomCounts(s));
  });

  it('counts devices joined, running, finished and failed', () => {
    const s = foldRoom([
      env(1, device('a', 'joined')),
      env(2, device('b', 'joined')),
      env(3, device('c', 'joined')),
      env(4, device('a', 'running')),
      env(5, device('b', 'running')),
      env(6, result('r1', 'b', 'phone', [[1, 10]])),
      env(7, device('c', 'failed')),
    ]);
    expect(roomCounts(s)).toEqual({ joined: 3, running: 1, finished: 1, failed: 1 });
  });

  it('counts joined devices by what they said they can do, keeping it through their run and result', () => {
    const ready = (webgpu: 'hardware' | 'fallback' | 'none', secure: boolean, threads = secure ? 8 : 1) => ({
      secure,
      isolated: secure,
      threads,
      webgpu,
    });
    const s = foldRoom([
      env(1, { kind: 'device', deviceId: 'a', state: 'joined', readiness: ready('hardware', true) }),
      env(2, { kind: 'device', deviceId: 'b', state: 'joined', readiness: ready('fallback', true) }),
      env(3, { kind: 'device', deviceId: 'c', state: 'joined', readiness: ready('none', false) }),
      env(4, device('d', 'joined')),
      env(5, device('a', 'running')),
      env(6, result('r1', 'a', 'phone', [[1, 10]])),
      // An iPhone: isolated, but WebKit shares no WebAssembly memory, so one thread; not counted as having threads.
      env(7, { kind: 'device', deviceId: 'e', state: 'joined', readiness: ready('none', true, 1) }),
    ]);
    expect(readinessCounts(s)).toEqual({ reported: 4, webgpu: 1, threads: 2, insecure: 1 });
  });

  it('ignores duplicates and counts gaps', () => {
    const a = foldRoom([env(1, device('a', 'joined')), env(2, device('a', 'running'))]);
    expect(applyRoomEvent(a, env(2, device('a', 'failed')))).toBe(a);
    const gapped = applyRoomEvent(a, env(5, device('b', 'joined')));
    expect(gapped.gaps).toBe(1);
    expect(gapped.lastId).toBe(5);
  });

  it('takes the median of device medians per class, flagged results apart, latest result per device', () => {
    const s = foldRoom([
      env(
        1,
        result('r1', 'a', 'phone', [
          [1, 10],
          [4, 40],
        ]),
      ),
      env(
        2,
        result('r2', 'b', 'phone', [
          [1, 20],
          [4, 80],
        ]),
      ),
      env(
        3,
        // An informational flag (interval wider than ±5%) keeps a result in, as in the explorer.
        result(
          'r3',
          'c',
          'phone',
          [
            [1, 60],
            [4, 90],
          ],
          ['ciNotReached'],
        ),
      ),
      env(
        4,
        result('r4', 'd', 'laptop', [
          [1, 2],
          [4, 5],
        ]),
      ),
      env(
        5,
        result(
          'r5',
          'e',
          'laptop',
          [
            [1, 1],
            [4, 1],
          ],
          ['fellBack'],
        ),
      ),
      // Device a runs again: only its latest result counts.
      env(
        6,
        result('r6', 'a', 'phone', [
          [1, 30],
          [4, 50],
        ]),
      ),
    ]);
    expect(classCurves(s)).toEqual([
      { deviceClass: 'laptop', batchSize: 1, medianOfMediansMs: 2, count: 1 },
      { deviceClass: 'laptop', batchSize: 4, medianOfMediansMs: 5, count: 1 },
      { deviceClass: 'phone', batchSize: 1, medianOfMediansMs: 30, count: 3 },
      { deviceClass: 'phone', batchSize: 4, medianOfMediansMs: 80, count: 3 },
    ]);
    // Pooled: batch 1 over 2, 20, 30, 60 -> 25; batch 4 over 5, 50, 80, 90 -> 65.
    expect(crowdMedian(s)).toEqual([
      { batchSize: 1, medianMs: 25, count: 4, ci95: null },
      { batchSize: 4, medianMs: 65, count: 4, ci95: null },
    ]);
    expect(leaderboard(s, 4)).toEqual([
      { rank: 1, deviceClass: 'laptop', medianMs: 5, itemsPerS: 800, devices: 1 },
      { rank: 2, deviceClass: 'phone', medianMs: 80, itemsPerS: 50, devices: 3 },
    ]);
  });

  it('gives the crowd median an interval over devices once six devices are in', () => {
    const events = [env(1, { kind: 'opened', title: 'Talk', plan: null as never })];
    for (let d = 0; d < 6; d++) events.push(env(d + 2, result(`r${d}`, `dev${d}`, 'phone', [[1, 10 * (d + 1)]])));
    // Six devices, 10 … 60 ms: median 35, and [min, max] covers it with probability 1 − 2/64 ≥ 95%.
    expect(crowdMedian(foldRoom(events))).toEqual([{ batchSize: 1, medianMs: 35, count: 6, ci95: { lo: 10, hi: 60 } }]);
    expect(crowdMedian(foldRoom(events.slice(0, 6)))[0]!.ci95).toBeNull();
  });

  it("ranks one comparability key: a result whose execution provider is not the room's is left out, flagged or not", () => {
    const plan = { ...DEFAULT_PLAN, backend: 'webgpu' as const };
    const onGpu = (e: RoomEvent): RoomEvent => ({ ...e, backend: 'webgpu' }) as RoomEvent;
    const s = foldRoom([
      env(1, { kind: 'opened', title: 'Talk', plan }),
      env(2, onGpu(result('r1', 'a', 'phone', [[1, 10]]))),
      env(3, onGpu(result('r2', 'b', 'phone', [[1, 30]]))),
      // Ran on WASM in a WebGPU room: other work, even unflagged.
      env(4, result('r3', 'c', 'laptop', [[1, 1]])),
    ]);
    expect(leaderboard(s, 1)).toEqual([{ rank: 1, deviceClass: 'phone', medianMs: 20, itemsPerS: 50, devices: 2 }]);
    expect(latestPerDevice(s).flagged.map((r) => r.resultId)).toEqual(['r3']);
    expect(crowdMedian(s)).toEqual([{ batchSize: 1, medianMs: 20, count: 2, ci95: null }]);
  });

  it('hides a result, resets, and closes', () => {
    const s = foldRoom([
      env(1, { kind: 'opened', title: 'Talk', plan: null as never }),
      env(2, result('r1', 'a', 'phone', [[1, 10]])),
      env(3, result('r2', 'b', 'phone', [[1, 30]])),
      env(4, { kind: 'hidden', resultId: 'r2', deviceId: 'b' }),
    ]);
    expect(s.results.map((r) => r.resultId)).toEqual(['r1']);
    // A replay where the result event itself was replaced still counts the device as finished.
    const replayed = foldRoom([env(1, device('b', 'joined')), env(2, { kind: 'hidden', resultId: 'r2', deviceId: 'b' })]);
    expect(roomCounts(replayed)).toEqual({ joined: 1, running: 0, finished: 1, failed: 0 });
    expect(crowdMedian(s)).toEqual([{ batchSize: 1, medianMs: 10, count: 1, ci95: null }]);
    const reset = foldRoom([env(5, { kind: 'reset' }), env(6, { kind: 'closed' })], s);
    expect(reset.results).toEqual([]);
    expect(reset.devices.size).toBe(0);
    expect(reset.title).toBe('Talk');
    expect(reset.closed).toBe(true);
    expect(reset.lastId).toBe(6);
    expect(EMPTY_ROOM.results).toEqual([]);
  });
});

describe('replay pace', () => {
  it('divides recorded gaps by the speed, caps long pauses and never goes negative', () => {
    expect(replayGapMs('2026-11-21T10:00:00.000Z', '2026-11-21T10:00:02.000Z', 10)).toBe(200);
    expect(replayGapMs('2026-11-21T10:00:00.000Z', '2026-11-21T10:05:00.000Z', 10)).toBe(MAX_REPLAY_GAP_MS);
    expect(replayGapMs('2026-11-21T10:00:02.000Z', '2026-11-21T10:00:00.000Z', 1)).toBe(0);
    expect(replayGapMs('garbage', '2026-11-21T10:00:00.000Z', 1)).toBe(0);
  });
});
