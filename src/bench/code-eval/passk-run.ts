// A pass@k run of a generator (pure; runs everywhere): each problem's sampled completions with their sandbox
// outcomes, and the summary: pass@k for k = 1, 5, 10, time per problem and tokens per second.
import type { CodeLanguage, CodeProblem } from '../../shared/code-problems/code-problems.ts';
import type { Environment } from '../../shared/run-result.ts';
import type { JsSandboxInfo, LuaSandboxInfo, SandboxInfo } from '../../shared/contracts/sandbox.ts';
import type { TimeCalibration } from './time-limit.ts';
import { meanPassAtK } from './pass-at-k.ts';
import type { OracleVerdict, Outcome } from './sandbox-oracle.ts';
import { median } from '../stats.ts';

/** 3: each problem names its language, and the sandbox may be QuickJS (JavaScript) as well as Pyodide. */
export const PASSK_SCHEMA_VERSION = 3;
export const KS = [1, 5, 10] as const;

export interface SampleOutcome {
  completion: string;
  newTokens: number;
  outcome: Outcome;
  errorType: string | null;
  message: string | null;
  sandboxMs: number;
}

export interface ProblemOutcome {
  taskId: string;
  format: CodeProblem['format'];
  language: CodeLanguage;
  /** The generate() call that sampled every completion of this problem, ms. */
  generateMs: number;
  samples: SampleOutcome[];
}

export interface PassKSummary {
  /** null where a problem has fewer than k samples. */
  passAtK: { k: number; value: number | null }[];
  outcomes: Record<Outcome, number>;
  /** Generated tokens over generation time, all problems. */
  tokensPerSecond: number;
  /** Median over problems of generation plus sandbox time, ms. */
  medianProblemMs: number;
}

export function summarizePassK(problems: readonly ProblemOutcome[]): PassKSummary {
  const counts = problems.map((p) => [p.samples.length, p.samples.filter((s) => s.outcome === 'pass').length] as const);
  const outcomes: Record<Outcome, number> = { pass: 0, fail: 0, error: 0, timeout: 0, crash: 0 };
  for (const p of problems) for (const s of p.samples) outcomes[s.outcome]++;
  const tokens = problems.reduce((a, p) => a + p.samples.reduce((b, s) => b + s.newTokens, 0), 0);
  const generateMs = problems.reduce((a, p) => a + p.generateMs, 0);
  const problemMs = problems.map((p) => p.generateMs + p.samples.reduce((a, s) => a + s.sandboxMs, 0));
  return {
    passAtK: KS.map((k) => ({ k, value: meanPassAtK(counts, k) })),
    outcomes,
    tokensPerSecond: generateMs > 0 ? (tokens / generateMs) * 1000 : 0,
    medianProblemMs: problemMs.length ? median(problemMs) : 0,
  };
}

export interface PassKRun {
  schemaVersion: typeof PASSK_SCHEMA_VERSION;
  kind: 'pass-at-k';
  id: string;
  createdAt: string;
  appVersion: string;
  model: { id: string; variant: string };
  environment: Environment;
  sampling: {
    samples: number;
    maxNewTokens: number;
    temperature: number;
    topK: number;
    topP: 'not applied';
    seeded: false;
    /** Every string at which some problem's generation ended (stopStringsOf: its set's stop tokens). */
    stopStrings: string[];
  };
  /** The sandbox that ran the completions: a fresh interpreter per program, in an opaque origin with no network. */
  sandbox: (SandboxInfo | JsSandboxInfo | LuaSandboxInfo) & { isolation: 'fresh-interpreter-per-program'; interpreters: number };
  /** This device's speed in the problems' language and the time limit every program got (the reference limit scaled to it). */
  timeLimit: TimeCalibration;
  /** The sandbox's oracle check when it was run in this session before scoring. */
  oracle: OracleVerdict | null;
  problems: ProblemOutcome[];
  summary: PassKSummary;
}
