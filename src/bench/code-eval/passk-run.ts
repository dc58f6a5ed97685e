// A pass@k run of a generator (pure; runs everywhere): each problem's sampled completions with their sandbox
// outcomes, per problem set (language) and pooled: pass@k for k = 1, 5, 10 with bootstrap intervals, generation
// latency and tokens per second; and whether the sets' intervals overlap.
import type { CodeLanguage, CodeProblem } from '../../shared/code-problems/code-problems.ts';
import type { Environment } from '../../shared/run-result.ts';
import type { JsSandboxInfo, LuaSandboxInfo, SandboxInfo } from '../../shared/contracts/sandbox.ts';
import type { CalibrationRecheck, TimeCalibration } from './time-limit.ts';
import { meanPassAtK, passAtK } from './pass-at-k.ts';
import type { OracleVerdict, Outcome } from './sandbox-oracle.ts';
import { median } from '../stats.ts';
import { bootstrapMeanCi, bootstrapMedianCi, type Interval } from '../bootstrap.ts';

/** 4: several problem sets (languages) in one run, each with its own sandbox, time limit (re-checked after its
 *  programs) and oracle verdict, and pass@k with bootstrap intervals per set. 3: each problem names its language; QuickJS beside Pyodide. */
export const PASSK_SCHEMA_VERSION = 4;
export const KS = [1, 5, 10] as const;
/** Resamples of the problems behind each pass@k interval. */
export const PASSK_RESAMPLES = 2000;

export interface SampleOutcome {
  completion: string;
  newTokens: number;
  outcome: Outcome;
  errorType: string | null;
  message: string | null;
  sandboxMs: number;
}

export interface ProblemOutcome {
  /** The problem set it came from (src/shared/problem-sets.ts). */
  problemSet: string;
  taskId: string;
  format: CodeProblem['format'];
  language: CodeLanguage;
  /** The generate() call that sampled every completion of this problem, ms. */
  generateMs: number;
  samples: SampleOutcome[];
}

export interface PassKEstimate {
  k: number;
  /** Mean over problems of the unbiased estimate; null where a problem has fewer than k samples. */
  value: number | null;
  /** 95% percentile-bootstrap interval over problems (PASSK_RESAMPLES resamples, fixed seed); null with value. */
  ci95: Interval | null;
}

export interface PassKSummary {
  problems: number;
  passAtK: PassKEstimate[];
  outcomes: Record<Outcome, number>;
  /** Generated tokens over generation time. */
  tokensPerSecond: number;
  /** Median over problems of the generate() call, ms, with its bootstrap interval. */
  medianGenerateMs: number;
  generateMsCi95: Interval;
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
  const perProblemGenerate = problems.map((p) => p.generateMs);
  return {
    problems: problems.length,
    passAtK: KS.map((k) => estimate(counts, k)),
    outcomes,
    tokensPerSecond: generateMs > 0 ? (tokens / generateMs) * 1000 : 0,
    medianGenerateMs: perProblemGenerate.length ? median(perProblemGenerate) : 0,
    generateMsCi95: perProblemGenerate.length ? bootstrapMedianCi(perProblemGenerate) : { lo: 0, hi: 0 },
    medianProblemMs: problemMs.length ? median(problemMs) : 0,
  };
}

function estimate(counts: readonly (readonly [number, number])[], k: number): PassKEstimate {
  const value = meanPassAtK(counts, k);
  if (value === null) return { k, value, ci95: null };
  const perProblem = counts.map(([n, c]) => passAtK(n, c, k));
  return { k, value, ci95: bootstrapMeanCi(perProblem, { resamples: PASSK_RESAMPLES }) };
}

/** One problem set of a run: what ran its completions, under which limit, after which oracle check, and its figures. */
export interface PassKSetRun {
  problemSet: { id: string; name: string; format: CodeProblem['format']; language: CodeLanguage };
  /** The sandbox that ran the completions: a fresh interpreter per program, in an opaque origin with no network. */
  sandbox: (SandboxInfo | JsSandboxInfo | LuaSandboxInfo) & { isolation: 'fresh-interpreter-per-program'; interpreters: number };
  /** This device's speed in the set's language and the time limit every program got (the reference limit scaled to it). */
  timeLimit: TimeCalibration;
  /** The calibration program run again after the set's programs; `drifted` flags a limit that no longer fit. */
  recheck: CalibrationRecheck;
  /** The sandbox's oracle check of this set when it was run in this session before scoring. */
  oracle: OracleVerdict | null;
  summary: PassKSummary;
}

/** Whether two sets' pass@k intervals overlap, in words. */
export interface PassKComparison {
  a: string;
  b: string;
  k: number;
  overlap: boolean;
  statement: string;
}

const LANGUAGE_NAMES: Readonly<Record<CodeLanguage, string>> = {
  python: 'Python',
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  lua: 'Lua',
};

/** How a set is named in comparisons: its language, or its full name where two sets share a language. */
export function setLabel(set: PassKSetRun['problemSet'], all: readonly PassKSetRun['problemSet'][]): string {
  return all.filter((s) => s.language === set.language).length > 1 ? set.name : LANGUAGE_NAMES[set.language];
}

const fmt = (e: PassKEstimate) => `${e.value?.toFixed(2)} (${e.ci95?.lo.toFixed(2)}–${e.ci95?.hi.toFixed(2)})`;

/**
 * Every pair of sets compared on pass@k: two 95% intervals that overlap do not separate the languages (a conservative
 * reading: intervals that touch can still differ at 95%, but this run does not show it).
 */
export function comparePassK(sets: readonly PassKSetRun[], k = 1): PassKComparison[] {
  const names = sets.map((s) => s.problemSet);
  const out: PassKComparison[] = [];
  for (const [i, a] of sets.entries())
    for (const b of sets.slice(i + 1)) {
      const ea = a.summary.passAtK.find((p) => p.k === k);
      const eb = b.summary.passAtK.find((p) => p.k === k);
      if (!ea?.ci95 || !eb?.ci95 || ea.value === null || eb.value === null) continue;
      const [la, lb] = [setLabel(a.problemSet, names), setLabel(b.problemSet, names)];
      const overlap = ea.ci95.lo <= eb.ci95.hi && eb.ci95.lo <= ea.ci95.hi;
      const head = `${la} pass@${k} ${fmt(ea)} and ${lb} ${fmt(eb)}`;
      const [hi, lo] = ea.value >= eb.value ? [la, lb] : [lb, la];
      out.push({
        a: a.problemSet.id,
        b: b.problemSet.id,
        k,
        overlap,
        statement: overlap
          ? `${head}: the intervals overlap, so this run does not tell them apart`
          : `${head}: the intervals do not overlap; ${hi} is ahead of ${lo} on these problems`,
      });
    }
  return out;
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
    /** Prompts of the sets were sampled round-robin (one problem of each set in turn), so warm-up and drift fall
     *  on every language alike. */
    order: 'interleaved';
  };
  /** Each problem set scored, in the order chosen. */
  sets: PassKSetRun[];
  /** Every problem of every set. */
  problems: ProblemOutcome[];
  /** All sets pooled. */
  summary: PassKSummary;
  /** Each pair of sets on pass@1. */
  comparisons: PassKComparison[];
}
