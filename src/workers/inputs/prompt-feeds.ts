// Batches of tokenized prompts for generate() (pure; inference worker): left-padded, as decoder-only models need,
// so every row's last real token sits at the end and its next token is the one generated.
import { InputSynthesisError } from '../../shared/errors.ts';
import type { InputSummary } from '../../shared/run-result.ts';
import type { HostFeeds, TokenRows } from './inputs.ts';

export interface PromptBatch {
  /** input_ids and attention_mask, int64 [batch, length], padded on the left. */
  feeds: HostFeeds;
  summary: InputSummary;
}

/**
 * Row r of the batch cycles through `rows`; a prompt longer than `maxTokens` keeps its last `maxTokens` tokens (the
 * model continues from the end), and every row is padded on the left to the longest in the batch.
 */
export function promptBatch(rows: TokenRows, batchSize: number, maxTokens: number): PromptBatch {
  if (rows.ids.length === 0) throw new InputSynthesisError('no prompts to batch: the prompt set is empty');
  const picked = Array.from({ length: batchSize }, (_, r) => rows.ids[r % rows.ids.length] as number[]);
  const kept = picked.map((ids) => ids.slice(Math.max(0, ids.length - maxTokens)));
  const length = Math.max(1, ...kept.map((ids) => ids.length));
  const inputIds = new BigInt64Array(batchSize * length).fill(BigInt(rows.padId));
  const mask = new BigInt64Array(batchSize * length);
  kept.forEach((ids, r) => {
    const offset = r * length + (length - ids.length);
    ids.forEach((id, c) => {
      inputIds[offset + c] = BigInt(id);
      mask[offset + c] = 1n;
    });
  });
  const tokens = kept.reduce((a, ids) => a + ids.length, 0);
  return {
    feeds: {
      input_ids: { type: 'int64', data: inputIds, dims: [batchSize, length] },
      attention_mask: { type: 'int64', data: mask, dims: [batchSize, length] },
    },
    summary: {
      kind: 'tokenized',
      padding: 'longest',
      sequenceLength: length,
      tokensPerSampleMean: tokens / batchSize,
      paddingFraction: 1 - tokens / (batchSize * length),
      truncatedSamples: picked.filter((ids) => ids.length > maxTokens).length,
      ...(rows.tokenizeMs !== undefined ? { tokenizeMsPerSample: rows.tokenizeMs / rows.ids.length } : {}),
      description: `${rows.description}; left-padded to the batch's longest prompt`,
    },
  };
}
