// A room's state from its event stream (runs everywhere, pure): devices and results, folded in id order; counts,
// per-device-class curves (median of the devices' medians), the crowd median and a leaderboard, flagged runs apart.
import type { DeviceReadiness, DeviceState, RoomEnvelope, RoomPoint } from '../../shared/rooms.ts';
import type { RunPlan } from '../../shared/run-plan.ts';
import { ENGINES, type Engine } from '../../shared/device-buckets.ts';
import { median } from '../stats.ts';
import { crowdMedian as crowdMedianOf } from '../crowd-stats.ts';
import { excludesFromAggregates } from '../../shared/validity.ts';

export interface RoomDevice {
  deviceId: string;
  /** Known once the device's result arrived (the server computes it from the result). */
  deviceClass: string | null;
  state: DeviceState | 'finished';
  reason?: string;
  /** What the device said it can do when it joined (absent from older rooms and devices that did not say). */
  readiness?: DeviceReadiness;
}

export interface RoomResult {
  resultId: string;
  deviceId: string;
  deviceClass: string;
  /** The browser engine; absent in rooms recorded before it was sent. */
  engine?: Engine;
  backend: string;
  threads: number;
  crossOriginIsolated: boolean;
  flags: string[];
  points: RoomPoint[];
  /** Battery % per 1,000 inferences, where the device measured it in an endurance run. */
  batteryPer1000?: number;
  at: string;
}

export interface RoomState {
  /** Id of the last event folded in; an event at or below it is a duplicate and ignored. */
  lastId: number;
  title: string;
  plan: RunPlan | null;
  closed: boolean;
  devices: ReadonlyMap<string, RoomDevice>;
  results: readonly RoomResult[];
  /** Ids of events skipped because one or more ids were missing before them (should stay 0). */
  gaps: number;
}

export const EMPTY_ROOM: RoomState = {
  lastId: 0,
  title: '',
  plan: null,
  closed: false,
  devices: new Map(),
  results: [],
  gaps: 0,
};

/** Folds one event in; duplicates (id at or below lastId) change nothing. */
export function applyRoomEvent(s: RoomState, env: RoomEnvelope): RoomState {
  if (env.id <= s.lastId) return s;
  const next: RoomState = { ...s, lastId: env.id, gaps: s.gaps + (env.id > s.lastId + 1 ? 1 : 0) };
  const e = env.event;
  switch (e.kind) {
    case 'opened':
      return { ...next, title: e.title, plan: e.plan };
    case 'device': {
      const devices = new Map(s.devices);
      const before = devices.get(e.deviceId);
      // A device that finished stays finished when it reports running again (a second run).
      const state = before?.state === 'finished' && e.state !== 'failed' ? 'finished' : e.state;
      const deviceClass = before?.deviceClass ?? null;
      const readiness = e.readiness ?? before?.readiness;
      devices.set(e.deviceId, {
        deviceId: e.deviceId,
        deviceClass,
        state,
        ...(e.reason ? { reason: e.reason } : {}),
        ...(readiness ? { readiness } : {}),
      });
      return { ...next, devices };
    }
    case 'result': {
      const devices = new Map(s.devices);
      const readiness = s.devices.get(e.deviceId)?.readiness;
      devices.set(e.deviceId, {
        deviceId: e.deviceId,
        deviceClass: e.deviceClass,
        state: 'finished',
        ...(readiness ? { readiness } : {}),
      });
      const { kind: _k, ...rest } = e;
      const results = [...s.results.filter((r) => r.resultId !== e.resultId), { ...rest, at: env.at }];
      return { ...next, devices, results };
    }
    case 'hidden': {
      const results = s.results.filter((r) => r.resultId !== e.resultId);
      // The device finished; only its numbers are hidden.
      if (!e.deviceId) return { ...next, results };
      const devices = new Map(s.devices);
      devices.set(e.deviceId, {
        deviceId: e.deviceId,
        deviceClass: s.devices.get(e.deviceId)?.deviceClass ?? null,
        state: 'finished',
      });
      return { ...next, results, devices };
    }
    case 'reset':
      return { ...EMPTY_ROOM, lastId: env.id, gaps: next.gaps, title: s.title, plan: s.plan, closed: s.closed };
    case 'closed':
      return { ...next, closed: true };
  }
}

export function foldRoom(events: readonly RoomEnvelope[], from: RoomState = EMPTY_ROOM): RoomState {
  return events.reduce(applyRoomEvent, from);
}

export interface RoomCounts {
  joined: number;
  running: number;
  finished: number;
  failed: number;
}

/** The room as one engine's results show it (null: all of them); devices and counts are the whole room's. */
export function onlyEngine(s: RoomState, engine: Engine | null): RoomState {
  return engine === null ? s : { ...s, results: s.results.filter((r) => r.engine === engine) };
}

/** The engines a room's results came from, in ENGINES order. */
export function roomEngines(s: RoomState): Engine[] {
  const seen = new Set(s.results.flatMap((r) => (r.engine ? [r.engine] : [])));
  return ENGINES.filter((e) => seen.has(e));
}

export function roomCounts(s: RoomState): RoomCounts {
  const c: RoomCounts = { joined: s.devices.size, running: 0, finished: 0, failed: 0 };
  for (const d of s.devices.values()) {
    if (d.state === 'running') c.running++;
    else if (d.state === 'finished') c.finished++;
    else if (d.state === 'failed') c.failed++;
  }
  return c;
}

/** Joined devices by what they said they can do: "31 phones, 27 with WebGPU" before the presenter presses go. */
export interface ReadinessCounts {
  /** Devices that reported their readiness. */
  reported: number;
  /** With a real (not software fallback) WebGPU adapter. */
  webgpu: number;
  /** With WASM threads really available: isolated and more than one thread (WebKit is isolated with one). */
  threads: number;
  /** Not a secure context (plain http): no WebGPU and no threads. */
  insecure: number;
}

export function readinessCounts(s: RoomState): ReadinessCounts {
  const c: ReadinessCounts = { reported: 0, webgpu: 0, threads: 0, insecure: 0 };
  for (const d of s.devices.values()) {
    const r = d.readiness;
    if (!r) continue;
    c.reported++;
    if (r.webgpu === 'hardware') c.webgpu++;
    if (r.isolated && r.threads > 1) c.threads++;
    if (!r.secure) c.insecure++;
  }
  return c;
}

/** One device class at one batch size: the median of its devices' medians (latest result per device). */
export interface ClassPoint {
  deviceClass: string;
  batchSize: number;
  medianOfMediansMs: number;
  count: number;
}

/**
 * Whether a room result measured the room's work (one comparability key, src/shared/comparability.ts): the server
 * admits only results whose plan is the room's, so the one field left that can differ is the execution provider that
 * actually ran. A fallback is flagged too; this holds even for a result that was not.
 */
export function sameWorkAsRoom(s: RoomState, r: RoomResult): boolean {
  return s.plan === null || r.backend === s.plan.backend;
}

/**
 * Each device's latest result; flagged ones (fell back, backgrounded, lost device) and ones that measured other work
 * than the room's apart from the clean ones. An informational flag (interval wider than ±5%, one WASM thread) does not
 * make a result flagged, as in the explorer.
 */
export function latestPerDevice(s: RoomState): { clean: RoomResult[]; flagged: RoomResult[] } {
  const latest = new Map<string, RoomResult>();
  for (const r of s.results) latest.set(r.deviceId, r);
  const all = [...latest.values()];
  const counts = (r: RoomResult) => !excludesFromAggregates(r.flags) && sameWorkAsRoom(s, r);
  return { clean: all.filter(counts), flagged: all.filter((r) => !counts(r)) };
}

function pointsByBatch(results: readonly RoomResult[]): Map<number, number[]> {
  const byBatch = new Map<number, number[]>();
  for (const r of results) for (const p of r.points) byBatch.set(p.batchSize, [...(byBatch.get(p.batchSize) ?? []), p.medianMs]);
  return byBatch;
}

/** Per device class and batch size, over clean results only. */
export function classCurves(s: RoomState): ClassPoint[] {
  const byClass = new Map<string, RoomResult[]>();
  for (const r of latestPerDevice(s).clean) byClass.set(r.deviceClass, [...(byClass.get(r.deviceClass) ?? []), r]);
  const out: ClassPoint[] = [];
  for (const [deviceClass, rs] of byClass)
    for (const [batchSize, ms] of pointsByBatch(rs))
      out.push({ deviceClass, batchSize, medianOfMediansMs: median(ms), count: ms.length });
  return out.sort((a, b) => a.deviceClass.localeCompare(b.deviceClass) || a.batchSize - b.batchSize);
}

/** The crowd median: every clean device's median pooled per batch size (a room ranks devices: each is one voice),
 *  with its distribution-free 95% interval from MIN_CROWD_RESULTS devices on (src/bench/crowd-stats.ts), else null. */
export function crowdMedian(
  s: RoomState,
): { batchSize: number; medianMs: number; count: number; ci95: { lo: number; hi: number } | null }[] {
  return [...pointsByBatch(latestPerDevice(s).clean)]
    .map(([batchSize, ms]) => {
      const c = crowdMedianOf(ms);
      return { batchSize, medianMs: c.median, count: ms.length, ci95: c.ci95 };
    })
    .sort((a, b) => a.batchSize - b.batchSize);
}

export interface LeaderRow {
  rank: number;
  deviceClass: string;
  medianMs: number;
  /** Items per second at that median (batch size / latency). */
  itemsPerS: number;
  devices: number;
}

/** Device classes ranked by the median latency at `batchSize`, fastest first (clean results only). */
export function leaderboard(s: RoomState, batchSize: number): LeaderRow[] {
  return classCurves(s)
    .filter((p) => p.batchSize === batchSize)
    .sort((a, b) => a.medianOfMediansMs - b.medianOfMediansMs || a.deviceClass.localeCompare(b.deviceClass))
    .map((p, i) => ({
      rank: i + 1,
      deviceClass: p.deviceClass,
      medianMs: p.medianOfMediansMs,
      itemsPerS: p.medianOfMediansMs > 0 ? (batchSize * 1000) / p.medianOfMediansMs : 0,
      devices: p.count,
    }));
}

export interface BatteryRow {
  rank: number;
  deviceClass: string;
  /** Median battery % per 1,000 inferences over the class's devices that measured it. */
  percentPer1000: number;
  devices: number;
}

/** Device classes ranked by the battery a thousand inferences cost, least first (clean, measured results only). */
export function batteryBoard(s: RoomState): BatteryRow[] {
  const byClass = new Map<string, number[]>();
  for (const r of latestPerDevice(s).clean)
    if (r.batteryPer1000 !== undefined) byClass.set(r.deviceClass, [...(byClass.get(r.deviceClass) ?? []), r.batteryPer1000]);
  return [...byClass.entries()]
    .map(([deviceClass, xs]) => ({ deviceClass, percentPer1000: median(xs), devices: xs.length }))
    .sort((a, b) => a.percentPer1000 - b.percentPer1000 || a.deviceClass.localeCompare(b.deviceClass))
    .map((row, i) => ({ rank: i + 1, ...row }));
}

/** Longest pause between two replayed events, ms of replay time (a quiet stretch of a talk is skipped over). */
export const MAX_REPLAY_GAP_MS = 1500;

/** Replay delay between events recorded at `fromIso` and `toIso`, played `speed` times faster, capped. */
export function replayGapMs(fromIso: string, toIso: string, speed: number, maxMs = MAX_REPLAY_GAP_MS): number {
  const gap = (Date.parse(toIso) - Date.parse(fromIso)) / Math.max(speed, 1e-6);
  return Number.isFinite(gap) ? Math.min(maxMs, Math.max(0, gap)) : 0;
}
