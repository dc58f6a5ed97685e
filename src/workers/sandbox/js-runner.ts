// Runs one JavaScript program in a fresh QuickJS runtime and says how it ended (interpreter worker; also Node tests).
// The runtime is made for this one program, with a memory limit, a stack limit and an interrupt handler at the time
// limit; the worker holding it is terminated afterwards. No DOM or worker globals here, so Node runs the same code.
import {
  shouldInterruptAfterDeadline,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import {
  JS_MEMORY_LIMIT_BYTES,
  JS_STACK_LIMIT_BYTES,
  MAX_MESSAGE_CHARS,
  MAX_STDOUT_CHARS,
  type ProgramReport,
} from '../../shared/contracts/sandbox.ts';
import { HOST_ERR, HOST_OUT, JS_PRELUDE } from './js-prelude.ts';

export interface JsRunOptions {
  /** HumanEval-X's rule: any output on stdout or stderr fails the program (its tests print with console.assert). */
  outputFails: boolean;
  /** The interrupt handler stops the program this many ms after it starts (the frame also stops the worker). */
  timeoutMs: number;
  /** TypeScript: the source's types erased before it runs (ts-transpile.ts); a source it cannot read is an error. */
  transpile?: (source: string) => string;
  now?: () => number;
}

/** What the program's realm reported, as a plain object (the error it ended with). */
interface Thrown {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
}

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** The program line an error's stack points at, when QuickJS names one in program.js. */
export function jsFailingLine(stack: string, program: string): string | null {
  const m = /program\.js:(\d+)/.exec(stack);
  const n = Number(m?.[1]);
  const text = Number.isInteger(n) ? program.split('\n')[n - 1]?.trim() : undefined;
  return text ? `line ${n}: ${text.slice(0, 300)}` : null;
}

/** How a thrown value ended the program: an assertion is a failure, the interrupt a timeout, anything else an error. */
export function classifyJsError(thrown: unknown, program: string): Omit<ProgramReport, 'stdout'> {
  const t = (thrown && typeof thrown === 'object' ? thrown : { message: String(thrown) }) as Thrown;
  const name = typeof t.name === 'string' ? t.name.slice(0, 120) : 'Error';
  const raw = typeof t.message === 'string' ? t.message : String(thrown);
  // An error class that sets its name as an own property comes out of QuickJS's dump with the name in the message too.
  const message = raw.startsWith(`${name}: `) ? raw.slice(name.length + 2) : raw;
  const stack = typeof t.stack === 'string' ? t.stack : '';
  const where = jsFailingLine(stack, program);
  const text = clip([`${name}: ${message}`.trim(), where].filter(Boolean).join(' at '), MAX_MESSAGE_CHARS);
  if (name === 'InternalError' && message === 'interrupted')
    return { outcome: 'timeout', errorType: null, message: 'stopped at the time limit by the interpreter' };
  if (name === 'InternalError' && /out of memory/i.test(message))
    return { outcome: 'error', errorType: 'MemoryError', message: text };
  return { outcome: name === 'AssertionError' ? 'fail' : 'error', errorType: name, message: text };
}

/** The reason a completion value that is a rejected promise rejected with, else null. */
function rejectionOf(vm: QuickJSContext, value: QuickJSHandle): unknown {
  if (vm.typeof(value) !== 'object') return null;
  const state = vm.getPromiseState(value);
  if (state.type !== 'rejected') {
    if (state.type === 'fulfilled' && !state.notAPromise) state.value.dispose();
    return null;
  }
  const reason: unknown = vm.dump(state.error);
  state.error.dispose();
  return reason ?? 'a promise rejected with nothing';
}

/**
 * Runs `program` in a new QuickJS runtime of `quickjs` (prelude first) and settles its promise jobs. pass when it
 * ended without an uncaught error (and, under `outputFails`, printed nothing).
 */
export function runJsProgram(quickjs: QuickJSWASMModule, program: string, opts: JsRunOptions): ProgramReport {
  const now = opts.now ?? (() => Date.now());
  let code = program;
  if (opts.transpile) {
    try {
      code = opts.transpile(program);
    } catch (err) {
      // MultiPL-E's harness calls a program tsc rejects a SyntaxError; one that breaks the transpiler itself (its
      // stack, say) is this program's error too.
      const message = String((err as Error)?.message ?? err);
      return {
        outcome: 'error',
        errorType: ['SyntaxError', 'UnsupportedSyntax'].includes((err as Error)?.name) ? (err as Error).name : 'TranspileError',
        message: clip(`TypeScript: ${message}`, MAX_MESSAGE_CHARS),
        stdout: '',
      };
    }
  }
  let stdout = '';
  let stderr = '';
  let runtime: QuickJSRuntime | null = null;
  let vm: QuickJSContext | null = null;
  try {
    runtime = quickjs.newRuntime();
    runtime.setMemoryLimit(JS_MEMORY_LIMIT_BYTES);
    runtime.setMaxStackSize(JS_STACK_LIMIT_BYTES);
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(now() + opts.timeoutMs));
    vm = runtime.newContext();
    for (const [name, write] of [
      [HOST_OUT, (s: string) => (stdout = clip(stdout + s, MAX_STDOUT_CHARS))],
      [HOST_ERR, (s: string) => (stderr = clip(stderr + s, MAX_STDOUT_CHARS))],
    ] as const) {
      const ctx = vm;
      const fn = ctx.newFunction(name, (arg) => {
        write(String(ctx.getString(arg)));
      });
      vm.setProp(vm.global, name, fn);
      fn.dispose();
    }
    const prelude = vm.evalCode(JS_PRELUDE, 'prelude.js');
    if (prelude.error) {
      const e: unknown = vm.dump(prelude.error);
      prelude.error.dispose();
      return { outcome: 'crash', errorType: 'PreludeFailed', message: clip(JSON.stringify(e), MAX_MESSAGE_CHARS), stdout: '' };
    }
    prelude.value.dispose();
    const result = vm.evalCode(code, 'program.js');
    let thrown: unknown = null;
    if (result.error) {
      thrown = vm.dump(result.error);
      result.error.dispose();
    } else {
      // Promise jobs (async functions, .then) run to completion, under the same interrupt and memory limits.
      for (;;) {
        const jobs = runtime.executePendingJobs();
        if (jobs.error) {
          thrown = vm.dump(jobs.error);
          jobs.error.dispose();
          break;
        }
        if (jobs.value === 0) break;
      }
      // A program whose last expression is a promise that rejected (an async main() whose error nothing handled)
      // fails as Node fails an unhandled rejection. Other unhandled rejections are not seen: quickjs-emscripten
      // does not expose QuickJS's rejection tracker (docs/sandbox.md).
      if (thrown === null) thrown = rejectionOf(vm, result.value);
      result.value.dispose();
    }
    const both = stdout + stderr;
    const out = clip(both, MAX_STDOUT_CHARS);
    if (thrown !== null) return { ...classifyJsError(thrown, program), stdout: out };
    if (opts.outputFails && both.length > 0) {
      const first = (stderr || stdout).trim().split('\n')[0] ?? '';
      return {
        outcome: 'fail',
        errorType: stderr ? 'Stderr' : 'Stdout',
        message: clip(
          `printed to ${stderr ? 'stderr' : 'stdout'} (the harness counts any output as a failure): ${first}`,
          MAX_MESSAGE_CHARS,
        ),
        stdout: out,
      };
    }
    return { outcome: 'pass', errorType: null, message: null, stdout: out };
  } catch (err) {
    // The interpreter itself failed (a wasm trap, an abort): that program's crash.
    return {
      outcome: 'crash',
      errorType: 'InterpreterDied',
      message: clip(`the interpreter died: ${String((err as Error)?.message ?? err)}`, MAX_MESSAGE_CHARS),
      stdout: clip(stdout + stderr, MAX_STDOUT_CHARS),
    };
  } finally {
    try {
      vm?.dispose();
      runtime?.dispose();
    } catch {
      // A runtime that died is thrown away with its worker.
    }
  }
}
