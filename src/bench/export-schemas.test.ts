import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL } from '../shared/run-plan.ts';
import { sampleResult } from './testing/sample-result.ts';
import { ACCURACY_SCHEMA_VERSION, type AccuracyRun } from './accuracy/accuracy-run.ts';
import { parseAccuracyRun } from './accuracy/accuracy-run-schema.ts';
import {
  JS_MEMORY_LIMIT_BYTES,
  JS_STACK_LIMIT_BYTES,
  LUA_MEMORY_LIMIT_BYTES,
  LUA_RUNTIME_VERSION,
  QUICKJS_VERSION,
  TS_TRANSPILER,
} from '../shared/contracts/sandbox.ts';
import {
  comparePassK,
  PASSK_SCHEMA_VERSION,
  summarizePassK,
  type PassKRun,
  type PassKSetRun,
  type ProblemOutcome,
} from './code-eval/passk-run.ts';
import type { CodeLanguage, CodeProblem } from '../shared/code-problems/code-problems.ts';
import { parsePassKRun } from './code-eval/passk-run-schema.ts';

function accuracyRun(): AccuracyRun {
  return {
    schemaVersion: ACCURACY_SCHEMA_VERSION,
    kind: 'accuracy',
    id: 'a1',
    createdAt: '2026-12-01T00:00:00.000Z',
    appVersion: '0.1.0',
    plan: {
      baseModel: 'tierlab/tiny-code-encoder',
      variants: [{ modelId: 'tierlab/tiny-code-encoder', dtype: 'int8' }],
      runtime: 'onnxruntime-web',
      backend: 'wasm',
      datasetId: 'tierlab/language-id-set',
      seq: 128,
      batchSize: 4,
      budget: { stat: 'p90', maxMs: 50 },
      protocol: DEFAULT_PROTOCOL,
    },
    dataset: { id: 'tierlab/language-id-set', name: 'TierLab language ID', samples: 2, skipped: 0, source: 'bundled' },
    variants: [
      {
        key: 'tierlab/tiny-code-encoder int8 wasm',
        modelId: 'tierlab/tiny-code-encoder',
        variant: 'int8',
        family: 'teacher',
        label: 'tiny code encoder · int8',
        operators: ['int8'],
        metrics: {
          samples: 2,
          correct: 1,
          accuracy: 0.5,
          accuracyCi95: { lo: 0.09, hi: 0.91 },
          macroF1: 0.33,
          perClass: [{ label: 'python', precision: 1, recall: 0.5, f1: 0.67, support: 2 }],
          perGroup: [{ group: 'python', correct: 1, total: 2, accuracy: 0.5, ci95: { lo: 0.09, hi: 0.91 } }],
          confusion: [[1, 1]],
          labels: ['python', 'java'],
        },
        unmapped: 0,
        truncated: 0,
        agreement: {
          samples: 2,
          argmaxAgreement: 1,
          cosineMean: 0.99,
          cosineMin: 0.98,
          maxAbsDiff: 0.01,
          reference: 'fp32',
          drift: false,
        },
        latency: sampleResult(),
        evalMs: 12,
        tokenizeMs: 3,
      },
    ],
  };
}

const PYODIDE: PassKSetRun['sandbox'] = {
  pyodideVersion: '0.29.0',
  pythonVersion: '3.13.2',
  loadMs: 900,
  snapshotBytes: 1e7,
  bootMs: 200,
  spares: 2,
  isolation: 'fresh-interpreter-per-program',
  interpreters: 3,
};

function outcomes(problemSet: string, format: CodeProblem['format'], language: CodeLanguage): ProblemOutcome[] {
  return [
    {
      problemSet,
      taskId: `${language}/0`,
      format,
      language,
      generateMs: 100,
      samples: [{ completion: '    return 1\n', newTokens: 4, outcome: 'pass', errorType: null, message: null, sandboxMs: 30 }],
    },
  ];
}

function setRun(problems: ProblemOutcome[], sandbox: PassKSetRun['sandbox']): PassKSetRun {
  const p = problems[0]!;
  return {
    problemSet: { id: p.problemSet, name: `${p.language} set`, format: p.format, language: p.language },
    sandbox: { ...sandbox },
    timeLimit: {
      runsMs: [100, 110, 105],
      medianMs: 105,
      referenceMs: 50,
      factor: 2.1,
      clamped: false,
      referenceLimitS: 3,
      effectiveLimitS: 6.3,
    },
    recheck: { runsMs: [110, 100, 104], medianMs: 104, ratio: 104 / 105, drifted: false },
    oracle: null,
    summary: summarizePassK(problems),
  };
}

/** A run of the given sets (one Python set by default). */
function passkRun(
  sets: PassKSetRun[] = [setRun(outcomes('bundled', 'humaneval', 'python'), PYODIDE)],
  problems = outcomes('bundled', 'humaneval', 'python'),
): PassKRun {
  return {
    schemaVersion: PASSK_SCHEMA_VERSION,
    kind: 'pass-at-k',
    id: 'p1',
    createdAt: '2026-12-01T00:00:00.000Z',
    appVersion: '0.1.0',
    model: { id: 'tierlab/tiny-code-decoder', variant: 'q4' },
    environment: sampleResult().environment,
    sampling: {
      samples: 1,
      maxNewTokens: 64,
      temperature: 0.8,
      topK: 50,
      topP: 'not applied',
      seeded: false,
      stopStrings: ['\ndef ', '\nclass '],
      order: 'interleaved',
    },
    sets,
    problems,
    summary: summarizePassK(problems),
    comparisons: comparePassK(sets),
  };
}

describe('export schemas', () => {
  it('accept the runs the app builds', () => {
    expect(parseAccuracyRun(JSON.parse(JSON.stringify(accuracyRun())))).toEqual(accuracyRun());
    expect(parsePassKRun(JSON.parse(JSON.stringify(passkRun())))).toEqual(passkRun());
  });

  it('accept a run of Python, JavaScript, TypeScript (QuickJS) and Lua (wasmoon) sets, and refuse a sandbox that mixes runtimes', () => {
    const quickjs: PassKSetRun['sandbox'] = {
      runtime: 'quickjs',
      version: QUICKJS_VERSION,
      dialect: 'javascript',
      transpiler: null,
      loadMs: 300,
      bootMs: 20,
      spares: 2,
      memoryLimitBytes: JS_MEMORY_LIMIT_BYTES,
      stackLimitBytes: JS_STACK_LIMIT_BYTES,
      isolation: 'fresh-interpreter-per-program',
      interpreters: 3,
    };
    const wasmoon: PassKSetRun['sandbox'] = {
      runtime: 'wasmoon',
      version: LUA_RUNTIME_VERSION,
      loadMs: 200,
      bootMs: 15,
      spares: 2,
      memoryLimitBytes: LUA_MEMORY_LIMIT_BYTES,
      isolation: 'fresh-interpreter-per-program',
      interpreters: 3,
    };
    const parts = [
      [outcomes('hub:THUDM/humaneval-x-python', 'humaneval-x', 'python'), PYODIDE],
      [outcomes('hub:THUDM/humaneval-x-js', 'humaneval-x', 'javascript'), quickjs],
      [
        outcomes('bundled-multipl-e-ts', 'multipl-e', 'typescript'),
        { ...quickjs, dialect: 'typescript', transpiler: { ...TS_TRANSPILER } },
      ],
      [outcomes('bundled-multipl-e-lua', 'multipl-e', 'lua'), wasmoon],
    ] as const;
    const run = passkRun(
      parts.map(([o, sandbox]) => setRun(o, sandbox)),
      parts.flatMap(([o]) => o),
    );
    expect(run.comparisons).toHaveLength(6);
    expect(parsePassKRun(JSON.parse(JSON.stringify(run)))).toEqual(run);
    const mixed = structuredClone(run) as unknown as { sets: { sandbox: Record<string, unknown> }[] };
    mixed.sets[1]!.sandbox.pyodideVersion = '0.29.0';
    expect(() => parsePassKRun(mixed)).toThrow(/sets\.1\.sandbox/);
    const luaDialect = structuredClone(run) as unknown as { sets: { sandbox: Record<string, unknown> }[] };
    luaDialect.sets[3]!.sandbox.dialect = 'javascript';
    expect(() => parsePassKRun(luaDialect)).toThrow(/sets\.3\.sandbox/);
    const noLanguage = passkRun() as unknown as { problems: { language?: string }[] };
    delete noLanguage.problems[0]!.language;
    expect(() => parsePassKRun(noLanguage)).toThrow(/problems\.0\.language/);
    expect(() => parsePassKRun({ ...passkRun(), sets: [] })).toThrow(/sets/);
  });

  it('refuse a forged or foreign accuracy run, naming the field', () => {
    const over = accuracyRun();
    over.variants[0]!.metrics.accuracy = 1.5;
    expect(() => parseAccuracyRun(over)).toThrow(/not a valid accuracy run: variants\.0\.metrics\.accuracy/);
    expect(() => parseAccuracyRun({ ...accuracyRun(), schemaVersion: 99 })).toThrow(/schemaVersion/);
    expect(() => parseAccuracyRun({ ...accuracyRun(), extra: true })).toThrow(/not a valid accuracy run/);
    const noLatency = accuracyRun() as unknown as { variants: { latency: unknown }[] };
    noLatency.variants[0]!.latency = { schemaVersion: 1 };
    expect(() => parseAccuracyRun(noLatency)).toThrow(/variants\.0\.latency/);
  });

  it('refuse a forged pass@k run, naming the field', () => {
    const seeded = { ...passkRun(), sampling: { ...passkRun().sampling, seeded: true } };
    expect(() => parsePassKRun(seeded)).toThrow(/not a valid pass@k run: sampling\.seeded/);
    const outcome = passkRun() as unknown as { problems: { samples: { outcome: string }[] }[] };
    outcome.problems[0]!.samples[0]!.outcome = 'escaped';
    expect(() => parsePassKRun(outcome)).toThrow(/problems\.0\.samples\.0\.outcome/);
    const shared = passkRun() as unknown as { sets: { sandbox: { isolation: string } }[] };
    shared.sets[0]!.sandbox.isolation = 'shared';
    expect(() => parsePassKRun(shared)).toThrow(/sets\.0\.sandbox/);
    const wide = passkRun();
    wide.summary.passAtK[0]!.ci95 = { lo: 0, hi: 1.2 };
    expect(() => parsePassKRun(wide)).toThrow(/summary\.passAtK\.0\.ci95/);
  });
});
