// First visits as an audience phone makes them (Node, for `npm run perf`): a fresh browser profile opens a share link
// that runs the fixture benchmark, the service worker registering as it does for every visitor. Bytes are counted
// on the wire by a TCP proxy in front of the server (everything the page, its workers and the service worker
// fetched, headers included), so the count does not depend on what the browser reports. The same proxy emulates a
// slow network when asked: one link shared by every connection, each direction paced to the profile's bandwidth and
// delayed by half its round trip, so the service worker's and the workers' fetches are slowed as much as the page's
// (DevTools emulation covers the page's target only). The time to the first timed run is when the progress line
// first says "Warming up", on the page's clock (0 = navigation start).
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { NETWORK_PROFILES, type NetworkProfile } from '../../src/shared/emulation.ts';
import { BASE_ARGS, SWIFTSHADER_ARGS } from '../browsers/chromium.ts';

export interface ColdVisit {
  /** Bytes the server sent during the visit, the service worker's install included. */
  transferBytes: number;
  /** Navigation start to the first timed run (warm-up of the first batch size), ms. */
  firstSampleMs: number;
  /** Whether the service worker was active within a minute of the run's end (its install done). */
  serviceWorkerActive: boolean;
}

/** A byte-counting TCP proxy to `upstreamPort` on 127.0.0.1. */
export interface CountingProxy {
  origin: string;
  /** Bytes sent to clients since the last reset. */
  bytes(): number;
  reset(): void;
  /** Emulates `profile` from now on (null: as fast as loopback). */
  shape(profile: NetworkProfile | null): void;
  close(): Promise<void>;
}

/** One direction of an emulated link: chunks leave in order, no faster than the bandwidth, each after the delay. */
class Lane {
  private freeAt = 0;
  constructor(
    private readonly bitsPerMs: () => number,
    private readonly delayMs: () => number,
  ) {}

  send(chunk: Buffer, write: (c: Buffer) => void): void {
    const rate = this.bitsPerMs();
    if (!Number.isFinite(rate)) return write(chunk);
    const now = performance.now();
    this.freeAt = Math.max(now, this.freeAt) + (chunk.length * 8) / rate;
    setTimeout(() => write(chunk), this.freeAt + this.delayMs() - now);
  }
}

export async function countingProxy(upstreamPort: number): Promise<CountingProxy> {
  let sent = 0;
  let profile: (typeof NETWORK_PROFILES)[NetworkProfile] | null = null;
  const down = new Lane(
    () => (profile ? profile.downloadKbps : Infinity),
    () => (profile ? profile.latencyMs / 2 : 0),
  );
  const up = new Lane(
    () => (profile ? profile.uploadKbps : Infinity),
    () => (profile ? profile.latencyMs / 2 : 0),
  );
  const sockets = new Set<Socket>();
  // Half-open on both sides: an end travels the lane like data (see below) instead of cutting what is still in it.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ port: upstreamPort, host: '127.0.0.1', allowHalfOpen: true });
    sockets.add(client).add(upstream);
    upstream.on('data', (d: Buffer) => {
      sent += d.length;
      down.send(d, (c) => client.writable && client.write(c));
    });
    client.on('data', (d: Buffer) => up.send(d, (c) => upstream.writable && upstream.write(c)));
    // A graceful end travels the lane behind the data still in it; an error or a close ends both sides at once.
    upstream.on('end', () => down.send(Buffer.alloc(0), () => client.end()));
    client.on('end', () => up.send(Buffer.alloc(0), () => upstream.end()));
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', () => sockets.delete(client));
    upstream.on('error', drop).on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    bytes: () => sent,
    reset: () => (sent = 0),
    shape: (p) => (profile = p ? NETWORK_PROFILES[p] : null),
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
    proxy.reset();
    proxy.shape(opts.network);
    await page.goto(`${proxy.origin}${path}`);
    const done = page.getByTestId('results-table').or(page.getByTestId('run-error'));
    await done.first().waitFor({ timeout: 300_000 });
    if (await page.getByTestId('run-error').isVisible())
      throw new Error(`${path}: ${await page.getByTestId('run-error').innerText()}`);
    // The service worker's install (its precache) is part of a first visit: wait until it is active (a minute at
    // most: an install that failed never gets there) and the wire has been quiet for a second.
    const serviceWorkerActive = await Promise.race([
      page.evaluate('navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : false') as Promise<boolean>,
      page.waitForTimeout(60_000).then(() => false),
    ]);
    for (let last = -1; last !== proxy.bytes();) {
      last = proxy.bytes();
      await page.waitForTimeout(1000);
    }
    const firstSampleMs = (await page.evaluate('window.__firstSample')) as number | undefined;
    if (typeof firstSampleMs !== 'number') throw new Error(`${path}: the progress line never said "Warming up"`);
    return { transferBytes: proxy.bytes(), firstSampleMs, serviceWorkerActive };
  } finally {
    proxy.shape(null);
    await browser.close();
  }
}
