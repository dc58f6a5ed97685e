// The Python sandbox's message contract (everywhere: app, sandbox frame, interpreter worker, Node tests). Every
// message that crosses from the sandbox side is hostile until one of the parsers here accepts it.
import * as v from 'valibot';

/** How one program ended. crash: the interpreter died (os._exit, a fatal error, memory, a dead worker). */
export const PROGRAM_OUTCOMES = ['pass', 'fail', 'error', 'timeout', 'crash'] as const;
export type ProgramOutcome = (typeof PROGRAM_OUTCOMES)[number];

export const MAX_MESSAGE_CHARS = 500;
export const MAX_STDOUT_CHARS = 4000;
export const MAX_PROGRAM_CHARS = 200_000;

/** What one program's interpreter may say about it: the one message the sandbox accepts from it. */
export interface ProgramReport {
  /** timeout: only where the interpreter stops itself at the limit (QuickJS's interrupt handler); the frame's own
   *  timer stops any interpreter that does not. */
  outcome: ProgramOutcome;
  errorType: string | null;
  /** The exception's last line with the failing program line, or the crash's reason. */
  message: string | null;
  stdout: string;
}

const text = (max: number) =>
  v.pipe(
    v.string(),
    v.transform((s) => s.slice(0, max)),
  );
const nullableText = (max: number) => v.nullable(text(max));

const ReportSchema = v.object({
  type: v.literal('report'),
  outcome: v.picklist(PROGRAM_OUTCOMES),
  errorType: nullableText(120),
  message: nullableText(MAX_MESSAGE_CHARS),
  stdout: text(MAX_STDOUT_CHARS),
});

/** An interpreter worker's report on its program, or null when the message is anything else. */
export function parseProgramReport(data: unknown): ProgramReport | null {
  const r = v.safeParse(ReportSchema, data);
  if (!r.success) return null;
  const { outcome, errorType, message, stdout } = r.output;
  return { outcome, errorType, message, stdout };
}

/** A finished program as the sandbox frame reports it to the app: the interpreter's report and the frame's clock. */
export interface SandboxRun {
  outcome: ProgramOutcome;
  errorType: string | null;
  message: string | null;
  stdout: string;
  /** Wall time from handing the program to its interpreter to its report (or its end), measured by the frame, ms. */
  ms: number;
}

export interface SandboxInfo {
  pyodideVersion: string;
  pythonVersion: string;
  /** Time to set up the sandbox: compile the interpreter, make the snapshot, boot the first spare, ms. */
  loadMs: number;
  /** Size of the memory snapshot every fresh interpreter starts from, bytes. */
  snapshotBytes: number;
  /** Median time to boot one fresh interpreter from the snapshot, ms. */
  bootMs: number;
  /** Interpreters kept booted ahead of the next program. */
  spares: number;
}

/** The QuickJS build that runs JavaScript (quickjs-emscripten's release-sync variant); a unit test checks it against
 *  the installed package. */
export const QUICKJS_VERSION = 'quickjs-emscripten 0.32.0 (@jitl/quickjs-wasmfile-release-sync)';

/** Heap a JavaScript program may allocate: 256 MB (QuickJS's own allocator counts it; past it, out of memory). */
export const JS_MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;
/** Its stack: 128 KB, about 740 nested calls of a small function (deeper recursion is an InternalError, as Python's
 *  1,000 is a RecursionError). QuickJS counts only its own stack in wasm memory; the engine's native stack under
 *  the wasm frames is smaller in a browser worker (Chromium's overflowed between 800 and 1,000 calls at 256 KB,
 *  which kills the interpreter: a crash), so the limit sits below it. */
export const JS_STACK_LIMIT_BYTES = 128 * 1024;

/** The Lua build that runs Lua (wasmoon's Lua 5.4 in WebAssembly); a unit test checks it against the installed package. */
export const LUA_RUNTIME_VERSION = 'wasmoon 1.16.0 (Lua 5.4)';
/** What a Lua program's state may allocate: 256 MB (Lua's allocator counts it; past it, "not enough memory"). */
export const LUA_MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;

/** The transpiler that erases TypeScript's types before QuickJS runs a program; a unit test checks it against the
 *  installed package. */
export const TS_TRANSPILER = { name: 'sucrase', version: '3.35.1', options: "transforms ['typescript'], disableESTransforms" };

/** Which language a QuickJS frame runs: JavaScript as written, or TypeScript after type erasure. */
export type QuickJsDialect = 'javascript' | 'typescript';

/** What a JavaScript sandbox frame reports once its interpreters are ready. */
export interface JsSandboxInfo {
  runtime: 'quickjs';
  version: string;
  dialect: QuickJsDialect;
  /** TypeScript's transpiler (null for JavaScript): every program is transpiled inside its own interpreter worker. */
  transpiler: { name: string; version: string; options: string } | null;
  /** Time to compile QuickJS's wasm and boot the first spares, ms. */
  loadMs: number;
  /** Median time to boot one fresh interpreter worker, ms. */
  bootMs: number;
  spares: number;
  memoryLimitBytes: number;
  stackLimitBytes: number;
}

/** What a Lua sandbox frame reports once its interpreters are ready. */
export interface LuaSandboxInfo {
  runtime: 'wasmoon';
  version: string;
  /** Time to compile wasmoon's wasm and boot the first spares, ms. */
  loadMs: number;
  /** Median time to boot one fresh interpreter worker, ms. */
  bootMs: number;
  spares: number;
  memoryLimitBytes: number;
}

/** The Pyodide files the app hands the frame (the frame itself may fetch nothing). */
export interface PyodideFiles {
  pyodideMjs: string;
  asmMjs: string;
  wasm: ArrayBuffer;
  stdlib: ArrayBuffer;
  lock: string;
}

/** App → frame. A frame runs one language: Python after 'init', JavaScript or TypeScript after 'init-quickjs', Lua
 *  after 'init-lua'. */
export type ToFrame =
  | { type: 'init'; files: PyodideFiles; spares: number }
  | { type: 'init-quickjs'; wasm: ArrayBuffer; spares: number; dialect: QuickJsDialect }
  | { type: 'init-lua'; wasm: ArrayBuffer; spares: number }
  /** quiet: wait until every spare has booted and boot none during the run (for calibration). outputFails: the
   *  harness counts any output as a failure (HumanEval-X's JavaScript; ignored by Python). */
  | { type: 'run'; id: number; program: string; timeoutMs: number; quiet: boolean; outputFails?: boolean }
  /** The app's heartbeat while a program runs: a frame whose process died (a program filled its worker's JavaScript
   *  heap) answers no more pings. */
  | { type: 'ping'; seq: number };

/** Frame → app. */
export type FromFrame =
  | { type: 'hello' }
  | { type: 'ready'; info: SandboxInfo }
  | { type: 'ready-quickjs'; info: JsSandboxInfo }
  | { type: 'ready-lua'; info: LuaSandboxInfo }
  | { type: 'failed'; message: string }
  | { type: 'pong'; seq: number }
  | { type: 'result'; id: number; run: SandboxRun; interpreters: number };

export const SandboxInfoSchema = v.object({
  pyodideVersion: text(40),
  pythonVersion: text(40),
  loadMs: v.pipe(v.number(), v.finite()),
  snapshotBytes: v.pipe(v.number(), v.finite()),
  bootMs: v.pipe(v.number(), v.finite()),
  spares: v.pipe(v.number(), v.integer()),
});

export const JsSandboxInfoSchema = v.object({
  runtime: v.literal('quickjs'),
  version: text(120),
  dialect: v.picklist(['javascript', 'typescript']),
  transpiler: v.nullable(v.object({ name: text(40), version: text(40), options: text(200) })),
  loadMs: v.pipe(v.number(), v.finite()),
  bootMs: v.pipe(v.number(), v.finite()),
  spares: v.pipe(v.number(), v.integer()),
  memoryLimitBytes: v.pipe(v.number(), v.integer()),
  stackLimitBytes: v.pipe(v.number(), v.integer()),
});

export const LuaSandboxInfoSchema = v.object({
  runtime: v.literal('wasmoon'),
  version: text(120),
  loadMs: v.pipe(v.number(), v.finite()),
  bootMs: v.pipe(v.number(), v.finite()),
  spares: v.pipe(v.number(), v.integer()),
  memoryLimitBytes: v.pipe(v.number(), v.integer()),
});

const FromFrameSchema = v.variant('type', [
  v.object({ type: v.literal('hello') }),
  v.object({ type: v.literal('ready'), info: SandboxInfoSchema }),
  v.object({ type: v.literal('ready-quickjs'), info: JsSandboxInfoSchema }),
  v.object({ type: v.literal('ready-lua'), info: LuaSandboxInfoSchema }),
  v.object({ type: v.literal('failed'), message: text(MAX_MESSAGE_CHARS) }),
  v.object({ type: v.literal('pong'), seq: v.pipe(v.number(), v.integer()) }),
  v.object({
    type: v.literal('result'),
    id: v.pipe(v.number(), v.integer()),
    interpreters: v.pipe(v.number(), v.integer()),
    run: v.object({
      outcome: v.picklist(PROGRAM_OUTCOMES),
      errorType: nullableText(120),
      message: nullableText(MAX_MESSAGE_CHARS),
      stdout: text(MAX_STDOUT_CHARS),
      ms: v.pipe(v.number(), v.finite(), v.minValue(0)),
    }),
  }),
]);

/** A message from the sandbox frame, or null when it is anything else. */
export function parseFromFrame(data: unknown): FromFrame | null {
  const r = v.safeParse(FromFrameSchema, data);
  return r.success ? r.output : null;
}

/** Frame → interpreter worker: boot (from the snapshot, or cold to make it), then exactly one program. The frame makes
 *  Pyodide's two modules blob: URLs once; the stdlib and snapshot are the worker's own copies, transferred. */
export type ToInterpreter =
  | {
      type: 'boot';
      pyodideUrl: string;
      asmUrl: string;
      stdlib: ArrayBuffer;
      lock: string;
      module: WebAssembly.Module;
      snapshot: Uint8Array | null;
    }
  | { type: 'run'; program: string };

/** Interpreter worker → frame, before its program: booted, or the snapshot it was asked to make. */
export type FromInterpreterBoot =
  /** snapshot: the boot's snapshot buffer handed back, before any program has run, for the next interpreter. */
  | { type: 'booted'; ms: number; pyodideVersion: string; pythonVersion: string; snapshot: Uint8Array | null }
  | { type: 'snapshot'; bytes: Uint8Array; ms: number; pyodideVersion: string; pythonVersion: string }
  | { type: 'boot-failed'; message: string };

/** Frame → JavaScript interpreter worker: boot from the module the frame compiled once, then exactly one program. */
export type ToJsInterpreter =
  { type: 'boot'; module: WebAssembly.Module } | { type: 'run'; program: string; timeoutMs: number; outputFails: boolean };

/** Frame → Lua interpreter worker: boot from the module the frame compiled once, then exactly one program. */
export type ToLuaInterpreter = { type: 'boot'; module: WebAssembly.Module } | { type: 'run'; program: string; timeoutMs: number };
