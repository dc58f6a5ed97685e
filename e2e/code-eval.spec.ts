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
  expect(exported.schemaVersion).toBe(4);
  expect(exported.problems.every((p) => p.language === 'python')).toBe(true);
  const [set] = exported.sets;
  expect(set?.sandbox.isolation).toBe('fresh-interpreter-per-program');
  expect(set?.timeLimit.runsMs).toHaveLength(3);
  expect(set?.timeLimit.effectiveLimitS).toBeCloseTo(set!.timeLimit.referenceLimitS * set!.timeLimit.factor, 9);
  await expect(page.getByTestId('passk-5')).toContainText('needs n ≥ 5');
  await app.screenshot('passk');
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
