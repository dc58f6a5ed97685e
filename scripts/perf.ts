// `npm run perf` (Node): measures, side by side in one run, TierLab against a bare onnxruntime-web loop, a
// transformers.js pipeline as documented, and onnxruntime-node, plus the adaptive protocol against a fixed one, and a
// phone's first visit (transfer, time to the first timed run, session creation per onnxruntime-web build); writes
// docs/perf.md. Options: --reps N (3), --batches (1,2,4,8,16,32), --variants (fp32,int8), --cold-reps N (3),
// --before DIR (a built checkout of an earlier commit, for the first visit before), --out FILE, --harness-only (sections
// 1 to 5 only: the first visit and session creation are not measured, and the file's sections from "## Operators" on
// are kept as they are).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CatalogSchema } from '../src/shared/catalog.ts';
import { DEFAULT_PLAN, DEFAULT_PROTOCOL, parseBatches } from '../src/shared/run-plan.ts';
import type { RunResult } from '../src/shared/run-result.ts';
import { median } from '../src/bench/stats.ts';
import * as v from 'valibot';
import { BASE_ARGS, findChromium } from './browsers/chromium.ts';
import { prepare } from './bench/prepare.ts';
import type { BenchOptions } from './bench/args.ts';
import { runBench } from './bench/run-bench.ts';
import { noise, precisionRow, ratios, summarizeReps, type PrecisionRow, type RepMeasure } from './perf/analysis.ts';
import { perfMarkdown } from './perf/markdown.ts';
import { runNative } from './perf/native.ts';
import { runPage } from './perf/page-run.ts';
import { startPerfServer } from './perf/serve-perf.ts';
import { coldVisit, countingProxy } from './perf/cold-start.ts';
import { coldMarkdown, type ColdSample, type SessionSample } from './perf/cold-markdown.ts';
import { freePort, startServer } from '../server/testing/spawn-server.ts';
import { mkdtempSync } from 'node:fs';
import { BARE_WINDOW, cpuWindow, TIERLAB_WINDOW } from './perf/profile.ts';
import { profileMarkdown, type ProfileSample } from './perf/profile-markdown.ts';
import { TRACE_CATEGORIES, tracedWindow, v8Work, type TraceEvent, type V8Work } from './perf/v8-trace.ts';
import { v8Markdown } from './perf/v8-markdown.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODEL = 'tierlab/tiny-code-encoder';
const SEQ = 128;
const FIXED_RUNS = 50;
/** Settling time before the fixed protocols: WASM tier-up on a 2-core machine takes several seconds after load. */
const WARMUP_MS = 10_000;
const TYPICAL_RUNS = 20;
const log = (line: string) => console.error(`[perf ${new Date().toISOString().slice(11, 19)}] ${line}`);

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    batches: { type: 'string', default: '1,2,4,8,16,32' },
    variants: { type: 'string', default: 'fp32,int8' },
    out: { type: 'string', default: 'docs/perf.md' },
    'cold-reps': { type: 'string', default: '3' },
    before: { type: 'string' },
    'harness-only': { type: 'boolean', default: false },
  },
});
const reps = Number(values.reps);
const batches = parseBatches(values.batches);
const variants = values.variants.split(',');

interface BareResult {
  samples: Record<number, number[]>;
  threads: number;
  crossOriginIsolated: boolean;
  ortVersion: string;
}
interface TypicalResult {
  samples: Record<number, number[]>;
  threads: number | null;
  crossOriginIsolated: boolean;
  tokensPerSample: number;
}

const medians = (samples: Record<number, number[]>) =>
  Object.fromEntries(Object.entries(samples).map(([b, s]) => [Number(b), median(s)]));

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

const COLD_PATH = (backend: 'wasm' | 'webgpu') =>
  `/?model=${MODEL}&variant=fp32&backend=${backend}&batches=1,2,4&seq=32&ci=0.25&autorun=1`;

/** First visits before (an earlier checkout's build on its own server) and after (this build), alternating. */
async function measureCold(exe: string, coldReps: number, before: string | null): Promise<ColdSample[]> {
  const targets: { build: ColdSample['build']; dir: string }[] = [{ build: 'after', dir: root }];
  if (before) targets.push({ build: 'before', dir: path.resolve(before) });
  const samples: ColdSample[] = [];
  const servers = [];
  try {
    const running = [];
    for (const t of targets) {
      const port = await freePort();
      const server = await startServer(port, { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'tierlab-cold-')) }, t.dir);
      servers.push(server);
      running.push({ ...t, proxy: await countingProxy(port) });
    }
    for (let rep = 1; rep <= coldReps; rep++) {
      const order = rep % 2 === 0 ? [...running].reverse() : running;
      for (const backend of ['wasm', 'webgpu'] as const)
        for (const network of ['none', '4g'] as const)
          for (const t of order) {
            log(`cold rep ${rep}/${coldReps} · ${t.build} · ${backend} · network ${network}`);
            const v = await coldVisit(exe, t.proxy, COLD_PATH(backend), {
              webgpu: backend === 'webgpu',
              network: network === '4g' ? '4g' : null,
            });
            samples.push({ build: t.build, backend, network, ...v });
          }
    }
    for (const t of running) await t.proxy.close();
  } finally {
    for (const server of servers) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }
  return samples;
}

/** Session creation with each onnxruntime-web build, in the bare loop's worker, alternating builds. */
async function measureSessions(exe: string, origin: string, file: string, coldReps: number): Promise<SessionSample[]> {
  const out: SessionSample[] = [];
  const builds = ['wasm', 'jspi', 'asyncify'] as const;
  for (let rep = 1; rep <= coldReps; rep++)
    for (const build of rep % 2 === 0 ? [...builds].reverse() : builds) {
      log(`session rep ${rep}/${coldReps} · ${build}`);
      const r = await runPage<BareResult & { sessionCreateMs: number }>(
        exe,
        `${origin}/perf-iso/bare.html?model=/models/${MODEL}/${file}&batches=1&seq=${SEQ}&threads=${os.cpus().length}&runs=1&warmupRuns=0&warmupMs=0&build=${build}`,
      );
      out.push({ build, sessionCreateMs: r.sessionCreateMs });
    }
  return out;
}

/** The largest TierLab ÷ bare loop ratio of section 1 (any of the three loops) and the machine's noise. */
function worstRatio(measures: RepMeasure[], variant: string) {
  const all = (['bare', 'bare-interleaved', 'bare-paint'] as const).flatMap((m) =>
    ratios(measures, 'tierlab', m, variant, batches),
  );
  const worst = all.reduce<(typeof all)[number] | undefined>((w, r) => (!w || r.ratio > w.ratio ? r : w), undefined);
  return worst ? { worst: { batch: worst.batch, ratio: worst.ratio }, noise: noise(measures, batches).medianSpread } : null;
}

/** Sections 1 to 5 in place of the existing file's, which keeps its sections from "## Operators" on. */
function spliced(harness: string, existing: string): string {
  const at = existing.indexOf('\n## Operators');
  if (at < 0) throw new Error(`--harness-only: ${values.out} has no "## Operators" section to keep`);
  return `${harness}\nThe sections below were measured by their own commands, named in each, and by earlier runs of \`npm run perf\`.\n${existing.slice(at)}`;
}

/** TierLab's run of the fixture encoder's `variant` through its share link, as `npm run bench` drives it. */
function tierlabOptions(variant: string): BenchOptions {
  return {
    model: { kind: 'catalog', id: MODEL },
    plan: { ...DEFAULT_PLAN, model: { kind: 'catalog', id: MODEL, dtype: variant as 'fp32' }, batches, seq: SEQ },
    cpuThrottle: 1,
    network: null,
    swiftshader: false,
    hub: null,
    timeoutS: 1800,
    out: '',
    trace: null,
  };
}

/** One traced run of TierLab and of the bare loop in a row: what V8 does during each timing window. */
async function traceV8(exe: string, origin: string, file: string, variant: string): Promise<{ tierlab: V8Work; bare: V8Work }> {
  let tierlabEvents: TraceEvent[] = [];
  let bareEvents: TraceEvent[] = [];
  log(`traced run · ${variant} · tierlab`);
  await runBench(
    root,
    tierlabOptions(variant),
    () => {},
    tracedWindow(TIERLAB_WINDOW.start, TIERLAB_WINDOW.end, (e) => (tierlabEvents = e)),
  );
  log(`traced run · ${variant} · bare`);
  await runPage(
    exe,
    `${origin}/perf-iso/bare.html?model=/models/${MODEL}/${file}&batches=${batches.join(',')}&seq=${SEQ}&threads=${os.cpus().length}&runs=${FIXED_RUNS}&warmupRuns=5&warmupMs=${WARMUP_MS}`,
    undefined,
    tracedWindow(BARE_WINDOW.start, BARE_WINDOW.end, (e) => (bareEvents = e)),
  );
  return { tierlab: v8Work(tierlabEvents), bare: v8Work(bareEvents) };
}

async function main(): Promise<void> {
  prepare(root, log);
  log('building the comparison pages');
  const built = spawnSync(
    path.join(root, 'node_modules/.bin/vite'),
    ['build', '-c', 'scripts/perf/vite.perf.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) throw new Error('building the perf pages failed');
  const exe = findChromium();
  if (!exe) throw new Error('no Chromium found: apt-get install chromium, or set CHROME_PATH');
  const catalog = v.parse(CatalogSchema, JSON.parse(readFileSync(path.join(root, 'models/mirror/catalog.json'), 'utf8')));
  const entry = catalog.entries.find((e) => e.id === MODEL)!;
  const coldReps = Number(values['cold-reps']);
  const harnessOnly = values['harness-only'];
  const cold = harnessOnly ? [] : await measureCold(exe, coldReps, values.before ?? null);
  const server = await startPerfServer(root);
  const fp32File = entry.variants.find((x) => x.dtype === 'fp32')?.file;
  if (!fp32File) throw new Error(`${MODEL} has no fp32 variant`);
  const sessions = harnessOnly ? [] : await measureSessions(exe, server.origin, fp32File, coldReps);
  const measures: RepMeasure[] = [];
  /** CPU per thread during every TierLab and in-a-row bare loop run (of the first variant: see the filter below). */
  const profile: ProfileSample[] = [];
  const precision: Record<string, PrecisionRow[]> = {};
  let traced: { tierlab: V8Work; bare: V8Work } | null = null;
  let tracedError = '';
  const seen = {
    tierlabThreads: 0,
    tierlabIsolated: false,
    plain: null as TypicalResult | null,
    iso: null as TypicalResult | null,
    ort: '',
  };
  try {
    for (let rep = 1; rep <= reps; rep++) {
      for (const variant of variants) {
        const file = entry.variants.find((x) => x.dtype === variant)?.file;
        if (!file) throw new Error(`${MODEL} has no ${variant} variant`);
        const query = `batches=${batches.join(',')}&seq=${SEQ}`;
        const steps: [RepMeasure['method'], () => Promise<Record<number, number>>][] = [];
        let tierlab: RunResult | null = null;
        let bare: BareResult | null = null;
        steps.push([
          'tierlab',
          async () => {
            const cpu = cpuWindow(TIERLAB_WINDOW.start, TIERLAB_WINDOW.end);
            tierlab = await runBench(root, tierlabOptions(variant), () => {}, cpu.watch);
            if (variant === variants[0]) profile.push({ method: 'tierlab', rep, window: await cpu.result });
            seen.tierlabThreads = tierlab.environment.threads;
            seen.tierlabIsolated = tierlab.environment.crossOriginIsolated;
            return Object.fromEntries(tierlab.points.map((p) => [p.batchSize, p.stats.median]));
          },
        ]);
        const threads = () => seen.tierlabThreads || os.cpus().length;
        steps.push([
          'bare',
          async () => {
            const cpu = cpuWindow(BARE_WINDOW.start, BARE_WINDOW.end);
            bare = await runPage<BareResult>(
              exe,
              `${server.origin}/perf-iso/bare.html?model=/models/${MODEL}/${file}&${query}&threads=${threads()}&runs=${FIXED_RUNS}&warmupRuns=5&warmupMs=${WARMUP_MS}`,
              undefined,
              cpu.watch,
            );
            if (variant === variants[0]) profile.push({ method: 'bare', rep, window: await cpu.result });
            seen.ort = bare.ortVersion;
            return medians(bare.samples);
          },
        ]);
        for (const [method, pause] of [
          ['bare-interleaved', 0],
          ['bare-paint', 1],
        ] as const) {
          steps.push([
            method,
            async () =>
              medians(
                (
                  await runPage<BareResult>(
                    exe,
                    `${server.origin}/perf-iso/bare.html?model=/models/${MODEL}/${file}&${query}&threads=${threads()}&runs=${FIXED_RUNS}&warmupRuns=5&warmupMs=${WARMUP_MS}&interleave=1&visitMs=${DEFAULT_PROTOCOL.visitMs}&pause=${pause}`,
                  )
                ).samples,
              ),
          ]);
        }
        for (const [method, prefix] of [
          ['typical-plain', 'perf-plain'],
          ['typical-isolated', 'perf-iso'],
        ] as const) {
          steps.push([
            method,
            async () => {
              const r = await runPage<TypicalResult>(
                exe,
                `${server.origin}/${prefix}/typical.html?model=${MODEL}&dtype=${variant}&${query}&runs=${TYPICAL_RUNS}`,
              );
              if (method === 'typical-plain') seen.plain = r;
              else seen.iso = r;
              return medians(r.samples);
            },
          ]);
        }
        steps.push([
          'native',
          async () =>
            medians(
              await runNative({
                file: path.join(root, 'models/mirror', MODEL, file),
                batches,
                seq: SEQ,
                threads: threads(),
                globalWarmupMs: WARMUP_MS,
                warmupRuns: 5,
                runs: FIXED_RUNS,
              }),
            ),
        ]);
        // TierLab first (it fixes the thread count the others use), the rest in alternating order per repetition.
        const [first, ...rest] = steps;
        const order = [first!, ...(rep % 2 === 0 ? rest.reverse() : rest)];
        for (const [method, step] of order) {
          log(`rep ${rep}/${reps} · ${variant} · ${method}`);
          measures.push({ method, variant, rep, medians: await step() });
        }
        if (rep === 1 && tierlab && bare) {
          const t = tierlab as RunResult;
          const b = bare as BareResult;
          precision[variant] = t.points.map((p) =>
            precisionRow(
              p.batchSize,
              { samplesMs: p.samplesMs, discardedSamples: p.discarded?.samplesMs.length ?? 0, relCi: p.stats.relCiHalfWidth },
              b.samples[p.batchSize] ?? [],
            ),
          );
        }
      }
    }
    // The traced runs come last: a failure there loses none of the timed figures, and the report says so.
    try {
      traced = await traceV8(
        exe,
        server.origin,
        entry.variants.find((x) => x.dtype === variants[0])?.file ?? fp32File,
        variants[0]!,
      );
    } catch (err) {
      tracedError = err instanceof Error ? err.message : String(err);
      log(`the traced runs failed: ${tracedError}`);
    }
  } finally {
    await server.close();
  }
  const browser = await chromium.launch({ executablePath: exe, args: BASE_ARGS });
  const chromiumVersion = browser.version();
  await browser.close();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const markdown = perfMarkdown(measures, {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpu}, ${os.cpus().length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory, ${os.type()} ${os.release()} (${os.arch()})`,
    versions: {
      Chromium: chromiumVersion,
      'Node.js': process.version,
      'onnxruntime-web': seen.ort || packageVersion('onnxruntime-web'),
      'onnxruntime-node': packageVersion('onnxruntime-node'),
      'transformers.js': packageVersion('@huggingface/transformers'),
      TierLab: packageVersion('..'),
    },
    model: MODEL,
    variants,
    batches,
    seq: SEQ,
    reps,
    threads: {
      tierlab: seen.tierlabThreads,
      typicalPlain: seen.plain?.threads ?? null,
      typicalIsolated: seen.iso?.threads ?? null,
      native: seen.tierlabThreads,
    },
    isolation: {
      tierlab: seen.tierlabIsolated,
      typicalPlain: seen.plain?.crossOriginIsolated ?? false,
      typicalIsolated: seen.iso?.crossOriginIsolated ?? false,
    },
    fixedRuns: FIXED_RUNS,
    visitMs: DEFAULT_PROTOCOL.visitMs,
    warmupS: WARMUP_MS / 1000,
    typicalRuns: TYPICAL_RUNS,
    typicalTokensPerSample: seen.plain?.tokensPerSample ?? 0,
    precision,
    command: `npm run perf${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  });
  const beforeLabel = values.before
    ? `the build of commit ${spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: values.before, encoding: 'utf8' }).stdout.trim()}`
    : null;
  const largest = batches.at(-1)!;
  const overhead = ratios(measures, 'tierlab', 'bare', variants[0]!, [largest])[0];
  const profileSection = profileMarkdown(
    profile,
    os.cpus().length,
    overhead
      ? { batch: largest, ratio: overhead.ratio, medianMs: summarizeReps(measures, 'tierlab', variants[0]!, largest)!.median }
      : null,
    worstRatio(measures, variants[0]!),
  );
  const v8Section = traced
    ? v8Markdown(traced.tierlab, traced.bare, TRACE_CATEGORIES)
    : `The traced runs (what V8 did beside the runs) failed: ${tracedError}`;
  const harness = `${[markdown, profileSection, v8Section].map((part) => part.trimEnd()).join('\n\n')}\n`;
  await writeFile(
    values.out,
    harnessOnly
      ? spliced(harness, readFileSync(values.out, 'utf8'))
      : `${harness}\n${coldMarkdown(cold, sessions, beforeLabel)}\n`,
  );
  log(`wrote ${values.out}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? `error: ${err.message}` : err);
  process.exitCode = 1;
});
