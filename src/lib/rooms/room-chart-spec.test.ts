import { describe, expect, it } from 'vitest';
import { foldRoom } from '../../bench/rooms/room-state.ts';
import type { RoomEnvelope } from '../../shared/rooms.ts';
import { roomChartSpec } from './room-chart-spec.ts';

const result = (id: number, deviceId: string, deviceClass: string, ms: number, flags: string[] = []): RoomEnvelope => ({
  id,
  at: '2026-11-21T10:00:00.000Z',
  event: {
    kind: 'result',
    resultId: `r${id}`,
    deviceId,
    deviceClass,
    backend: 'wasm',
    threads: 2,
    crossOriginIsolated: true,
    flags,
    points: [1, 4].map((b) => ({ batchSize: b, medianMs: ms * b, ciLoMs: ms * b, ciHiMs: ms * b })),
  },
});

describe('room chart', () => {
  it('draws a line per device class, the crowd median, and the own class thick and first', () => {
    const s = foldRoom([
      result(1, 'a', 'phone', 10),
      result(2, 'b', 'phone', 20),
      result(3, 'me', 'laptop', 2),
      result(4, 'c', 'tablet', 5, ['backgrounded']),
    ]);
    const chart = roomChartSpec(s, 'me');
    expect(chart.ownClass).toBe('laptop');
    expect(chart.spec.series.map((x) => x.label)).toEqual(['★ laptop (n=1)', 'phone (n=2)', 'crowd median (3 devices)']);
    expect(chart.spec.series[0]?.width).toBe(6);
    // phone: median of 10 and 20 at batch 1 is 15; at batch 4, 60.
    expect(chart.spec.series[1]?.points).toEqual([
      { x: 1, y: 15 },
      { x: 4, y: 60 },
    ]);
    expect(chart.spec.series[2]?.points).toEqual([
      { x: 1, y: 10 },
      { x: 4, y: 40 },
    ]);
    expect(chart.spec.xTicks).toEqual([1, 4]);
    expect(chart.hiddenClasses).toBe(0);
    // Three devices: too few for the crowd median's interval, so no band.
    expect(chart.spec.series[2]?.band).toBeUndefined();
  });

  it("draws the crowd median's 95% interval as a band once six devices are in", () => {
    const s = foldRoom([1, 2, 3, 4, 5, 6].map((d) => result(d, `d${d}`, 'phone', d)));
    const crowd = roomChartSpec(s, null).spec.series.find((x) => x.label.startsWith('crowd median'));
    expect(crowd?.band).toEqual({
      label: 'crowd median: 95% interval',
      lo: [
        { x: 1, y: 1 },
        { x: 4, y: 4 },
      ],
      hi: [
        { x: 1, y: 6 },
        { x: 4, y: 24 },
      ],
    });
  });

  it('has no crowd line and no own class in an empty room', () => {
    const chart = roomChartSpec(foldRoom([]), null);
    expect(chart.spec.series).toEqual([]);
    expect(chart.ownClass).toBeNull();
  });
});
