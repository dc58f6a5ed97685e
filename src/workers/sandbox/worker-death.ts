// What an interpreter worker does when its interpreter dies (interpreter workers, both languages): whatever escapes
// uncaught, an error or a rejection (os._exit and Pyodide's fatal errors; a wasm abort in QuickJS), becomes that
// program's `crash` report. Registered before any program runs, so a program cannot take the listeners away.
import type { ProgramReport } from '../../shared/contracts/sandbox.ts';

/** Reports a crash through `report` when something escapes uncaught, while `running()` says a program runs. */
export function reportDeathAsCrash(report: (r: ProgramReport) => void, running: () => boolean = () => true): void {
  const died = (what: unknown) => {
    if (!running()) return;
    report({
      outcome: 'crash',
      errorType: 'InterpreterDied',
      message: `the interpreter died: ${String(what).slice(0, 400)}`,
      stdout: '',
    });
  };
  self.addEventListener('error', (e) => {
    e.preventDefault();
    died((e.error as Error | undefined)?.message ?? e.message);
  });
  self.addEventListener('unhandledrejection', (e) => {
    e.preventDefault();
    died((e.reason as Error | undefined)?.message ?? e.reason);
  });
}
