// What the code page's tests say a started Python sandbox and its calibration were (pure, any thread).
import type { TimeCalibration } from '../../../bench/code-eval/time-limit.ts';
import type { SandboxInfo } from '../../../shared/contracts/sandbox.ts';

export const SANDBOX_INFO: SandboxInfo = {
  pyodideVersion: '0.29.0',
  pythonVersion: '3.13',
  loadMs: 900,
  snapshotBytes: 2 ** 24,
  bootMs: 40,
  spares: 2,
};

/** A device twice as slow as the reference: a 2 s limit becomes 4 s. */
export const CALIBRATION: TimeCalibration = {
  runsMs: [20, 20, 20],
  medianMs: 20,
  referenceMs: 10,
  factor: 2,
  clamped: false,
  referenceLimitS: 2,
  effectiveLimitS: 4,
};
