// The JavaScript sandbox in the browser: QuickJS from our own origin, the oracle check on a HumanEval-X-format
// JavaScript set read through the rows API (canonical solutions pass, empty bodies fail under the harness's
// any-output-fails rule, a loop times out), and every JavaScript containment case aimed at a listener that must see
// nothing.
import { attemptsOn, type Canary, startCanary } from './canary.ts';
import { expect, test } from './tierlab-page.ts';

let canary: Canary;

test.beforeAll(async () => {
  canary = await startCanary();
});

test.afterAll(() => canary.close());

test('HumanEval-X JavaScript: the oracle holds in QuickJS and hostile programs reach nothing', async ({ app, page }) => {
  // Calibration, 11 oracle programs and about 20 hostile ones, four of them waiting for the limit.
  test.setTimeout(300_000);
  const attempted = attemptsOn(page, canary);
  await app.open({ hub: 'local', canary: canary.url });
  await app.code.goto();
  await app.code.checkSandbox({ limit: 1, problemSet: 'hub:THUDM/humaneval-x-js' });
  await expect(page.getByTestId('sandbox-language')).toContainText('JavaScript (QuickJS)');
  await expect(page.getByTestId('sandbox-info')).toContainText('QuickJS (quickjs-emscripten 0.32.0', { timeout: 120_000 });
  await expect(page.getByTestId('sandbox-info')).toContainText('256 MB heap');
  await expect(page.getByTestId('sandbox-calibration')).toContainText('QuickJS in Node on the reference machine');

  await app.code.expectOracle({ canonical: 5, wrong: 5, looping: 1 });
  await expect(page.getByTestId('problem-info')).toContainText('5 problems from HumanEval-X JavaScript');

  await app.code.expectContained([
    'js-globals',
    'js-network-apis',
    'js-function-constructor',
    'js-dynamic-import',
    'js-host-writers',
  ]);
  await expect(app.code.step('js-state', 1)).toHaveAttribute('data-outcome', 'pass');
  await expect(app.code.step('js-state', 2)).toHaveAttribute('data-outcome', 'fail');
  await expect(app.code.step('js-loops', 2)).toHaveAttribute('data-outcome', 'timeout');
  await expect(app.code.step('js-memory', 2)).toHaveAttribute('data-outcome', 'error');
  await expect(app.code.step('js-memory', 3)).toHaveAttribute('data-outcome', 'pass');
  // No program even made the browser try a request: QuickJS has no API to ask with.
  expect(attempted).toEqual([]);
  expect(canary.hits, 'requests that reached the listener').toEqual([]);
  await app.screenshot('sandbox-js');
});

test('TypeScript: sucrase then QuickJS passes the oracle on MultiPL-E-layout problems and contains every hostile program', async ({
  app,
  page,
}) => {
  test.setTimeout(300_000);
  const attempted = attemptsOn(page, canary);
  await app.open({ canary: canary.url });
  await app.code.goto();
  await app.code.checkSandbox({ limit: 1, problemSet: 'bundled-multipl-e-ts' });
  await expect(page.getByTestId('sandbox-language')).toContainText('TypeScript (sucrase, then QuickJS)');
  await expect(page.getByTestId('sandbox-info')).toContainText('sucrase 3.35.1, then QuickJS (quickjs-emscripten 0.32.0', {
    timeout: 120_000,
  });
  await app.code.expectOracle({ canonical: 5, wrong: 5, looping: 1 });
  await app.code.expectContained([
    'ts-globals',
    'ts-network-apis',
    'ts-function-constructor',
    'ts-dynamic-import',
    'ts-host-writers',
  ]);
  // The transpiler's own failures end only their program: a stack it overflows, a syntax error, a namespace it
  // would drop; TypeScript-only syntax runs; the next program is whole.
  for (const [step, outcome] of [
    [1, 'error'],
    [2, 'pass'],
    [3, 'error'],
    [4, 'pass'],
  ] as const)
    await expect(app.code.step('ts-transpiler', step)).toHaveAttribute('data-outcome', outcome);
  expect(attempted).toEqual([]);
  expect(canary.hits, 'requests that reached the listener').toEqual([]);
  await app.screenshot('sandbox-ts');
});
