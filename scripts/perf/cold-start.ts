// First visits as an audience phone makes them (Node, for `npm run perf`): a fresh browser profile opens a share link
// that runs the fixture benchmark, the service worker registering as it does for every visitor. Bytes are counted
// on the wire by a TCP proxy in front of the server (everything the page, its workers and the service worker
// fetched, headers included), so the count does not depend on what the browser reports. The time to the first timed
// run is when the progress line first says "Warming up", on the page's clock (0 = navigation start).
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { NETWORK_PROFILES } from '../../src/shared/emulation.ts';
import { BASE_ARGS, SWIFTSHADER_ARGS } from '../chromium.ts';

export interface ColdVisit {
  /** Bytes the server sent during the visit, the service worker's install included. */
  transferBytes: number;
  /** Navigation start to the first timed run (warm-up of the first batch size), ms. */
  firstSampleMs: number;
}

/** A byte-counting TCP proxy to `upstreamPort` on 127.0.0.1. */
export interface CountingProxy {
  origin: string;
  /** Bytes sent to clients since the last reset. */
  bytes(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function countingProxy(upstreamPort: number): Promise<CountingProxy> {
  let sent = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    upstream.on('data', (d: Buffer) => (sent += d.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    bytes: () => sent,
    reset: () => (sent = 0),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const FIRST_SAMPLE_PROBE = `
new MutationObserver(() => {
  if (window.__firstSample !== undefined) return;
  const el = document.querySelector('[data-testid="progress"]');
  if (el && /Warming up/.test(el.textContent || '')) window.__firstSample = performance.now();
}).observe(document, { subtree: true, childList: true, characterData: true });
`;

/** One first visit of `path` (a share link with autorun=1) through `proxy`. */
export async function coldVisit(
  exe: string,
  proxy: CountingProxy,
  path: string,
  opts: { webgpu: boolean; network: '4g' | null },
): Promise<ColdVisit> {
  const browser = await chromium.launch({
    executablePath: exe,
    args: opts.webgpu ? [...BASE_ARGS, ...SWIFTSHADER_ARGS] : BASE_ARGS,
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(FIRST_SAMPLE_PROBE);
    if (opts.network) {
      // DevTools network emulation covers the page and its dedicated workers; the service worker's own fetches (its
      // install) are not slowed, so a throttled first visit is measured slightly optimistic.
      const p = NETWORK_PROFILES[opts.network];
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: p.latencyMs,
        downloadThroughput: (p.downloadKbps * 1000) / 8,
        uploadThroughput: (p.uploadKbps * 1000) / 8,
      });
    }
    proxy.reset();
    await page.goto(`${proxy.origin}${path}`);
    const done = page.getByTestId('results-table').or(page.getByTestId('run-error'));
    await done.first().waitFor({ timeout: 600_000 });
    if (await page.getByTestId('run-error').isVisible())
      throw new Error(`${path}: ${await page.getByTestId('run-error').innerText()}`);
    // The service worker's install (its precache) is part of a first visit: wait until it is active and the wire
    // has been quiet for a second.
    await page.evaluate('navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : true');
    for (let last = -1; last !== proxy.bytes();) {
      last = proxy.bytes();
      await page.waitForTimeout(1000);
    }
    const firstSampleMs = (await page.evaluate('window.__firstSample')) as number | undefined;
    if (typeof firstSampleMs !== 'number') throw new Error(`${path}: the progress line never said "Warming up"`);
    return { transferBytes: proxy.bytes(), firstSampleMs };
  } finally {
    await browser.close();
  }
}
