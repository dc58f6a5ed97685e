// The crowd from a run's point of view, and the open data set: a run is submitted, five other devices of its class
// measure the same work, its page ranks it in its class with an interval; the explorer's download parses, and the
// repository's recompute script, given only that file, reproduces the explorer's medians.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { analyze } from '../src/bench/analyze.ts';
import { sampleRaw, sampleResult } from '../src/bench/testing/sample-result.ts';
import type { RecomputedFigure } from '../src/bench/dataset-crowd.ts';
import { DATASET_COLUMNS, parseDatasetCsv } from '../src/shared/dataset.ts';
import type { StoredResult, SubmitAccepted } from '../src/shared/results-api.ts';
import type { RunResult } from '../src/shared/run-result.ts';
import { expect, QUICK, test } from './tierlab-page.ts';

const MODEL = 'tierlab/tiny-code-encoder';

/** Another device of `run`'s class measuring `run`'s work: the run's environment, plan and inputs, with the made-up
 *  samples of sampleResult scaled to `scale` times the run's own median at batch 1. */
function peerOf(run: RunResult, userAgent: string, scale: number): RunResult {
  const own = run.points[0]!.stats.median;
  const factor = (scale * own) / 5;
  const peer = sampleResult(factor);
  const a = analyze(sampleRaw(factor));
  return {
    ...peer,
    id: crypto.randomUUID(),
    model: run.model,
    // The server keeps no user agent string; the browser's own is what its class was bucketed from.
    environment: { ...run.environment, userAgent },
    plan: { ...run.plan, batches: [1, 2], protocol: { ...run.plan.protocol, minTimeMs: 0 } },
    inputs: run.inputs,
    points: a.points,
  };
}

test('a submitted run ranks in its class with an interval, and the data set recomputes the explorer', async ({
  app,
  page,
  request,
  baseURL,
}, testInfo) => {
  await app.open({ model: MODEL, variant: 'fp32', backend: 'wasm', batches: '1,2', ...QUICK, autorun: '1' });
  await app.waitForResult();
  await page.getByTestId('submit').click();
  const link = page.getByTestId('submitted-link');
  await expect(link).toBeVisible();
  const id = /#\/results\/([0-9a-f-]{36})/.exec((await link.getAttribute('href')) ?? '')![1]!;
  const stored = (await (await request.get(`/api/results/${id}`)).json()) as StoredResult;

  const userAgent = await page.evaluate(() => navigator.userAgent);
  // Five more devices of its class, each on a network of its own, from 0.6 to 1.4 times its speed.
  for (const [i, scale] of [0.6, 0.8, 1.2, 1.3, 1.4].entries()) {
    const res = await request.post('/api/results', {
      data: peerOf(stored.result, userAgent, scale),
      headers: {
        'idempotency-key': `e2e-dataset-peer-${i}-${Date.now()}`,
        'user-agent': userAgent,
        'x-forwarded-for': `100.64.${10 + i}.1`,
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    const peer = (await (await request.get(`/api/results/${((await res.json()) as SubmitAccepted).id}`)).json()) as StoredResult;
    expect([peer.key, peer.device.deviceClass, peer.flags]).toEqual([stored.key, stored.device.deviceClass, []]);
  }

  // Its page: its rank within its class and among all devices of the same work, each with an interval.
  await page.getByTestId('submitted-link').click();
  const headline = page.getByTestId('standing-headline');
  await expect(headline).toContainText(/than \d+% of devices of its class \(.+\) \(\d+–\d+%\), over \d+ other sources/);
  await expect(headline).toContainText(/of all devices \(\d+–\d+%\)/);

  // The explorer of that work, and its open data set.
  await page.goto(`/#/results?${new URLSearchParams({ model: MODEL, key: stored.key })}`);
  const rows = page.getByTestId('crowd-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('dataset-size')).toContainText(/\d+ results? as of/);
  await expect(page.getByTestId('dataset-licence')).toContainText('CC0 1.0');
  await page.getByTestId('dataset').locator('summary').click();
  await app.screenshot('dataset-panel');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dataset-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^tierlab-results-v1-.+Z\.csv$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const records = parseDatasetCsv(readFileSync(file, 'utf8'));
  expect(Object.keys(records[0]!)).toEqual(DATASET_COLUMNS.map((c) => c.name));
  const mine = records.filter((r) => r.result_id === id);
  expect(mine.map((r) => r.batch_size)).toEqual([1, 2]);
  expect(mine[0]!.median_ms).toBe(stored.points[0]!.medianMs);

  // The repository's script, given the file alone, against what this server answers for every key in it.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/dataset-recompute.ts', file, '--against', baseURL!, '--json'],
    { encoding: 'utf8' },
  );
  const out = JSON.parse(stdout) as { rows: number; figures: RecomputedFigure[]; mismatches: string[] };
  expect(out.mismatches).toEqual([]);
  expect(out.rows).toBe(records.length);
  // And the explorer's medians, row by row, are the script's.
  const shown = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      deviceClass: tr.getAttribute('data-class'),
      batchSize: Number(tr.getAttribute('data-batch')),
      median: Number(tr.getAttribute('data-median')),
      sources: Number(tr.getAttribute('data-sources')),
    })),
  );
  expect(shown.length).toBeGreaterThan(0);
  for (const s of shown) {
    const f = out.figures.find((x) => x.key === stored.key && x.deviceClass === s.deviceClass && x.batchSize === s.batchSize);
    expect(f, `${s.deviceClass} at batch ${s.batchSize}`).toBeDefined();
    expect([f!.medianMs, f!.sources]).toEqual([s.median, s.sources]);
  }
  expect(shown.find((s) => s.deviceClass === stored.device.deviceClass && s.batchSize === 1)!.sources).toBeGreaterThanOrEqual(6);
});
