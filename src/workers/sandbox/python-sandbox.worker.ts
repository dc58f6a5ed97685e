// Worker entry of the Python sandbox (sandbox worker): exposes the API with comlink.
import { expose } from 'comlink';
import { createSandboxApi } from './python-sandbox-api.ts';

const api = createSandboxApi();
export type SandboxApi = typeof api;
expose(api);
