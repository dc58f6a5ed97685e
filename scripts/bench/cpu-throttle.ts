// Slows the browser's renderer processes N times (Node, for `npm run bench`): a duty cycle of SIGCONT and SIGSTOP on
// every renderer process, which DevTools' SystemInfo.getProcessInfo lists, calibrated on a busy loop first.
// Why not DevTools' own Emulation.setCPUThrottlingRate: it throttles the page's main thread only, and TierLab measures
// in a Web Worker (measured here: a single-threaded WASM run was as fast at rate 4 as without), and worker targets
// refuse it ("Operation is only supported for pages, not workers").
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { Browser, CDPSession } from '@playwright/test';

const MAX_PIDS = 64;
const RUN_MS = 2;

/** The duty-cycle loop, in a worker thread so its sleeps (Atomics.wait) never block Playwright's event loop. */
const LOOP = `
const { workerData } = require('node:worker_threads');
// Wake on time even when the renderer keeps every core busy: highest priority for this thread where allowed.
try { require('node:os').setPriority(-20); } catch {}
const ctl = new Int32Array(workerData.control);
const nap = new Int32Array(new SharedArrayBuffer(4));
const signal = (sig) => {
  const n = Atomics.load(ctl, 1);
  for (let i = 0; i < n; i++) { try { process.kill(Atomics.load(ctl, 2 + i), sig); } catch {} }
};
while (Atomics.load(ctl, 0) === 0) {
  signal('SIGCONT');
  Atomics.wait(nap, 0, 0, workerData.runMs);
  signal('SIGSTOP');
  Atomics.wait(nap, 0, 0, workerData.stopMs);
}
signal('SIGCONT');
`;

interface DutyCycle {
  setPids(pids: readonly number[]): void;
  stop(): Promise<void>;
}

function startDutyCycle(runMs: number, stopMs: number): DutyCycle {
  const control = new Int32Array(new SharedArrayBuffer(4 * (2 + MAX_PIDS)));
  const worker = new Worker(LOOP, { eval: true, workerData: { control: control.buffer, runMs, stopMs } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    setPids(pids) {
      pids.slice(0, MAX_PIDS).forEach((pid, i) => Atomics.store(control, 2 + i, pid));
      Atomics.store(control, 1, Math.min(pids.length, MAX_PIDS));
    },
    async stop() {
      Atomics.store(control, 0, 1);
      await exited;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Slowdown a duty cycle gives a single-threaded busy loop: work per second free, over work per second throttled.
 * Signals take effect with some delay, so the achieved slowdown is less than (run + stop) / run.
 */
export async function measureSlowdown(runMs: number, stopMs: number, windowMs = 800): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      'let n=0;let t=Date.now();for(;;){for(let i=0;i<2e4;i++)n+=i&1;if(Date.now()-t>=20){t=Date.now();process.stdout.write(n+"\\n")}}',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let latest = 0;
  child.stdout.on('data', (d: Buffer) => {
    const last = String(d).trim().split('\n').at(-1);
    if (last) latest = Number(last);
  });
  try {
    await sleep(300); // start-up and JIT
    const rate = async () => {
      const [n0, t0] = [latest, performance.now()];
      await sleep(windowMs);
      return (latest - n0) / (performance.now() - t0);
    };
    const free = await rate();
    const cycle = startDutyCycle(runMs, stopMs);
    cycle.setPids([child.pid as number]);
    await sleep(100);
    const throttled = await rate();
    await cycle.stop();
    return throttled > 0 ? free / throttled : Infinity;
  } finally {
    child.kill('SIGKILL');
  }
}

export interface CpuThrottle {
  /** Slowdown a busy loop showed under the chosen duty cycle. */
  readonly measured: number;
  /** Renderer processes being throttled now. */
  readonly pids: readonly number[];
  /** Stops the duty cycle and lets every process run again. */
  stop(): Promise<void>;
}

interface ProcessInfo {
  type: string;
  id: number;
}

/**
 * Starts throttling every renderer of `browser` by `rate` (> 1), and keeps up with renderers started later. The stop
 * time is calibrated once on a busy loop so the achieved slowdown comes close to `rate`; what it achieved is returned.
 */
export async function throttleRenderers(browser: Browser, rate: number): Promise<CpuThrottle> {
  if (process.platform === 'win32') throw new Error('--cpu-throttle needs POSIX signals (Linux or macOS)');
  let stopMs = RUN_MS * (rate - 1);
  const first = await measureSlowdown(RUN_MS, stopMs);
  if (first > 1 && Math.abs(first - rate) / rate > 0.05) stopMs = Math.min(stopMs * 4, (stopMs * (rate - 1)) / (first - 1));
  const measured = stopMs === RUN_MS * (rate - 1) ? first : await measureSlowdown(RUN_MS, stopMs);
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const cycle = startDutyCycle(RUN_MS, stopMs);
  let pids: number[] = [];
  const refresh = async () => {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as unknown as { processInfo: ProcessInfo[] };
    pids = info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    cycle.setPids(pids);
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch(() => {}), 250);
  return {
    measured,
    get pids() {
      return pids;
    },
    async stop() {
      clearInterval(timer);
      await cycle.stop();
      await cdp.detach().catch(() => {});
    },
  };
}
