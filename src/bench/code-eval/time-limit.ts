// Time limits that mean the same on every device (pure; runs everywhere). The reference limit (3 s, as in the
// official HumanEval harness) holds at the reference speed: CPython running the calibration program in
// REFERENCE_CALIBRATION_MS. A device whose sandbox runs the same program k times slower gets k times the limit.
import { median } from '../stats.ts';

/** The calibration program: loops, dict and string work, sorting and recursion, like typical solutions. */
export const CALIBRATION_PROGRAM = `def _calibrate():
    total = 0
    for i in range(200000):
        total += (i * i) % 7
    table = {}
    for i in range(100000):
        table[str(i)] = i
    chars = sum(len(k) for k in table)
    words = ' '.join(str(i) for i in range(50000)).split()
    words.sort(key=lambda w: (len(w), w[::-1]))
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    return total + chars + len(words) + fib(22)

assert _calibrate() == 956600
`;

/** CPython 3.11.7 on the project's 2-core CI machine (AMD EPYC): median of 15 warm runs of the program, ms. */
export const REFERENCE_CALIBRATION_MS = 82;

/** The same kinds of work in JavaScript, for the QuickJS sandbox. */
export const JS_CALIBRATION_PROGRAM = `const calibrate = () => {
  let total = 0
  for (let i = 0; i < 200000; i++) total += (i * i) % 7
  const table = {}
  for (let i = 0; i < 50000; i++) table[String(i)] = i
  let chars = 0
  for (const k of Object.keys(table)) chars += k.length
  const words = Array.from({ length: 20000 }, (_, i) => String(i)).join(' ').split(' ')
  words.sort((a, b) => a.length - b.length || (a < b ? 1 : a > b ? -1 : 0))
  const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2))
  return total + chars + words.length + fib(20) + words[0].length
}
const got = calibrate()
if (got !== 665655) throw new Error('calibration gave ' + got)
`;

/**
 * QuickJS (quickjs-emscripten 0.32.0, release-sync) in Node 20 on the project's 2-core CI machine (Intel Xeon,
 * 2026-12-06): median of 15 runs of JS_CALIBRATION_PROGRAM, each in a fresh runtime, ms. The reference is QuickJS,
 * not Node: Node ran the same program in about 28 ms (7× faster, a JIT against an interpreter), so a HumanEval-X
 * program that needs more than a seventh of the limit in Node can time out here where the official harness passes
 * it. docs/sandbox.md gives the slowest canonical solution's time.
 */
export const JS_REFERENCE_CALIBRATION_MS = 197;
/** The same work in Lua (the same answer: 665655), for the Lua sandbox. */
export const LUA_CALIBRATION_PROGRAM = `local function calibrate()
  local total = 0
  for i = 0, 199999 do total = total + (i * i) % 7 end
  local t = {}
  for i = 0, 49999 do t[tostring(i)] = i end
  local chars = 0
  for k in pairs(t) do chars = chars + #k end
  local numbers = {}
  for i = 0, 19999 do numbers[#numbers + 1] = tostring(i) end
  local words = {}
  for w in table.concat(numbers, ' '):gmatch('%S+') do words[#words + 1] = w end
  table.sort(words, function(a, b) if #a ~= #b then return #a < #b end return a > b end)
  local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
  return total + chars + #words + fib(20) + #words[1]
end
local got = calibrate()
if got ~= 665655 then error('calibration gave ' .. tostring(got)) end
`;

/**
 * Lua (wasmoon 1.16.0, Lua 5.4) in Node 20 on the same machine (2026-12-06): median of 15 runs of
 * LUA_CALIBRATION_PROGRAM, each the first program of a fresh wasm instance as in a browser worker (state, prelude and
 * program timed, instantiation not), ms; a second series on the same machine gave 190, so the first, quieter one is
 * the reference. The reference is wasmoon, not the native `lua` that MultiPL-E's harness runs (docs/sandbox.md).
 */
export const LUA_REFERENCE_CALIBRATION_MS = 124;
export const REFERENCE_LIMIT_S = 3;
/** The factor never lowers the limit below the reference, and never stretches a loop past 30× it. */
export const FACTOR_BOUNDS = [1, 30] as const;
export const CALIBRATION_RUNS = 3;

export interface TimeCalibration {
  /** Each calibration run's time in the sandbox, ms (fresh interpreter each, nothing else running). */
  runsMs: number[];
  medianMs: number;
  referenceMs: number;
  /** medianMs / referenceMs, clamped to FACTOR_BOUNDS. */
  factor: number;
  clamped: boolean;
  referenceLimitS: number;
  /** The limit every program gets on this device: referenceLimitS × factor. */
  effectiveLimitS: number;
}

/** Scales the reference limit by how much slower than the reference this device ran the calibration program. */
export function scaleTimeLimit(
  runsMs: readonly number[],
  referenceLimitS = REFERENCE_LIMIT_S,
  referenceMs = REFERENCE_CALIBRATION_MS,
): TimeCalibration {
  if (runsMs.length === 0 || runsMs.some((ms) => !(ms > 0) || !Number.isFinite(ms)))
    throw new RangeError('calibration needs positive, finite times');
  if (!(referenceLimitS > 0)) throw new RangeError('the reference limit must be positive');
  const medianMs = median(runsMs);
  const raw = medianMs / referenceMs;
  const factor = Math.min(FACTOR_BOUNDS[1], Math.max(FACTOR_BOUNDS[0], raw));
  return {
    runsMs: [...runsMs],
    medianMs,
    referenceMs,
    factor,
    clamped: factor !== raw,
    referenceLimitS,
    effectiveLimitS: referenceLimitS * factor,
  };
}

/** The same calibration with another reference limit (the person changed the setting). */
export function withReferenceLimit(c: TimeCalibration, referenceLimitS: number): TimeCalibration {
  return scaleTimeLimit(c.runsMs, referenceLimitS, c.referenceMs);
}

/** A re-check that ran the calibration program this much slower or faster than the calibration flags the run. */
export const DRIFT_BOUND = 1.5;

/** The calibration program run again later in a run (after a set's programs), against the calibration that set the
 *  limit. The limit is never changed by it: a run keeps one limit, and a drifted one is flagged instead. */
export interface CalibrationRecheck {
  runsMs: number[];
  medianMs: number;
  /** The re-check's median ÷ the calibration's. */
  ratio: number;
  /** ratio above DRIFT_BOUND (the device slowed: the limit was short for later programs) or below 1 / DRIFT_BOUND (the
   *  calibration was inflated, e.g. measured while the system recovered from a crash: the limit was long). */
  drifted: boolean;
}

export function recheckCalibration(c: TimeCalibration, runsMs: readonly number[]): CalibrationRecheck {
  if (runsMs.length === 0 || runsMs.some((ms) => !(ms > 0) || !Number.isFinite(ms)))
    throw new RangeError('a re-check needs positive, finite times');
  const medianMs = median(runsMs);
  const ratio = medianMs / c.medianMs;
  return { runsMs: [...runsMs], medianMs, ratio, drifted: ratio > DRIFT_BOUND || ratio < 1 / DRIFT_BOUND };
}
