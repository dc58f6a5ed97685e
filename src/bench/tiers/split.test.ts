import { describe, expect, it } from 'vitest';
import { bestSplit, intermediateBytes, splitTable } from './split.ts';

const net = { name: 't', rttMs: 10, upMbps: 8, downMbps: 8, source: 't' };

describe('intermediateBytes', () => {
  it('is batch × seq × hidden × bytes per value, plus the mask', () => {
    expect(intermediateBytes(2, 128, 768, 'fp32')).toBe(2 * 128 * 768 * 4 + 256);
    expect(intermediateBytes(2, 128, 768, 'fp16')).toBe(2 * 128 * 768 * 2 + 256);
    expect(intermediateBytes(2, 128, 768, 'int8', 100)).toBe(100 + 2 * 128 * 768 + 256);
  });
});

describe('splitTable', () => {
  // 4 layers, 40 ms on this device, 10 ms per layer; edge 4× faster; hidden 100, batch 1, seq 10, int8:
  // 1,000 + 10 = 1,010 bytes up at 8 Mbit/s = 1.01 ms.
  const o = {
    layers: 4,
    fullMs: 40,
    edgeFactor: 4,
    network: net,
    batch: 1,
    seq: 10,
    hidden: 100,
    dtype: 'int8' as const,
    inputBytes: 40,
    outputBytes: 20,
  };
  const rows = splitTable(
    [0, 1, 2, 3, 4].map((layer) => ({ layer, headMs: layer * 10 })),
    o,
  );

  it('adds head, upload, round trip, tail and download by hand-computed amounts', () => {
    const at2 = rows.find((r) => r.layer === 2)!;
    expect(at2.tailMs).toBe(5);
    expect(at2.uplinkMs).toBeCloseTo(1.01, 10);
    expect(at2.downlinkMs).toBeCloseTo(0.02, 10);
    expect(at2.totalMs).toBeCloseTo(20 + 1.01 + 10 + 5 + 0.02, 10);
  });

  it('sends the inputs when nothing runs here, and nothing when everything does', () => {
    expect(rows[0]).toMatchObject({ layer: 0, headMs: 0, tailMs: 10, upBytes: 40 });
    expect(rows[4]).toMatchObject({ layer: 4, totalMs: 40, upBytes: 0, rttMs: 0 });
  });

  it('picks the split with the lowest total', () => {
    expect(bestSplit(rows)?.layer).toBe(0);
    const slowNet = splitTable(
      [0, 4].map((layer) => ({ layer, headMs: layer * 10 })),
      { ...o, network: { ...net, rttMs: 100 } },
    );
    expect(bestSplit(slowNet)?.layer).toBe(4);
  });
});
