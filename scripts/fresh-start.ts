// `npm run bench:fresh-start` (Node): what a newcomer meets, from a fresh clone. For each checkout (this one's HEAD,
// and with --before REF an earlier commit, side by side in one run): the time of `npm ci`, the time from `npm start`
// to the first 200 on `/`, what npm and the server printed meanwhile, and the bytes a first visit of the WASM
// benchmark share link moves (a fresh Chromium profile through a byte-counting proxy, the service worker's install
// included): right after the first 200, and again once the server says its background compression is done.
// A benchmark, not a test: it asserts nothing. Options: --before REF, --ref REF (HEAD), --out FILE (markdown).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findChromium } from './browsers/chromium.ts';
import { coldVisit, countingProxy } from './perf/cold-start.ts';
import { freePort } from '../server/testing/spawn-server.ts';

const root = path.resolve(import.meta.dirname, '..');
const WASM_LINK = '/?model=tierlab/tiny-code-encoder&variant=fp32&backend=wasm&batches=1,2,4&seq=32&ci=0.25&autorun=1';
const { values } = parseArgs({
  options: { before: { type: 'string' }, ref: { type: 'string', default: 'HEAD' }, out: { type: 'string' } },
});

interface Figures {
  label: string;
  ref: string;
  npmCiS: number;
  firstOkS: number;
  /** From `npm start` to the server's line saying the background compression is done (null: it has none). */
  backgroundDoneS: number | null;
  transferEarly: number;
  transferAfter: number | null;
  /** npm's warnings (engine mismatches left out) and the server's lines, as printed. */
  warnings: string[];
  startLines: string[];
}

const log = (s: string) => console.error(`[fresh-start] ${s}`);
/** A newcomer's shell: without the npm_* variables that `npm run` (or npx) passes down, config from .npmrc included. */
const SHELL_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;

function run(cmd: string, args: string[], cwd: string): { s: number; out: string } {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: SHELL_ENV });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return { s: (performance.now() - t) / 1000, out: `${r.stdout}\n${r.stderr}` };
}

async function firstOk(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error('npm start exited before serving');
    if (Date.now() > deadlineMs) throw new Error('npm start served nothing in time');
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
}

async function measure(label: string, ref: string, exe: string): Promise<Figures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tierlab-fresh-${label}-`));
  try {
    run('git', ['clone', '--quiet', '--no-hardlinks', root, dir], root);
    run('git', ['checkout', '--quiet', ref], dir);
    log(`${label} (${ref}): npm ci`);
    const ci = run('npm', ['ci', '--no-audit', '--no-fund'], dir);
    const warnings = ci.out.split('\n').filter((l) => /npm warn/.test(l) && !/EBADENGINE/.test(l));
    const port = await freePort();
    log(`${label}: npm start on port ${port}`);
    const started = performance.now();
    const child = spawn('npm', ['start'], {
      cwd: dir,
      detached: true,
      env: { ...SHELL_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: path.join(dir, '.data', 'results') },
    });
    const lines: string[] = [];
    let backgroundDoneS: number | null = null;
    const onData = (d: Buffer) => {
      for (const l of String(d).split('\n')) {
        if (!l.trim()) continue;
        lines.push(`${((performance.now() - started) / 1000).toFixed(1)} s  ${l}`);
        if (/compressed \d+ files at best quality/.test(l)) backgroundDoneS = (performance.now() - started) / 1000;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    try {
      await firstOk(`http://127.0.0.1:${port}/`, child, Date.now() + 600_000);
      const firstOkS = (performance.now() - started) / 1000;
      log(`${label}: first 200 after ${firstOkS.toFixed(1)} s; first visit`);
      const proxy = await countingProxy(port);
      const early = await coldVisit(exe, proxy, WASM_LINK, { webgpu: false, network: null });
      // The server before this change had no background work; after it, wait for its line (10 minutes at most).
      let transferAfter: number | null = null;
      const waitUntil = Date.now() + 600_000;
      while (backgroundDoneS === null && Date.now() < waitUntil && lines.some((l) => /in the background/.test(l)))
        await sleep(500);
      if (backgroundDoneS !== null) {
        log(`${label}: background done after ${(backgroundDoneS as number).toFixed(1)} s; first visit again`);
        transferAfter = (await coldVisit(exe, proxy, WASM_LINK, { webgpu: false, network: null })).transferBytes;
      }
      await proxy.close();
      const startLines = lines.filter((l) => !/\bdist\/|^\S+ s\s+$/.test(l));
      return {
        label,
        ref,
        npmCiS: ci.s,
        firstOkS,
        backgroundDoneS,
        transferEarly: early.transferBytes,
        transferAfter,
        warnings,
        startLines,
      };
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await sleep(1000);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function markdown(rows: Figures[]): string {
  const out = [
    `Fresh clone on this machine (${os.cpus().length} cores), ${new Date().toISOString().slice(0, 10)}: \`npm ci\`, then \`npm start\` until the first 200 on \`/\`, then a first visit of the WASM benchmark share link in a fresh Chromium profile (bytes on the wire, service worker install included).`,
    '',
    '| checkout | `npm ci` | `npm start` → first 200 | background compression done | first visit right away | first visit after the background |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.label} (${r.ref}) | ${r.npmCiS.toFixed(1)} s | ${r.firstOkS.toFixed(1)} s | ${r.backgroundDoneS === null ? 'none' : `${r.backgroundDoneS.toFixed(1)} s`} | ${mb(r.transferEarly)} | ${r.transferAfter === null ? '(same)' : mb(r.transferAfter)} |`,
    ),
  ];
  for (const r of rows) {
    out.push('', `npm warnings, ${r.label}: ${r.warnings.length ? '' : 'none'}`);
    for (const w of new Set(r.warnings)) out.push(`- \`${w.trim()}\``);
    out.push('', `\`npm start\` printed, ${r.label} (built file list left out):`, '', '```', ...r.startLines, '```');
  }
  return `${out.join('\n')}\n`;
}

const exe = findChromium();
if (!exe) throw new Error('no Chromium: run `tsx scripts/ensure-chromium.ts` first');
const refs: [string, string][] = [];
if (values.before) refs.push(['before', values.before]);
refs.push(['after', values.ref]);
const rows: Figures[] = [];
for (const [label, ref] of refs) rows.push(await measure(label, ref, exe));
const md = markdown(rows);
if (values.out) writeFileSync(values.out, md);
console.log(md);
