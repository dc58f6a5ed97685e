// The Python sandbox in the browser: Pyodide from our own origin, the oracle check on the bundled problems, and a
// looping solution stopped by the time limit while the page stays responsive.
import { readFile } from 'node:fs/promises';
import { parsePassKRun } from '../src/bench/code-eval/passk-run-schema.ts';
import { expect, test } from './tierlab-page.ts';

test('the sandbox passes the canonical solutions, fails the wrong ones, and times out a loop', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('nav-code').click();
  await page.getByTestId('sandbox-limit').fill('2');
  await page.getByTestId('sandbox-run').click();
  await expect(page.getByTestId('sandbox-info')).toContainText('Pyodide 314', { timeout: 120_000 });

  // While the looping solution runs, the page still answers: switch pages and back.
  await expect(page.getByTestId('sandbox-step')).toContainText('looping', { timeout: 60_000 });
  await page.getByTestId('nav-bench').click();
  await expect(page.getByTestId('run')).toBeVisible();
  await page.getByTestId('nav-code').click();

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
  await page.getByTestId('nav-code').click();
  await page.getByTestId('passk-model').selectOption('tierlab/tiny-code-decoder');
  await page.getByTestId('passk-n').fill('2');
  await page.getByTestId('passk-tokens').fill('16');
  await page.getByTestId('passk-run').click();
  await expect(page.getByTestId('passk-step')).toBeVisible();
  await expect(page.getByTestId('passk-summary')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('passk-row')).toHaveCount(8);
  // Every problem has its two samples, each with an outcome from the sandbox.
  for (const row of await page.getByTestId('passk-row').all()) await expect(row.locator('.o')).toHaveCount(2);
  await expect(page.getByTestId('passk-1')).toContainText(/pass@1\s*\d\.\d{3}/);
  // The time limit every program got is shown with the calibration it came from, and exported with the run.
  await expect(page.getByTestId('passk-sandbox')).toContainText(
    /Time limit \d+\.\d s per program: 3 s at CPython's speed × \d\.\d\d/,
  );
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('passk-export').click()]);
  const exported = parsePassKRun(JSON.parse(await readFile(await download.path(), 'utf8')));
  expect(exported.schemaVersion).toBe(2);
  expect(exported.sandbox.isolation).toBe('fresh-interpreter-per-program');
  expect(exported.timeLimit.runsMs).toHaveLength(3);
  expect(exported.timeLimit.effectiveLimitS).toBeCloseTo(exported.timeLimit.referenceLimitS * exported.timeLimit.factor, 9);
  await expect(page.getByTestId('passk-5')).toContainText('needs n ≥ 5');
  await app.screenshot('passk');
});

test('the oracle check reads HumanEval-format problems through the rows API', async ({ app, page }) => {
  await app.open({ hub: 'local' });
  await page.getByTestId('nav-code').click();
  await page.getByTestId('problem-set').selectOption('hub:tierlab/code-problems-humaneval');
  await page.getByTestId('sandbox-limit').fill('1');
  await page.getByTestId('sandbox-run').click();
  await expect(page.getByTestId('sandbox-verdict')).toHaveAttribute('data-ok', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('problem-info')).toContainText('5 problems from TierLab problems in HumanEval layout');
  await expect(page.locator('[data-testid=sandbox-row][data-kind=canonical][data-outcome=pass]')).toHaveCount(5);
  await expect(page.getByTestId('sandbox-verdict')).toContainText('canonical pass@1 = 1.00, looping solution timed out');
});
