// The Lua sandbox in the browser: wasmoon (Lua 5.4) from our own origin, the oracle on TierLab's problems in
// MultiPL-E's Lua layout (canonical bodies pass, wrong ones fail, a loop times out), every Lua containment case aimed
// at a listener that must see nothing. (pass@k in Lua: e2e/passk-languages.spec.ts.)
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
