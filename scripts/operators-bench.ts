// `npm run bench:operators` (Node): each operator's latency ÷ fp32 at batch 1 and 8, on the fixture encoder and on
// its distilled student, in onnxruntime-node and in the browser on WASM (the operators lab itself, in Debian's
// Chromium against the real build and server). Variants alternate within one run in both: rounds over every
// variant in turn in Node, the lab's interleaved protocol in the browser. A benchmark, not a test: it prints a
// markdown table for docs/perf.md and writes the figures as JSON.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import { medianIntervalSorted } from '../src/bench/median-interval.ts';
import { median } from '../src/bench/stats.ts';
import { describeOperator, type OperatorSpec } from '../src/shared/operators.ts';
import { rewriteGraph } from '../src/workers/operators/rewrite-graph.ts';
import { activationTensors, RangeCollector, staticInt8, withCalibrationOutputs } from '../src/workers/operators/static-int8.ts';
import { fixtureModel, languageFeeds, snippetFeeds } from '../src/workers/operators/testing/fixture-runs.ts';
import { freePort, startServer } from '../server/testing/spawn-server.ts';
import { BASE_ARGS, findChromium } from './browsers/chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BATCHES = [1, 8];
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const RUNS_PER_VISIT = 5;
const THREADS = 2;

const OPERATORS: OperatorSpec[] = [
  { kind: 'dynamic-int8', perChannel: true },
  { kind: 'static-int8', calibration: 'minmax', percentile: 99.99, samples: 15 },
  { kind: 'fp16' },
  { kind: 'q4', blockSize: 32, symmetric: false },
  { kind: 'q4', blockSize: 32, symmetric: true },
  { kind: 'prune-ffn', ratio: 0.5 },
  { kind: 'prune-heads', ratio: 0.5 },
  { kind: 'prune-depth', drop: 1 },
  { kind: 'prune-unstructured', sparsity: 0.5 },
];

interface Figure {
  variant: string;
  batch: number;
  medianMs: number;
  ci95: { lo: number; hi: number };
  ratio: number | null;
}

async function calibrated(bytes: Uint8Array): Promise<Uint8Array> {
  const tensors = activationTensors(bytes);
  const session = await ort.InferenceSession.create(withCalibrationOutputs(bytes, tensors));
  const collector = new RangeCollector();
  const out = await session.run(await snippetFeeds(15));
  for (const t of tensors) collector.add(t, (out[t] as ort.Tensor).data as Float32Array);
  await session.release();
  return staticInt8(bytes, collector.ranges('minmax')).bytes;
}

async function variantOf(bytes: Uint8Array, spec: OperatorSpec): Promise<Uint8Array> {
  return spec.kind === 'static-int8' ? calibrated(bytes) : rewriteGraph(bytes, spec).bytes;
}

/** The first `rows` rows of [8, seq] int64 feeds. */
function rowsOf(feeds: Record<string, ort.Tensor>, rows: number): Record<string, ort.Tensor> {
  return Object.fromEntries(
    Object.entries(feeds).map(([k, t]) => {
      const seq = t.dims[1] as number;
      return [k, new ort.Tensor('int64', (t.data as BigInt64Array).slice(0, rows * seq), [rows, seq])];
    }),
  );
}

function figures(samples: Map<string, number[]>, labels: string[]): Figure[] {
  const out: Figure[] = [];
  for (const batch of BATCHES) {
    const base = median(samples.get(`fp32@${batch}`) ?? []);
    for (const variant of labels) {
      const s = [...(samples.get(`${variant}@${batch}`) ?? [])].sort((a, b) => a - b);
      if (s.length === 0) continue;
      const m = median(s);
      out.push({ variant, batch, medianMs: m, ci95: medianIntervalSorted(s), ratio: base > 0 ? m / base : null });
    }
  }
  return out;
}

/** Every variant of `model` in onnxruntime-node, `ROUNDS` rounds over all of them in turn (alternating direction). */
async function nodeRun(model: 'tiny-code-encoder' | 'tiny-code-encoder-student'): Promise<Figure[]> {
  const fp32 = await fixtureModel('model.onnx', model);
  const variants: { label: string; bytes: Uint8Array }[] = [{ label: 'fp32', bytes: fp32 }];
  for (const spec of OPERATORS) {
    try {
      variants.push({ label: describeOperator(spec), bytes: await variantOf(fp32, spec) });
    } catch (err) {
      console.error(`${model}: ${describeOperator(spec)} refused: ${(err as Error).message}`);
    }
  }
  const { feeds } = await languageFeeds(8);
  const byBatch = new Map(BATCHES.map((b) => [b, rowsOf(feeds, b)]));
  const sessions = await Promise.all(
    variants.map((v) =>
      ort.InferenceSession.create(v.bytes, { intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' }),
    ),
  );
  const samples = new Map<string, number[]>();
  const pairs = variants.flatMap((v, i) => BATCHES.map((b) => ({ label: v.label, session: sessions[i]!, batch: b })));
  for (const p of pairs) for (let i = 0; i < RUNS_PER_VISIT; i++) await p.session.run(byBatch.get(p.batch)!);
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of round % 2 === 0 ? pairs : [...pairs].reverse()) {
      const key = `${p.label}@${p.batch}`;
      for (let i = 0; i < RUNS_PER_VISIT; i++) {
        const t0 = performance.now();
        await p.session.run(byBatch.get(p.batch)!);
        samples.set(key, [...(samples.get(key) ?? []), performance.now() - t0]);
      }
    }
  }
  await Promise.all(sessions.map((s) => s.release()));
  return figures(
    samples,
    variants.map((v) => v.label),
  );
}

interface LabExport {
  variants: {
    id: string;
    label: string;
    error: { message: string } | null;
    points: { batchSize: number; stats: { median: number; ci95: { lo: number; hi: number } } }[];
  }[];
  environment: { threads: number; crossOriginIsolated: boolean };
}

/** The operators lab in Chromium on WASM at batch 1 and 8: the catalog encoder (with its student), or a file. */
async function browserRun(base: string, file: string | null): Promise<{ figures: Figure[]; threads: number; notes: string[] }> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium: run npm test once, or install Debian chromium');
  const browser = await chromium.launch({ executablePath, args: BASE_ARGS });
  try {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${base}/#/operators`);
    await page.getByTestId('lab-run').waitFor();
    if (file) await page.getByTestId('lab-file').setInputFiles(file);
    await page.getByTestId('lab-batches').fill(BATCHES.join(','));
    await page.getByTestId('lab-run').click();
    await page.getByTestId('lab-progress').waitFor({ state: 'visible' });
    await page.getByTestId('lab-progress').waitFor({ state: 'hidden', timeout: 1_800_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lab-export').click()]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as LabExport;
    const notes: string[] = [];
    const out: Figure[] = [];
    for (const batch of BATCHES) {
      const fp32 = exported.variants.find((v) => v.id === 'fp32')?.points.find((p) => p.batchSize === batch)?.stats.median ?? 0;
      for (const v of exported.variants) {
        if (v.error) {
          if (batch === BATCHES[0]) notes.push(`${v.label}: ${v.error.message}`);
          continue;
        }
        const p = v.points.find((x) => x.batchSize === batch);
        if (p)
          out.push({
            variant: v.label,
            batch,
            medianMs: p.stats.median,
            ci95: p.stats.ci95,
            ratio: fp32 > 0 ? p.stats.median / fp32 : null,
          });
      }
    }
    return { figures: out, threads: exported.environment.threads, notes };
  } finally {
    await browser.close();
  }
}

function table(title: string, rows: Figure[]): string {
  const labels = [...new Set(rows.map((r) => r.variant))];
  const at = (v: string, b: number) => rows.find((r) => r.variant === v && r.batch === b);
  const cell = (f: Figure | undefined) =>
    f ? `${f.ratio?.toFixed(2) ?? '—'} (${f.medianMs.toFixed(2)} ms, ${f.ci95.lo.toFixed(2)}–${f.ci95.hi.toFixed(2)})` : '—';
  return [
    `**${title}** — latency ÷ fp32 (median, its 95% interval)`,
    '',
    `| variant | batch 1 | batch 8 |`,
    `| --- | ---: | ---: |`,
    ...labels.map((l) => `| ${l} | ${cell(at(l, 1))} | ${cell(at(l, 8))} |`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const report: Record<string, unknown> = { date: new Date().toISOString(), batches: BATCHES, rounds: ROUNDS, threads: THREADS };
  const md: string[] = [];
  for (const model of ['tiny-code-encoder', 'tiny-code-encoder-student'] as const) {
    console.error(`onnxruntime-node: ${model}, ${ROUNDS} interleaved rounds…`);
    const f = await nodeRun(model);
    report[`node ${model}`] = f;
    md.push(table(`onnxruntime-node ${ort.env.versions.common}, ${model}, ${THREADS} threads`, f));
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tierlab-operators-bench-'));
  const port = await freePort();
  const server = await startServer(port, { DATA_DIR: dataDir });
  try {
    const base = `http://127.0.0.1:${port}`;
    console.error('browser (WASM): the operators lab on the fixture encoder (with the student and its hybrids)…');
    const encoder = await browserRun(base, null);
    report['browser tiny-code-encoder'] = encoder;
    md.push(
      table(`Chromium WASM (the operators lab, ${encoder.threads} threads), tiny-code-encoder and its student`, encoder.figures),
    );
    console.error('browser (WASM): the operators lab on the student, as a file…');
    const student = await browserRun(base, path.join(root, 'models/mirror/tierlab/tiny-code-encoder-student/onnx/model.onnx'));
    report['browser tiny-code-encoder-student'] = student;
    md.push(
      table(
        `Chromium WASM (the operators lab, ${student.threads} threads), tiny-code-encoder-student as a file`,
        student.figures,
      ),
    );
    if (student.notes.length) md.push(`Refused on the student as a file: ${student.notes.join('; ')}\n`);
  } finally {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const out = path.join(root, 'bench-results', `operators-${Date.now()}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2));
  console.log(md.join('\n'));
  console.error(`wrote ${out}`);
}

await main();
