// Tokenizes the bundled code snippets with the model's own tokenizer.json through transformers.js (inference worker).
import { AutoTokenizer } from '@huggingface/transformers';
import { configureTransformers, type ModelLocation } from './transformers/transformers-env.ts';
import { snippetsFor, type Language } from '../shared/snippets.ts';
import type { TokenRows } from './inputs.ts';

/** Loads a model's own tokenizer and encodes the bundled snippets of `language`. */
export async function tokenizeSnippets(source: ModelLocation, language: Language | 'mixed'): Promise<TokenRows> {
  configureTransformers(source);
  const modelId = source.modelId;
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const snippets = snippetsFor(language);
  // Tokenization is timed on its own: it is CPU work on the page's side, not part of the model's forward pass.
  const started = performance.now();
  const ids = snippets.map((s) => (tokenizer.encode(s.code) as number[]).map(Number));
  const tokenizeMs = performance.now() - started;
  const padId = typeof tokenizer.pad_token_id === 'number' ? tokenizer.pad_token_id : 0;
  const which = language === 'mixed' ? 'all languages' : language;
  return {
    ids,
    padId,
    tokenizeMs,
    description: `${snippets.length} bundled ${which} snippets tokenized by ${modelId}'s tokenizer, padded/truncated`,
  };
}
