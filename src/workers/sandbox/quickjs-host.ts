// One QuickJS interpreter for one program (runs in a classic worker inside the sandbox frame; the two entries,
// js-interpreter.worker.ts and ts-interpreter.worker.ts, are bundled into the frame's page; see docs/sandbox.md). It
// instantiates QuickJS from the module the frame compiled once, runs exactly one program in a fresh QuickJS runtime
// (js-runner.ts), TypeScript after its types are erased in this same worker, reports once, and is terminated by the
// frame. The program runs inside QuickJS: it sees none of this worker's globals, only what js-prelude.ts gives it.
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import type { ProgramReport, ToJsInterpreter } from '../../shared/contracts/sandbox.ts';
import { runJsProgram } from './js-runner.ts';
import { lockDownRealm } from './realm-lockdown.ts';
import { reportDeathAsCrash } from './worker-death.ts';

/** Serves one program in this worker; `transpile` turns the program into JavaScript first (TypeScript). */
export function serveOneQuickJsProgram(transpile?: (source: string) => string): void {
  const post = self.postMessage.bind(self);
  lockDownRealm();

  let state: 'new' | 'booting' | 'booted' | 'ran' = 'new';
  let quickjs: QuickJSWASMModule | null = null;

  const report = (r: ProgramReport): void => {
    post({ type: 'report', ...r } satisfies ProgramReport & { type: 'report' });
  };

  // A wasm abort escapes as an uncaught error or rejection: that program's crash (the frame also sees a dead worker).
  reportDeathAsCrash(report, () => state === 'ran');

  self.addEventListener('message', (e: MessageEvent<ToJsInterpreter>) => {
    const m = e.data;
    if (m?.type === 'boot' && state === 'new') {
      state = 'booting';
      const started = performance.now();
      newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule: m.module })).then(
        (q) => {
          quickjs = q;
          state = 'booted';
          post({ type: 'booted', ms: performance.now() - started });
        },
        (err: unknown) => post({ type: 'boot-failed', message: String((err as Error)?.message ?? err).slice(0, 500) }),
      );
    } else if (m?.type === 'run' && state === 'booted' && quickjs) {
      state = 'ran';
      report(
        runJsProgram(quickjs, String(m.program), {
          outputFails: m.outputFails === true,
          timeoutMs: Number(m.timeoutMs),
          ...(transpile ? { transpile } : {}),
        }),
      );
    }
  });
}
