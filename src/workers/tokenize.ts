// Tokenizes the bundled code snippets with the model's own tokenizer.json through transformers.js (inference worker).
import './ort/ort-env.ts';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { snippetsFor, type Language } from '../shared/snippets.ts';
import type { TokenRows } from './inputs.ts';

/** Where a model's tokenizer.json comes from: the local mirror, or a host with the Hub's layout. */
export type TokenizerSource =
  { modelId: string; from: 'mirror'; mirrorUrl: string } | { modelId: string; from: 'hub'; hubUrl: string };

function configure(source: TokenizerSource): void {
  if (source.from === 'mirror') {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    // A path, not a URL: transformers.js skips its local-file check for http(s) URLs (get_file_metadata).
    env.localModelPath = new URL(source.mirrorUrl).pathname;
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = source.hubUrl.endsWith('/') ? source.hubUrl : `${source.hubUrl}/`;
  }
}

/** Loads a model's own tokenizer and encodes the bundled snippets of `language`. */
export async function tokenizeSnippets(source: TokenizerSource, language: Language | 'mixed'): Promise<TokenRows> {
  configure(source);
  const modelId = source.modelId;
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
