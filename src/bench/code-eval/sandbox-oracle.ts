// The sandbox's oracle check (pure): every bundled problem's canonical solution must pass and its wrong solution
// fail, and a solution that never returns must time out; only then are a model's scores worth reading.
import type { CodeProblem } from '../../shared/code-problems/code-problems.ts';
import type { ProgramOutcome } from '../../shared/contracts/sandbox.ts';
import { LOOPING_SOLUTION } from '../../shared/code-problems/bundled-problems.ts';
import { meanPassAtK } from './pass-at-k.ts';

export type OracleKind = 'canonical' | 'wrong' | 'looping';
export type Outcome = ProgramOutcome;

export interface OracleCase {
  problem: CodeProblem;
  kind: OracleKind;
  completion: string;
  expected: Outcome;
}

/** Canonical and wrong solutions of every problem, then one looping solution on the first HumanEval problem. */
export function oracleCases(problems: readonly CodeProblem[]): OracleCase[] {
  const cases: OracleCase[] = [];
  for (const p of problems) {
    cases.push({ problem: p, kind: 'canonical', completion: p.canonicalSolution, expected: 'pass' });
    if (p.wrongSolution !== undefined) cases.push({ problem: p, kind: 'wrong', completion: p.wrongSolution, expected: 'fail' });
  }
  const first = problems.find((p) => p.format === 'humaneval');
  if (first) cases.push({ problem: first, kind: 'looping', completion: LOOPING_SOLUTION, expected: 'timeout' });
  return cases;
}

export interface OracleVerdict {
  /** pass@1 of the canonical solutions (1 sample per problem): must be 1. */
  canonicalPassAt1: number | null;
  /** pass@1 of the wrong solutions: must be 0. */
  wrongPassAt1: number | null;
  loopingTimedOut: boolean | null;
  /** Cases whose outcome differs from the expected one. */
  mismatches: number;
  ok: boolean;
}

export function oracleVerdict(results: readonly { kind: OracleKind; expected: Outcome; outcome: Outcome }[]): OracleVerdict {
  const of = (kind: OracleKind) => results.filter((r) => r.kind === kind);
  const passAt1 = (kind: OracleKind) =>
    meanPassAtK(
      of(kind).map((r) => [1, r.outcome === 'pass' ? 1 : 0] as const),
      1,
    );
  const looping = of('looping');
  const mismatches = results.filter((r) => r.outcome !== r.expected).length;
  return {
    canonicalPassAt1: passAt1('canonical'),
    wrongPassAt1: passAt1('wrong'),
    loopingTimedOut: looping.length ? looping.every((r) => r.outcome === 'timeout') : null,
    mismatches,
    ok: results.length > 0 && mismatches === 0,
  };
}
