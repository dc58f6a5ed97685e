// The "where the time goes" section of docs/perf.md (Node, pure): per-thread CPU while runs are timed, TierLab
// against the bare loop, as cores busy (CPU seconds per second of the window), medians over repetitions.
import { median } from '../../src/bench/stats.ts';
import type { WindowCpu } from './profile.ts';

export interface ProfileSample {
  method: 'tierlab' | 'bare';
  rep: number;
  window: WindowCpu;
}

export interface ProfileRow {
  group: string;
  tierlab: number;
  bare: number;
}

/** The renderer's Web Worker threads: the inference worker and onnxruntime-web's thread pool (also Web Workers). */
export const isOrtThread = (group: string): boolean => group === 'renderer · DedicatedWorker';

/** What a thread group is, for the groups a reader meets in the table (Linux keeps the first 15 characters of a name). */
export const THREAD_NOTES: Readonly<Record<string, string>> = {
  'renderer · DedicatedWorker': "the page's Web Workers: the inference worker and onnxruntime-web's thread pool",
  'renderer · ThreadPoolForeg':
    "Chromium's renderer thread pool (ThreadPoolForegroundWorker), where V8 runs its background jobs: optimising compilation of hot WASM and JavaScript functions (tier-up) and garbage collection; the traced runs below name its work",
  'renderer · chromium':
    "the page's main thread: TierLab's progress line, and the driver's checks of the page. The line stays: it is the only sign of progress a person sees in a run of many seconds, and it changes between visits, never during one (the paused bare loop in section 1 measures what waiting for it costs)",
  'renderer · Compositor':
    "the renderer's compositor, painting that line; the browser paints after the frame, when the next visit may already run, and a page cannot schedule it",
  'gpu-process · VizCompositorTh': "the GPU process's display compositor, showing the painted frame",
  'browser · chromium': "the browser process's main thread (windows, and the driver's DevTools protocol)",
  'node · node':
    'the Node process that drives the browser and serves the pages (Playwright): part of any driven measurement, absent when a person runs TierLab',
};

/** Cores busy per thread group, median over each method's repetitions (a group absent in a repetition counts 0). */
export function profileRows(samples: readonly ProfileSample[]): ProfileRow[] {
  const groups = new Set(samples.flatMap((s) => s.window.cpu.map((c) => c.group)));
  const cores = (method: ProfileSample['method'], group: string) => {
    const mine = samples.filter((s) => s.method === method);
    if (!mine.length) return 0;
    return median(mine.map((s) => (s.window.cpu.find((c) => c.group === group)?.cpuS ?? 0) / s.window.wallS));
  };
  return [...groups]
    .map((group) => ({ group, tierlab: cores('tierlab', group), bare: cores('bare', group) }))
    .sort((a, b) => Math.max(b.tierlab, b.bare) - Math.max(a.tierlab, a.bare));
}

/** Cores busy outside the inference threads, per repetition, median: what competed with the timed runs. */
export function otherCores(samples: readonly ProfileSample[], method: ProfileSample['method']): number {
  const mine = samples.filter((s) => s.method === method);
  return mine.length
    ? median(mine.map((s) => s.window.cpu.filter((c) => !isOrtThread(c.group)).reduce((a, c) => a + c.cpuS, 0) / s.window.wallS))
    : 0;
}

const f = (x: number) => x.toFixed(3);

/**
 * What the competing threads add up to: the extra cores beside TierLab, the most they can slow a run whose threads
 * fill every core (a preempted thread holds the others at the next barrier: about twice its share), and whether the
 * worst ratio of section 1 stands out of the machine's noise between repetitions.
 */
export function competitionVerdict(
  extraCores: number,
  cores: number,
  worst: { batch: number; ratio: number },
  noise: number,
): string {
  const share = Math.max(0, extraCores) / cores;
  const bound = 2 * share;
  const excess = worst.ratio - 1;
  const lines = [
    `What it adds up to: the threads other than onnxruntime's used ${f(Math.max(0, extraCores))} cores more beside TierLab than beside the bare loop`,
    `(${pct(share)} of the machine). A run keeps onnxruntime's threads on every core, so a thread that wakes takes a core from`,
    `one of them and the others wait for it at their next barrier: at most about ${pct(bound)} of a run's time. The largest`,
    `ratio in section 1 is ${worst.ratio.toFixed(3)} (batch ${worst.batch}),`,
  ];
  if (excess <= bound) lines.push('no more than that.');
  else if (excess <= noise)
    lines.push(
      `more than that, and within this machine's noise between repetitions (${pct(noise)}, at the top): what is left is`,
      'not a thread this profile can name.',
    );
  else lines.push(`more than that and than this machine's noise between repetitions (${pct(noise)}): something else competes.`);
  return lines.join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function profileMarkdown(
  samples: readonly ProfileSample[],
  cores: number,
  largest: { batch: number; ratio: number; medianMs: number } | null,
  verdict: { worst: { batch: number; ratio: number }; noise: number } | null = null,
): string {
  const rows = profileRows(samples);
  const shown = rows.filter((r) => Math.max(r.tierlab, r.bare) >= 0.002);
  const rest = rows.filter((r) => !shown.includes(r));
  const reps = new Set(samples.map((s) => s.rep)).size;
  const wall = (m: ProfileSample['method']) => median(samples.filter((s) => s.method === m).map((s) => s.window.wallS));
  const ort = (m: ProfileSample['method']) => rows.find((r) => isOrtThread(r.group))?.[m] ?? 0;
  const otherT = otherCores(samples, 'tierlab');
  const otherB = otherCores(samples, 'bare');
  const extra = otherT - otherB;
  const grew = rows
    .filter((r) => !isOrtThread(r.group) && r.tierlab - r.bare >= 0.002)
    .sort((a, b) => b.tierlab - b.bare - (a.tierlab - a.bare))
    .slice(0, 4)
    .map((r) => ({
      text: `${r.group} (+${f(r.tierlab - r.bare)})`,
      note: THREAD_NOTES[r.group] ? `${r.group} is ${THREAD_NOTES[r.group]}.` : '',
    }));
  const lines = [
    '## 5. Where the time goes: CPU per thread while runs are timed',
    '',
    `A profile of the whole browser during the runs behind section 1: every thread's CPU time, read from the kernel`,
    '(`/proc/<pid>/task/<tid>/stat`, as `top -H` shows it) for every process of the browser and for the Node process',
    "that drives it and serves the pages, at the start and the end of the timing window. TierLab's window runs from its",
    "first timed visit, after every batch size's warm-up, to its last (the progress line's sampling state); the bare",
    "loop's from its first per-batch warm-up run, after its settling time, to its last timed run. Both pages are watched the same way (a check",
    `every 100 ms). Figures are cores busy: CPU seconds over the window's seconds, median over ${reps} repetitions`,
    `(windows of ${wall('tierlab').toFixed(1)} s for TierLab and ${wall('bare').toFixed(1)} s for the bare loop, medians). The machine has ${cores} cores.`,
    '',
    '| process · thread | TierLab cores | bare loop cores | difference |',
    '| --- | ---: | ---: | ---: |',
    ...shown.map(
      (r) => `| ${r.group} | ${f(r.tierlab)} | ${f(r.bare)} | ${r.tierlab - r.bare >= 0 ? '+' : ''}${f(r.tierlab - r.bare)} |`,
    ),
    ...(rest.length
      ? [
          `| ${rest.length} other threads, each under 0.002 | ${f(rest.reduce((a, r) => a + r.tierlab, 0))} | ${f(rest.reduce((a, r) => a + r.bare, 0))} | |`,
        ]
      : []),
    '',
    `The renderer's DedicatedWorker threads are the inference worker and onnxruntime-web's thread pool: ${f(ort('tierlab'))} cores`,
    `for TierLab, ${f(ort('bare'))} for the bare loop. Every other thread together used ${f(otherT)} cores during TierLab's window`,
    `and ${f(otherB)} during the bare loop's: ${extra >= 0 ? `${f(extra)} cores more` : `${f(-extra)} cores fewer`}, ${((Math.abs(extra) / cores) * 100).toFixed(1)}% of the machine.`,
    grew.length ? `The threads that did more work during TierLab's window: ${grew.map((g) => g.text).join(', ')}.` : '',
    ...grew.filter((g) => g.note).map((g) => g.note),
    '',
  ];
  if (largest)
    lines.push(
      `At batch ${largest.batch}, TierLab's median was ${largest.ratio.toFixed(3)}× the bare loop's (section 1, in a row). A run there keeps`,
      `every onnxruntime thread busy for ${largest.medianMs.toFixed(0)} ms, so any other thread that wakes during it takes a core away from`,
      'onnxruntime for that time; the table shows which threads were awake, and how much more than beside the bare loop.',
      '',
    );
  if (verdict) lines.push(competitionVerdict(extra, cores, verdict.worst, verdict.noise), '');
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}
