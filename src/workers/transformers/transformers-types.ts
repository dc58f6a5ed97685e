// What the transformers.js adapters take and give (types only, any thread): a model's location, per-file download
// progress, sampling settings and sampled completions. Kept apart from the adapters, which import the runtime, so
// that the worker's contract (inference-protocol.ts) can name them without pulling the runtime in.

/** Where a model's files (config, tokenizer, ONNX) come from. */
export type ModelLocation =
  { modelId: string; from: 'mirror'; mirrorUrl: string } | { modelId: string; from: 'hub'; hubUrl: string };

export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
  /** True once transformers.js reports the file done (downloaded, or read from the Cache API). */
  done: boolean;
}

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
  /** Tokens each completion generated before end-of-sequence. */
  newTokens: number[];
  /** The generate() call, ms. */
  ms: number;
}
