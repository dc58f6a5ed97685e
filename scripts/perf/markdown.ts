// Writes docs/perf.md from the perf harness's measurements (Node, pure).
import { noise, overheadVerdict, ratios, summarizeReps, type PrecisionRow, type RatioRow, type RepMeasure } from './analysis.ts';

export interface PerfContext {
  date: string;
  machine: string;
  versions: Record<string, string>;
  model: string;
  variants: string[];
  batches: number[];
  seq: number;
  reps: number;
  threads: { tierlab: number; typicalPlain: number | null; typicalIsolated: number | null; native: number };
  isolation: { tierlab: boolean; typicalPlain: boolean; typicalIsolated: boolean };
  fixedRuns: number;
  /** TierLab's visit length, which the interleaved bare loop's visits copy, ms. */
  visitMs: number;
  warmupS: number;
  typicalRuns: number;
  typicalTokensPerSample: number;
  precision: Record<string, PrecisionRow[]>;
  command: string;
}

const ms = (x: number | undefined) => (x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(2));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ratio = (r: RatioRow) => `${r.ratio.toFixed(3)} (${r.low.toFixed(3)}–${r.high.toFixed(3)})`;

function ratioTable(
  measures: readonly RepMeasure[],
  variant: string,
  batches: readonly number[],
  a: RepMeasure['method'],
  b: RepMeasure['method'],
  labels: [string, string, string],
): string[] {
  const rows = ratios(measures, a, b, variant, batches);
  return [
    `| batch | ${labels[0]} median ms | ${labels[1]} median ms | ${labels[2]} (range over repetitions) |`,
    '| ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.batch} | ${ms(summarizeReps(measures, a, variant, r.batch)?.median)} | ${ms(summarizeReps(measures, b, variant, r.batch)?.median)} | ${ratio(r)} |`,
    ),
  ];
}

/** The whole report. */
export function perfMarkdown(measures: readonly RepMeasure[], c: PerfContext): string {
  const n = noise(measures, c.batches);
  const lines: string[] = [
    '# Performance report',
    '',
    `Produced by \`${c.command}\` on ${c.date}. Every figure below was measured in this one run, on this machine, with`,
    `repetitions alternating between the methods; tables give the median over ${c.reps} repetitions of each`,
    "repetition's median, and ratios are what to read: absolute times are for context only.",
    '',
    `- Machine: ${c.machine}`,
    ...Object.entries(c.versions).map(([k, v]) => `- ${k}: ${v}`),
    `- Model: \`${c.model}\` (${c.variants.join(', ')}), batch sizes ${c.batches.join(', ')}, sequence length ${c.seq}`,
    `- Threads: TierLab ${c.threads.tierlab} (cross-origin isolated: ${c.isolation.tierlab ? 'yes' : 'no'}), bare loop ${c.threads.tierlab}, onnxruntime-node ${c.threads.native}, pipeline on a plain page ${c.threads.typicalPlain ?? 'unknown'} (isolated: ${c.isolation.typicalPlain ? 'yes' : 'no'}), pipeline on an isolated page ${c.threads.typicalIsolated ?? 'unknown'}`,
    `- Machine noise: the same method, variant and batch size varied by ${pct(n.medianSpread)} between repetitions (median over all cells; largest ${pct(n.maxSpread)}). Ratios closer to 1 than that are within noise.`,
    '',
    '## 1. Harness overhead: TierLab against a bare onnxruntime-web loop',
    '',
    "The bare loop is a minimal page whose Web Worker creates the session with exactly TierLab's options (wasm, graph",
    'optimization `all`, outputs on the CPU, no graph capture, same thread count) on the same onnxruntime-web build (the',
    'plain WASM one), feeds the same input shapes, runs for',
    `${c.warmupS} s over every batch size to settle, then 5 runs per batch size, and times ${c.fixedRuns} runs of \`session.run\` plus reading`,
    'every output. It runs three ways: all runs of one batch size in a row (the usual fixed protocol); interleaved, in',
    "TierLab's own rounds (batch sizes ascending, then descending; each visit times as many runs as fill",
    `${c.visitMs} ms at the size's median so far, 1 to 50: one or two runs at the largest sizes), with none of TierLab's`,
    'harness around it; and interleaved with a pause after each visit in which the page changes a line of text and the',
    "worker waits until it is painted, as TierLab's worker waits for its progress line. TierLab is the real app driven",
    "through its share link (`npm run bench` machinery). Goal: TierLab's median at most 1.02× the bare loop's.",
  ];
  for (const v of c.variants) {
    for (const [method, label] of [
      ['bare', 'in a row'],
      ['bare-interleaved', 'interleaved'],
      ['bare-paint', 'interleaved, waiting for a painted line after each visit'],
    ] as const) {
      lines.push(
        '',
        `### ${v}, bare loop ${label}`,
        '',
        ...ratioTable(measures, v, c.batches, 'tierlab', method, ['TierLab', 'bare loop', 'TierLab / bare']),
      );
      lines.push('', overheadVerdict(ratios(measures, 'tierlab', method, v, c.batches)));
    }
  }
  lines.push(
    '',
    'Reading these tables: a ratio below 1 at the smallest batch sizes means the bare loop had not settled as well as',
    "TierLab's adaptive warm-up does. Above 1 is overhead. Interleaving the bare loop shows whether TierLab's rounds",
    '(switching batch size between visits) explain it, and the pause whether waiting for the page between visits does;',
    'what remains is work around the runs in the same browser competing for the same cores; section 5 measures that',
    'competition thread by thread.',
  );
  lines.push(
    '',
    '## 2. Typical use: TierLab against a transformers.js pipeline as its documentation shows',
    '',
    "`pipeline('text-classification', id, { dtype })` with every other setting at its default, called on the main",
    `thread with an array of code snippets cut to ${c.seq} tokens (the pipeline's default padding then feeds the same shape; measured ${c.typicalTokensPerSample.toFixed(1)} tokens per sample),`,
    `timed as a page author would: wall time of \`await classifier(texts)\`, 3 warm-up calls and ${c.typicalRuns} timed calls per batch size.`,
    'Served twice: from a plain page (no COOP/COEP headers, as most sites are) and from a cross-origin isolated one.',
    'What explains the differences:',
    '',
    `- Threads and cross-origin isolation: without isolation WebAssembly has no threads, so the plain page runs on ${c.threads.typicalPlain ?? 1} thread; isolated, onnxruntime-web's default is half the logical cores (at most 4), ${c.threads.typicalIsolated ?? 'unknown'} here, while TierLab asks for all ${c.threads.tierlab}.`,
    '- Work inside the timing: the pipeline tokenizes, pads, and post-processes (softmax, top label) in every call, on the main thread; TierLab tokenizes once, apart from the timed runs, and times the model only, in a worker.',
    '- IO binding: not used by either on the WASM backend (outputs land in WASM memory and are copied out in both).',
    '- Graph capture: off in both; it exists for WebGPU only and needs GPU-resident inputs.',
  );
  for (const v of c.variants) {
    lines.push(
      '',
      `### ${v}, plain page`,
      '',
      ...ratioTable(measures, v, c.batches, 'tierlab', 'typical-plain', ['TierLab', 'pipeline', 'TierLab / pipeline']),
      '',
      `### ${v}, isolated page`,
      '',
      ...ratioTable(measures, v, c.batches, 'tierlab', 'typical-isolated', ['TierLab', 'pipeline', 'TierLab / pipeline']),
    );
  }
  lines.push(
    '',
    '## 3. Physical reference: the same model in onnxruntime-node',
    '',
    `onnxruntime-node on the CPU with ${c.threads.native} intra-op threads, graph optimization \`all\`, the same input shapes and`,
    'the same fixed protocol as the bare loop: the native limit of this machine. A ratio above 1 is what the browser',
    'sandbox and WebAssembly cost.',
  );
  for (const v of c.variants) {
    lines.push(
      '',
      `### ${v}`,
      '',
      ...ratioTable(measures, v, c.batches, 'tierlab', 'native', ['TierLab (WASM)', 'native', 'WASM / native']),
    );
  }
  lines.push(
    '',
    '## 4. Precision per device-second: adaptive protocol against a fixed 50-run protocol',
    '',
    "TierLab's adaptive protocol samples each batch size until the 95% interval of its median is within ±5% (at least 5",
    `samples and 300 ms, at most 10 s), interleaving batch sizes. The fixed protocol is the bare loop's ${c.fixedRuns} runs in a row after 5`,
    'warm-ups. Seconds are time spent in timed runs (warm-up excluded on both sides); ±CI is the half-width of the',
    "median's 95% bootstrap interval relative to the median, computed the same way for both. From the first repetition.",
  );
  for (const v of c.variants) {
    lines.push(
      '',
      `### ${v}`,
      '',
      '| batch | adaptive samples | adaptive s | adaptive ±CI | fixed samples | fixed s | fixed ±CI | time adaptive / fixed |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...(c.precision[v] ?? []).map(
        (p) =>
          `| ${p.batch} | ${p.adaptive.samples} | ${p.adaptive.seconds.toFixed(2)} | ${pct(p.adaptive.relCi)} | ${p.fixed.samples} | ${p.fixed.seconds.toFixed(2)} | ${pct(p.fixed.relCi)} | ${(p.adaptive.seconds / p.fixed.seconds).toFixed(2)} |`,
      ),
    );
  }
  lines.push(
    '',
    '## Reproduce',
    '',
    `\`${c.command}\` rebuilds the app and the two comparison pages (scripts/perf/pages/), then runs everything in this`,
    'file and rewrites it (with `--harness-only`, sections 1 to 5, keeping the rest). It takes several minutes. Tests',
    'never assert on these numbers.',
    '',
  );
  return lines.join('\n');
}
