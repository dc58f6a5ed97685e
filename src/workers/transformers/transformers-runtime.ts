// transformers.js adapter of ModelRuntime for classifiers (inference worker): loads with from_pretrained (per-file
// progress, Cache API), feeds it the same host tensors as the ONNX Runtime path, and times forward plus read-back.
import type { PreTrainedModel, Tensor } from '@huggingface/transformers';
import type { Dtype } from '../../shared/catalog.ts';
import { InferenceError } from '../../shared/errors.ts';
import type { Backend } from '../../shared/run-plan.ts';
import type { HostFeeds } from '../inputs/inputs.ts';
import type { Logits, ModelRuntime } from '../runtime/runtime.ts';
import type { RuntimeInfo } from '../../shared/contracts/model.ts';
import { timeRuns } from '../ort/runtime-common.ts';
import { transformers } from './transformers-env.ts';
import type { ModelLocation } from '../../shared/contracts/model.ts';
import { loadPretrained } from './transformers-load.ts';
import type { FileProgress } from '../../shared/contracts/model.ts';

/** Host feeds as transformers.js tensors. */
export function toTensors(feeds: HostFeeds): Record<string, Tensor> {
  const { Tensor } = transformers();
  const tensors: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) tensors[name] = new Tensor(t.type as 'int64', t.data as BigInt64Array, t.dims);
  return tensors;
}

export class TransformersRuntime implements ModelRuntime {
  private readonly feeds = new Map<number, Record<string, Tensor>>();
  private lost = false;
  info!: RuntimeInfo;
  labels: string[] | null = null;

  private constructor(private readonly model: PreTrainedModel) {}

  get deviceLost(): boolean {
    return this.lost;
  }

  /** The GPU device its session ran on was lost. */
  markLost(): void {
    this.lost = true;
  }

  /** Loads `location`'s model for text classification on `device` with the ONNX file of `dtype`. */
  static async create(
    location: ModelLocation,
    device: Backend,
    dtype: Dtype,
    onFile: (p: FileProgress) => void,
  ): Promise<TransformersRuntime> {
    let runtime: TransformersRuntime | null = null;
    const { model, info } = await loadPretrained({
      location,
      modelClass: 'AutoModelForSequenceClassification',
      device,
      dtype,
      onFile,
      notes: [],
      onLost: () => runtime?.markLost(),
    });
    runtime = new TransformersRuntime(model);
    runtime.info = info;
    const id2label = (model.config as { id2label?: Record<string, string> }).id2label;
    if (id2label)
      runtime.labels = Object.keys(id2label)
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => String(id2label[k]));
    return runtime;
  }

  setFeeds(batchSize: number, feeds: HostFeeds): void {
    this.feeds.set(batchSize, toTensors(feeds));
  }

  async measure(batchSize: number, count: number): Promise<Float64Array> {
    const feeds = this.feeds.get(batchSize);
    if (!feeds) throw new InferenceError(`no inputs prepared for batch size ${batchSize}`);
    const { Tensor } = transformers();
    return timeRuns(
      batchSize,
      count,
      async () => {
        const out = (await this.model(feeds)) as Record<string, Tensor>;
        // Touch every output's data on the CPU, as an application reading the logits would.
        for (const t of Object.values(out)) if (t instanceof Tensor) void t.data.length;
      },
      () => this.lost,
    );
  }

  async logits(feeds: HostFeeds): Promise<Logits> {
    const out = (await this.model(toTensors(feeds))) as { logits?: Tensor };
    const { Tensor } = transformers();
    const t = out.logits;
    if (!(t instanceof Tensor) || t.dims.length !== 2)
      throw new InferenceError('the model has no [batch, classes] logits to evaluate');
    return { data: Float32Array.from(t.data as Float32Array), width: t.dims[1] as number };
  }

  async dispose(): Promise<void> {
    this.feeds.clear();
    await this.model.dispose();
  }
}
