// Inference worker entry: exposes the API over comlink; all logic lives in inference-api.ts.
import { expose } from 'comlink';
import { createInferenceApi } from './inference-api.ts';

const api = createInferenceApi();
export type InferenceApi = typeof api;
expose(api);
