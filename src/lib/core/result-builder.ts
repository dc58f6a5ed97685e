// Assembles a RunResult from the plan, both environment probes and the worker's measurements (main thread).
import { analyze } from '../../bench/analyze.ts';
import { intervalTargetMissed } from '../../bench/validity-flags.ts';
import { emulationNotes } from '../../shared/emulation.ts';
import { oneThreadReason } from '../../shared/threads.ts';
import type { RunPlan } from '../../shared/run-plan.ts';
import { parseRunResult, SCHEMA_VERSION, type Environment, type RunResult } from '../../shared/run-result.ts';
import type { BenchmarkOutput } from '../../shared/contracts/benchmark.ts';
import type { WorkerProbe } from '../../shared/contracts/model.ts';
import type { RuntimeInfo } from '../../shared/contracts/model.ts';
import type { PageEnvironment } from './page-environment.ts';
import { buildEnergySection, enduranceNotes, type EnduranceRecording } from './energy-builder.ts';

export interface RunContext {
  plan: RunPlan;
  page: PageEnvironment;
  probe: WorkerProbe;
  /** What the worker measured (the files it loaded are the service worker's business, not the result's). */
  output: Omit<BenchmarkOutput, 'loadedUrls'>;
  modelId: string;
  variant: string;
  backgrounded: boolean;
  /** True when the page kept still while batch sizes were timed (progress painted only between visits). */
  quiet: boolean;
  startedAt: number;
  finishedAt: number;
  /** What the page recorded during an endurance series; absent for other runs. */
  energy?: EnduranceRecording | null;
}

/** What measured a run: the page and worker probes and the runtime the session actually got. */
export function environmentOf(page: PageEnvironment, probe: WorkerProbe, rt: RuntimeInfo): Environment {
  return {
    userAgent: page.userAgent,
    platform: page.platform,
    hardwareConcurrency: probe.hardwareConcurrency,
    deviceMemoryGb: probe.deviceMemoryGb ?? page.deviceMemoryGb,
    crossOriginIsolated: probe.crossOriginIsolated,
    timerResolutionMs: probe.timerResolutionMs,
    requestedProvider: rt.requestedProvider,
    executionProvider: rt.executionProvider,
    threadsRequested: probe.threadsRequested,
    threads: probe.threads,
    adapter: rt.adapter,
    webgpuUnavailableReason: page.webgpu.reason,
    ortVersion: rt.ortVersion,
    ...(rt.ortBuild ? { ortBuild: rt.ortBuild } : {}),
    sessionOptions: rt.sessionOptions,
    ...(page.emulation ? { emulation: page.emulation } : {}),
  };
}

/** The measurement-mode note of a run timed on a quiet page. */
export const QUIET_NOTE =
  'measurement mode: quiet (while batch sizes were timed the page showed one line of text, updated at most twice a second and painted between timed visits; no charts, tables or animation)';

/** Builds and validates the result; flags and notes explain every caveat. */
export function buildRunResult(ctx: RunContext): RunResult {
  const { output, probe, page, plan } = ctx;
  const analysis = analyze(output.raw, plan.generation?.newTokens ?? null, plan.batches.length);
  const rt = output.runtime;
  const notes = [...analysis.notes];
  const singleThreaded = plan.backend === 'wasm' && probe.threads === 1 && probe.threadsRequested !== 1;
  if (singleThreaded) notes.push(`WASM ran on one thread: ${oneThreadReason(probe) ?? 'onnxruntime-web used one'}`);
  if (rt.adapter?.isFallbackAdapter)
    notes.push(`WebGPU ran on a software adapter (${rt.adapter.architecture}); GPU figures do not reflect real hardware`);
  if (rt.providerFallback) notes.push(`asked for ${rt.requestedProvider} but the session ran on ${rt.executionProvider}`);
  if (ctx.backgrounded) notes.push('the tab was hidden during the run; browsers throttle hidden tabs');
  if (ctx.quiet) notes.push(QUIET_NOTE);
  if (output.deviceLost) notes.push('the GPU device was lost during the run');
  const stopped = output.raw.interrupted;
  if (stopped) {
    const measured = new Set(output.raw.points.map((p) => p.batchSize));
    const missing = plan.batches.filter((b) => !measured.has(b));
    notes.push(
      `partial result: measuring stopped at batch ${stopped.batchSize} (${stopped.reason}); batch ${missing.join(', ')} not measured, so this result stays out of crowd medians`,
    );
  }
  const emulation = page.emulation;
  if (emulation) notes.push(...emulationNotes(emulation));
  const endurancePoint = plan.endurance && analysis.points.find((p) => p.batchSize === plan.endurance?.batch);
  const energy =
    plan.endurance && ctx.energy && endurancePoint
      ? buildEnergySection(plan.endurance, ctx.energy, endurancePoint.stats.median, page)
      : null;
  if (energy) notes.push(...enduranceNotes(energy));
  const profile = output.profile && 'section' in output.profile ? output.profile.section : null;
  if (output.profile && 'error' in output.profile) notes.push(`no profile: ${output.profile.error}`.slice(0, 500));
  if (profile)
    notes.push(
      `profiled: a separate pass per batch size after the timed samples (${profile.warmupRuns} unrecorded, then ${profile.batches[0]?.wallMs.length ?? 0} recorded runs), in a session of its own`,
    );
  const result: RunResult = {
    schemaVersion: SCHEMA_VERSION,
    id: crypto.randomUUID(),
    createdAt: new Date(ctx.finishedAt).toISOString(),
    appVersion: __APP_VERSION__,
    environment: environmentOf(page, probe, rt),
    model: {
      id: ctx.modelId,
      source: plan.model.kind,
      variant: ctx.variant,
      fileBytes: output.fileBytes,
      inputs: rt.inputs,
      outputs: rt.outputs,
      fetchMs: output.fetchMs,
      sessionCreateMs: rt.sessionCreateMs,
      ...(rt.runtimeStartupMs !== null ? { runtimeStartupMs: rt.runtimeStartupMs } : {}),
      ...(output.provenance ? { provenance: output.provenance } : {}),
    },
    plan,
    inputs: output.inputs,
    warmupMs: output.raw.warmup,
    points: analysis.points.map((p) => {
      const inputs = output.pointInputs[p.batchSize];
      return inputs ? { ...p, inputs } : p;
    }),
    fit: analysis.fit,
    correlation: analysis.correlation,
    saturationBatch: analysis.saturationBatch,
    durationMs: ctx.finishedAt - ctx.startedAt,
    flags: {
      ...analysis.flags,
      // The server's rule: wider than the plan's target or ±5%, whichever is tighter.
      ciNotReached: intervalTargetMissed(analysis.points, plan),
      fallbackAdapter: rt.adapter?.isFallbackAdapter ?? false,
      providerFallback: rt.providerFallback,
      backgrounded: ctx.backgrounded,
      deviceLost: output.deviceLost || stopped !== undefined,
      singleThreaded,
      emulated: emulation !== null && (emulation.cpuThrottle > 1 || emulation.network !== null),
    },
    notes,
    ...(energy ? { energy } : {}),
    ...(profile ? { profile } : {}),
  };
  return parseRunResult(result);
}
