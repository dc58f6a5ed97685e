// The exported pass@k run's schema (runs everywhere, pure): what `Export JSON` on the code page writes, for whoever
// reads such a file (the e2e suite checks every export with it). The interface in passk-run.ts must agree (checked below).
import * as v from 'valibot';
import { parseData } from '../../shared/parse-data.ts';
import { EnvironmentSchema } from '../../shared/run-result.ts';
import {
  JsSandboxInfoSchema,
  LuaSandboxInfoSchema,
  PROGRAM_OUTCOMES,
  SandboxInfoSchema,
} from '../../shared/contracts/sandbox.ts';
import { CODE_LANGUAGES } from '../../shared/code-problems/code-problems.ts';
import { PASSK_SCHEMA_VERSION, type PassKRun } from './passk-run.ts';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const fraction = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const name = v.pipe(v.string(), v.maxLength(500));
const outcome = v.picklist(PROGRAM_OUTCOMES);
const isolation = { isolation: v.literal('fresh-interpreter-per-program'), interpreters: count };

const SampleSchema = v.strictObject({
  completion: v.pipe(v.string(), v.maxLength(100_000)),
  newTokens: count,
  outcome,
  errorType: v.nullable(name),
  message: v.nullable(v.pipe(v.string(), v.maxLength(5000))),
  sandboxMs: nonNegative,
});

const interval = v.strictObject({ lo: nonNegative, hi: nonNegative });
const format = v.picklist(['humaneval', 'mbpp', 'humaneval-x', 'multipl-e']);
const language = v.picklist(CODE_LANGUAGES);

const SummarySchema = v.strictObject({
  problems: count,
  passAtK: v.array(
    v.strictObject({
      k: v.pipe(v.number(), v.integer(), v.minValue(1)),
      value: v.nullable(fraction),
      ci95: v.nullable(v.strictObject({ lo: fraction, hi: fraction })),
    }),
  ),
  outcomes: v.strictObject({ pass: count, fail: count, error: count, timeout: count, crash: count }),
  tokensPerSecond: nonNegative,
  medianGenerateMs: nonNegative,
  generateMsCi95: interval,
  medianProblemMs: nonNegative,
});

const SetRunSchema = v.strictObject({
  problemSet: v.strictObject({ id: name, name, format, language }),
  sandbox: v.union([
    v.strictObject({ ...SandboxInfoSchema.entries, ...isolation }),
    v.strictObject({ ...JsSandboxInfoSchema.entries, ...isolation }),
    v.strictObject({ ...LuaSandboxInfoSchema.entries, ...isolation }),
  ]),
  timeLimit: v.strictObject({
    runsMs: v.array(nonNegative),
    medianMs: nonNegative,
    referenceMs: nonNegative,
    factor: nonNegative,
    clamped: v.boolean(),
    referenceLimitS: nonNegative,
    effectiveLimitS: nonNegative,
  }),
  recheck: v.strictObject({ runsMs: v.array(nonNegative), medianMs: nonNegative, ratio: nonNegative, drifted: v.boolean() }),
  oracle: v.nullable(
    v.strictObject({
      canonicalPassAt1: v.nullable(fraction),
      wrongPassAt1: v.nullable(fraction),
      loopingTimedOut: v.nullable(v.boolean()),
      mismatches: count,
      ok: v.boolean(),
    }),
  ),
  summary: SummarySchema,
});

export const PassKRunSchema = v.strictObject({
  schemaVersion: v.literal(PASSK_SCHEMA_VERSION),
  kind: v.literal('pass-at-k'),
  id: name,
  createdAt: name,
  appVersion: name,
  model: v.strictObject({ id: name, variant: name }),
  environment: EnvironmentSchema,
  sampling: v.strictObject({
    samples: v.pipe(v.number(), v.integer(), v.minValue(1)),
    maxNewTokens: v.pipe(v.number(), v.integer(), v.minValue(1)),
    temperature: nonNegative,
    topK: count,
    topP: v.literal('not applied'),
    seeded: v.literal(false),
    stopStrings: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(100)),
    order: v.literal('interleaved'),
  }),
  sets: v.pipe(v.array(SetRunSchema), v.minLength(1), v.maxLength(20)),
  problems: v.array(
    v.strictObject({
      problemSet: name,
      taskId: name,
      format,
      language,
      generateMs: nonNegative,
      samples: v.array(SampleSchema),
    }),
  ),
  summary: SummarySchema,
  comparisons: v.array(
    v.strictObject({
      a: name,
      b: name,
      k: v.pipe(v.number(), v.integer(), v.minValue(1)),
      overlap: v.boolean(),
      statement: v.pipe(v.string(), v.maxLength(1000)),
    }),
  ),
});

type Parsed = v.InferOutput<typeof PassKRunSchema>;
const sameShape: [Parsed, PassKRun] extends [PassKRun, Parsed] ? true : never = true;
void sameShape;

/** A pass@k run from untrusted JSON; DataFormatError names the first problem. */
export function parsePassKRun(input: unknown): PassKRun {
  return parseData(PassKRunSchema, input, 'not a valid pass@k run');
}
