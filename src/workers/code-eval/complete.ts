// Sampling completions of many prompts in the inference worker (for pass@k): one model load, one batched
// generate() per prompt, progress per prompt.
import type { CompletionOutput, CompletionProgress, CompletionRequest } from '../../shared/contracts/completion.ts';
import { TransformersCompleter, type Completions } from '../transformers/transformers-completer.ts';
import type { FileProgress } from '../../shared/contracts/model.ts';

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
    for (const [i, prompt] of req.prompts.entries()) {
      perPrompt.push(await completer.complete(prompt, req.sampling, req.stopStrings?.[i] ?? []));
      onProgress({ phase: 'generate', done: perPrompt.length, total: req.prompts.length });
    }
    return { runtime: completer.info, perPrompt, deviceLost: false };
  } finally {
    await completer.dispose().catch(() => {});
  }
}
