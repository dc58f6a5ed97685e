// The fewest tokens a catalog model's own tokenizer makes of the bundled inputs (Node, server): the server's lower
// bound on the work behind a submitted latency, instead of a length the client declares. Read from the model mirror
// (tokenizer.json and tokenizer_config.json in the Hub's layout); null for a model whose tokenizer is not there.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TokenBounds } from '../../src/bench/validity-flags.ts';
import { promptsFor } from '../../src/shared/prompts.ts';
import type { RunPlan } from '../../src/shared/run-plan.ts';
import { snippetsFor } from '../../src/shared/snippets.ts';

export type TokenCounter = (modelId: string, language: RunPlan['language']) => Promise<TokenBounds | null>;

const SAFE_ID = /^[\w.-]+\/[\w.-]+$/;

/** Counts with each model's tokenizer from `mirrorDir`, once per model and language. */
export function mirrorTokenCounter(mirrorDir: string): TokenCounter {
  const cache = new Map<string, Promise<TokenBounds | null>>();
  return (modelId, language) => {
    const key = `${modelId} ${language}`;
    let bounds = cache.get(key);
    if (!bounds) {
      bounds = count(mirrorDir, modelId, language).catch(() => null);
      cache.set(key, bounds);
    }
    return bounds;
  };
}

async function count(mirrorDir: string, modelId: string, language: RunPlan['language']): Promise<TokenBounds | null> {
  if (!SAFE_ID.test(modelId)) return null;
  const dir = path.join(mirrorDir, modelId);
  const files = ['tokenizer.json', 'tokenizer_config.json'].map((f) => path.join(dir, f));
  if (!files.every((f) => existsSync(f))) return null;
  const [json, config] = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as unknown));
  // Loaded on first use: the server starts without transformers.js.
  const { PreTrainedTokenizer } = await import('@huggingface/transformers');
  const tokenizer = new PreTrainedTokenizer(json as never, config as never);
  // Encoded as the app encodes them (tokenizer.encode with its special tokens).
  const fewest = (texts: string[]) => Math.min(...texts.map((t) => (tokenizer.encode(t) as number[]).length));
  return {
    snippetTokens: fewest(snippetsFor(language).map((s) => s.code)),
    promptTokens: fewest(promptsFor(language).map((p) => p.prompt)),
  };
}
