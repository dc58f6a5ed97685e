// The code page's completion contract (types only, any thread): sampled completions of a generator for pass@k.
// src/workers/code-eval/complete.ts implements it.
import type { Dtype } from '../catalog.ts';
import type { Backend } from '../run-plan.ts';
import type { FileProgress, ModelLocation, RuntimeInfo } from './model.ts';

export interface SamplingSettings {
  /** Completions per prompt (n of pass@k). */
  samples: number;
  maxNewTokens: number;
  /** 0 means greedy decoding (then samples must be 1). */
  temperature: number;
  /** Sample among the k most likely tokens; 0 for the whole vocabulary. */
  topK: number;
  /** Keep at most this many prompt tokens, dropping the start of longer prompts (small context windows). */
  maxPromptTokens?: number;
}

export interface Completions {
  texts: string[];
  /** Prompt tokens fed (after any truncation). */
  promptTokens: number;
  /** Tokens each completion generated before end-of-sequence or its first stop string. */
  newTokens: number[];
  /** The generate() call, ms. */
  ms: number;
}

export interface CompletionRequest {
  location: ModelLocation;
  dtype: Dtype;
  backend: Backend;
  prompts: string[];
  sampling: SamplingSettings;
  /** For each prompt, strings that end a completion once it contains one (its set's stop tokens); none: the token
   *  limit or end-of-sequence ends it. */
  stopStrings?: string[][];
}

export type CompletionProgress = { phase: 'files'; files: FileProgress[] } | { phase: 'generate'; done: number; total: number };

export interface CompletionOutput {
  runtime: RuntimeInfo;
  perPrompt: Completions[];
  deviceLost: boolean;
}
