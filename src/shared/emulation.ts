// Device emulation a harness declares to the app (runs everywhere): CPU slowdown, network profile, software WebGPU.
// The benchmark CLI applies it to the browser and passes it in the share link, so the result records it.
import * as v from 'valibot';
import { PlanError } from './errors.ts';

/** Network profiles for the model download, as DevTools' presets describe them (latency ms, throughput kbit/s). */
export const NETWORK_PROFILES = {
  '3g': { latencyMs: 562.5, downloadKbps: 1600, uploadKbps: 750 },
  '4g': { latencyMs: 165, downloadKbps: 9000, uploadKbps: 9000 },
  wifi: { latencyMs: 20, downloadKbps: 30000, uploadKbps: 15000 },
} as const;
export type NetworkProfile = keyof typeof NETWORK_PROFILES;
export const NETWORK_NAMES = Object.keys(NETWORK_PROFILES) as NetworkProfile[];

export const MAX_CPU_THROTTLE = 20;

export const EmulationSchema = v.strictObject({
  /** CPU slowdown factor (1 = none). */
  cpuThrottle: v.pipe(v.number(), v.minValue(1), v.maxValue(MAX_CPU_THROTTLE)),
  /** Slowdown a busy loop showed under the same throttle, measured by the harness just before the run; null if none. */
  cpuThrottleMeasured: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1000))),
  /** How the slowdown was applied, in words. */
  cpuThrottleMethod: v.pipe(v.string(), v.maxLength(300)),
  network: v.nullable(
    v.strictObject({
      profile: v.picklist(NETWORK_NAMES),
      latencyMs: v.pipe(v.number(), v.minValue(0)),
      downloadKbps: v.pipe(v.number(), v.minValue(0)),
      uploadKbps: v.pipe(v.number(), v.minValue(0)),
    }),
  ),
  /** The browser was started with SwiftShader as its WebGPU adapter (no GPU needed). */
  webgpuSwiftShader: v.boolean(),
  /** Who applied it: the app only records what the harness declared. */
  declaredBy: v.picklist(['tierlab-cli']),
});
export type Emulation = v.InferOutput<typeof EmulationSchema>;

/** The way the CLI slows the CPU, recorded with every throttled result. */
export const CPU_THROTTLE_METHOD =
  "renderer process duty cycle (SIGSTOP/SIGCONT, renderer processes found through DevTools' SystemInfo.getProcessInfo); " +
  "DevTools' Emulation.setCPUThrottlingRate slows only the page's main thread, not the Web Worker that runs the model";

/** Writes emulation as share-link keys (emu-cpu, emu-net, emu-gpu). */
export function emulationToQuery(e: Emulation): Record<string, string> {
  const q: Record<string, string> = {};
  if (e.cpuThrottle > 1) q['emu-cpu'] = String(e.cpuThrottle);
  if (e.cpuThrottleMeasured !== null) q['emu-cpu-measured'] = e.cpuThrottleMeasured.toFixed(2);
  if (e.network) q['emu-net'] = e.network.profile;
  if (e.webgpuSwiftShader) q['emu-gpu'] = 'swiftshader';
  return q;
}

/** Reads declared emulation from a page query; null when none is declared. Throws PlanError on bad values. */
export function emulationFromQuery(query: string | URLSearchParams): Emulation | null {
  const q = typeof query === 'string' ? new URLSearchParams(query) : query;
  const cpu = q.get('emu-cpu');
  const net = q.get('emu-net');
  const gpu = q.get('emu-gpu');
  if (cpu === null && net === null && gpu === null) return null;
  const rate = cpu === null ? 1 : Number(cpu);
  if (!Number.isFinite(rate) || rate < 1 || rate > MAX_CPU_THROTTLE)
    throw new PlanError(`"emu-cpu" must be a slowdown from 1 to ${MAX_CPU_THROTTLE}, got "${cpu}"`);
  if (net !== null && !(NETWORK_NAMES as string[]).includes(net))
    throw new PlanError(`"emu-net" must be one of ${NETWORK_NAMES.join(', ')}, got "${net}"`);
  if (gpu !== null && gpu !== 'swiftshader') throw new PlanError(`"emu-gpu" can only be "swiftshader", got "${gpu}"`);
  const measuredText = q.get('emu-cpu-measured');
  const measured = measuredText === null ? null : Number(measuredText);
  if (measured !== null && !(Number.isFinite(measured) && measured >= 0 && measured <= 1000))
    throw new PlanError(`"emu-cpu-measured" must be a number, got "${measuredText}"`);
  return {
    cpuThrottle: rate,
    cpuThrottleMeasured: measured,
    cpuThrottleMethod: rate > 1 ? CPU_THROTTLE_METHOD : 'none',
    network: net === null ? null : { profile: net as NetworkProfile, ...NETWORK_PROFILES[net as NetworkProfile] },
    webgpuSwiftShader: gpu === 'swiftshader',
    declaredBy: 'tierlab-cli',
  };
}

/** Plain-language notes for a result measured under emulation. */
export function emulationNotes(e: Emulation): string[] {
  const notes: string[] = [];
  if (e.cpuThrottle > 1)
    notes.push(
      `the CPU was slowed ${e.cpuThrottle}× by the benchmark CLI to stand in for a slower device${e.cpuThrottleMeasured !== null ? ` (a busy loop measured ${e.cpuThrottleMeasured.toFixed(2)}×)` : ''}`,
    );
  if (e.network)
    notes.push(
      `the model download ran on an emulated ${e.network.profile} network (${e.network.downloadKbps} kbit/s down, ${e.network.latencyMs} ms latency)`,
    );
  if (e.webgpuSwiftShader)
    notes.push('the browser ran WebGPU on SwiftShader, a software adapter, because no GPU was asked for or found');
  return notes;
}
