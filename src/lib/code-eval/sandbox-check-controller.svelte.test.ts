// The sandbox check with a fake sandbox: an honest sandbox passes the oracle and contains every hostile program; one
// that lets everything pass is caught by both; a sandbox that dies ends the check in words and is stopped.
import { describe, expect, it, vi } from 'vitest';
import { jsContainmentCases } from '../../bench/code-eval/js-containment.ts';
import { BUNDLED_HUMANEVAL_X_JS } from '../../shared/code-problems/bundled-humaneval-x.ts';
import { PROBLEM_SETS } from '../../shared/problem-sets.ts';
import { CodeEvalSession } from './code-eval-session.svelte.ts';
import { containmentCases } from '../../bench/code-eval/sandbox-containment.ts';
import { oracleCases } from '../../bench/code-eval/sandbox-oracle.ts';
import { BUNDLED_PROBLEMS } from '../../shared/code-problems/bundled-problems.ts';
import { programFor } from '../../shared/code-problems/code-problems.ts';
import type { ProgramOutcome } from '../../shared/contracts/sandbox.ts';
import { SandboxError } from '../../shared/errors.ts';
import { CALIBRATION, fakeSandbox, fakeSession } from './testing/sandbox-fakes.ts';
import { canaryOf, SandboxCheckController } from './sandbox-check-controller.svelte.ts';

const CANARY = 'http://127.0.0.1:9/canary/';
const ORIGIN = 'http://127.0.0.1:5173';

/** Each program's expected end, from the oracle's and containment's own case lists: what an honest sandbox does. */
function honest(): (program: string) => ProgramOutcome {
  const expected = new Map<string, ProgramOutcome>();
  for (const c of oracleCases(BUNDLED_PROBLEMS)) expected.set(programFor(c.problem, c.completion), c.expected);
  for (const c of containmentCases({ canary: CANARY, appOrigin: ORIGIN }))
    for (const s of c.steps) expected.set(s.program, s.expect?.[0] ?? 'pass');
  return (program) => expected.get(program) ?? 'error';
}

describe('the sandbox check', () => {
  it('passes an honest sandbox: every oracle case as expected, every light containment case contained', async () => {
    const { session, sandbox } = fakeSession(fakeSandbox(honest()));
    const check = new SandboxCheckController(session, CANARY, ORIGIN);
    await check.check();
    expect(check.status).toBe('done');
    expect(check.verdict).toMatchObject({ canonicalPassAt1: 1, wrongPassAt1: 0, loopingTimedOut: true, mismatches: 0, ok: true });
    // Kept per problem set, for the pass@k runs that score this set later in the session.
    expect(check.verdictFor('bundled')).toEqual(check.verdict);
    expect(check.verdictFor('bundled-multipl-e-lua')).toBeNull();
    expect(check.containmentResult?.ok).toBe(true);
    expect(check.containmentResult?.cases).toBe(
      containmentCases({ canary: CANARY, appOrigin: ORIGIN }).filter((c) => !c.heavy).length,
    );
    expect(check.oracle).toHaveLength(oracleCases(BUNDLED_PROBLEMS).length);
    expect(session.calibration).toEqual(CALIBRATION);
    expect(session.interpreters).toBe(sandbox.run.mock.calls.length);
    expect(session.problemInfo).toMatch(new RegExp(`^${BUNDLED_PROBLEMS.length} problems from TierLab problems \\(bundled`));
    // Every program got the calibrated limit (4 s), or more where a case asks for it.
    expect(Math.min(...sandbox.run.mock.calls.map((c) => c[1]))).toBe(4000);
  });

  it('runs the heavy memory cases (a full wasm memory, a full JavaScript heap) only when asked', async () => {
    const light = fakeSession(fakeSandbox(honest()));
    const heavy = fakeSession(fakeSandbox(honest()));
    const a = new SandboxCheckController(light.session, CANARY, ORIGIN);
    const b = new SandboxCheckController(heavy.session, CANARY, ORIGIN);
    b.includeHeavy = true;
    await a.check();
    await b.check();
    const heavyIds = containmentCases({ canary: CANARY, appOrigin: ORIGIN })
      .filter((c) => c.heavy)
      .map((c) => c.id);
    expect(heavyIds).toEqual(['js-heap', 'memory-exhaustion']);
    expect(b.containmentResult?.cases).toBe((a.containmentResult?.cases ?? 0) + heavyIds.length);
  });

  it('catches a sandbox that lets every program pass: wrong solutions pass, the loop never times out, escapes succeed', async () => {
    const { session } = fakeSession(fakeSandbox(() => 'pass'));
    const check = new SandboxCheckController(session, CANARY, ORIGIN);
    await check.check();
    expect(check.status).toBe('done');
    expect(check.verdict).toMatchObject({ canonicalPassAt1: 1, wrongPassAt1: 1, loopingTimedOut: false, ok: false });
    expect(check.containmentResult?.ok).toBe(false);
    expect(check.containmentResult?.escaped.length).toBeGreaterThan(0);
  });

  it('ends in words when the sandbox fails to start, and stops it', async () => {
    const sandbox = fakeSandbox();
    sandbox.ready.mockRejectedValueOnce(new SandboxError('the sandbox frame did not load in 30 s'));
    const { session } = fakeSession(sandbox);
    const check = new SandboxCheckController(session, CANARY, ORIGIN);
    await check.check();
    expect(check.status).toBe('error');
    expect(check.error).toEqual({ name: 'SandboxError', message: 'the sandbox frame did not load in 30 s' });
    expect(check.step).toBe('');
    expect(sandbox.terminate).toHaveBeenCalledTimes(1);
  });

  it("checks a JavaScript set in the JavaScript sandbox, with its own containment cases and HumanEval-X's output rule", async () => {
    const expected = new Map<string, ProgramOutcome>();
    for (const c of oracleCases(BUNDLED_HUMANEVAL_X_JS)) expected.set(programFor(c.problem, c.completion), c.expected);
    for (const c of jsContainmentCases({ canary: CANARY, appOrigin: ORIGIN }))
      for (const st of c.steps) expected.set(st.program, st.expect?.[0] ?? 'pass');
    const python = fakeSandbox(() => 'error');
    const js = fakeSandbox((program) => expected.get(program) ?? 'error');
    const entry = PROBLEM_SETS.find((p) => p.id === 'hub:THUDM/humaneval-x-js')!;
    const loadProblems = vi.fn(async () => ({ entry, problems: BUNDLED_HUMANEVAL_X_JS, skipped: 0 }));
    const session = new CodeEvalSession({ sandboxFor: (l) => (l === 'javascript' ? js : python), loadProblems });
    session.problemSetId = entry.id;
    expect(session.language).toBe('javascript');
    const check = new SandboxCheckController(session, CANARY, ORIGIN);
    await check.check();
    expect(check.verdict).toMatchObject({ canonicalPassAt1: 1, wrongPassAt1: 0, loopingTimedOut: true, ok: true });
    expect(check.containmentResult).toMatchObject({
      ok: true,
      cases: jsContainmentCases({ canary: CANARY, appOrigin: ORIGIN }).length,
    });
    expect(python.run).not.toHaveBeenCalled();
    // Every oracle program ran under the rule that any output fails it.
    const oracle = js.run.mock.calls.slice(0, oracleCases(BUNDLED_HUMANEVAL_X_JS).length);
    expect(oracle.every((c) => c[3] === true)).toBe(true);
    session.problemSetId = 'bundled';
    expect(session.language).toBe('python');
    expect(session.sandbox).toBe(python);
    expect(session.calibration).toBeNull();
  });

  it("aims escapes at the page's canary query, else at this site's canary path", () => {
    expect(canaryOf({ search: '?canary=http%3A%2F%2Fx.test%2F', origin: ORIGIN })).toBe('http://x.test/');
    expect(canaryOf({ search: '', origin: ORIGIN })).toBe(`${ORIGIN}/sandbox-canary/`);
  });
});
