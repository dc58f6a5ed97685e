// Ending generation at stop strings (inference worker; also Node tests): a transformers.js stopping criterion that ends
// each row of a batched generate() once the text it generated contains one of the strings (a set's stop tokens, as
// MultiPL-E's generation stops at them). generate() itself goes on until every row has ended, so the criterion
// remembers where each row ended, and the caller keeps only that much of it.
import type { PreTrainedTokenizer, StoppingCriteria } from '@huggingface/transformers';
import type * as TransformersLib from '@huggingface/transformers';

export interface StopStrings {
  criterion: StoppingCriteria;
  /** Per row: how many tokens it had generated when its text first contained a stop string; null while it has not. */
  endedAt: (number | null)[];
}

export function stopStringCriterion(
  lib: Pick<typeof TransformersLib, 'StoppingCriteria'>,
  tokenizer: PreTrainedTokenizer,
  promptLength: number,
  stops: readonly string[],
): StopStrings {
  const endedAt: (number | null)[] = [];
  class StopAtStrings extends lib.StoppingCriteria {
    // The ids arrive as bigints at run time, whatever the declared type says: Number() reads both.
    override _call(inputIds: number[][]): boolean[] {
      return inputIds.map((ids, row) => {
        if (endedAt[row] != null) return true;
        const generated = ids.slice(promptLength).map((x) => Number(x));
        const text = tokenizer.decode(generated, { skip_special_tokens: true });
        const ended = stops.some((stop) => text.includes(stop));
        endedAt[row] = ended ? generated.length : null;
        return ended;
      });
    }
  }
  return { criterion: new StopAtStrings(), endedAt };
}
