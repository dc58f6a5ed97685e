import { describe, expect, it } from 'vitest';
import { NETWORK_PROFILES, tierLatency, type Payload, type Tier } from './tier-model.ts';
import { splitTable } from './split.ts';
import { radioFor, splitEnergy, tierEnergy } from './tier-energy.ts';

const curve = { points: [{ batch: 1, ms: 250 }], fixedMs: null, perItemMs: null };
const payload: Payload = { tokensPerItem: 100, bytesPerToken: 4, outputsPerItem: 2, bytesPerOutput: 4, overheadBytes: 400 };
const mobile: Tier = {
  id: 'mobile',
  name: 'here',
  compute: { kind: 'measured' },
  network: null,
  batchWindowMs: 0,
  hourlyPrice: null,
};
const edge = (key: keyof typeof NETWORK_PROFILES): Tier => ({
  id: 'edge',
  name: 'edge',
  compute: { kind: 'factor', factor: 5 },
  network: NETWORK_PROFILES[key],
  batchWindowMs: 10,
  hourlyPrice: null,
});

describe('energy per request by tier', () => {
  it("on the device: the phone's power × the measured compute time", () => {
    const l = tierLatency(mobile, curve, payload, 1);
    const e = tierEnergy(l, mobile, payload, 1, { deviceClass: 'phone', tail: true }, 'wifi')!;
    // 250 ms at 2, 4 and 6 W.
    expect([e.low, e.typical, e.high]).toEqual([0.5, 1, 1.5]);
  });

  it('at the edge over Wi-Fi: the radio sends, waits and receives (worked by hand)', () => {
    const l = tierLatency(edge('wifi'), curve, payload, 1);
    const e = tierEnergy(l, edge('wifi'), payload, 1, { deviceClass: 'phone', tail: true }, 'wifi')!;
    // Up 800 B at 15 Mbps = 0.42667 ms at 283.17×15 + 132.86 = 4380.41 mW → 1.86898 mJ.
    // Down 408 B at 30 Mbps = 0.1088 ms at 137.01×30 + 132.86 = 4243.16 mW → 0.46166 mJ.
    // Wait 20 ms round trip + 5 ms queueing + 50 ms compute = 75 ms at 132.86 mW → 9.9645 mJ.
    expect(e.typical * 1000).toBeCloseTo(1.86898 + 0.46166 + 9.9645, 3);
    expect(e.label).toBe('modelled');
  });

  it('over LTE the tail dominates an isolated request, and leaving it out says so', () => {
    const l = tierLatency(edge('4g'), curve, payload, 1);
    const isolated = tierEnergy(l, edge('4g'), payload, 1, { deviceClass: 'phone', tail: true }, '4g')!;
    const stream = tierEnergy(l, edge('4g'), payload, 1, { deviceClass: 'phone', tail: false }, '4g')!;
    expect(isolated.typical - stream.typical).toBeCloseTo(1.06 * 11.576, 6);
  });

  it('has no figure for a wired link', () => {
    const l = tierLatency(edge('wired'), curve, payload, 1);
    expect(tierEnergy(l, edge('wired'), payload, 1, { deviceClass: 'laptop', tail: true }, 'wired')).toBeNull();
    expect(radioFor('wired')).toBeNull();
    expect(radioFor('4g')?.name).toBe('LTE');
  });
});

describe('energy per split point', () => {
  const o = {
    layers: 2,
    fullMs: 100,
    edgeFactor: 4,
    network: NETWORK_PROFILES.wifi,
    batch: 1,
    seq: 128,
    hidden: 64,
    dtype: 'fp32' as const,
    inputBytes: 1000,
    outputBytes: 8,
  };
  const rows = splitTable(
    [
      { layer: 0, headMs: 0 },
      { layer: 1, headMs: 50 },
      { layer: 2, headMs: 100 },
    ],
    o,
  );
  const at = (layer: number, dtype: 'fp32' | 'int8' = 'fp32') =>
    splitEnergy(splitTable([{ layer, headMs: layer * 50 }], { ...o, dtype })[0]!, 2, 8, o.network, 'wifi', {
      deviceClass: 'phone',
      tail: true,
    })!;

  it('is the head alone when every layer runs here', () => {
    expect(splitEnergy(rows[2]!, 2, 8, o.network, 'wifi', { deviceClass: 'phone', tail: true })!.typical).toBeCloseTo(0.4, 12);
  });

  it('adds the head and the radio cost of the tensor, which an int8 tensor cuts', () => {
    const fp32 = at(1);
    const int8 = at(1, 'int8');
    expect(fp32.typical).toBeGreaterThan(int8.typical);
    // The head: 50 ms at 4 W = 0.2 J, in both.
    expect(int8.typical).toBeGreaterThan(0.2);
    // fp32 sends 128×64×4 + 128 = 32896 B, int8 128×64 + 128 = 8320 B: 24576 B more at 15 Mbps (13.1072 ms) at
    // 4380.41 mW = 57.415 mJ.
    expect((fp32.typical - int8.typical) * 1000).toBeCloseTo(57.415, 2);
  });
});
