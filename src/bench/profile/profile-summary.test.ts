import { describe, expect, it } from 'vitest';
import type { ProfileBatch, ProfileNode } from '../../shared/profile.ts';
import { capNodes, headShare, middleRuns, opDeltas, summarizeProfile } from './profile-summary.ts';

const node = (name: string, op: string, ms: number[], extra: Partial<ProfileNode> = {}): ProfileNode => ({
  name,
  op,
  provider: 'CPUExecutionProvider',
  clock: 'cpu',
  layer: 0,
  ms,
  inputShapes: [],
  ...extra,
});
const batch = (nodes: ProfileNode[], wallMs: number[]): ProfileBatch => ({ batchSize: 2, wallMs, runMs: wallMs, nodes });

describe('middleRuns', () => {
  it('leaves out the fastest and slowest quarter by wall time, none of three runs', () => {
    // Walls 10, 50 (a slow first run), 11, 9, 12: the middle three are runs 0, 2 and 4.
    const b = batch([node('a', 'MatMul', [10, 10, 11, 9, 12])], [10, 50, 11, 9, 12]);
    expect(middleRuns(b)).toEqual([0, 2, 4]);
    expect(middleRuns(batch([node('a', 'MatMul', [3, 1, 2])], [3, 1, 2]))).toEqual([0, 1, 2]);
  });

  it('leaves out a run stalled between kernels, which its kernels do not show', () => {
    // Run 3's kernels are as fast as the rest, but something held the thread for 30 ms between two of them.
    const b = batch([node('a', 'MatMul', [9, 9.5, 9.2, 9.1, 9.3])], [10, 10.4, 10.1, 40, 10.2]);
    expect(middleRuns(b)).toEqual([1, 2, 4]);
    expect(summarizeProfile(b, 'wasm').coverage).toBeGreaterThan(0.9);
  });
});

describe('summarizeProfile', () => {
  const b = batch(
    [
      node('mm1', 'MatMul', [4, 40, 4, 4, 4], { layer: 0 }),
      node('mm2', 'MatMul', [2, 20, 2, 2, 2], { layer: 1 }),
      node('cast', 'Cast', [1, 1, 1, 1, 1], { layer: null, provider: 'WebGpuExecutionProvider' }),
      node('copy', 'MemcpyToHost', [1, 1, 1, 1, 1], { layer: null }),
    ],
    [10, 70, 10, 10, 10],
  );
  const s = summarizeProfile(b, 'wasm');

  it('averages the middle runs: parts add up to the kernel total, and the slow run is left out', () => {
    expect(s.kernelMs).toBeCloseTo(8, 12);
    expect(s.wallMs).toBeCloseTo(10, 12);
    expect(s.coverage).toBeCloseTo(0.8, 12);
    expect(s.byOp.map((o) => [o.op, o.nodes, o.ms])).toEqual([
      ['MatMul', 2, 6],
      ['Cast', 1, 1],
      ['MemcpyToHost', 1, 1],
    ]);
    expect(s.byOp.reduce((x, o) => x + o.share, 0)).toBeCloseTo(1, 12);
  });

  it('orders layers, then what lies outside them', () => {
    expect(s.byLayer.map((l) => [l.layer, l.ms])).toEqual([
      [0, 4],
      [1, 2],
      [null, 2],
    ]);
  });

  it('names nodes on another provider than the backend asked for, and copies', () => {
    expect(s.fallbacks.map((n) => n.name)).toEqual(['cast']);
    expect(s.copies.map((n) => n.name)).toEqual(['copy']);
    expect(summarizeProfile(b, 'webgpu').fallbacks.map((n) => n.name)).toEqual(['mm1', 'mm2', 'copy']);
    expect(s.top[0]?.name).toBe('mm1');
  });
});

describe('opDeltas', () => {
  it('says what an op type gained or lost against the baseline, new ops with no ratio', () => {
    const base = summarizeProfile(batch([node('mm', 'MatMul', [10, 10, 10])], [10, 10, 10]), 'wasm');
    const fp16 = summarizeProfile(
      batch([node('mm', 'MatMul', [12, 12, 12]), node('c1', 'Cast', [3, 3, 3])], [15, 15, 15]),
      'wasm',
    );
    expect(opDeltas(base, fp16)).toEqual([
      { op: 'Cast', baseMs: 0, variantMs: 3, change: null },
      { op: 'MatMul', baseMs: 10, variantMs: 12, change: expect.closeTo(0.2, 12) as unknown as number },
    ]);
    expect(opDeltas(base, fp16, 2.5).map((d) => d.op)).toEqual(['Cast']);
  });
});

describe('capNodes', () => {
  it('keeps the slowest nodes in their order and says what was left out', () => {
    const notes: string[] = [];
    const capped = capNodes(batch([node('a', 'Add', [1]), node('b', 'MatMul', [5]), node('c', 'Add', [3])], [9]), notes, 2);
    expect(capped.nodes.map((n) => n.name)).toEqual(['b', 'c']);
    expect(notes).toEqual([expect.stringMatching(/the 1 fastest of 3 nodes are left out \(1\.000 ms/) as unknown as string]);
  });
});

describe('headShare', () => {
  const s = summarizeProfile(
    batch(
      [
        node('l0', 'MatMul', [3, 3, 3], { layer: 0 }),
        node('l1', 'MatMul', [5, 5, 5], { layer: 1 }),
        node('head', 'Gemm', [2, 2, 2], { layer: null }),
      ],
      [11, 11, 11],
    ),
    'wasm',
  );
  it("is the first layers' share of the kernels, the whole model past the last layer", () => {
    expect(headShare(s, 0, 2)).toBe(0);
    expect(headShare(s, 1, 2)).toBeCloseTo(0.3, 12);
    expect(headShare(s, 2, 2)).toBe(1);
    expect(headShare(s, 1, null)).toBeNull();
  });
});
