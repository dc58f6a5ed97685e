// What a page and its inference worker say of themselves, for controllers' unit tests (Node): a Linux page with no
// WebGPU, a cross-origin isolated worker with two threads, the WASM session it got, and the local mirror's catalog.
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { sampleResult } from '../../bench/testing/sample-result.ts';
import { CatalogSchema, type Catalog } from '../../shared/catalog.ts';
import type { RuntimeInfo, WorkerProbe } from '../../shared/contracts/model.ts';
import type { PageEnvironment } from '../core/page-environment.ts';

export const testPage: PageEnvironment = {
  userAgent: 'test',
  platform: 'Linux',
  browser: 'test',
  hardwareConcurrency: 2,
  deviceMemoryGb: 8,
  secureContext: true,
  crossOriginIsolated: true,
  webgpu: { available: false, reason: 'no adapter', adapter: null },
  emulation: null,
};

export const testProbe: WorkerProbe = {
  crossOriginIsolated: true,
  sharedMemory: true,
  hardwareConcurrency: 2,
  deviceMemoryGb: 8,
  timerResolutionMs: 0.005,
  threadsRequested: 0,
  threads: 2,
  ortBuild: 'wasm',
};

/** The session a worker reports having created: WASM as asked, no fallback. */
export function testRuntime(): RuntimeInfo {
  return {
    inputs: [],
    outputs: [],
    requestedProvider: 'wasm',
    executionProvider: 'wasm',
    providerFallback: false,
    adapter: null,
    sessionOptions: sampleResult().environment.sessionOptions,
    sessionCreateMs: 2,
    runtimeStartupMs: null,
    ortVersion: '1.31.0',
    ortBuild: null,
  };
}

/** The catalog of the local mirror the tests serve (models/mirror/catalog.json), parsed as the page parses it. */
export function testCatalog(): Catalog {
  return v.parse(
    CatalogSchema,
    JSON.parse(readFileSync(new URL('../../../models/mirror/catalog.json', import.meta.url), 'utf8')),
  );
}
