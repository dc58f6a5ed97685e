// pass@k with a fake worker client and sandbox: the run's figures from outcomes worked by hand, its record of what
// made it, refusals of a bad plan before any work, a worker error, and cancel stopping both worker and sandbox.
import { describe, expect, it, vi } from 'vitest';
import { BUNDLED_PROBLEMS } from '../../shared/code-problems/bundled-problems.ts';
import type { CompletionOutput, CompletionProgress, CompletionRequest } from '../../shared/contracts/completion.ts';
import type { InferenceClient } from '../core/inference-client.ts';
import { CALIBRATION, fakeSandbox, fakeSession, SANDBOX_INFO } from './testing/sandbox-fakes.ts';
import { testCatalog, testPage, testProbe, testRuntime } from '../testing/worker-fakes.ts';
import { MAX_PASSK_SETS, PassKController } from './passk-controller.svelte.ts';
import { CodeEvalSession } from './code-eval-session.svelte.ts';
import { BUNDLED_MULTIPLE_LUA } from '../../shared/code-problems/bundled-multipl-e.ts';
import { promptOf, stopStringsOf } from '../../shared/code-problems/code-problems.ts';
import { PROBLEM_SETS } from '../../shared/problem-sets.ts';
import type { OracleVerdict } from '../../bench/code-eval/sandbox-oracle.ts';
import { parsePassKRun } from '../../bench/code-eval/passk-run-schema.ts';

const catalog = testCatalog();

/** Two completions per prompt: the first marked to pass in the sandbox, the second to fail. */
function completions(req: CompletionRequest): CompletionOutput {
  return {
    runtime: testRuntime(),
    perPrompt: req.prompts.map(() => ({
      texts: ['    return "PASS"\n', '    return "FAIL"\n'],
      promptTokens: 10,
      newTokens: [3, 4],
      ms: 50,
    })),
    deviceLost: false,
  };
}

function fakeClient(answer: (req: CompletionRequest) => Promise<CompletionOutput> = async (req) => completions(req)) {
  return {
    ready: vi.fn(async () => ({ probe: testProbe })),
    complete: vi.fn(async (req: CompletionRequest, onProgress: (p: CompletionProgress) => void) => {
      onProgress({ phase: 'generate', done: 1, total: req.prompts.length });
      return answer(req);
    }),
    cancel: vi.fn(),
  };
}

function make(client = fakeClient(), sandbox = fakeSandbox((program) => (program.includes('"PASS"') ? 'pass' : 'fail'))) {
  const { session } = fakeSession(sandbox);
  const oracle = { canonicalPassAt1: 1, wrongPassAt1: 0, loopingTimedOut: true, mismatches: 0, ok: true };
  const passk = new PassKController(session, {
    page: () => testPage,
    catalog: () => catalog,
    oracle: () => oracle,
    client: client as unknown as InferenceClient,
  });
  passk.plan.samples = 2;
  return { passk, client, sandbox, oracle };
}

describe('the pass@k controller', () => {
  it('samples every problem, runs each completion in the sandbox, and keeps pass@k with what made it', async () => {
    const { passk, client, sandbox, oracle } = make();
    await passk.run();
    expect(passk.status).toBe('done');
    const run = passk.result;
    expect(run?.problems).toHaveLength(BUNDLED_PROBLEMS.length);
    // One pass in two samples on every problem: pass@1 = 1 - C(1,1)/C(2,1) = 0.5; pass@5 needs n ≥ 5.
    expect(run?.summary.passAtK.find((p) => p.k === 1)?.value).toBe(0.5);
    expect(run?.summary.passAtK.find((p) => p.k === 5)?.value).toBeNull();
    expect(run?.model).toEqual({ id: 'tierlab/tiny-code-decoder', variant: 'q4' });
    expect(run?.environment.executionProvider).toBe('wasm');
    expect(run?.sets).toHaveLength(1);
    expect(run?.sets[0]?.problemSet).toMatchObject({ id: 'bundled', language: 'python' });
    expect(run?.sets[0]?.sandbox).toMatchObject({
      ...SANDBOX_INFO,
      isolation: 'fresh-interpreter-per-program',
      interpreters: 2 * BUNDLED_PROBLEMS.length,
    });
    expect(run?.sets[0]?.timeLimit).toEqual(CALIBRATION);
    expect(run?.sets[0]?.oracle).toEqual(oracle);
    expect(run?.sets[0]?.summary).toEqual(run?.summary);
    expect(run?.comparisons).toEqual([]);
    expect(sandbox.run.mock.calls.every((c) => c[1] === 4000)).toBe(true);
    expect(client.complete.mock.calls[0]?.[0].sampling).toEqual({ samples: 2, maxNewTokens: 48, temperature: 0.8, topK: 50 });
  });

  it('refuses, in words and before the worker starts, a sample count out of range and a model that is no generator', async () => {
    const { passk, client } = make();
    passk.plan.samples = 0;
    await passk.run();
    expect(passk.error).toEqual({ name: 'PlanError', message: 'samples per problem must be between 1 and 50' });
    passk.plan.samples = 2;
    passk.plan.modelId = 'tierlab/tiny-code-encoder';
    await passk.run();
    expect(passk.error).toEqual({ name: 'PlanError', message: 'tierlab/tiny-code-encoder is not a generator in the catalog' });
    expect(client.ready).not.toHaveBeenCalled();
  });

  it('ends in a named error when completions for a problem are missing', async () => {
    const { passk } = make(fakeClient(async (req) => ({ ...completions(req), perPrompt: [] })));
    await passk.run();
    expect(passk.status).toBe('error');
    expect(passk.error?.name).toBe('InferenceError');
    expect(passk.error?.message).toBe(`no completions came back for ${BUNDLED_PROBLEMS[0]?.taskId}`);
    expect(passk.result).toBeNull();
  });

  it('can be cancelled while a program runs: the worker and the sandbox are both stopped', async () => {
    const client = fakeClient();
    const sandbox = fakeSandbox();
    sandbox.hang = true;
    const { passk } = make(client, sandbox);
    const started = passk.run();
    await vi.waitFor(() => expect(sandbox.run).toHaveBeenCalled());
    expect(passk.step).toMatch(/^Running .*, sample 1\/2 in Python \(Pyodide\)$/);
    expect(passk.progress.fraction).toBe(0.5);
    passk.cancel();
    await started;
    expect(client.cancel).toHaveBeenCalled();
    expect(sandbox.terminate).toHaveBeenCalled();
    // It waited on the sandbox, not the worker: it still reads as cancelled, not as the sandbox's 'stopped' error.
    expect(passk.status).toBe('cancelled');
    expect(passk.error).toBeNull();
    expect(passk.result).toBeNull();
  });

  it('scores several languages in one run: one generate() with the sets interleaved, each set in its own sandbox and limit', async () => {
    const sets = {
      bundled: BUNDLED_PROBLEMS.slice(0, 3),
      'bundled-multipl-e-lua': BUNDLED_MULTIPLE_LUA.slice(0, 2),
    } as const;
    const loadProblems = vi.fn(async (id: string) => {
      const entry = PROBLEM_SETS.find((p) => p.id === id)!;
      return { entry, problems: sets[id as keyof typeof sets], skipped: 0 };
    });
    const python = fakeSandbox(() => 'pass');
    const lua = fakeSandbox(() => 'fail');
    lua.calibrate.mockResolvedValue({ ...CALIBRATION, factor: 3, effectiveLimitS: 6 });
    // Python's device slowed down 2× by the end of its set: flagged, the limit unchanged.
    python.recheck.mockResolvedValue([40, 40, 40]);
    const session = new CodeEvalSession({
      sandboxFor: (language) => (language === 'lua' ? lua : python),
      loadProblems,
    });
    const client = fakeClient();
    const verdicts: Record<string, OracleVerdict> = {
      'bundled-multipl-e-lua': { canonicalPassAt1: 1, wrongPassAt1: 0, loopingTimedOut: true, mismatches: 0, ok: true },
    };
    const passk = new PassKController(session, {
      page: () => testPage,
      catalog: () => catalog,
      oracle: (id) => verdicts[id] ?? null,
      client: client as unknown as InferenceClient,
    });
    passk.plan.samples = 2;
    passk.toggleSet('bundled-multipl-e-lua');
    expect(passk.setIds).toEqual(['bundled', 'bundled-multipl-e-lua']);
    await passk.run();
    expect(passk.status).toBe('done');
    const req = client.complete.mock.calls[0]?.[0];
    expect(client.complete).toHaveBeenCalledTimes(1);
    // Python 0, Lua 0, Python 1, Lua 1, Python 2: the sets take turns.
    expect(req?.prompts).toEqual([
      promptOf(sets.bundled[0]!),
      promptOf(sets['bundled-multipl-e-lua'][0]!),
      promptOf(sets.bundled[1]!),
      promptOf(sets['bundled-multipl-e-lua'][1]!),
      promptOf(sets.bundled[2]!),
    ]);
    expect(req?.stopStrings?.[1]).toEqual(stopStringsOf(sets['bundled-multipl-e-lua'][0]!));
    const run = passk.result!;
    expect(run.problems.map((p) => [p.problemSet, p.language])).toEqual([
      ['bundled', 'python'],
      ['bundled', 'python'],
      ['bundled', 'python'],
      ['bundled-multipl-e-lua', 'lua'],
      ['bundled-multipl-e-lua', 'lua'],
    ]);
    expect(python.run).toHaveBeenCalledTimes(6);
    expect(lua.run).toHaveBeenCalledTimes(4);
    expect(lua.run.mock.calls.every((c) => c[1] === 6000)).toBe(true);
    expect(run.sets.map((s) => s.summary.passAtK[0]?.value)).toEqual([1, 0]);
    expect(run.sets.map((s) => s.oracle?.ok ?? null)).toEqual([null, true]);
    expect(run.sets[1]?.timeLimit.factor).toBe(3);
    expect(run.sets.map((s) => [s.recheck.ratio, s.recheck.drifted])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(python.recheck).toHaveBeenCalledTimes(1);
    expect(run.summary.passAtK[0]?.value).toBeCloseTo(3 / 5, 12);
    expect(run.comparisons).toHaveLength(1);
    expect(run.comparisons[0]?.statement).toMatch(/^Python pass@1 1\.00 \(1\.00–1\.00\) and Lua 0\.00 \(0\.00–0\.00\)/);
    expect(run.sampling.stopStrings).toEqual(expect.arrayContaining(stopStringsOf(sets['bundled-multipl-e-lua'][0]!)));
    expect(parsePassKRun(JSON.parse(JSON.stringify(run)))).toEqual(run);
  });

  it('refuses more sets than one run takes', async () => {
    const { passk, client } = make();
    passk.plan.problemSetIds = PROBLEM_SETS.map((p) => p.id).slice(0, MAX_PASSK_SETS + 1);
    await passk.run();
    expect(passk.error).toEqual({ name: 'PlanError', message: `at most ${MAX_PASSK_SETS} problem sets in one run` });
    expect(client.ready).not.toHaveBeenCalled();
  });

  it('does nothing before the page has been probed', async () => {
    const { session } = fakeSession();
    const client = fakeClient();
    const passk = new PassKController(session, {
      page: () => null,
      catalog: () => catalog,
      oracle: () => null,
      client: client as unknown as InferenceClient,
    });
    await passk.run();
    expect(passk.status).toBe('idle');
    expect(client.ready).not.toHaveBeenCalled();
  });
});
