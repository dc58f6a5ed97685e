// The CPU profile behind the harness-overhead tables (Node): per-thread CPU time of the whole browser while TierLab
// times its batch sizes, against the bare loop's timing phase, both watched the same way.
import { spawnSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { cpuByThread, snapshot, type Snapshot } from './thread-cpu.ts';

export interface WindowCpu {
  wallS: number;
  cpu: { group: string; cpuS: number }[];
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * Snapshots every thread's CPU time when `start` first holds in the page and again when `end` does (both polled every
 * 100 ms, the same for every method, so the watching costs each side alike).
 */
export function cpuWindow(start: string, end: string) {
  let settle: (w: WindowCpu) => void = () => {};
  let fail: (e: unknown) => void = () => {};
  const result = new Promise<WindowCpu>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  result.catch(() => {}); // read only when the run succeeded
  /** Watches `page`; the promise settles once the window has ended (the page runner waits for it before closing). */
  const watch = (page: Page): Promise<void> =>
    (async () => {
      await page.waitForFunction(start, undefined, { polling: 100, timeout: 0 });
      const t0 = performance.now();
      const s0: Snapshot = snapshot();
      await page.waitForFunction(end, undefined, { polling: 100, timeout: 0 });
      const s1 = snapshot();
      settle({ wallS: (performance.now() - t0) / 1000, cpu: cpuByThread(s0, s1, TICKS_PER_SECOND) });
    })().catch(fail);
  return { watch, result };
}

/**
 * TierLab's window: from its first timed visit (after every batch size's warm-up, as the bare loop's window starts
 * after its settling time) until the page stops measuring.
 */
export const TIERLAB_WINDOW = {
  start: `document.querySelector('[data-timing="sampling"]') !== null`,
  end: `document.querySelector('[data-measuring="yes"]') === null`,
};

/** The bare loop's window: its timing phase (per-batch warm-up runs and timed runs), marked on <html data-phase>. */
export const BARE_WINDOW = {
  start: `document.documentElement.dataset.phase === 'timing'`,
  end: `document.documentElement.dataset.phase === 'done'`,
};
