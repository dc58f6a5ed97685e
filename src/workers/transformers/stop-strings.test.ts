// Stop strings end generation, in Node on the fixture decoder through transformers.js (greedy, so the text without a
// stop is known): a stop string that the fourth generated token completes ends the row there, long before the token
// limit; one that never appears changes nothing.
import { describe, expect, it } from 'vitest';
import { AutoModelForCausalLM, AutoTokenizer, StoppingCriteria, env } from '@huggingface/transformers';
import { stopStringCriterion } from './stop-strings.ts';

const LIMIT = 24;

describe('stopStringCriterion', () => {
  it('ends a row once its generated text contains a stop string, and remembers where', async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = 'models/mirror/';
    const tokenizer = await AutoTokenizer.from_pretrained('tierlab/tiny-code-decoder');
    const model = await AutoModelForCausalLM.from_pretrained('tierlab/tiny-code-decoder', { dtype: 'fp32' });
    const inputs = tokenizer('def add(a, b):');
    const promptLength = inputs.input_ids.dims[1] as number;
    type Out = { dims: number[]; data: BigInt64Array };
    const generate = async (extra: object) =>
      (await model.generate({
        ...inputs,
        max_new_tokens: LIMIT,
        min_new_tokens: LIMIT,
        do_sample: false,
        ...extra,
      })) as unknown as Out;
    const free = await generate({});
    const generated = Array.from(free.data.subarray(promptLength), Number);
    expect(generated).toHaveLength(LIMIT);
    // A stop string that only the fourth token completes: the end of the first four tokens' text.
    const four = tokenizer.decode(generated.slice(0, 4), { skip_special_tokens: true });
    const three = tokenizer.decode(generated.slice(0, 3), { skip_special_tokens: true });
    const stop = four.slice(three.length - 1);
    expect(three.includes(stop)).toBe(false);

    const stopped = stopStringCriterion({ StoppingCriteria }, tokenizer, promptLength, [stop]);
    const out = await generate({ stopping_criteria: stopped.criterion, min_new_tokens: 0 });
    expect(stopped.endedAt).toEqual([4]);
    expect(out.dims[1]! - promptLength).toBe(4);

    const never = stopStringCriterion({ StoppingCriteria }, tokenizer, promptLength, ['\u0000never\u0000']);
    const full = await generate({ stopping_criteria: never.criterion });
    expect(never.endedAt).toEqual([null]);
    expect(Array.from(full.data)).toEqual(Array.from(free.data));
    await model.dispose();
  });
});
