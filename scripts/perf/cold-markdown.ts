// The cold-start section of docs/perf.md (Node, pure): first-visit transfer and navigation to the first timed run,
// before and after, per backend and network, and session creation per onnxruntime-web build.
import { median } from '../../src/bench/stats.ts';

export interface ColdSample {
  build: 'before' | 'after';
  backend: 'wasm' | 'webgpu';
  network: 'none' | '4g';
  transferBytes: number;
  firstSampleMs: number;
  serviceWorkerActive: boolean;
}

export interface SessionSample {
  build: 'wasm' | 'jspi' | 'asyncify';
  sessionCreateMs: number;
}

const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const list = (xs: number[], f: (x: number) => string) => xs.map(f).join(', ');

export interface ColdRow {
  backend: ColdSample['backend'];
  network: ColdSample['network'];
  before: ColdSample[];
  after: ColdSample[];
}

/** Groups samples by backend and network, in a fixed order. */
export function coldRows(samples: readonly ColdSample[]): ColdRow[] {
  const rows: ColdRow[] = [];
  for (const backend of ['wasm', 'webgpu'] as const)
    for (const network of ['none', '4g'] as const) {
      const here = samples.filter((x) => x.backend === backend && x.network === network);
      if (here.length)
        rows.push({
          backend,
          network,
          before: here.filter((x) => x.build === 'before'),
          after: here.filter((x) => x.build === 'after'),
        });
    }
  return rows;
}

/** after ÷ before of the medians of `pick`, or null when either side has no samples. */
export function afterOverBefore(row: ColdRow, pick: (x: ColdSample) => number): number | null {
  if (!row.before.length || !row.after.length) return null;
  return median(row.after.map(pick)) / median(row.before.map(pick));
}

export function coldMarkdown(
  samples: readonly ColdSample[],
  sessions: readonly SessionSample[],
  beforeLabel: string | null,
): string {
  const rows = coldRows(samples);
  const out: string[] = [];
  out.push('## Cold start: a phone’s first visit', '');
  out.push(
    'A fresh browser profile opens a share link that runs the fixture benchmark (`tierlab/tiny-code-encoder` fp32, batch sizes 1, 2, 4, sequence 32), with the service worker registering as for every visitor. ' +
      'Transfer is every byte the server sent during the visit, headers included, counted by a TCP proxy in front of it (the page, its workers and the service worker’s install). ' +
      'First sample is navigation start to the first timed run (the progress line’s “Warming up”), on the page’s clock. ' +
      '`4g` is emulated by the same proxy: one link shared by every connection, 9 Mbit/s each way and 165 ms round trip (half each way), so the service worker’s and the workers’ fetches are slowed as much as the page’s. WebGPU runs on SwiftShader here.',
    '',
  );
  out.push(
    beforeLabel
      ? `“Before” is ${beforeLabel}, served by its own server; “after” is this build. Medians over repetitions, each repetition alternating between them; the values of each repetition in brackets.`
      : '“Before” was not measured in this run (give `--before DIR`, a built checkout of the earlier commit).',
    '',
  );
  out.push(
    '| backend | network | transfer before | transfer after | after ÷ before | first sample before | first sample after | after ÷ before |',
  );
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const t = (xs: ColdSample[]) =>
      xs.length
        ? `${mb(median(xs.map((x) => x.transferBytes)))} (${list(
            xs.map((x) => x.transferBytes),
            mb,
          )})`
        : '–';
    const f = (xs: ColdSample[]) =>
      xs.length
        ? `${s(median(xs.map((x) => x.firstSampleMs)))} (${list(
            xs.map((x) => x.firstSampleMs),
            s,
          )})`
        : '–';
    const q = (v: number | null) => (v === null ? '–' : v.toFixed(3));
    out.push(
      `| ${r.backend} | ${r.network} | ${t(r.before)} | ${t(r.after)} | ${q(afterOverBefore(r, (x) => x.transferBytes))} | ${f(r.before)} | ${f(r.after)} | ${q(afterOverBefore(r, (x) => x.firstSampleMs))} |`,
    );
  }
  out.push('');
  const wasm = rows.find((r) => r.backend === 'wasm' && r.network === 'none');
  const wasm4g = rows.find((r) => r.backend === 'wasm' && r.network === '4g');
  const tr = wasm ? afterOverBefore(wasm, (x) => x.transferBytes) : null;
  const goals: string[] = [];
  if (tr !== null)
    goals.push(`first-visit transfer of the WASM benchmark is ${(tr * 100).toFixed(0)}% of before (goal: at most 25%)`);
  for (const [name, row] of [
    ['no emulation', wasm],
    ['4g', wasm4g],
  ] as const) {
    const fr = row ? afterOverBefore(row, (x) => x.firstSampleMs) : null;
    if (fr !== null)
      goals.push(`navigation to first sample (WASM, ${name}) is ${((1 - fr) * 100).toFixed(0)}% shorter (goal: at least 30%)`);
  }
  if (goals.length) out.push(`Against the goals: ${goals.join('; ')}.`, '');
  const inactive = samples.filter((x) => !x.serviceWorkerActive);
  if (inactive.length)
    out.push(
      `The service worker was not active a minute after the run in ${inactive.length} visit${inactive.length > 1 ? 's' : ''}: ${inactive
        .map((x) => `${x.build} ${x.backend} ${x.network}`)
        .join(
          ', ',
        )} (its install, which precaches the shell, had not finished or had failed; the transfer counted is what was sent until then).`,
      '',
    );
  if (sessions.length) {
    out.push('### Session creation per onnxruntime-web build', '');
    out.push(
      'The bare loop’s worker loads one build and creates a session for the fixture encoder (fp32) on the WASM execution provider, its wasm fetched and compiled inside `InferenceSession.create`; a fresh browser each time, builds alternating.',
      '',
    );
    out.push('| build | session creation (median) | repetitions |', '| --- | ---: | --- |');
    for (const build of ['wasm', 'jspi', 'asyncify'] as const) {
      const xs = sessions.filter((x) => x.build === build).map((x) => x.sessionCreateMs);
      if (xs.length)
        out.push(`| ${build} | ${(median(xs) / 1000).toFixed(2)} s | ${list(xs, (x) => `${(x / 1000).toFixed(2)} s`)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
