// The Python sandbox's containment in the browser: hostile programs aim at a listener on another port and at the
// app's own API and storage; every attempt must be refused (the listener counts what arrives: nothing may), state
// must not carry from one program to the next, and a crash or memory exhaustion ends only its own program (filling the
// worker's JavaScript heap ends the frame's own process, which the app survives and records as that program's crash).
import { chromium } from '@playwright/test';
import { type Canary, startCanary } from './canary.ts';
import { pageReader } from './page-reader.ts';
import { CHROMIUM_ARGS, findChromium } from '../scripts/browsers/chromium.ts';
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
  let frameCrashes = 0;
  page.on('crash', () => frameCrashes++);
  await app.open({ canary: canary.url });
  await app.code.goto();
  // The js-heap case crashes the sandbox frame's process on purpose, which Playwright reports as the page's crash:
  // from then on the page is read through a reader of its own (e2e/page-reader.ts).
  const reader = await pageReader(page);
  await app.code.checkSandbox({ limit: 1, heavy: true });

  await reader.until(
    `document.querySelector('[data-testid=sandbox-error]')?.textContent ||
     (document.querySelector('[data-testid=containment-verdict]') && !document.querySelector('[data-testid=sandbox-step]'))`,
    420_000,
    'the sandbox check ends',
  );
  expect(
    await reader.value<string | null>(`document.querySelector('[data-testid=sandbox-error]')?.textContent ?? null`),
  ).toBeNull();
  const rows = await reader.value<{ id: string; step: string; ok: string; outcome: string; text: string }[]>(
    `[...document.querySelectorAll('[data-testid=containment-row]')].map((r) => ({ id: r.dataset.case, step: r.dataset.step, ok: r.dataset.ok, outcome: r.dataset.outcome, text: r.innerText }))`,
  );
  expect(
    rows.filter((r) => r.ok !== 'true').map((r) => r.text),
    'programs that were not contained',
  ).toEqual([]);
  const outcome = (id: string, step = 0) => rows.find((r) => r.id === id && r.step === String(step))?.outcome;
  expect(await reader.value(`document.querySelector('[data-testid=containment-verdict]').dataset.ok`)).toBe('true');

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
    expect(outcome(id), id).toBe('pass');
  // State does not carry over: the victim after each poisoning ends as it would on its own.
  expect(outcome('builtins', 1)).toBe('pass');
  expect(outcome('sys-modules-poison', 1)).toBe('pass');
  expect(outcome('recursion-limit', 1)).toBe('pass');
  expect([1, 2, 3].map((s) => outcome('run-python', s))).toEqual(['fail', 'error', 'timeout']);
  // The forged reports really left the worker (the first became that program's own pass), and the next program's
  // outcome is still its own.
  expect(outcome('forged-report', 0)).toBe('pass');
  expect(rows.find((r) => r.id === 'forged-report' && r.step === '0')?.text).toContain('forged');
  expect(outcome('forged-report', 1)).toBe('fail');
  // os._exit is that program's crash; memory exhaustion ends that program; the next one runs.
  expect([outcome('os-exit', 0), outcome('os-exit', 1)]).toEqual(['crash', 'pass']);
  expect(outcome('memory-exhaustion', 1)).toBe('pass');
  // Filling the worker's JavaScript heap (outside the WebAssembly memory) ended the frame's process: that program's
  // crash, seen by the heartbeat; the app's tab lived on to show it (this reader still reads it), and the next program
  // ran in a new frame.
  expect(outcome('js-heap', 0)).toBe('crash');
  expect(rows.find((r) => r.id === 'js-heap' && r.step === '0')?.text).toContain('FrameDied');
  expect(outcome('js-heap', 1)).toBe('pass');
  expect(frameCrashes, 'the frame process that the js-heap program ended').toBe(1);
  // The count of fresh interpreters goes on across the new frame: at least one per program run.
  const started = await reader.value<string>(`document.querySelector('[data-testid=sandbox-info]').textContent`);
  const oracleRows = await reader.value<number>(`document.querySelectorAll('[data-testid=sandbox-row]').length`);
  expect(Number(/fresh interpreters started: (\d+)/.exec(started)?.[1])).toBeGreaterThanOrEqual(rows.length + oracleRows);

  // The oracle still holds with a fresh interpreter per program.
  expect(await reader.value(`document.querySelector('[data-testid=sandbox-verdict]').dataset.ok`)).toBe('true');
  expect(hits, 'requests that reached the listener').toEqual([]);
  // Those the browser reports were all refused by the frame's policy before leaving it.
  expect(refused.length).toBe(attempted.length);
  for (const r of refused) expect(r).toMatch(/ (csp|net::ERR_BLOCKED_BY_CSP)$/);
  await reader.screenshot(test.info().outputPath('sandbox-containment.png'));
});

test('the sandbox frame runs in a process of its own, by its Document-Isolation-Policy even where Chromium would not isolate a sandboxed frame', async ({
  page,
  browserName,
}) => {
  test.skip(browserName !== 'chromium', 'Chromium: out-of-process frames are CDP targets of their own');
  // Chromium isolates sandboxed frames by itself (IsolateSandboxedIframes); with that off, only the frame's
  // Document-Isolation-Policy header keeps it out of the app's process. Without the header this browser puts the frame
  // in the app's process (checked by hand), and a program that fills its JavaScript heap takes the app's tab with it.
  const browser = await chromium.launch({
    executablePath: findChromium() ?? undefined,
    args: [...CHROMIUM_ARGS, '--disable-features=IsolateSandboxedIframes'],
  });
  try {
    for (const [name, b] of [
      ['as configured', page.context().browser()!],
      ['with sandboxed-frame isolation off', browser],
    ] as const) {
      const p =
        name === 'as configured' ? page : await (await b.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
      await p.goto('/#/code');
      await p.getByTestId('sandbox-limit').fill('1');
      await p.getByTestId('sandbox-run').click();
      await expect(p.getByTestId('sandbox-info')).toContainText('Pyodide', { timeout: 120_000 });
      const cdp = await b.newBrowserCDPSession();
      const { targetInfos } = await cdp.send('Target.getTargets');
      expect(
        targetInfos.filter((t) => t.type === 'iframe').map((t) => new URL(t.url).pathname),
        `the sandbox frame is an out-of-process target (${name})`,
      ).toEqual(['/sandbox/frame.html']);
    }
  } finally {
    await browser.close();
  }
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
