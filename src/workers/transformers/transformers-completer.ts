// transformers.js text completion for pass@k (inference worker): loads a causal LM and its tokenizer, then samples n
// continuations of one prompt in one batched generate() call and decodes what each generated.
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { stopStringCriterion } from './stop-strings.ts';
import type { Dtype } from '../../shared/catalog.ts';
import { InferenceError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';
import type { RuntimeInfo } from '../../shared/contracts/model.ts';
import { configureTransformers, transformers } from './transformers-env.ts';
import type { ModelLocation } from '../../shared/contracts/model.ts';
import { loadError, loadPretrained } from './transformers-load.ts';
import type { FileProgress } from '../../shared/contracts/model.ts';
import type { Completions, SamplingSettings } from '../../shared/contracts/completion.ts';

export type { Completions, SamplingSettings };

/** generate() options for `s`, each set explicitly over the model's generation_config.json. */
export function samplingOptions(s: SamplingSettings): Record<string, number | boolean> {
  return {
    max_new_tokens: s.maxNewTokens,
    do_sample: s.temperature > 0,
    temperature: s.temperature > 0 ? s.temperature : 1,
    top_k: s.topK,
    num_beams: 1,
    repetition_penalty: 1,
    no_repeat_ngram_size: 0,
    use_cache: true,
  };
}

export class TransformersCompleter {
  info!: RuntimeInfo;

  private constructor(
    private readonly model: PreTrainedModel,
    private readonly tokenizer: PreTrainedTokenizer,
  ) {}

  static async create(location: ModelLocation, device: Backend, dtype: Dtype, onFile: (p: FileProgress) => void) {
    const { AutoTokenizer } = await configureTransformers(location);
    let tokenizer: PreTrainedTokenizer;
    try {
      tokenizer = await AutoTokenizer.from_pretrained(location.modelId);
    } catch (err) {
      throw loadError(err, location.modelId);
    }
    const { model, info } = await loadPretrained({
      location,
      modelClass: 'AutoModelForCausalLM',
      device,
      dtype,
      onFile,
      notes: [
        'pass@k sampling: n copies of the prompt in one generate() batch; temperature and top_k applied, top_p is not (transformers.js 4.3 does not implement it); sampling is unseeded',
      ],
      onLost: () => {},
    });
    const completer = new TransformersCompleter(model, tokenizer);
    completer.info = info;
    return completer;
  }

  /** Samples `s.samples` continuations of `prompt` and decodes each up to its end-of-sequence or first stop string. */
  async complete(prompt: string, s: SamplingSettings, stops: readonly string[] = []): Promise<Completions> {
    if (s.temperature === 0 && s.samples !== 1)
      throw new InferenceError('greedy decoding gives one completion: set samples to 1 or a temperature above 0');
    const all = (this.tokenizer.encode(prompt) as number[]).map((x) => BigInt(x));
    const ids = s.maxPromptTokens && all.length > s.maxPromptTokens ? all.slice(all.length - s.maxPromptTokens) : all;
    const n = s.samples;
    const inputIds = new BigInt64Array(n * ids.length);
    for (let r = 0; r < n; r++) inputIds.set(ids, r * ids.length);
    const { Tensor } = transformers();
    const feeds = {
      input_ids: new Tensor('int64', inputIds, [n, ids.length]),
      attention_mask: new Tensor('int64', new BigInt64Array(n * ids.length).fill(1n), [n, ids.length]),
    };
    const stop = stops.length > 0 ? stopStringCriterion(transformers(), this.tokenizer, ids.length, stops) : null;
    const started = performance.now();
    const out = (await this.model.generate({
      ...feeds,
      ...samplingOptions(s),
      ...(stop ? { stopping_criteria: stop.criterion } : {}),
    })) as Tensor;
    const ms = performance.now() - started;
    const width = out.dims.at(-1) ?? 0;
    const data = out.data as BigInt64Array;
    const eos = new Set(
      ([] as unknown[])
        .concat((this.model.generation_config as { eos_token_id?: unknown } | undefined)?.eos_token_id ?? [])
        .concat(this.tokenizer.eos_token_id ?? [])
        .map((x) => Number(x)),
    );
    const texts: string[] = [];
    const newTokens: number[] = [];
    for (let r = 0; r < n; r++) {
      const row = Array.from(data.subarray(r * width + ids.length, (r + 1) * width), Number);
      const eosAt = row.findIndex((t) => eos.has(t));
      // A row that met a stop string keeps sampling until every row has ended: what it made after is not its own.
      const ends = [eosAt < 0 ? row.length : eosAt, stop?.endedAt[r] ?? row.length];
      const kept = row.slice(0, Math.min(...ends));
      newTokens.push(kept.length);
      texts.push(this.tokenizer.decode(kept, { skip_special_tokens: true }));
    }
    return { texts, promptTokens: ids.length, newTokens, ms };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
