// Sandbox benchmark (Node; `npm run bench:sandbox`): wall time of the app's oracle check over the bundled problems,
// over a 164-problem HumanEval-format set (Python, Pyodide), a 164-problem HumanEval-X JavaScript set (QuickJS; the
// real rows with --hx-js FILE) and 164-problem MultiPL-E TypeScript and Lua sets (sucrase then QuickJS, wasmoon;
// TierLab's rows repeated, empty bodies and the loop), on a fresh browser profile each time (the first load included),
// for this build (a fresh interpreter per program) and, with --old-dist, a build of the old shared-interpreter
// sandbox, alternating. Writes docs/sandbox-perf.md. A report, not a test: nothing here passes or fails on time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from '@playwright/test';
import { createApp } from '../server/app.ts';
import { median } from '../src/bench/stats.ts';
import { BASE_ARGS, findChromium } from './browsers/chromium.ts';
import { prepare } from './bench/prepare.ts';
import { mirrorWithHumanEval } from './sandbox-bench/problem-set.ts';

interface Options {
  oldDist: string | null;
  hxJs: string | null;
  reps: number;
  size: number;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { oldDist: null, hxJs: null, reps: 2, size: 164, out: 'docs/sandbox-perf.md' };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, val] = [argv[i], argv[i + 1]];
    if (val === undefined) throw new Error(`${k} needs a value`);
    if (k === '--old-dist') o.oldDist = path.resolve(val);
    else if (k === '--hx-js') o.hxJs = path.resolve(val);
    else if (k === '--reps') o.reps = Number(val);
    else if (k === '--size') o.size = Number(val);
    else if (k === '--out') o.out = val;
    else throw new Error(`unknown option ${k} (known: --old-dist DIR, --hx-js FILE, --reps N, --size N, --out FILE)`);
  }
  return o;
}

interface Sample {
  build: 'fresh interpreter per program' | 'shared interpreter (old)';
  set: string;
  programs: number;
  /** Click on "Check the sandbox" to the oracle verdict, ms. */
  wallMs: number;
  /** What the page reports as the sandbox's setup (Pyodide load; for the new build also snapshot and spares), ms. */
  setupMs: number;
  /** Sum of the programs' own reported times, the looping one excepted, ms. */
  programMs: number;
  loopingMs: number;
  ok: boolean;
  /** Problems whose canonical solution did not pass (the real HumanEval-X JavaScript set has three). */
  canonicalFailed: string[];
}

async function checkOnce(browser: Browser, origin: string, set: string, build: Sample['build']): Promise<Sample> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/?hub=local`);
    await page.getByTestId('nav-code').click();
    await page.getByTestId('problem-set').selectOption(set);
    await page.getByTestId('sandbox-limit').fill('3');
    const started = Date.now();
    await page.getByTestId('sandbox-run').click();
    await page.getByTestId('sandbox-verdict').waitFor({ timeout: 900_000 });
    const wallMs = Date.now() - started;
    const rows = await page.$$eval('[data-testid=sandbox-row]', (trs) =>
      trs.map((tr) => ({
        kind: tr.getAttribute('data-kind'),
        outcome: tr.getAttribute('data-outcome'),
        task: tr.children[0]?.textContent?.trim() ?? '',
        ms: Number.parseFloat(tr.children[5]?.textContent ?? '0'),
      })),
    );
    const info = (await page.getByTestId('sandbox-info').innerText()).match(/(?:loaded|set up) in ([\d.]+) s/)?.[1];
    const looping = rows.filter((r) => r.kind === 'looping');
    return {
      build,
      set,
      programs: rows.length,
      wallMs,
      setupMs: Number(info ?? 0) * 1000,
      programMs: rows.filter((r) => r.kind !== 'looping').reduce((a, r) => a + r.ms, 0),
      loopingMs: looping.reduce((a, r) => a + r.ms, 0),
      ok: (await page.getByTestId('sandbox-verdict').getAttribute('data-ok')) === 'true',
      canonicalFailed: rows.filter((r) => r.kind === 'canonical' && r.outcome !== 'pass').map((r) => r.task),
    };
  } finally {
    await context.close();
  }
}

function serveDist(distDir: string, mirrorDir: string): Promise<{ origin: string; close: () => void }> {
  const app = createApp({ distDir, mirrorDir });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ origin: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
}

const s = (ms: number) => (ms / 1000).toFixed(1);

function report(o: Options, samples: Sample[]): string {
  const groups = new Map<string, Sample[]>();
  for (const x of samples) groups.set(`${x.build}|${x.set}`, [...(groups.get(`${x.build}|${x.set}`) ?? []), x]);
  const lines = [
    '# Sandbox: oracle check wall time',
    '',
    `Written by \`npm run bench:sandbox\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), headless Chromium, a fresh browser profile for every check (so the interpreter's first load, Pyodide's, QuickJS's, sucrase's or wasmoon's, is included), repetitions alternating between builds. A report, not a test.`,
    '',
    "Per-program overhead is (wall − setup − the looping solution's limit − the programs' own times) ÷ programs: what running one more program costs beyond its own run.",
    '',
    "| sandbox | problem set | programs | wall (median) | setup | programs' own time | looping limit | per-program overhead | verdict |",
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [, xs] of groups) {
    const m = (f: (x: Sample) => number) => median(xs.map(f));
    const overhead = m((x) => (x.wallMs - x.setupMs - x.loopingMs - x.programMs) / x.programs);
    const first = xs[0] as Sample;
    lines.push(
      `| ${first.build} | ${first.set} | ${first.programs} | ${s(m((x) => x.wallMs))} s (${xs.map((x) => s(x.wallMs)).join(', ')}) | ${s(m((x) => x.setupMs))} s | ${s(m((x) => x.programMs))} s | ${s(m((x) => x.loopingMs))} s | ${overhead.toFixed(0)} ms | ${xs.every((x) => x.ok) ? 'agrees' : `DISAGREES (canonical not passing: ${[...new Set(xs.flatMap((x) => x.canonicalFailed))].join(', ') || 'none'})`} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const root = path.resolve(import.meta.dirname, '..');
  prepare(root, (l) => console.log(l));
  const mirror = mirrorWithHumanEval(
    path.join(root, 'models/mirror'),
    mkdtempSync(path.join(tmpdir(), 'tierlab-sandbox-bench-')),
    o.size,
    o.hxJs,
  );
  const builds: [Sample['build'], string][] = [['fresh interpreter per program', path.join(root, 'dist')]];
  if (o.oldDist) builds.push(['shared interpreter (old)', o.oldDist]);
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium found: apt-get install chromium, or set CHROME_PATH');
  const browser = await chromium.launch({ executablePath, args: BASE_ARGS });
  const samples: Sample[] = [];
  try {
    for (let rep = 0; rep < o.reps; rep++) {
      for (const set of [
        'bundled',
        'hub:openai/openai_humaneval',
        'hub:THUDM/humaneval-x-js',
        'hub:nuprl/MultiPL-E-humaneval-ts',
        'hub:nuprl/MultiPL-E-humaneval-lua',
      ]) {
        // The old build had no JavaScript, TypeScript or Lua sandbox.
        const these = set.includes('humaneval-x') || set.includes('MultiPL-E') ? builds.slice(0, 1) : builds;
        for (const [build, dist] of rep % 2 ? [...these].reverse() : these) {
          const server = await serveDist(dist, mirror);
          try {
            const x = await checkOnce(browser, server.origin, set, build);
            console.log(`rep ${rep + 1} ${build} ${set}: ${x.programs} programs, ${s(x.wallMs)} s (setup ${s(x.setupMs)} s)`);
            samples.push(x);
          } finally {
            server.close();
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
  const md = report(o, samples);
  writeFileSync(path.resolve(root, o.out), md);
  console.log(md);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
