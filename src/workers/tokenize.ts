// Tokenizes the bundled code snippets with the model's own tokenizer.json through transformers.js (inference worker).
import './ort/ort-env.ts';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { snippetsFor, type Language } from '../shared/snippets.ts';
import type { TokenRows } from './inputs.ts';

/** Loads the tokenizer of a model in the local mirror (/models/<id>/tokenizer.json) and encodes the snippets. */
export async function tokenizeSnippets(modelId: string, mirrorUrl: string, language: Language | 'mixed'): Promise<TokenRows> {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  // A path, not a URL: transformers.js skips its local-file check for http(s) URLs (get_file_metadata).
  env.localModelPath = new URL(mirrorUrl).pathname;
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const snippets = snippetsFor(language);
  const ids = snippets.map((s) => (tokenizer.encode(s.code) as number[]).map(Number));
  const padId = typeof tokenizer.pad_token_id === 'number' ? tokenizer.pad_token_id : 0;
  const which = language === 'mixed' ? 'all languages' : language;
  return {
    ids,
    padId,
    description: `${snippets.length} bundled ${which} snippets tokenized by ${modelId}'s tokenizer, padded/truncated`,
  };
}
