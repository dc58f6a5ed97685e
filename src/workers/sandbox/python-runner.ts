// Runs one Python program in a loaded Pyodide and classifies how it ended (interpreter worker; also Node tests).
// The interpreter is used for this one program only: the caller throws it away afterwards, so nothing here has to
// defend against what the program does to it. No DOM or worker globals here, so Node tests run the same code.
import type { PyodideAPI } from 'pyodide';
import { MAX_MESSAGE_CHARS, MAX_STDOUT_CHARS, type ProgramReport } from '../../shared/contracts/sandbox.ts';

const lastLine = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter((l) => l.trim())
    .at(-1)
    ?.slice(0, MAX_MESSAGE_CHARS) ?? '';

/** The program line the traceback ends at (the failing assert, say), when the traceback names one. */
export function failingLine(traceback: string, program: string): string | null {
  const lines = [...traceback.matchAll(/File "<exec>", line (\d+)/g)];
  const n = Number(lines.at(-1)?.[1]);
  const text = Number.isInteger(n) ? program.split('\n')[n - 1]?.trim() : undefined;
  return text ? `line ${n}: ${text.slice(0, 300)}` : null;
}

/** How an exception out of runPython ended the program: a Python exception is the program's own outcome; anything
 *  else (exit, a fatal wasm error) means the interpreter itself is gone. */
export function classifyError(err: unknown, program: string): Omit<ProgramReport, 'stdout'> {
  const e = err as { type?: unknown; name?: unknown; message?: unknown; pyodide_fatal_error?: unknown };
  const traceback = typeof e?.message === 'string' ? e.message : String(err);
  if (typeof e?.type !== 'string' || e.pyodide_fatal_error) {
    const name = typeof e?.name === 'string' ? e.name : 'Error';
    return {
      outcome: 'crash',
      errorType: name,
      message: `the interpreter died: ${lastLine(traceback)}`.slice(0, MAX_MESSAGE_CHARS),
    };
  }
  const where = failingLine(traceback, program);
  return {
    outcome: e.type === 'AssertionError' ? 'fail' : 'error',
    errorType: e.type,
    message: [lastLine(traceback), where].filter(Boolean).join(' at ').slice(0, MAX_MESSAGE_CHARS),
  };
}

/** Runs `program` (top-level await allowed) and says how it ended. */
export async function runProgram(py: PyodideAPI, program: string): Promise<ProgramReport> {
  let stdout = '';
  py.setStdout({ batched: (s: string) => (stdout = (stdout + s + '\n').slice(0, MAX_STDOUT_CHARS)) });
  try {
    await py.runPythonAsync(program, { filename: '<exec>' });
    return { outcome: 'pass', errorType: null, message: null, stdout };
  } catch (err) {
    return { ...classifyError(err, program), stdout };
  }
}
