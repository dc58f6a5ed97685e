// The sandbox's oracle check (pure): every problem's canonical solution must pass and a wrong solution fail (its own
// where the set has one, else an empty body), and a solution that never returns must time out, once per language;
// only then are a model's scores worth reading.
import {
  emptyBody,
  languageOf,
  loopingBody,
  type CodeLanguage,
  type CodeProblem,
} from '../../shared/code-problems/code-problems.ts';
import type { ProgramOutcome } from '../../shared/contracts/sandbox.ts';
import { meanPassAtK } from './pass-at-k.ts';

export type OracleKind = 'canonical' | 'wrong' | 'looping';
export type Outcome = ProgramOutcome;

export interface OracleCase {
  problem: CodeProblem;
  kind: OracleKind;
  completion: string;
  expected: Outcome;
}

/**
 * Canonical and wrong solutions of every problem, then one looping solution per language on its first problem that
 * continues a function. A HumanEval-X or MultiPL-E problem without a wrong solution of its own gets an empty body,
 * which its tests must fail (all 164 of HumanEval-X's JavaScript problems do). MultiPL-E has no solutions: its
 * problems get no canonical case unless they are TierLab's own.
 */
export function oracleCases(problems: readonly CodeProblem[]): OracleCase[] {
  const cases: OracleCase[] = [];
  for (const p of problems) {
    if (p.canonicalSolution !== undefined)
      cases.push({ problem: p, kind: 'canonical', completion: p.canonicalSolution, expected: 'pass' });
    const wrong = p.wrongSolution ?? (p.format === 'humaneval-x' || p.format === 'multipl-e' ? emptyBody(p) : undefined);
    if (wrong !== undefined) cases.push({ problem: p, kind: 'wrong', completion: wrong, expected: 'fail' });
  }
  const looped = new Set<CodeLanguage>();
  for (const p of problems) {
    if (p.format === 'mbpp' || looped.has(languageOf(p))) continue;
    looped.add(languageOf(p));
    cases.push({ problem: p, kind: 'looping', completion: loopingBody(p), expected: 'timeout' });
  }
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
