import { describe, expect, it } from 'vitest';
import { sampleEnergy } from '../../src/bench/testing/sample-energy.ts';
import { sampleResult } from '../../src/bench/testing/sample-result.ts';
import { RoomEventSchema } from '../../src/shared/rooms.ts';
import * as v from 'valibot';
import { sampleRow } from '../store/testing/sample-rows.ts';
import { resultEvent } from './room-service.ts';

describe("a room's result event", () => {
  it('carries the battery 1,000 inferences cost where the run measured its drain, from the verified figures', () => {
    const result = { ...sampleResult(), energy: sampleEnergy() };
    const e = resultEvent(sampleRow({ result }), 'device-1', result);
    // The sample drains 5 steps under load over 4,000 inferences: 800 per 1%, so 1.25% per 1,000.
    expect(e.kind === 'result' && e.batteryPer1000).toBeCloseTo(1.25, 12);
    expect(v.parse(RoomEventSchema, e)).toEqual(e);
  });

  it('carries none without a measured drain', () => {
    const plain = resultEvent(sampleRow(), 'device-1', sampleResult());
    expect('batteryPer1000' in plain).toBe(false);
    const unmeasured = { ...sampleResult(), energy: { ...sampleEnergy(), drain: null } };
    expect('batteryPer1000' in resultEvent(sampleRow(), 'device-1', unmeasured)).toBe(false);
  });
});
