// Opens a model in the inference worker with the requested runtime: downloads an ONNX file for onnxruntime-web, or
// loads a model folder through transformers.js with per-file progress.
import type { RunProgress, BenchmarkRequest } from '../../shared/contracts/benchmark.ts';
import { fetchWithProgress } from '../runtime/model-fetch.ts';
import { assertLooksLikeOnnx } from '../onnx/inspect.ts';
import { OrtRuntime } from '../ort/ort-runtime.ts';
import type { ModelRuntime } from '../runtime/runtime.ts';
import { TransformersGenerator } from '../transformers/transformers-generator.ts';
import { TransformersRuntime } from '../transformers/transformers-runtime.ts';
import type { FileProgress } from '../../shared/contracts/model.ts';

export interface OpenedRuntime {
  runtime: ModelRuntime;
  /** The ONNX bytes when this worker downloaded them itself (onnxruntime-web path), for graph inspection. */
  bytes: Uint8Array | null;
  fileBytes: number;
  fetchMs: number;
}

/** Downloads and opens the model with the requested runtime, reporting download progress. */
export async function openRuntime(
  req: Pick<BenchmarkRequest, 'model' | 'backend' | 'label' | 'generation'>,
  onProgress: (p: RunProgress) => void,
): Promise<OpenedRuntime> {
  const source = req.model;
  if (source.runtime === 'transformers.js') {
    const files = new Map<string, FileProgress>();
    let last = 0;
    const onFile = (p: FileProgress) => {
      // transformers.js's "done" event carries no sizes: keep what the last progress event said.
      const before = files.get(p.file);
      files.set(p.file, p.done && before ? { ...before, loaded: before.total, done: true } : p);
      const now = performance.now();
      if (p.done || now - last > 100) {
        last = now;
        onProgress({ phase: 'files', files: [...files.values()] });
      }
    };
    const runtime: ModelRuntime = req.generation
      ? await TransformersGenerator.create(source.location, req.backend, source.dtype, req.generation, onFile)
      : await TransformersRuntime.create(source.location, req.backend, source.dtype, onFile);
    const fileBytes = [...files.values()].filter((f) => f.file.endsWith('.onnx')).reduce((a, f) => a + f.total, 0);
    return { runtime, bytes: null, fileBytes, fetchMs: 0 };
  }
  const started = performance.now();
  const file = source.file;
  const bytes =
    'bytes' in file ? file.bytes : await fetchWithProgress(file.url, (progress) => onProgress({ phase: 'download', progress }));
  const fetchMs = 'bytes' in file ? 0 : performance.now() - started;
  assertLooksLikeOnnx(bytes, req.label);
  onProgress({ phase: 'session' });
  return { runtime: await OrtRuntime.create(bytes, req.backend), bytes, fileBytes: bytes.byteLength, fetchMs };
}
