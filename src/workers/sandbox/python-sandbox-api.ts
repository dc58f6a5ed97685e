// The Python sandbox's API (sandbox worker): loads Pyodide from our own origin, cuts the worker off the network,
// and runs programs one at a time. The main thread enforces the time limit by terminating this worker.
import type { loadPyodide, PyodideAPI } from 'pyodide';
import { blockModules, runProgram, type ProgramRun } from './python-runner.ts';

export interface SandboxInfo {
  pyodideVersion: string;
  pythonVersion: string;
  /** Time to load the interpreter and standard library, ms (not counted in any problem's time). */
  loadMs: number;
  /** Globals removed from the worker before any program runs. */
  removedGlobals: string[];
}

const NETWORK_GLOBALS = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebTransport',
  'EventSource',
  'importScripts',
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'indexedDB',
  'caches',
];

/** Shadows the worker's network and storage globals with undefined, so nothing run later can reach them. */
function cutNetwork(): string[] {
  const removed: string[] = [];
  for (const name of NETWORK_GLOBALS) {
    try {
      Object.defineProperty(self, name, { value: undefined, configurable: false, writable: false });
      removed.push(name);
    } catch {
      // A global the browser does not have, or one it will not let go: the Python-side module block still applies.
    }
  }
  return removed;
}

export function createSandboxApi() {
  let py: PyodideAPI | null = null;
  return {
    /** Loads Pyodide from `indexURL` (our /pyodide/), then blocks outside access. */
    async init(indexURL: string): Promise<SandboxInfo> {
      const started = performance.now();
      const mod = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as { loadPyodide: typeof loadPyodide };
      py = await mod.loadPyodide({ indexURL, fullStdLib: false });
      blockModules(py);
      const removedGlobals = cutNetwork();
      return {
        pyodideVersion: py.version,
        pythonVersion: String(py.runPython('import sys; sys.version.split()[0]')),
        loadMs: performance.now() - started,
        removedGlobals,
      };
    },

    /** Runs one program in a fresh namespace. */
    run(program: string): ProgramRun {
      if (!py) throw new Error('call init() before run()');
      return runProgram(py, program);
    },
  };
}
