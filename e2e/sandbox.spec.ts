// The Python sandbox's containment in the browser: hostile programs aim at a listener on another port and at the
// app's own API and storage; every attempt must be refused (the listener counts what arrives: nothing may), state
// must not carry from one program to the next, and a crash or memory exhaustion ends only its own program.
import { type Canary, startCanary } from './canary.ts';
import { expect, test } from './tierlab-page.ts';

let canary: Canary;

test.beforeAll(async () => {
  canary = await startCanary();
});

test.afterAll(() => canary.close());

test('hostile programs reach nothing, poison nothing and crash only themselves', async ({ app, page }) => {
  // Calibration, 17 oracle programs and about 30 hostile ones, one of which fills 4 GB: minutes on a 2-core machine.
  test.setTimeout(480_000);
  const { port, hits } = canary;
  // Requests the browser saw the sandbox start toward the listener, and how each ended.
  const attempted: string[] = [];
  const refused: string[] = [];
  page.on('request', (r) => r.url().includes(`:${port}/`) && attempted.push(r.url()));
  page.on('requestfailed', (r) => r.url().includes(`:${port}/`) && refused.push(`${r.url()} ${r.failure()?.errorText}`));
  await app.open({ canary: canary.url });
  await app.code.goto();
  await app.code.checkSandbox({ limit: 1, heavy: true });

  await expect(page.getByTestId('sandbox-calibration')).toContainText('every program gets', { timeout: 180_000 });
  await expect(page.getByTestId('containment-verdict')).toBeVisible({ timeout: 240_000 });
  const rows = page.getByTestId('containment-row');
  const bad = await page.locator('[data-testid=containment-row][data-ok=false]').allInnerTexts();
  expect(bad, 'programs that were not contained').toEqual([]);
  await expect(page.getByTestId('containment-verdict')).toHaveAttribute('data-ok', 'true');

  // Every escape route was tried and refused (its program passes only when each attempt failed).
  for (const id of [
    'sys-modules',
    'importlib',
    'ffi-constructor',
    'fetch-prototype',
    'dynamic-import',
    'font-face',
    'websocket',
    'event-source',
    'xhr',
    'import-scripts',
    'indexeddb',
    'cache-storage',
    'gpu-workers-channels',
  ])
    await expect(rows.and(page.locator(`[data-case="${id}"]`)), id).toHaveAttribute('data-outcome', 'pass');
  // State does not carry over: the victim after each poisoning ends as it would on its own.
  await expect(page.locator('[data-case=builtins][data-step="1"]')).toHaveAttribute('data-outcome', 'pass');
  await expect(page.locator('[data-case=sys-modules-poison][data-step="1"]')).toHaveAttribute('data-outcome', 'pass');
  await expect(page.locator('[data-case=recursion-limit][data-step="1"]')).toHaveAttribute('data-outcome', 'pass');
  await expect(page.locator('[data-case=run-python][data-step="1"]')).toHaveAttribute('data-outcome', 'fail');
  await expect(page.locator('[data-case=run-python][data-step="2"]')).toHaveAttribute('data-outcome', 'error');
  await expect(page.locator('[data-case=run-python][data-step="3"]')).toHaveAttribute('data-outcome', 'timeout');
  // The forged reports really left the worker (the first became that program's own pass), and the next program's
  // outcome is still its own.
  await expect(page.locator('[data-case=forged-report][data-step="0"]')).toHaveAttribute('data-outcome', 'pass');
  await expect(page.locator('[data-case=forged-report][data-step="0"]')).toContainText('forged');
  await expect(page.locator('[data-case=forged-report][data-step="1"]')).toHaveAttribute('data-outcome', 'fail');
  // os._exit is that program's crash; memory exhaustion ends that program; the next one runs.
  await expect(page.locator('[data-case=os-exit][data-step="0"]')).toHaveAttribute('data-outcome', 'crash');
  await expect(page.locator('[data-case=os-exit][data-step="1"]')).toHaveAttribute('data-outcome', 'pass');
  await expect(page.locator('[data-case=memory-exhaustion][data-step="1"]')).toHaveAttribute('data-outcome', 'pass');

  // The oracle still holds with a fresh interpreter per program.
  await expect(page.getByTestId('sandbox-verdict')).toHaveAttribute('data-ok', 'true');
  expect(hits, 'requests that reached the listener').toEqual([]);
  // Those the browser reports were all refused by the frame's policy before leaving it.
  expect(refused.length).toBe(attempted.length);
  for (const r of refused) expect(r).toMatch(/ (csp|net::ERR_BLOCKED_BY_CSP)$/);
  await app.screenshot('sandbox-containment');
});

test("the sandbox frame is an opaque origin under its own policy, and the app's storage is out of its reach", async ({
  page,
  request,
}) => {
  const res = await request.get('/sandbox/frame.html');
  const csp = res.headers()['content-security-policy'] ?? '';
  for (const d of ["connect-src 'none'", "font-src 'none'", "img-src 'none'", 'worker-src blob:', 'sandbox allow-scripts'])
    expect(csp, d).toContain(d);
  expect(csp).not.toContain("'unsafe-eval'");
  await page.goto('/');
  // Opened on its own, the page is still sandboxed by its header: an opaque origin.
  await page.goto('/sandbox/frame.html');
  expect(await page.evaluate(() => window.origin)).toBe('null');
});
