// What the offline badge reads, on fake caches and service workers: a complete shell is ready and a partial one is
// partial, offline it counts the shell it has, the onnxruntime-web builds and first-use files are counted, and a page
// without service workers, the development server and a failed install each say why in words.
import { describe, expect, it, vi } from 'vitest';
import { OfflineStatus, type CacheReader, type Workers } from './offline-status.svelte.ts';

const SHELL = ['/', '/index.html', '/assets/index-abc.js'];
const ORT_WASM = '/assets/ort-wasm-simd-threaded-1a2b.wasm';

/** CacheStorage over named lists of paths. */
function fakeCaches(contents: Record<string, string[]>): CacheReader {
  return {
    keys: async () => Object.keys(contents),
    has: async (name: string) => name in contents,
    open: async (name: string) =>
      ({ keys: async () => (contents[name] ?? []).map((p) => new Request(`http://127.0.0.1:8080${p}`)) }) as unknown as Cache,
  } as CacheReader;
}

function fakeWorkers(register: () => Promise<unknown> = async () => ({})): Workers & { listeners: string[] } {
  const listeners: string[] = [];
  return {
    listeners,
    register: vi.fn(register) as unknown as Workers['register'],
    ready: Promise.resolve({} as ServiceWorkerRegistration),
    addEventListener: ((type: string) => listeners.push(type)) as Workers['addEventListener'],
  };
}

const make = (contents: Record<string, string[]>, over: Partial<ConstructorParameters<typeof OfflineStatus>[0]> = {}) =>
  new OfflineStatus({
    workers: fakeWorkers(),
    caches: fakeCaches(contents),
    production: true,
    manifest: async () => ({ build: 'b1', shell: SHELL }),
    usage: async () => 1234,
    ...over,
  });

describe('the offline status', () => {
  it('is ready when the whole shell of this build is cached, and counts what else is', async () => {
    const workers = fakeWorkers();
    const offline = make(
      {
        'tierlab-shell-b1': [...SHELL, ORT_WASM],
        'tierlab-runtime': [
          '/pyodide/pyodide.asm.wasm',
          '/pyodide/python_stdlib.zip',
          '/models/catalog.json',
          '/hub/x/resolve/main/model.onnx',
        ],
        'transformers-cache': ['/a', '/b', '/c'],
      },
      { workers },
    );
    await offline.start();
    expect(workers.register).toHaveBeenCalledWith('/sw.js', { type: 'module', scope: '/' });
    expect(workers.listeners).toEqual(['controllerchange']);
    expect(offline.state).toBe('ready');
    expect(offline.serverReachable).toBe(true);
    expect(offline.report).toEqual({
      shellCached: 3,
      shellTotal: 3,
      ortBuilds: ['wasm'],
      pyodideFiles: 2,
      mirrorFiles: 2,
      hubModelFiles: 3,
      usageBytes: 1234,
    });
  });

  it('is partial while files of the shell are missing', async () => {
    const offline = make({ 'tierlab-shell-b1': ['/'] });
    await offline.start();
    expect(offline.state).toBe('partial');
    expect(offline.report.shellCached).toBe(1);
  });

  it('counts the shell it has when the server cannot be reached', async () => {
    const offline = make(
      { 'tierlab-shell-old': [...SHELL, ORT_WASM] },
      {
        manifest: async () => {
          throw new TypeError('Failed to fetch');
        },
      },
    );
    await offline.start();
    expect(offline.serverReachable).toBe(false);
    expect(offline.state).toBe('ready');
    expect(offline.report).toMatchObject({ shellCached: 3, shellTotal: 3, ortBuilds: ['wasm'] });
  });

  it('says why when the page can have no service worker, on the development server, and when installing fails', async () => {
    const none = make({}, { workers: null });
    await none.start();
    expect(none.state).toBe('unsupported');
    expect(none.reason).toBe('this browser (or a page not served over https or localhost) has no service workers');
    const dev = make({}, { production: false });
    await dev.start();
    expect(dev.reason).toBe('the development server does not install the service worker (npm start does)');
    const failed = make({}, { workers: fakeWorkers(async () => Promise.reject(new Error('sw.js answered 404'))) });
    await failed.start();
    expect(failed.state).toBe('error');
    expect(failed.reason).toBe('the service worker could not be installed: sw.js answered 404');
  });
});
