// Sampling completions of many prompts in the inference worker (for pass@k): one model load, one batched
// generate() per prompt, progress per prompt.
import type { Dtype } from '../shared/catalog.ts';
import type { Backend } from '../shared/run-plan.ts';
import type { RuntimeInfo } from './runtime.ts';
import { TransformersCompleter, type Completions, type SamplingSettings } from './transformers/transformers-completer.ts';
import type { ModelLocation } from './transformers/transformers-env.ts';
import type { FileProgress } from './transformers/transformers-runtime.ts';

export type { Completions, SamplingSettings };

export interface CompletionRequest {
  location: ModelLocation;
  dtype: Dtype;
  backend: Backend;
  prompts: string[];
  sampling: SamplingSettings;
}

export type CompletionProgress = { phase: 'files'; files: FileProgress[] } | { phase: 'generate'; done: number; total: number };

export interface CompletionOutput {
  runtime: RuntimeInfo;
  perPrompt: Completions[];
  deviceLost: boolean;
}

export async function completeAll(
  req: CompletionRequest,
  onProgress: (p: CompletionProgress) => void,
): Promise<CompletionOutput> {
  const files = new Map<string, FileProgress>();
  const completer = await TransformersCompleter.create(req.location, req.backend, req.dtype, (p) => {
    files.set(p.file, p);
    onProgress({ phase: 'files', files: [...files.values()] });
  });
  try {
    const perPrompt: Completions[] = [];
    onProgress({ phase: 'generate', done: 0, total: req.prompts.length });
    for (const prompt of req.prompts) {
      perPrompt.push(await completer.complete(prompt, req.sampling));
      onProgress({ phase: 'generate', done: perPrompt.length, total: req.prompts.length });
    }
    return { runtime: completer.info, perPrompt, deviceLost: false };
  } finally {
    await completer.dispose().catch(() => {});
  }
}
