// The smallest runtime for the run: a WASM run downloads onnxruntime-web's plain WASM build and nothing of the GPU
// builds; a WebGPU run (SwiftShader) downloads the JSPI build (this Chromium has WebAssembly.Suspending) and not the
// plain or asyncify ones; the result records the build and its wasm's size. Requests are watched on the whole
// context, so the service worker's own fetches (its install precache) count too.
import type { BrowserContext } from '@playwright/test';
import { ortBuildOfPath, type OrtBuild } from '../src/shared/ort-build.ts';
import { expect, QUICK, test } from './tierlab-page.ts';

/** Every onnxruntime-web build file requested in `context`, as [build, path]. */
function ortRequests(context: BrowserContext): [OrtBuild, string][] {
  const seen: [OrtBuild, string][] = [];
  context.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    const build = ortBuildOfPath(path);
    if (build) seen.push([build, path]);
  });
  return seen;
}

const CASES = [
  { backend: 'wasm', build: 'wasm', plan: { model: 'tierlab/tiny-code-encoder', variant: 'fp32' } },
  { backend: 'webgpu', build: 'jspi', plan: { model: 'tierlab/tiny-code-encoder', variant: 'fp32' } },
  {
    backend: 'wasm',
    build: 'wasm',
    plan: { model: 'tierlab/tiny-code-decoder', variant: 'q4', runtime: 'transformers.js', tokens: '4' },
  },
] as const;

for (const c of CASES) {
  test(`a ${c.backend} run of ${c.plan.model} loads only the ${c.build} build of onnxruntime-web`, async ({
    app,
    page,
    context,
  }) => {
    const requested = ortRequests(context);
    await app.open({ ...c.plan, backend: c.backend, batches: '1,2', ...QUICK, autorun: '1' });
    await app.waitForResult();
    const result = await app.exportResult();
    expect(result.environment.executionProvider).toBe(c.backend);
    expect(result.environment.ortBuild?.name).toBe(c.build);
    expect(result.environment.ortBuild?.wasmBytes).toBeGreaterThan(1_000_000);
    // The wasm went out compressed: fewer bytes crossed the network than the file holds.
    expect(result.environment.ortBuild?.transferBytes).toBeLessThan(result.environment.ortBuild?.wasmBytes ?? 0);
    expect(
      requested.some(([, p]) => p.endsWith('.wasm')),
      'the run fetched its wasm',
    ).toBe(true);
    expect(
      requested.filter(([b]) => b !== c.build).map(([, p]) => p),
      'files of builds the run does not use',
    ).toEqual([]);
    await expect(page.getByTestId('env-ort-build')).toContainText(c.build);
  });
}
