// One QuickJS interpreter for one program (runs in a classic worker inside the sandbox frame; the two entries,
// js-interpreter.worker.ts and ts-interpreter.worker.ts, are bundled into the frame's page; see docs/sandbox.md). It
// instantiates QuickJS from the module the frame compiled once and runs exactly one program in a fresh QuickJS runtime
// (js-runner.ts), TypeScript after its types are erased in this same worker (one-program-host.ts does the rest). The
// program runs inside QuickJS: it sees none of this worker's globals, only what js-prelude.ts gives it.
import { newQuickJSWASMModuleFromVariant, newVariant } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { runJsProgram } from './js-runner.ts';
import { serveOneProgram } from './one-program-host.ts';

/** Serves one program in this worker; `transpile` turns the program into JavaScript first (TypeScript). */
export function serveOneQuickJsProgram(transpile?: (source: string) => string): void {
  serveOneProgram({
    boot: (module) => newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule: module })),
    run: (quickjs, m) =>
      runJsProgram(quickjs, String(m.program), {
        outputFails: m.outputFails === true,
        timeoutMs: Number(m.timeoutMs),
        ...(transpile ? { transpile } : {}),
      }),
  });
}
