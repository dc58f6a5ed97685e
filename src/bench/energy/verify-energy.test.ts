import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../shared/errors.ts';
import { sampleEnergy as honest } from '../testing/sample-energy.ts';
import { energyFigures } from './energy-section.ts';
import { verifyEnergy } from './verify-energy.ts';

describe('verifying an energy section', () => {
  it('accepts an honest one, whose figures follow from its record', () => {
    const e = honest();
    expect(verifyEnergy(e, 4)).toBe(e);
    // 5 steps in 50 s under load = 360 %/h; 2 steps in 50 s idle = 144 %/h.
    expect(e.drain?.a?.percentPerHour).toBeCloseTo(360, 9);
    expect(e.drain?.b?.percentPerHour).toBeCloseTo(144, 9);
    expect(e.drain?.difference?.percentPerHour).toBeCloseTo(216, 9);
    expect(e.summary.stability).toBe(1);
    expect(e.joulesPerItem.derived?.label).toBe('derived');
  });

  it('refuses an edited drain rate, stability or derived figure, naming the field', () => {
    const drain = honest();
    drain.drain!.a!.percentPerHour = 100;
    expect(() => verifyEnergy(drain, 4)).toThrow(/energy\.drain\.a\.percentPerHour does not follow/);
    const stable = honest();
    stable.summary.throttled = true;
    expect(() => verifyEnergy(stable, 4)).toThrow(/energy\.summary\.throttled/);
    const joules = honest();
    joules.joulesPerItem.derived!.typical *= 2;
    expect(() => verifyEnergy(joules, 4)).toThrow(VerificationError);
  });

  it('refuses a record that cannot be', () => {
    const overlap = honest();
    overlap.windows[3]!.startMs = 10_000;
    expect(() => verifyEnergy(overlap, 4)).toThrow(/windows\.3 overlaps/);
    const busyIdle = honest();
    busyIdle.windows[15]!.items = 8;
    expect(() => verifyEnergy(busyIdle, 4)).toThrow(/windows\.15\.items is not 0/);
    const partRun = honest();
    partRun.windows[0]!.items = 401;
    expect(() => verifyEnergy(partRun, 4)).toThrow(/whole runs/);
    const level = honest();
    level.batterySamples[1]!.level = 0.795;
    expect(() => verifyEnergy(level, 4)).toThrow(/whole percent/);
    expect(() => verifyEnergy(honest(), 8)).toThrow(/batchSize/);
    const modelled = honest();
    modelled.joulesPerItem.modelled.label = 'measured';
    expect(() => verifyEnergy(modelled, 4)).toThrow(/modelled/);
  });

  it('has no drain where the battery could not measure', () => {
    const e = honest();
    const f = energyFigures({ ...e, batteryUnusable: 'no Battery Status API' });
    expect(f.drain).toBeNull();
    expect(f.derived).toBeNull();
    expect(() => verifyEnergy({ ...e, batteryUnusable: 'no Battery Status API' }, 4)).toThrow(/energy\.drain/);
  });
});

describe('an A/B at two batch sizes', () => {
  it('accepts phase B loaded at its own batch size, and refuses part runs of it', () => {
    const e = honest();
    e.protocol = { ...e.protocol, then: 'batch', thenBatch: 2 };
    for (const w of e.windows) if (w.phase === 'B') w.items = 100;
    const f = energyFigures(e);
    const ab = { ...e, summary: f.summary, drain: f.drain, joulesPerItem: { ...e.joulesPerItem, derived: f.derived } };
    expect(verifyEnergy(ab, 4)).toBe(ab);
    expect(ab.drain?.b?.itemsPerPercent).toBe(500);
    const part = structuredClone(ab);
    part.windows[12]!.items = 101;
    expect(() => verifyEnergy(part, 4)).toThrow(/windows\.12\.items is not whole runs of batch 2/);
    const noBatch = structuredClone(ab);
    delete noBatch.protocol.thenBatch;
    expect(() => verifyEnergy(noBatch, 4)).toThrow(/thenBatch/);
  });
});
