// pass@k across languages in one run: the fixture generator scored on the mirror's HumanEval-X Python and JavaScript
// sets and MultiPL-E's TypeScript and Lua sets, each in its own sandbox (Pyodide, QuickJS, sucrase + QuickJS, wasmoon)
// under its own calibrated limit; the page shows pass@k per language with intervals, latency and tokens per second, a
// chart and the overlap statements; the export validates and names every interpreter.
import { expect, test } from './tierlab-page.ts';

const SETS = {
  python: 'hub:THUDM/humaneval-x-python',
  javascript: 'hub:THUDM/humaneval-x-js',
  typescript: 'hub:nuprl/MultiPL-E-humaneval-ts',
  lua: 'hub:nuprl/MultiPL-E-humaneval-lua',
} as const;

test('pass@k in Python, JavaScript, TypeScript and Lua in one run, per language with intervals', async ({ app, page }) => {
  test.setTimeout(300_000);
  await app.open({ hub: 'local' });
  await app.code.goto();
  await app.code.selectProblemSet(SETS.python);
  await app.code.addPassKSets([SETS.javascript, SETS.typescript, SETS.lua]);
  await expect(page.getByTestId('passk-sets')).toContainText('4 chosen');
  await app.code.passK('tierlab/tiny-code-decoder', 2, 16);

  // One row per language, each with pass@1 and its interval, generation time and the runtime that ran it.
  const rows = page.getByTestId('passk-language');
  await expect(rows).toHaveCount(4);
  expect(await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-language')))).toEqual([
    'python',
    'javascript',
    'typescript',
    'lua',
  ]);
  for (const row of await rows.all()) {
    await expect(row.locator('[data-k="1"]')).toHaveText(/^\d\.\d{3} \(\d\.\d\d–\d\.\d\d\)$/);
    await expect(row.locator('[data-k="5"]')).toHaveText('—');
    await expect(row).toContainText(/\d+\.\d\d s \(\d+\.\d\d–\d+\.\d\d\)/);
  }
  await expect(rows.nth(0)).toContainText('Pyodide');
  await expect(rows.nth(1)).toContainText('QuickJS');
  await expect(rows.nth(2)).toContainText('sucrase 3.35.1, then QuickJS');
  await expect(rows.nth(3)).toContainText('wasmoon 1.16.0 (Lua 5.4)');
  // Every pair of languages compared, saying whether the intervals overlap.
  await expect(page.getByTestId('passk-comparison')).toHaveCount(6);
  for (const c of await page.getByTestId('passk-comparison').all())
    await expect(c).toHaveText(/the intervals (overlap, so this run does not tell them apart|do not overlap)/);
  await expect(page.getByTestId('passk-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('passk-row')).toHaveCount(20);
  await expect(page.getByTestId('passk-1')).toContainText('4 sets pooled');
  await expect(page.getByTestId('passk-sandbox')).toHaveCount(4);
  for (const p of await page.getByTestId('passk-sandbox').all())
    await expect(p).toContainText(/re-checked after the set: \d+ ms/);
  await app.screenshot('passk-languages');

  const run = await app.code.exportRun();
  expect(run.schemaVersion).toBe(4);
  expect(run.sampling.order).toBe('interleaved');
  expect(run.sets.map((s) => [s.problemSet.id, s.problemSet.language])).toEqual(Object.entries(SETS).map(([l, id]) => [id, l]));
  const [python, javascript, typescript, lua] = run.sets;
  expect('pyodideVersion' in python!.sandbox && python!.sandbox.pyodideVersion).toBeTruthy();
  expect('runtime' in javascript!.sandbox && javascript!.sandbox.runtime).toBe('quickjs');
  expect('transpiler' in typescript!.sandbox && typescript!.sandbox.transpiler?.name).toBe('sucrase');
  expect('runtime' in lua!.sandbox && lua!.sandbox.version).toBe('wasmoon 1.16.0 (Lua 5.4)');
  for (const s of run.sets) {
    expect(s.summary.problems).toBe(5);
    expect(s.timeLimit.runsMs).toHaveLength(3);
    // The calibration program ran again after the set's programs; the limit stayed the one it started with.
    expect(s.recheck.runsMs).toHaveLength(3);
    expect(s.recheck.ratio).toBeCloseTo(s.recheck.medianMs / s.timeLimit.medianMs, 9);
    expect(s.sandbox.isolation).toBe('fresh-interpreter-per-program');
    const p1 = s.summary.passAtK.find((p) => p.k === 1)!;
    expect(p1.ci95!.lo).toBeLessThanOrEqual(p1.value!);
    expect(p1.ci95!.hi).toBeGreaterThanOrEqual(p1.value!);
    expect(s.summary.tokensPerSecond).toBeGreaterThan(0);
  }
  expect(run.comparisons).toHaveLength(6);
  expect(run.problems).toHaveLength(20);
  for (const p of run.problems) expect(p.samples).toHaveLength(2);
  // Each set's problems came from it, in its language; HumanEval-X keeps its task ids.
  expect(run.problems.filter((p) => p.language === 'javascript').map((p) => p.taskId)).toEqual(
    [0, 1, 2, 3, 4].map((i) => `JavaScript/${i}`),
  );
  // No kept completion runs past a stop token of its set (MultiPL-E's TypeScript and Lua translators).
  for (const p of run.problems.filter((x) => x.language === 'typescript'))
    for (const s of p.samples)
      for (const stop of ['\nfunction ', '\n/*', '\n//', '\nclass']) expect(s.completion).not.toContain(stop);
  for (const p of run.problems.filter((x) => x.language === 'lua'))
    for (const s of p.samples)
      for (const stop of ['\nlocal', '\nfunction', '\n--', '\n\n']) expect(s.completion).not.toContain(stop);
  // Every completion got an outcome from its runtime; an error names its type.
  for (const s of run.problems.flatMap((p) => p.samples)) if (s.outcome === 'error') expect(s.errorType).toBeTruthy();
  expect(run.sampling.stopStrings).toEqual(expect.arrayContaining(['\n--', '\nlocal', '\n/*']));
});
