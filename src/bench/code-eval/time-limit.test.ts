// Time-limit scaling against hand-computed cases.
import { describe, expect, it } from 'vitest';
import { recheckCalibration, REFERENCE_CALIBRATION_MS, scaleTimeLimit, withReferenceLimit } from './time-limit.ts';

describe('scaleTimeLimit', () => {
  it('scales the reference limit by the median slowdown', () => {
    const c = scaleTimeLimit([200, 210, 250], 3, 100);
    expect(c.medianMs).toBe(210);
    expect(c.factor).toBeCloseTo(2.1, 12);
    expect(c.effectiveLimitS).toBeCloseTo(6.3, 12);
    expect(c.clamped).toBe(false);
  });

  it('never goes below the reference limit, nor past 30 times it', () => {
    expect(scaleTimeLimit([50], 3, 100)).toMatchObject({ factor: 1, effectiveLimitS: 3, clamped: true });
    expect(scaleTimeLimit([100_000], 3, 100)).toMatchObject({ factor: 30, effectiveLimitS: 90, clamped: true });
  });

  it('uses the recorded reference by default and keeps the runs when the limit changes', () => {
    const c = scaleTimeLimit([REFERENCE_CALIBRATION_MS * 2]);
    expect(c).toMatchObject({ referenceLimitS: 3, factor: 2, effectiveLimitS: 6 });
    expect(withReferenceLimit(c, 1)).toMatchObject({ referenceLimitS: 1, factor: 2, effectiveLimitS: 2, runsMs: c.runsMs });
  });

  it('refuses times that are not positive and finite', () => {
    expect(() => scaleTimeLimit([])).toThrow(RangeError);
    expect(() => scaleTimeLimit([0])).toThrow(RangeError);
    expect(() => scaleTimeLimit([Number.NaN])).toThrow(RangeError);
    expect(() => scaleTimeLimit([100], 0)).toThrow(RangeError);
  });
});

describe('recheckCalibration', () => {
  const start = scaleTimeLimit([200, 210, 190], 3, 82);

  it('compares the re-check median with the calibration and flags drift either way beyond 1.5×', () => {
    expect(recheckCalibration(start, [220, 200, 240])).toEqual({
      runsMs: [220, 200, 240],
      medianMs: 220,
      ratio: 1.1,
      drifted: false,
    });
    expect(recheckCalibration(start, [310, 320, 305]).drifted).toBe(true);
    expect(recheckCalibration(start, [300, 300, 300]).drifted).toBe(false);
    // A calibration inflated 3× (measured while the system recovered) shows as a device three times faster later.
    expect(recheckCalibration(scaleTimeLimit([600, 600, 600], 3, 82), [200, 200, 200])).toMatchObject({
      ratio: 1 / 3,
      drifted: true,
    });
  });

  it('refuses times that are not positive and finite', () => {
    expect(() => recheckCalibration(start, [])).toThrow(RangeError);
    expect(() => recheckCalibration(start, [100, Number.NaN])).toThrow(RangeError);
  });
});
