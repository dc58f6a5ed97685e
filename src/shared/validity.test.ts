import { describe, expect, it } from 'vitest';
import { sampleResult } from './testing/sample-result.ts';
import { PLAUSIBLE_FLOPS, validityFlags } from './validity.ts';

describe('validity flags computed from the data', () => {
  it('a clean result has none', () => {
    expect(validityFlags(sampleResult(), 1_000_000)).toEqual([]);
  });

  it('raises fallback, provider, background, drift, lost device and emulation from the result', () => {
    const r = sampleResult();
    r.flags = { ...r.flags, backgrounded: true, drift: true, deviceLost: true };
    r.environment.requestedProvider = 'webgpu';
    r.environment.adapter = {
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: '',
      isFallbackAdapter: true,
      features: [],
    };
    r.environment.emulation = {
      cpuThrottle: 4,
      cpuThrottleMeasured: 4,
      cpuThrottleMethod: 'x',
      network: null,
      webgpuSwiftShader: false,
      declaredBy: 'tierlab-cli',
    };
    expect(validityFlags(r, null)).toEqual([
      'fallbackAdapter',
      'providerFallback',
      'backgrounded',
      'drift',
      'deviceLost',
      'emulated',
    ]);
  });

  it('identical samples are a frozen timer', () => {
    const r = sampleResult();
    r.points[0]!.samplesMs = [2, 2, 2, 2];
    expect(validityFlags(r, null)).toEqual(['zeroVariance']);
  });

  it("a speed beyond any device for the model's work is implausible; at the limit it is not", () => {
    const r = sampleResult();
    // Parameters that make the fastest point run at exactly the limit.
    const atLimit = Math.min(
      ...r.points.map((p) => {
        const tokens = p.inputs?.sequenceLength ?? r.inputs.sequenceLength;
        return (PLAUSIBLE_FLOPS * (p.stats.median / 1000)) / (2 * tokens * p.batchSize);
      }),
    );
    expect(validityFlags(r, Math.floor(atLimit * 0.99))).not.toContain('implausibleSpeed');
    expect(validityFlags(r, Math.ceil(atLimit * 10))).toContain('implausibleSpeed');
  });
});
