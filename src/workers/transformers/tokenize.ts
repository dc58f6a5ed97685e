// Tokenizes the bundled code snippets and prompts with the model's own tokenizer.json through transformers.js
// (inference worker), timing the tokenizer apart from the model.
import { configureTransformers } from './transformers-env.ts';
import type { ModelLocation } from '../../shared/contracts/model.ts';
import { promptsFor } from '../../shared/prompts.ts';
import { snippetsFor, type Language } from '../../shared/snippets.ts';
import type { TokenRows } from '../inputs/inputs.ts';
import { InputSynthesisError } from '../../shared/errors.ts';

/** Loads a model's own tokenizer and encodes `texts`, timing the tokenizer on its own. */
export async function tokenizeTexts(source: ModelLocation, texts: string[], description: string): Promise<TokenRows> {
  const { AutoTokenizer } = await configureTransformers(source);
  let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(source.modelId);
  } catch (err) {
    const where = source.from === 'hub' ? source.hubUrl : source.mirrorUrl;
    const message = err instanceof Error ? err.message : String(err);
    throw new InputSynthesisError(`could not load the tokenizer of ${source.modelId} from ${where}: ${message}`);
  }
  // Tokenization is timed on its own: it is CPU work on the page's side, not part of the model's forward pass.
  const started = performance.now();
  const ids = texts.map((text) => (tokenizer.encode(text) as number[]).map(Number));
  const tokenizeMs = performance.now() - started;
  const padId = typeof tokenizer.pad_token_id === 'number' ? tokenizer.pad_token_id : 0;
  return { ids, padId, tokenizeMs, description };
}

const which = (language: Language | 'mixed') => (language === 'mixed' ? 'all languages' : language);

/** Loads a model's own tokenizer and encodes the bundled snippets of `language`. */
export async function tokenizeSnippets(source: ModelLocation, language: Language | 'mixed'): Promise<TokenRows> {
  const snippets = snippetsFor(language);
  return tokenizeTexts(
    source,
    snippets.map((s) => s.code),
    `${snippets.length} bundled ${which(language)} snippets tokenized by ${source.modelId}'s tokenizer, padded/truncated`,
  );
}

/** Loads a generator's tokenizer and encodes the bundled code-completion prompts of `language`. */
export async function tokenizePrompts(source: ModelLocation, language: Language | 'mixed'): Promise<TokenRows> {
  const prompts = promptsFor(language);
  return tokenizeTexts(
    source,
    prompts.map((p) => p.prompt),
    `${prompts.length} bundled ${which(language)} code-completion prompts tokenized by ${source.modelId}'s tokenizer`,
  );
}
