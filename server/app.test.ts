// The npm start server: isolation headers on every response, the model mirror, SPA fallback and clear 404s.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { mirrorPath } from '../build/mirror-middleware.ts';

let root: string;
let app: Hono;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tierlab-server-'));
  await mkdir(path.join(root, 'dist/assets'), { recursive: true });
  await mkdir(path.join(root, 'mirror/org/model/onnx'), { recursive: true });
  await writeFile(path.join(root, 'dist/index.html'), '<!doctype html><title>t</title>');
  await mkdir(path.join(root, 'dist/sandbox'));
  await writeFile(path.join(root, 'dist/sandbox/frame.html'), '<!doctype html><script>1</script>');
  await writeFile(path.join(root, 'dist/assets/a.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(path.join(root, 'mirror/org/model/onnx/model.onnx'), new Uint8Array(64));
  app = createApp({ distDir: path.join(root, 'dist'), mirrorDir: path.join(root, 'mirror') });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function expectIsolated(res: Response): void {
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
}

describe('server app', () => {
  it('serves the app with isolation headers', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expectIsolated(res);
    expect(await res.text()).toContain('<title>t</title>');
  });

  it('lets the sandboxed frame through Firefox: its page passes any resource policy, the rest stays same-origin', async () => {
    const frame = await app.request('/sandbox/frame.html');
    expect(frame.status).toBe(200);
    expectIsolated(frame);
    expect(frame.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(frame.headers.get('content-security-policy')).toMatch(/sandbox allow-scripts/);
    // A process of its own in Chromium even where sandboxed frames are not isolated (e2e/sandbox.spec.ts).
    expect(frame.headers.get('document-isolation-policy')).toBe('isolate-and-require-corp');
    expect((await app.request('/')).headers.get('document-isolation-policy')).toBeNull();
    expect((await app.request('/')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect((await app.request('/assets/a.wasm')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('serves wasm with its content type', async () => {
    const res = await app.request('/assets/a.wasm');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/wasm');
    expectIsolated(res);
  });

  it('serves the model mirror in the Hub layout', async () => {
    const res = await app.request('/models/org/model/onnx/model.onnx');
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(64);
    expectIsolated(res);
  });

  it('serves the mirror in the Hub URL layout with CORS', async () => {
    const res = await app.request('/hub/org/model/resolve/main/onnx/model.onnx');
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(64);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expectIsolated(res);
    const otherRevision = await app.request('/hub/org/model/resolve/v2/onnx/model.onnx');
    expect(otherRevision.status).toBe(404);
    expect(await otherRevision.text()).toMatch(/revision "main" only/);
    expect((await app.request('/hub/org/model/resolve/main/onnx/nope.onnx')).status).toBe(404);
  });

  it('answers 404 for missing models and files, with isolation headers', async () => {
    const missing = await app.request('/models/org/model/onnx/model_q4.onnx');
    expect(missing.status).toBe(404);
    expectIsolated(missing);
    expect((await app.request('/assets/nope.js')).status).toBe(404);
  });

  it('falls back to index.html for app routes', async () => {
    const res = await app.request('/some/route');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>t</title>');
  });

  it('does not escape the mirror folder', async () => {
    const res = await app.request('/models/../dist/index.html');
    expect([400, 403, 404]).toContain(res.status);
  });

  it('refuses to start without a build', () => {
    expect(() => createApp({ distDir: path.join(root, 'nothing'), mirrorDir: root })).toThrow(/npm run build/);
  });
});

describe('dev and preview mirror paths', () => {
  it('maps /models/ and the Hub layout to mirror files, and nothing else', () => {
    expect(mirrorPath('/models/org/m/onnx/model.onnx')).toBe('org/m/onnx/model.onnx');
    expect(mirrorPath('/hub/org/m/resolve/main/onnx/model_q4.onnx')).toBe('org/m/onnx/model_q4.onnx');
    expect(mirrorPath('/hub/org/m/resolve/v1/config.json')).toBeNull();
    expect(mirrorPath('/assets/app.js')).toBeNull();
  });
});
