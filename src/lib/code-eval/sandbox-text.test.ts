import { describe, expect, it } from 'vitest';
import { scaleTimeLimit } from '../../bench/code-eval/time-limit.ts';
import { describePassKSandbox, driftWarning } from './sandbox-text.ts';
import { SANDBOX_INFO } from './testing/sandbox-info.ts';

const timeLimit = scaleTimeLimit([164, 170, 160], 3, 82);
const set = (ratio: number, drifted: boolean) => ({
  sandbox: {
    ...SANDBOX_INFO,
    isolation: 'fresh-interpreter-per-program' as const,
    interpreters: 12,
  },
  timeLimit,
  recheck: { runsMs: [164 * ratio], medianMs: 164 * ratio, ratio, drifted },
});

describe('the pass@k sandbox sentence and its drift warning', () => {
  it('says where programs ran, under which limit, and how the re-check compared', () => {
    expect(describePassKSandbox(set(1.05, false))).toBe(
      'every completion ran in its own fresh interpreter (12 started this session; Pyodide 0.29.0, opaque origin, no network). ' +
        "Time limit 6.0 s per program: 3 s at the reference speed × 2.00, this device's calibration (164 ms against 82 ms); " +
        're-checked after the set: 172 ms (1.05× the calibration).',
    );
    expect(driftWarning(set(1.05, false))).toBeNull();
  });

  it('warns in words which way the device drifted', () => {
    expect(driftWarning(set(2, true))).toMatch(/^This device ran the calibration program 2\.00× slower after the set/);
    expect(driftWarning(set(0.25, true))).toMatch(/4\.00× faster after the set .* the calibration was inflated/);
  });
});
