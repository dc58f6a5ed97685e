// "Typical use" for `npm run perf` (main thread): a transformers.js text-classification pipeline written the way its
// documentation shows, with default settings, timed the way a page author would time it (wall time of one call).
// Two deviations, both forced by this offline workplace and neither changing the work: the wasm file and the model
// come from this server (env.backends.onnx.wasm.wasmPaths, env.remoteHost with the Hub's layout).
import { env, pipeline } from '@huggingface/transformers';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { SNIPPETS } from '../../../src/shared/snippets.ts';

interface TypicalResult {
  samples: Record<number, number[]>;
  threads: number | null;
  crossOriginIsolated: boolean;
  dtype: string;
  tokensPerSample: number;
}

const q = new URLSearchParams(location.search);
const model = q.get('model') ?? 'tierlab/tiny-code-encoder';
const dtype = (q.get('dtype') ?? 'fp32') as 'fp32' | 'int8';
const batches = (q.get('batches') ?? '1').split(',').map(Number);
const seq = Number(q.get('seq') ?? 128);
const runs = Number(q.get('runs') ?? 20);
const w = window as unknown as { __perf?: TypicalResult | { error: string } };

async function main(): Promise<TypicalResult> {
  env.backends.onnx.wasm!.wasmPaths = { wasm: new URL(wasmUrl, location.href).href };
  env.allowLocalModels = false;
  env.remoteHost = `${location.origin}/hub/`;
  // The documented call: task and model id; dtype chosen so both sides load the same ONNX file.
  const classifier = await pipeline('text-classification', model, { dtype });
  // Texts that tokenize to `seq` tokens with the special tokens, so the pipeline's default padding (to the longest in
  // the batch) feeds the same shape TierLab feeds with padding to the sequence length.
  const texts = SNIPPETS.map((s) => {
    const ids = classifier.tokenizer.encode(s.code, { add_special_tokens: false }).slice(0, seq - 2);
    return classifier.tokenizer.decode(ids);
  });
  const lengths = texts.map((t) => classifier.tokenizer.encode(t).length);
  const samples: Record<number, number[]> = {};
  for (const b of batches) {
    const batch = Array.from({ length: b }, (_, i) => texts[i % texts.length] as string);
    for (let i = 0; i < 3; i++) await classifier(batch);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await classifier(batch);
      times.push(performance.now() - t0);
    }
    samples[b] = times;
  }
  return {
    samples,
    threads: env.backends.onnx.wasm?.numThreads ?? null,
    crossOriginIsolated: window.crossOriginIsolated,
    dtype,
    tokensPerSample: lengths.reduce((a, n) => a + n, 0) / lengths.length,
  };
}

// ORT starts its WASM threads from the bundle that imported it (this one, named em-pthread): only the page runs main().
if (typeof window !== 'undefined')
  main().then(
    (r) => {
      w.__perf = r;
      document.getElementById('status')!.textContent = 'done';
    },
    (err: unknown) => {
      w.__perf = { error: err instanceof Error ? err.message : String(err) };
    },
  );
