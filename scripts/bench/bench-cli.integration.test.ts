// `npm run bench` end to end: the real app in Debian Chromium, driven through its share link, on the fixture encoder.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunResult, type RunResult } from '../../src/shared/run-result.ts';
import { findChromium } from '../browsers/chromium.ts';

const root = path.resolve(import.meta.dirname, '../..');
const QUICK = ['--model', 'tierlab/tiny-code-encoder', '--backend', 'wasm', '--batches', '1,2,4', '--seq', '32', '--ci', '0.1'];

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/bench.ts', ...args],
      { cwd: root, env: { ...process.env, ...env }, maxBuffer: 10_000_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function benchJson(args: string[]): Promise<{ run: CliRun; result: RunResult }> {
  const out = path.join(await mkdtemp(path.join(tmpdir(), 'tierlab-bench-')), 'result.json');
  const run = await cli([...args, '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  return { run, result: parseRunResult(JSON.parse(await readFile(out, 'utf8'))) };
}

describe('bench CLI', () => {
  let plain: RunResult;

  it('runs the fixture encoder on wasm through the app and writes a RunResult that passes the schema', async () => {
    const { run, result } = await benchJson(QUICK);
    plain = result;
    expect(result.points.map((p) => p.batchSize)).toEqual([1, 2, 4]);
    expect(result.environment.executionProvider).toBe('wasm');
    expect(result.environment.emulation).toBeUndefined();
    expect(result.flags.emulated).toBe(false);
    expect(run.stdout).toMatch(/batch\s+median ms\s+p90 ms\s+95% CI ms\s+items\/s\s+degradation/);
    expect(run.stdout).toMatch(/fit: latency = /);
    expect(run.stdout).toMatch(/Pearson .* Spearman/);
    expect(run.stderr).toContain('autorun=1');
  });

  it('with --cpu-throttle 4 records the throttle and its measured slowdown', async () => {
    const { result } = await benchJson([...QUICK, '--ci', '0.25', '--cpu-throttle', '4']);
    expect(result.environment.emulation).toMatchObject({ cpuThrottle: 4, declaredBy: 'tierlab-cli' });
    expect(result.environment.emulation?.cpuThrottleMeasured).toBeGreaterThan(1);
    expect(result.flags.emulated).toBe(true);
    expect(result.notes.join(' ')).toMatch(/slowed 4×/);
    // Latencies are reported, not asserted (tests never assert on timings; a busy machine moves them either way).
    console.log(
      `cpu-throttle 4: median at batch ${result.points.at(-1)!.batchSize} ${result.points.at(-1)!.stats.median.toFixed(2)} ms against ${plain.points.at(-1)!.stats.median.toFixed(2)} ms unthrottled`,
    );
  });

  it("runs the fixture decoder with the browser's service worker active, as in every fresh profile", async () => {
    // This once failed on the first visit: transformers.js probes files with a Range request, and the service worker
    // tried to cache the partial answer.
    const { result } = await benchJson([
      '--model',
      'tierlab/tiny-code-decoder',
      '--variant',
      'q4',
      '--backend',
      'wasm',
      '--batches',
      '1,2',
      '--seq',
      '32',
      '--tokens',
      '8',
      '--ci',
      '0.25',
    ]);
    expect(result.plan.runtime).toBe('transformers.js');
    expect(result.plan.generation).toEqual({ newTokens: 8, decoding: 'greedy' });
    expect(result.points.map((p) => p.batchSize)).toEqual([1, 2]);
    for (const p of result.points) expect(p.generation?.newTokens).toBe(8);
  });

  it('refuses an unknown model, naming the catalog, and a bad option with the usage', async () => {
    const unknown = await cli(['--model', 'nobody/nothing']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown model "nobody\/nothing".*tierlab\/tiny-code-encoder/);
    const bad = await cli(['--model', 'tierlab/tiny-code-encoder', '--network', '5g']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--network must be one of 3g, 4g, wifi[\s\S]*usage: npm run bench/);
  });

  it('says when there is no browser, when it cannot start, and when it exits during the run', async () => {
    const missing = await cli(QUICK, { CHROME_PATH: '/nonexistent/chromium' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/CHROME_PATH is set to \/nonexistent\/chromium, which does not exist/);
    const broken = await cli(QUICK, { CHROME_PATH: '/bin/false' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/the browser at \/bin\/false could not start/);
    // A browser that starts, then dies a few seconds into the run. The run asks for a ±0.1% interval at six batch
    // sizes, so it lasts until each one's time cap (about a minute): the kill cannot come after it has finished.
    const dir = await mkdtemp(path.join(tmpdir(), 'tierlab-chromium-'));
    const dying = path.join(dir, 'dying-chromium.sh');
    await writeFile(dying, `#!/bin/sh\n"${findChromium()}" "$@" &\nchild=$!\nsleep 6\nkill -9 $child\n`);
    await chmod(dying, 0o755);
    const died = await cli([...QUICK, '--batches', '1,2,4,8,16,32', '--seq', '128', '--ci', '0.001'], {
      CHROME_PATH: dying,
    });
    expect(died.code).toBe(1);
    expect(died.stderr).toMatch(/the browser exited during the run/);
  });

  it('gives up after --timeout seconds', async () => {
    const slow = await cli([...QUICK, '--ci', '0.01', '--timeout', '3']);
    expect(slow.code).toBe(1);
    expect(slow.stderr).toMatch(/the run did not finish within 3 s/);
  });
});
