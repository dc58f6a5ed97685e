import { describe, expect, it } from 'vitest';
import { cpuByThread, parseStat, processRole, type Snapshot } from './thread-cpu.ts';

describe('per-thread CPU from /proc', () => {
  it('reads the name, parent and user+system ticks of a stat line, whatever the name holds', () => {
    const line = '4242 (Web Content (x) y) S 4200 4242 4200 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 30 0 9999 0 0';
    expect(parseStat(line)).toEqual({ name: 'Web Content (x) y', ppid: 4200, ticks: 1290 });
    expect(parseStat('garbage')).toBeNull();
  });

  it("names a Chromium process's role from its command line", () => {
    expect(processRole('/usr/lib/chromium/chromium --no-sandbox --headless')).toBe('browser');
    expect(processRole('/usr/lib/chromium/chromium --type=renderer --enable-features=x')).toBe('renderer');
    expect(processRole('/usr/lib/chromium/chromium --type=gpu-process')).toBe('gpu-process');
    expect(processRole('chromium --type=utility --utility-sub-type=network.mojom.NetworkService')).toBe('utility NetworkService');
  });

  it('sums the ticks spent between two snapshots per role and thread name, counting new threads whole', () => {
    const before: Snapshot = new Map([
      ['1/1', { process: 'renderer', thread: 'DedicatedWorker', ticks: 100 }],
      ['1/2', { process: 'renderer', thread: 'DedicatedWorker', ticks: 50 }],
      ['1/3', { process: 'renderer', thread: 'CrRendererMain', ticks: 10 }],
    ]);
    const after: Snapshot = new Map([
      ['1/1', { process: 'renderer', thread: 'DedicatedWorker', ticks: 300 }],
      ['1/2', { process: 'renderer', thread: 'DedicatedWorker', ticks: 150 }],
      ['1/3', { process: 'renderer', thread: 'CrRendererMain', ticks: 10 }],
      ['2/9', { process: 'gpu-process', thread: 'VizCompositorTh', ticks: 4 }],
    ]);
    expect(cpuByThread(before, after, 100)).toEqual([
      { group: 'renderer · DedicatedWorker', cpuS: 3 },
      { group: 'gpu-process · VizCompositorTh', cpuS: 0.04 },
    ]);
  });
});
