// What onnxruntime-web's wasm prints (inference worker). Emscripten binds console.log once, when the runtime's module
// starts, and prints stdout through it line by line; onnxruntime's profiler writes its trace there at endProfiling
// (src/bench/profile/ort-trace.ts). So console.log is wrapped here, on import, before ort-env.ts loads any build, and
// a profiled pass collects the lines while it runs. Lines that are no part of a trace still reach the console.
let sink: string[] | null = null;
const print = console.log.bind(console);

const TRACE_LINE = /^\s*(\[|\]|\{"cat")/;

console.log = (...args: unknown[]) => {
  const line = args.map(String).join(' ');
  if (sink && TRACE_LINE.test(line)) sink.push(line);
  else print(...args);
};

/** Runs `fn` and returns its value with the trace lines printed meanwhile; one collection at a time. */
export async function collectingTrace<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  if (sink) throw new Error('a profiled pass is already collecting the trace');
  const lines: string[] = [];
  sink = lines;
  try {
    return { value: await fn(), lines };
  } finally {
    sink = null;
  }
}
