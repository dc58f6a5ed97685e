// One headless benchmark (Node): serve the built app, start Chromium with the requested emulation, open the plan's
// share link with autorun=1, and take the RunResult the app exports.
import { copyFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from '@playwright/test';
import { Hono } from 'hono';
import { NETWORK_PROFILES } from '../../src/shared/emulation.ts';
import type { RunPlan } from '../../src/shared/run-plan.ts';
import { parseRunResult, type RunResult } from '../../src/shared/run-result.ts';
import { CatalogSchema } from '../../src/shared/catalog.ts';
import * as v from 'valibot';
import { createApp } from '../../server/app.ts';
import { BASE_ARGS, findChromium, SWIFTSHADER_ARGS } from '../browsers/chromium.ts';
import { benchPageQuery, type BenchOptions } from './args.ts';
import { throttleRenderers, type CpuThrottle } from './cpu-throttle.ts';

export class BenchError extends Error {
  override name = 'BenchError';
}

/** Checks a catalog id against the built catalog, naming the ones that exist. */
export async function checkCatalogId(root: string, id: string): Promise<void> {
  const file = path.join(root, 'models', 'mirror', 'catalog.json');
  const catalog = v.parse(CatalogSchema, JSON.parse(await readFile(file, 'utf8')));
  if (!catalog.entries.some((e) => e.id === id)) {
    throw new BenchError(
      `unknown model "${id}": not in the catalog (known: ${catalog.entries.map((e) => e.id).join(', ')}); ` +
        'give a catalog id, a path to an .onnx file, or an http(s) URL',
    );
  }
}

function browserPath(): string {
  let found: string | null;
  try {
    found = findChromium();
  } catch (err) {
    throw new BenchError(err instanceof Error ? err.message : String(err));
  }
  if (!found)
    throw new BenchError('no Chromium found: install Debian\'s "chromium" package (apt-get install chromium) or set CHROME_PATH');
  return found;
}

async function launch(executablePath: string, swiftshader: boolean): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath, args: swiftshader ? [...BASE_ARGS, ...SWIFTSHADER_ARGS] : BASE_ARGS });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new BenchError(`the browser at ${executablePath} could not start: ${first}`);
  }
}

/** Whether this browser offers a WebGPU adapter without SwiftShader (checked on a blank page). */
async function hasGpuAdapter(browser: Browser, origin: string): Promise<boolean> {
  const page = await browser.newPage();
  try {
    // A secure context is needed for navigator.gpu: localhost counts.
    await page.goto(`${origin}/models/catalog.json`);
    // Runs in the page; written as a string because this module is type-checked for Node, without DOM types.
    return await page.evaluate<boolean>('(async () => Boolean(await navigator.gpu?.requestAdapter()))()');
  } finally {
    await page.close();
  }
}

interface Served {
  origin: string;
  close(): Promise<void>;
  /** URL of the local .onnx file given with --model, when one was. */
  localModelUrl: string | null;
}

/** Serves the app (and a local .onnx file, if given) on a free localhost port. */
async function startServer(root: string, localModel: string | null): Promise<Served> {
  const outer = new Hono();
  const name = localModel ? path.basename(localModel).replace(/[^\w.-]/g, '_') : null;
  if (localModel && name) {
    outer.get(`/bench-model/${name}`, async (c) => {
      const body = await readFile(localModel);
      return c.body(body, 200, {
        'Content-Type': 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin',
      });
    });
  }
  outer.route('/', createApp({ distDir: path.join(root, 'dist'), mirrorDir: path.join(root, 'models', 'mirror') }));
  const server = serve({ fetch: outer.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  // localhost (not 127.0.0.1) so the page is a secure context: WebGPU and cross-origin isolation need one.
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    localModelUrl: name ? `${origin}/bench-model/${name}` : null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function emulateNetwork(page: Page, opts: BenchOptions): Promise<void> {
  if (!opts.network) return;
  const p = NETWORK_PROFILES[opts.network];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  // Applies to the page and its workers' requests (the model download happens in the inference worker).
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: p.latencyMs,
    downloadThroughput: (p.downloadKbps * 1000) / 8,
    uploadThroughput: (p.uploadKbps * 1000) / 8,
  });
}

/** Clicks the button `testId` and returns the path of the file it downloads. */
async function downloaded(page: Page, testId: string, ...failures: Promise<never>[]): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  return (await Promise.race([download, ...failures])).path();
}

/** Waits for the app's result or error, the browser's exit, or the timeout, whichever comes first. */
async function awaitResult(page: Page, browser: Browser, timeoutS: number): Promise<RunResult> {
  const exited = new Promise<never>((_, reject) =>
    browser.once('disconnected', () => reject(new BenchError('the browser exited during the run (it crashed or was killed)'))),
  );
  const done = page.getByTestId('results-table').or(page.getByTestId('run-error')).or(page.getByTestId('startup-error'));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchError(`the run did not finish within ${timeoutS} s (--timeout)`)), timeoutS * 1000);
  });
  try {
    // Polled in the page once a second: a locator's wait polls from Node through the DevTools protocol, waking the
    // browser's and the page's main threads beside the timed runs (docs/perf.md, section 5).
    await Promise.race([
      page.waitForFunction(
        `document.querySelector('[data-testid="results-table"], [data-testid="run-error"], [data-testid="startup-error"]') !== null`,
        undefined,
        { polling: 1000, timeout: 0 },
      ),
      exited,
      timeout,
    ]);
    await done.first().waitFor({ state: 'visible', timeout: 30_000 });
    for (const id of ['run-error', 'startup-error']) {
      const error = page.getByTestId(id);
      if (await error.isVisible()) throw new BenchError(`the app reported: ${(await error.innerText()).trim()}`);
    }
    const file = await downloaded(page, 'export-json', exited, timeout);
    return parseRunResult(JSON.parse(await readFile(file, 'utf8')));
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one benchmark through the real app and returns its validated RunResult. */
export async function runBench(
  root: string,
  opts: BenchOptions,
  log: (line: string) => void,
  /** Called with the page before it opens the share link (`npm run perf` watches the measuring window with it). */
  watch?: (page: Page) => Promise<void>,
): Promise<RunResult> {
  if (opts.model.kind === 'catalog') await checkCatalogId(root, opts.model.id);
  if (opts.model.kind === 'path' && !existsSync(opts.model.path)) throw new BenchError(`no such model file: ${opts.model.path}`);
  const executablePath = browserPath();
  const served = await startServer(root, opts.model.kind === 'path' ? path.resolve(opts.model.path) : null);
  let browser: Browser | null = null;
  let throttle: CpuThrottle | null = null;
  try {
    let swiftshader = opts.swiftshader;
    if (opts.plan.backend === 'webgpu' && !swiftshader) {
      const probe = await launch(executablePath, false);
      swiftshader = !(await hasGpuAdapter(probe, served.origin));
      await probe.close();
      if (swiftshader) log('no GPU adapter found: WebGPU runs on SwiftShader (software), and the result says so');
    }
    browser = await launch(executablePath, swiftshader);
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await emulateNetwork(page, opts);
    if (opts.cpuThrottle > 1) {
      throttle = await throttleRenderers(browser, opts.cpuThrottle);
      log(`CPU throttled ${opts.cpuThrottle}× (a busy loop measured ${throttle.measured.toFixed(2)}×)`);
    }
    const model: RunPlan['model'] =
      opts.model.kind === 'path'
        ? { kind: 'url', url: served.localModelUrl as string }
        : opts.model.kind === 'url'
          ? { kind: 'url', url: opts.model.url }
          : opts.plan.model;
    const url = `${served.origin}/?${benchPageQuery(opts, model, swiftshader, throttle?.measured ?? null)}`;
    log(`running ${url}`);
    const watching = watch?.(page);
    await page.goto(url);
    const result = await awaitResult(page, browser, opts.timeoutS);
    if (opts.trace) {
      if (!result.profile)
        throw new BenchError(
          `no profile to write to ${opts.trace}: ${result.notes.find((n) => n.startsWith('no profile')) ?? 'the run has none'}`,
        );
      await copyFile(await downloaded(page, 'profile-trace'), opts.trace);
      log(`wrote onnxruntime's trace to ${opts.trace}`);
    }
    // Let a watcher of the measuring window see its end before the browser closes.
    if (watching) await Promise.race([watching, new Promise((r) => setTimeout(r, 10_000))]);
    return result;
  } finally {
    await throttle?.stop();
    await browser?.close().catch(() => {});
    await served.close();
  }
}
