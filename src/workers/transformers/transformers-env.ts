// Points transformers.js at the model's location (inference worker): the local mirror as files, or a Hub-layout host.
import '../ort/ort-env.ts';
import { env } from '@huggingface/transformers';

/** Where a model's files (config, tokenizer, ONNX) come from. */
export type ModelLocation =
  { modelId: string; from: 'mirror'; mirrorUrl: string } | { modelId: string; from: 'hub'; hubUrl: string };

/** Configures transformers.js for `location`; the Cache API keeps downloads (transformers.js's default in browsers). */
export function configureTransformers(location: ModelLocation): void {
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
}
