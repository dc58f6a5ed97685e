// The Lua sandbox in the browser: wasmoon (Lua 5.4) from our own origin, the oracle on TierLab's problems in
// MultiPL-E's Lua layout (canonical bodies pass, wrong ones fail, a loop times out), every Lua containment case aimed
// at a listener that must see nothing, and pass@k of the fixture generator on the mirror's MultiPL-E Lua set.
import { attemptsOn, type Canary, startCanary } from './canary.ts';
import { expect, test } from './tierlab-page.ts';

let canary: Canary;

test.beforeAll(async () => {
  canary = await startCanary();
});

test.afterAll(() => canary.close());

test('Lua: wasmoon passes the oracle on MultiPL-E-layout problems and contains every hostile program', async ({ app, page }) => {
  test.setTimeout(300_000);
  const attempted = attemptsOn(page, canary);
  await app.open({ canary: canary.url });
  await app.code.goto();
  await app.code.checkSandbox({ limit: 1, problemSet: 'bundled-multipl-e-lua' });
  await expect(page.getByTestId('sandbox-language')).toContainText('Lua (wasmoon, Lua 5.4)');
  await expect(page.getByTestId('sandbox-info')).toContainText('wasmoon 1.16.0 (Lua 5.4)', { timeout: 120_000 });
  await expect(page.getByTestId('sandbox-calibration')).toContainText('wasmoon in Node on the reference machine');
  await app.code.expectOracle({ canonical: 5, wrong: 5, looping: 1 });
  await app.code.expectContained(['lua-globals', 'lua-escape-routes'], 240_000);
  // A loop inside C, where Lua's hook never runs, ends only when the frame ends its worker; the next program runs.
  await expect(app.code.step('lua-c-loop', 0)).toHaveAttribute('data-outcome', /timeout|crash/);
  await expect(app.code.step('lua-c-loop', 1)).toHaveAttribute('data-outcome', 'pass');
  await expect(app.code.step('lua-memory', 0)).toHaveAttribute('data-outcome', 'error');
  expect(attempted).toEqual([]);
  expect(canary.hits, 'requests that reached the listener').toEqual([]);
  await app.screenshot('sandbox-lua');
});

test('pass@k on MultiPL-E Lua: completions of the fixture decoder run in wasmoon, and the export says so', async ({
  app,
  page,
}) => {
  await app.open({ hub: 'local' });
  await app.code.goto();
  await app.code.selectProblemSet('hub:nuprl/MultiPL-E-humaneval-lua');
  await app.code.passK('tierlab/tiny-code-decoder', 2, 16);
  await expect(page.getByTestId('passk-row')).toHaveCount(5);
  await expect(page.getByTestId('passk-sandbox')).toContainText('wasmoon 1.16.0 (Lua 5.4)');
  const exported = await app.code.exportRun();
  expect(exported.problems.map((p) => [p.format, p.language])).toEqual(Array(5).fill(['multipl-e', 'lua']));
  expect('runtime' in exported.sandbox && exported.sandbox.runtime).toBe('wasmoon');
  expect(exported.sampling.stopStrings).toEqual(['\n\n', '\n--', '\nfunction', '\nlocal']);
  expect(exported.problems.flatMap((p) => p.samples)).toHaveLength(10);
});
