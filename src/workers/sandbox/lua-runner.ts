// Runs one Lua program in a fresh Lua state of wasmoon (Lua 5.4 compiled to WebAssembly) and says how it ended
// (interpreter worker; also Node tests). The state is made for this one program, with a memory limit on Lua's
// allocator and wasmoon's timeout at the time limit; the worker holding it is terminated afterwards. As in MultiPL-E's
// harness (evaluation/py/eval_lua.py: `lua program.lua`, exit code 0 is OK), a program passes when it ends normally
// or calls os.exit with 0; luaunit's failures end it with os.exit(n > 0), a failure.
import type { LuaEngine, LuaFactory } from 'wasmoon';
import {
  LUA_MEMORY_LIMIT_BYTES,
  MAX_MESSAGE_CHARS,
  MAX_STDOUT_CHARS,
  type ProgramReport,
} from '../../shared/contracts/sandbox.ts';
import { LUA_EXIT_SENTINEL, LUA_HOST_EXIT, LUA_HOST_OUT, LUA_PRELUDE } from './lua-prelude.ts';

export interface LuaRunOptions {
  /** wasmoon stops the program this many ms after it starts (the frame also stops the worker). */
  timeoutMs: number;
  now?: () => number;
}

/** The host global that carries the program's source to the loader (removed before it runs). */
const HOST_PROGRAM = '__tierlab_program';
/** Loads the program under the chunk name "program" (errors read "program:LINE: …"), text only, and runs it. */
const LOADER = `local source = ${HOST_PROGRAM}; ${HOST_PROGRAM} = nil; local f, err = load(source, '=program', 't'); if not f then error('SyntaxError: ' .. err, 0) end; return f()`;

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** The program line a Lua error names ("program:12: …"). */
export function luaFailingLine(message: string, program: string): string | null {
  const n = Number(/program:(\d+):/.exec(message)?.[1]);
  const text = Number.isInteger(n) ? program.split('\n')[n - 1]?.trim() : undefined;
  return text ? `line ${n}: ${text.slice(0, 300)}` : null;
}

/** How a Lua error ended the program, when it was not os.exit. */
export function classifyLuaError(message: string, program: string, timedOut: boolean): Omit<ProgramReport, 'stdout'> {
  if (timedOut) return { outcome: 'timeout', errorType: null, message: 'stopped at the time limit' };
  if (/^Aborted\(|RuntimeError/.test(message))
    return {
      outcome: 'crash',
      errorType: 'InterpreterDied',
      message: clip(`the interpreter died: ${message}`, MAX_MESSAGE_CHARS),
    };
  const where = luaFailingLine(message, program);
  const text = clip([message, where].filter(Boolean).join(' at '), MAX_MESSAGE_CHARS);
  if (/not enough memory/.test(message)) return { outcome: 'error', errorType: 'MemoryError', message: text };
  if (message.startsWith('SyntaxError: ')) return { outcome: 'error', errorType: 'SyntaxError', message: text };
  if (/stack overflow/.test(message)) return { outcome: 'error', errorType: 'StackOverflow', message: text };
  return { outcome: 'error', errorType: 'LuaError', message: text };
}

/** Runs `program` in a new Lua state of `factory` (prelude first). */
export async function runLuaProgram(factory: LuaFactory, program: string, opts: LuaRunOptions): Promise<ProgramReport> {
  const now = opts.now ?? (() => Date.now());
  let stdout = '';
  let exitCode: number | null = null;
  let engine: LuaEngine | null = null;
  try {
    engine = await factory.createEngine({ traceAllocations: true, injectObjects: false, enableProxy: false });
    engine.global.setMemoryMax(LUA_MEMORY_LIMIT_BYTES);
    engine.global.set(LUA_HOST_OUT, (s: unknown) => void (stdout = clip(stdout + String(s), MAX_STDOUT_CHARS)));
    engine.global.set(LUA_HOST_EXIT, (code: unknown) => void (exitCode = Number(code)));
    await engine.doString(LUA_PRELUDE);
    engine.global.set(HOST_PROGRAM, program);
    const deadline = now() + opts.timeoutMs;
    engine.global.setTimeout(deadline);
    let thrown: string | null = null;
    try {
      await engine.doString(LOADER);
    } catch (err) {
      // wasmoon appends Lua's traceback, which names only this runner's loader past the program's own line.
      thrown = String((err as Error)?.message ?? err).split('\nstack traceback:')[0] ?? '';
    }
    const out = clip(stdout, MAX_STDOUT_CHARS);
    if (exitCode !== null && (thrown === null || thrown.includes(LUA_EXIT_SENTINEL))) {
      if (exitCode === 0) return { outcome: 'pass', errorType: null, message: null, stdout: out };
      const first = out.split('\n').find((l) => / (FAIL|ERROR): /.test(l)) ?? '';
      return {
        outcome: 'fail',
        errorType: 'ExitCode',
        message: clip(`exited with code ${exitCode}${first ? `: ${first}` : ''}`, MAX_MESSAGE_CHARS),
        stdout: out,
      };
    }
    if (thrown === null) return { outcome: 'pass', errorType: null, message: null, stdout: out };
    return { ...classifyLuaError(thrown, program, now() >= deadline), stdout: out };
  } catch (err) {
    return {
      outcome: 'crash',
      errorType: 'InterpreterDied',
      message: clip(`the interpreter died: ${String((err as Error)?.message ?? err)}`, MAX_MESSAGE_CHARS),
      stdout: clip(stdout, MAX_STDOUT_CHARS),
    };
  } finally {
    try {
      engine?.global.close();
    } catch {
      // A state that died is thrown away with its worker.
    }
  }
}
