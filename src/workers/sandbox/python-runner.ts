// Runs one Python program in a loaded Pyodide (sandbox worker; also Node tests): a fresh namespace per program,
// stdout captured, the outcome classified. No DOM or worker globals here, so Node tests run the same code.
import type { PyodideAPI } from 'pyodide';

export type ProgramOutcome = 'pass' | 'fail' | 'error';

export interface ProgramRun {
  /** pass: ran to the end; fail: an assert failed; error: any other exception (syntax, name, memory, recursion...). */
  outcome: ProgramOutcome;
  errorType: string | null;
  /** The exception's last line, at most 500 characters. */
  message: string | null;
  /** What the program printed, at most 4,000 characters. */
  stdout: string;
  ms: number;
}

/** Modules that reach outside the interpreter: importing them fails inside the sandbox. */
export const BLOCKED_MODULES = [
  'js',
  'pyodide_js',
  'pyodide.http',
  'pyodide.ffi.wrappers',
  'micropip',
  'urllib.request',
  'http.client',
  'socket',
];

/** Makes the blocked modules unimportable (a None entry in sys.modules raises ImportError on import). */
export function blockModules(py: PyodideAPI): void {
  py.runPython(`import sys\nfor _m in ${JSON.stringify(BLOCKED_MODULES)}:\n    sys.modules[_m] = None\ndel _m`);
}

const lastLine = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter((l) => l.trim())
    .at(-1)
    ?.slice(0, 500) ?? '';

/** The program line the traceback ends at (the failing assert, say), when the traceback names one. */
export function failingLine(traceback: string, program: string): string | null {
  const lines = [...traceback.matchAll(/File "<exec>", line (\d+)/g)];
  const n = Number(lines.at(-1)?.[1]);
  const text = Number.isInteger(n) ? program.split('\n')[n - 1]?.trim() : undefined;
  return text ? `line ${n}: ${text.slice(0, 300)}` : null;
}

/** Runs `program` in a new namespace and says how it ended. */
export function runProgram(py: PyodideAPI, program: string, now: () => number = () => performance.now()): ProgramRun {
  let stdout = '';
  py.setStdout({ batched: (s: string) => (stdout = (stdout + s + '\n').slice(0, 4000)) });
  const namespace = py.globals.get('dict')();
  const started = now();
  try {
    py.runPython(program, { globals: namespace });
    return { outcome: 'pass', errorType: null, message: null, stdout, ms: now() - started };
  } catch (err) {
    const type = (err as { type?: unknown }).type;
    const errorType = typeof type === 'string' ? type : (err as Error).name || 'Error';
    const traceback = (err as Error).message ?? String(err);
    const where = failingLine(traceback, program);
    return {
      outcome: errorType === 'AssertionError' ? 'fail' : 'error',
      errorType,
      message: [lastLine(traceback), where].filter(Boolean).join(' at '),
      stdout,
      ms: now() - started,
    };
  } finally {
    namespace.destroy();
    py.setStdout({});
  }
}
