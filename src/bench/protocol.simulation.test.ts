// Seeded simulations of the whole adaptive protocol on stationary simulated devices: the reported 95% interval's
// coverage, the drift test's false-positive rate, and its power against a 15% step at the sample counts the protocol
// produces, and how often each server flag fires on honest runs. The figures are printed and recorded in
// docs/measurement.md.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL } from '../shared/run-plan.ts';
import type { RunResult } from '../shared/run-result.ts';
import { sampleResult } from './testing/sample-result.ts';
import { excludesFromAggregates } from '../shared/validity.ts';
import { analyze } from './analyze.ts';
import { driftTest } from './drift.ts';
import { runProtocol, type Measure } from './protocol.ts';
import { median } from './stats.ts';
import { bimodal, lognormal, type LatencyModel } from './testing/latency-models.ts';
import { validityFlags } from './validity-flags.ts';
import { verifyResult } from './verify-result.ts';

const RUNS = 1000;

/** A device whose batch size b has latency model models[b]. */
function device(models: Record<number, LatencyModel>): Measure {
  return async (batchSize, count) => Float64Array.from({ length: count }, () => models[batchSize]!.draw());
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

describe('protocol simulation', () => {
  describe('the reported 95% interval of the median covers the true median in at least 94% of adaptive runs', () => {
    const cases = [
      lognormal(20, 0.3, 101),
      lognormal(200, 0.3, 102),
      lognormal(20, 0.4, 103),
      bimodal(20, 104),
      bimodal(200, 105),
    ];
    for (const model of cases) {
      it(
        model.name,
        async () => {
          let covered = 0;
          let onTarget = 0;
          const counts: number[] = [];
          const widths: number[] = [];
          for (let run = 0; run < RUNS; run++) {
            const raw = await runProtocol(device({ 1: model }), [1], DEFAULT_PROTOCOL);
            const point = analyze(raw).points[0]!;
            if (point.stats.ci95.lo <= model.median && model.median <= point.stats.ci95.hi) covered++;
            if (point.stoppedBy === 'target') {
              onTarget++;
              // Stopping on the larger half-width: both ends are within the target.
              expect(point.stats.relCiHalfWidth).toBeLessThanOrEqual(DEFAULT_PROTOCOL.targetRelCi);
            }
            counts.push(point.stats.n);
            widths.push(point.stats.relCiHalfWidth);
          }
          console.log(
            `coverage ${model.name}: ${percent(covered / RUNS)} of ${RUNS} runs, median n ${median(counts)}, ` +
              `median half-width ±${percent(median(widths))}, stopped on target ${percent(onTarget / RUNS)}`,
          );
          expect(covered / RUNS).toBeGreaterThanOrEqual(0.94);
        },
        120_000,
      );
    }
  });

  describe('drift: at most 5% of runs on a stationary device are flagged or re-measured, for σ up to 0.4', () => {
    for (const sigma of [0.1, 0.25, 0.4]) {
      it(`lognormal σ=${sigma}, two batch sizes at 20 and 22 ms`, async () => {
        let flagged = 0;
        let remeasured = 0;
        for (let run = 0; run < RUNS; run++) {
          const seed = 1000 * sigma + run * 7919;
          const models = { 1: lognormal(20, sigma, seed), 2: lognormal(22, sigma, seed + 1) };
          const raw = await runProtocol(device(models), [1, 2], DEFAULT_PROTOCOL);
          if (raw.points.some((p) => p.discardedMs.length > 0)) remeasured++;
          if (analyze(raw).flags.drift) flagged++;
        }
        console.log(
          `drift false positives σ=${sigma}: re-measured ${percent(remeasured / RUNS)}, flagged ${percent(flagged / RUNS)}`,
        );
        expect(remeasured / RUNS).toBeLessThanOrEqual(0.05);
        expect(flagged / RUNS).toBeLessThanOrEqual(0.05);
      }, 120_000);
    }
  });

  describe('drift: a 15% step halfway through is detected in at least 80% of runs at the protocol’s sample counts', () => {
    // The sample sequences the protocol produced on a stationary device, with every sample after the middle made 15%
    // slower; tested at the level of the default plan (six batch sizes share 5%).
    const points = 6;
    for (const model of [lognormal(20, 0.3, 201), lognormal(20, 0.4, 202), bimodal(20, 203)]) {
      it(
        model.name,
        async () => {
          let detected = 0;
          const counts: number[] = [];
          for (let run = 0; run < RUNS; run++) {
            const raw = await runProtocol(device({ 1: model }), [1], DEFAULT_PROTOCOL);
            const samples = raw.points[0]!.samplesMs;
            const stepped = samples.map((s, i) => (i >= samples.length / 2 ? s * 1.15 : s));
            counts.push(samples.length);
            if (driftTest(stepped, points)?.drifting) detected++;
          }
          console.log(`drift power ${model.name}: ${percent(detected / RUNS)} at median n ${median(counts)}`);
          expect(detected / RUNS).toBeGreaterThanOrEqual(0.8);
        },
        120_000,
      );
    }
  });
});

describe('flag calibration: honest stationary runs, judged by the server’s rules', () => {
  // σ = 0.01 is a very quiet desktop, 0.4 a noisy phone. Each run is turned into a RunResult as the app builds it and
  // judged with the same request user-agent, as an honest browser's submission is.
  for (const sigma of [0.01, 0.1, 0.4]) {
    it(`lognormal σ=${sigma}: no excluding flag on more than 5% of runs`, async () => {
      const counts = new Map<string, number>();
      const runs = 500;
      for (let run = 0; run < runs; run++) {
        const seed = 5000 + Math.round(sigma * 1000) * 7 + run * 104729;
        const models = { 1: lognormal(20, sigma, seed), 2: lognormal(22, sigma, seed + 1) };
        const raw = await runProtocol(device(models), [1, 2], DEFAULT_PROTOCOL);
        const a = analyze(raw);
        const base = sampleResult();
        const result: RunResult = {
          ...base,
          plan: { ...base.plan, protocol: DEFAULT_PROTOCOL },
          points: a.points,
          fit: a.fit,
          correlation: a.correlation,
          saturationBatch: a.saturationBatch,
        };
        const flags = validityFlags(verifyResult(result), { parameters: 125e6, requestUserAgent: base.environment.userAgent });
        for (const f of flags) counts.set(f, (counts.get(f) ?? 0) + 1);
        if (excludesFromAggregates(flags)) counts.set('excluded', (counts.get('excluded') ?? 0) + 1);
      }
      const rates = Object.fromEntries([...counts].map(([f, n]) => [f, percent(n / runs)]));
      console.log(`flags σ=${sigma}: ${JSON.stringify(rates)}`);
      expect((counts.get('excluded') ?? 0) / runs).toBeLessThanOrEqual(0.05);
    }, 120_000);
  }
});
