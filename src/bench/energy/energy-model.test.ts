// Worked examples of the energy model from the published constants, computed by hand (not by the code under test):
// Huang et al. MobiSys 2012's power model P = αu·tu + αd·td + β, and a phone computing 0.5 s at 5 W.
import { describe, expect, it } from 'vitest';
import { DEVICE_POWER, RADIO_MODELS, type Constant } from './constants.ts';
import { addEnergy, computeEnergy, formatEnergy, perItem, radioEnergy } from './energy-model.ts';

const MB = 1_000_000;
const upload = (upMbps: number, tail: boolean) => ({ upBytes: MB, downBytes: 0, upMbps, downMbps: 1, waitMs: 0, tail });

describe('compute energy', () => {
  it('a phone computing 0.5 s at 5 W spends 2.5 J', () => {
    const fiveWatts: Constant = { low: 5, typical: 5, high: 5, unit: 'W', source: 'example' };
    const e = computeEnergy(fiveWatts, 500);
    expect(e.typical).toBeCloseTo(2.5, 12);
    expect(e.low).toBeCloseTo(2.5, 12);
    expect(e.label).toBe('modelled');
    expect(e.sources).toEqual(['example']);
  });

  it("takes its range from the device class's low and high power", () => {
    // Phone: 2–6 W, typically 4 W; 250 ms busy is 0.5–1.5 J, typically 1 J.
    const e = computeEnergy(DEVICE_POWER.phone, 250);
    expect([e.low, e.typical, e.high]).toEqual([0.5, 1, 1.5]);
  });
});

describe('radio energy (Huang et al. 2012)', () => {
  it('uploading 1 MB over Wi-Fi at 15 Mbps', () => {
    // 8 Mbit / 15 Mbps = 0.533333 s; P = 283.17 × 15 + 132.86 = 4380.41 mW; E = 4.38041 W × 0.533333 s = 2.336219 J.
    const e = radioEnergy(RADIO_MODELS.wifi, upload(15, true));
    expect(e.typical).toBeCloseTo(2.336219, 5);
    // Every term is linear in one constant, each ±6%: the ends are ±6% of the whole.
    expect(e.low).toBeCloseTo(2.336219 * 0.94, 5);
    expect(e.high).toBeCloseTo(2.336219 * 1.06, 5);
    expect(e.rough).toBe(false);
  });

  it('uploading 1 MB over LTE at 9 Mbps, without and with the tail', () => {
    // 8 Mbit / 9 Mbps = 0.888889 s; P = 438.39 × 9 + 1288.04 = 5233.55 mW; E = 5.23355 × 0.888889 = 4.652044 J.
    expect(radioEnergy(RADIO_MODELS.lte, upload(9, false)).typical).toBeCloseTo(4.652044, 5);
    // The tail after the burst: 1060 mW for 11.576 s = 12.27056 J.
    const withTail = radioEnergy(RADIO_MODELS.lte, upload(9, true));
    expect(withTail.typical).toBeCloseTo(4.652044 + 12.27056, 4);
    // The tail's power and timer are both at their low (×0.94) ends: 12.27056 × 0.94².
    expect(withTail.low).toBeCloseTo(4.652044 * 0.94 + 12.27056 * 0.94 * 0.94, 4);
    expect(withTail.sources.some((s) => s.includes('LTE tail power'))).toBe(true);
  });

  it('downloading uses αd, and waiting costs β', () => {
    // 3G: 100 kB down at 1.6 Mbps = 0.5 s at 122.12 × 1.6 + 817.88 = 1013.272 mW = 0.506636 J; 200 ms wait at
    // 817.88 mW = 0.163576 J.
    const e = radioEnergy(RADIO_MODELS['3g'], {
      upBytes: 0,
      downBytes: 100_000,
      upMbps: 1,
      downMbps: 1.6,
      waitMs: 200,
      tail: true,
    });
    expect(e.typical).toBeCloseTo(0.506636 + 0.163576, 6);
  });

  it('labels 5G rough', () => {
    const e = radioEnergy(RADIO_MODELS['5g'], upload(50, false));
    expect(e.rough).toBe(true);
    expect(formatEnergy(e)).toMatch(/rough$/);
    expect(e.high).toBeGreaterThan(e.typical);
  });

  it('refuses a link without a rate', () => {
    expect(() => radioEnergy(RADIO_MODELS.wifi, upload(0, false))).toThrow(RangeError);
  });
});

describe('combining figures', () => {
  it('adds ends, keeps each source once and the weakest label', () => {
    const a = computeEnergy(DEVICE_POWER.phone, 250);
    const b = { ...a, label: 'measured' as const };
    const sum = addEnergy(a, b);
    expect(sum.typical).toBe(2);
    expect(sum.sources).toHaveLength(1);
    expect(sum.label).toBe('modelled');
    expect(perItem(sum, 4).typical).toBe(0.5);
  });

  it('formats in a unit that suits the value', () => {
    expect(formatEnergy(computeEnergy(DEVICE_POWER.phone, 250))).toBe('1.0 J (0.50–1.5)');
    expect(formatEnergy(computeEnergy(DEVICE_POWER.phone, 3))).toBe('12.0 mJ (6.0–18.0)');
  });
});
