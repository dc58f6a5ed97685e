// The Python sandbox in the browser: Pyodide from our own origin, the oracle check on the bundled problems, and a
// looping solution stopped by the time limit while the page stays responsive.
import { expect, test } from './tierlab-page.ts';

test('the sandbox passes the canonical solutions, fails the wrong ones, and times out a loop', async ({ app, page }) => {
  await app.open();
  await app.code.goto();
  await app.code.checkSandbox({ limit: 2 });
  await expect(page.getByTestId('sandbox-info')).toContainText('Pyodide 314', { timeout: 120_000 });

  // While the looping solution runs, the page still answers: switch pages and back.
  await expect(page.getByTestId('sandbox-step')).toContainText('looping', { timeout: 60_000 });
  await app.nav('bench');
  await expect(page.getByTestId('run')).toBeVisible();
  await app.nav('code');

  await expect(page.getByTestId('sandbox-verdict')).toHaveAttribute('data-ok', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('sandbox-verdict')).toContainText('canonical pass@1 = 1.00, wrong pass@1 = 0.00');
  await expect(page.locator('[data-testid=sandbox-row][data-kind=canonical][data-outcome=pass]')).toHaveCount(8);
  await expect(page.locator('[data-testid=sandbox-row][data-kind=wrong][data-outcome=fail]')).toHaveCount(8);
  await expect(page.locator('[data-testid=sandbox-row][data-kind=looping][data-outcome=timeout]')).toHaveCount(1);
  await expect(page.getByTestId('sandbox-info')).toContainText('fresh interpreters started');
  await app.screenshot('sandbox-check');
});

test('pass@k of the fixture decoder: sampled completions run in the sandbox and are scored', async ({ app, page }) => {
  await app.open();
  await app.code.goto();
  await app.code.passK('tierlab/tiny-code-decoder', 2, 16);
  await expect(page.getByTestId('passk-row')).toHaveCount(8);
  // Every problem has its two samples, each with an outcome from the sandbox.
  for (const row of await page.getByTestId('passk-row').all()) await expect(row.locator('.o')).toHaveCount(2);
  await expect(page.getByTestId('passk-1')).toContainText(/pass@1\s*\d\.\d{3}/);
  // The time limit every program got is shown with the calibration it came from, and exported with the run.
  await expect(page.getByTestId('passk-sandbox')).toContainText(
    /Time limit \d+\.\d s per program: 3 s at the reference speed × \d\.\d\d/,
  );
  const exported = await app.code.exportRun();
  expect(exported.schemaVersion).toBe(3);
  expect(exported.problems.every((p) => p.language === 'python')).toBe(true);
  expect(exported.sandbox.isolation).toBe('fresh-interpreter-per-program');
  expect(exported.timeLimit.runsMs).toHaveLength(3);
  expect(exported.timeLimit.effectiveLimitS).toBeCloseTo(exported.timeLimit.referenceLimitS * exported.timeLimit.factor, 9);
  await expect(page.getByTestId('passk-5')).toContainText('needs n ≥ 5');
  await app.screenshot('passk');
});

test('pass@k on HumanEval-X JavaScript: completions of the fixture decoder run in QuickJS, and the export says so', async ({
  app,
  page,
}) => {
  await app.open({ hub: 'local' });
  await app.code.goto();
  await app.code.selectProblemSet('hub:THUDM/humaneval-x-js');
  await app.code.passK('tierlab/tiny-code-decoder', 2, 16);
  await expect(page.getByTestId('passk-row')).toHaveCount(5);
  for (const row of await page.getByTestId('passk-row').all()) await expect(row.locator('.o')).toHaveCount(2);
  await expect(page.getByTestId('passk-sandbox')).toContainText('QuickJS');
  await expect(page.getByTestId('passk-sandbox')).toContainText(/Time limit \d+\.\d s per program: 3 s at the reference speed/);
  const exported = await app.code.exportRun();
  expect(exported.schemaVersion).toBe(3);
  expect(exported.problems.map((p) => p.language)).toEqual(Array(5).fill('javascript'));
  expect(exported.problems.map((p) => p.taskId)).toEqual(exported.problems.map((_, i) => `JavaScript/${i}`));
  expect('runtime' in exported.sandbox && exported.sandbox.runtime).toBe('quickjs');
  expect(exported.sandbox.isolation).toBe('fresh-interpreter-per-program');
  expect(exported.timeLimit.runsMs).toHaveLength(3);
  // Every completion got an outcome from QuickJS; an error names its type (a SyntaxError for most random tokens).
  const samples = exported.problems.flatMap((p) => p.samples);
  expect(samples).toHaveLength(10);
  for (const s of samples) if (s.outcome === 'error') expect(s.errorType).toBeTruthy();
  expect(Object.values(exported.summary.outcomes).reduce((a, b) => a + b, 0)).toBe(10);
  await app.screenshot('passk-javascript');
});

test("pass@k on MultiPL-E TypeScript: completions cut at the row's stop tokens run through sucrase into QuickJS", async ({
  app,
  page,
}) => {
  await app.open({ hub: 'local' });
  await app.code.goto();
  await app.code.selectProblemSet('hub:nuprl/MultiPL-E-humaneval-ts');
  await app.code.passK('tierlab/tiny-code-decoder', 2, 16);
  await expect(page.getByTestId('passk-row')).toHaveCount(5);
  await expect(page.getByTestId('passk-sandbox')).toContainText('sucrase 3.35.1, then QuickJS');
  const exported = await app.code.exportRun();
  expect(exported.problems.map((p) => [p.format, p.language])).toEqual(Array(5).fill(['multipl-e', 'typescript']));
  expect(exported.problems[0]!.taskId).toBe('HumanEval_0_countVowels');
  const sandbox = exported.sandbox;
  expect('dialect' in sandbox && sandbox.dialect).toBe('typescript');
  expect('transpiler' in sandbox && sandbox.transpiler?.name).toBe('sucrase');
  // No kept completion runs past a stop token of MultiPL-E's TypeScript translator.
  for (const s of exported.problems.flatMap((p) => p.samples))
    for (const stop of ['\nfunction ', '\n/*', '\n//', '\nclass']) expect(s.completion).not.toContain(stop);
  expect(exported.problems.flatMap((p) => p.samples)).toHaveLength(10);
});

test('the oracle check reads HumanEval-format problems through the rows API', async ({ app, page }) => {
  await app.open({ hub: 'local' });
  await app.code.goto();
  await app.code.checkSandbox({ limit: 1, problemSet: 'hub:tierlab/code-problems-humaneval' });
  await expect(page.getByTestId('sandbox-verdict')).toHaveAttribute('data-ok', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('problem-info')).toContainText('5 problems from TierLab problems in HumanEval layout');
  await expect(page.locator('[data-testid=sandbox-row][data-kind=canonical][data-outcome=pass]')).toHaveCount(5);
  await expect(page.getByTestId('sandbox-verdict')).toContainText('canonical pass@1 = 1.00, looping solution timed out');
});
