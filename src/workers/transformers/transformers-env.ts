// transformers.js in the inference worker: imported only once onnxruntime-web is loaded (it takes the ORT instance
// ort-env.ts registered, at import time), and pointed at the model's location: the local mirror as files, or a
// Hub-layout host.
import type * as TransformersLib from '@huggingface/transformers';
import { ort } from '../ort/ort-env.ts';
import type { ModelLocation } from '../../shared/contracts/model.ts';

export type Transformers = typeof TransformersLib;

let loading: Promise<Transformers> | null = null;
let loaded: Transformers | null = null;

/** transformers.js, imported on first use, after this worker's ORT build. */
export function loadTransformers(): Promise<Transformers> {
  ort(); // throws when no ORT build is loaded yet: transformers.js would then have none to use
  loading ??= import('@huggingface/transformers').then((lib) => (loaded = lib));
  return loading;
}

/** The imported library, for code that runs after a loadTransformers() (tensors for a loaded model). */
export function transformers(): Transformers {
  if (!loaded) throw new Error('transformers.js is not loaded yet');
  return loaded;
}

/** Configures transformers.js for `location` and returns it; the Cache API keeps downloads (its browser default). */
export async function configureTransformers(location: ModelLocation): Promise<Transformers> {
  const lib = await loadTransformers();
  const env = lib.env;
  env.useBrowserCache = true;
  if (location.from === 'mirror') {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    // A path, not a URL: transformers.js skips its local-file check for http(s) URLs (get_file_metadata).
    env.localModelPath = new URL(location.mirrorUrl).pathname;
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = location.hubUrl.endsWith('/') ? location.hubUrl : `${location.hubUrl}/`;
  }
  return lib;
}
