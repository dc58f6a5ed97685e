// `npm run dataset:recompute -- <file or URL> [--against <origin>] [--json]` (Node): the explorer's crowd figures
// recomputed from a download of the open data set alone (CSV or JSON Lines, gzipped or not), with the same
// functions the server uses (src/bench/dataset-crowd.ts). With --against, each key's figures are fetched from that
// server's GET /api/aggregates and compared: it exits 1 and says where when any differ. Results stored after the
// download was cut are in the server's figures and not in the file, so compare right after downloading.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { crowdMismatches, recomputeCrowd, type RecomputedFigure } from '../src/bench/dataset-crowd.ts';
import { parseDatasetCsv, parseDatasetJsonl, type DatasetRecord } from '../src/shared/dataset.ts';
import type { AggregateRow } from '../src/shared/results-api.ts';

interface Args {
  input: string;
  against: string | null;
  json: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  let input: string | null = null;
  let against: string | null = null;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') json = true;
    else if (a === '--against') against = argv[++i] ?? null;
    else if (a.startsWith('--against=')) against = a.slice('--against='.length);
    else if (!a.startsWith('--') && input === null) input = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (input === null) throw new Error('usage: dataset-recompute <results.csv|results.jsonl|URL> [--against <origin>] [--json]');
  return { input, against: against === null ? null : against.replace(/\/+$/, ''), json };
}

/** The download's text: a file or a URL, gunzipped when it is gzip. */
async function readInput(input: string): Promise<{ text: string; name: string }> {
  const bytes = /^https?:\/\//.test(input) ? Buffer.from(await (await fetch(input)).arrayBuffer()) : readFileSync(input);
  const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return { text: plain.toString('utf8'), name: input.replace(/\.gz$/, '') };
}

function recordsOf(text: string, name: string): DatasetRecord[] {
  const jsonl = /\.jsonl(\?|$)/.test(name) || text.trimStart().startsWith('{');
  return jsonl ? parseDatasetJsonl(text) : parseDatasetCsv(text);
}

/** The server's figures for every key in the file. */
async function apiFigures(origin: string, keys: readonly string[]): Promise<AggregateRow[]> {
  const rows: AggregateRow[] = [];
  for (const key of keys) {
    const res = await fetch(`${origin}/api/aggregates?${new URLSearchParams({ key })}`);
    if (!res.ok) throw new Error(`${origin}/api/aggregates answered ${res.status}`);
    rows.push(...((await res.json()) as { rows: AggregateRow[] }).rows);
  }
  return rows;
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function table(figures: readonly RecomputedFigure[]): string {
  const lines = [
    'key | device class | batch | median ms | 95% interval | results | sources',
    '--- | --- | ---: | ---: | --- | ---: | ---:',
  ];
  for (const f of figures)
    lines.push(
      [
        f.key,
        f.deviceClass,
        f.batchSize,
        fmt(f.medianMs),
        f.ci95 ? `${fmt(f.ci95.lo)}–${fmt(f.ci95.hi)}` : 'too few sources',
        f.results,
        f.sources,
      ].join(' | '),
    );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { text, name } = await readInput(args.input);
  const records = recordsOf(text, name);
  const figures = recomputeCrowd(records);
  const mismatches = args.against
    ? crowdMismatches(figures, await apiFigures(args.against, [...new Set(figures.map((f) => f.key))]))
    : null;
  if (args.json) process.stdout.write(`${JSON.stringify({ rows: records.length, figures, mismatches })}\n`);
  else {
    console.log(`${records.length} rows, ${figures.length} crowd figures\n\n${table(figures)}`);
    if (mismatches) console.log(mismatches.length ? `\n${mismatches.join('\n')}` : `\nevery figure matches ${args.against}`);
  }
  if (mismatches?.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  process.exitCode = 2;
});
