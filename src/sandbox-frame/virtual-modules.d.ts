// The interpreter workers' bundled code (Python, JavaScript), put into the frame's page by the build (build/sandbox-frame-build.ts).
declare module 'virtual:tierlab-interpreter-worker' {
  export const INTERPRETER_WORKER_CODE: string;
  export const JS_INTERPRETER_WORKER_CODE: string;
  export const TS_INTERPRETER_WORKER_CODE: string;
  export const LUA_INTERPRETER_WORKER_CODE: string;
}
