// The life of a wasm interpreter worker inside the sandbox frame (QuickJS's and wasmoon's; runs in the worker): the
// realm locked down first, one boot from the module the frame compiled, exactly one program, one report, and any
// death after the program starts reported as its crash. The frame terminates the worker afterwards.
import type { ProgramReport } from '../../shared/contracts/sandbox.ts';
import { lockDownRealm } from './realm-lockdown.ts';
import { reportDeathAsCrash } from './worker-death.ts';

export interface OneProgramRuntime<R> {
  /** Instantiates the runtime from the frame's compiled module. */
  boot(module: WebAssembly.Module): Promise<R>;
  /** Runs the program (the run message's fields are the frame's, unchecked here: the runner reads them). */
  run(runtime: R, m: { program: unknown; timeoutMs: unknown; outputFails?: unknown }): ProgramReport | Promise<ProgramReport>;
}

export function serveOneProgram<R>(rt: OneProgramRuntime<R>): void {
  const post = self.postMessage.bind(self);
  lockDownRealm();

  let state: 'new' | 'booting' | 'booted' | 'ran' = 'new';
  let runtime: R | null = null;

  const report = (r: ProgramReport): void => {
    post({ type: 'report', ...r } satisfies ProgramReport & { type: 'report' });
  };
  const died = (err: unknown): ProgramReport => ({
    outcome: 'crash',
    errorType: 'InterpreterDied',
    message: `the interpreter died: ${String((err as Error)?.message ?? err).slice(0, 400)}`,
    stdout: '',
  });

  // A wasm abort escapes as an uncaught error or rejection: that program's crash (the frame also sees a dead worker).
  reportDeathAsCrash(report, () => state === 'ran');

  self.addEventListener('message', (e: MessageEvent) => {
    const m = e.data as { type?: unknown; module?: unknown; program?: unknown; timeoutMs?: unknown; outputFails?: unknown };
    if (m?.type === 'boot' && state === 'new' && m.module instanceof WebAssembly.Module) {
      state = 'booting';
      const started = performance.now();
      rt.boot(m.module).then(
        (r) => {
          runtime = r;
          state = 'booted';
          post({ type: 'booted', ms: performance.now() - started });
        },
        (err: unknown) => post({ type: 'boot-failed', message: String((err as Error)?.message ?? err).slice(0, 500) }),
      );
    } else if (m?.type === 'run' && state === 'booted' && runtime !== null) {
      state = 'ran';
      Promise.resolve()
        .then(() => rt.run(runtime as R, m as { program: unknown; timeoutMs: unknown; outputFails?: unknown }))
        .then(report, (err: unknown) => report(died(err)));
    }
  });
}
