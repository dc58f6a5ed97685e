// The Lua sandbox (main thread): a sandbox frame (sandbox-frame-client.ts) running each program in a fresh wasmoon
// (Lua 5.4) interpreter. This side fetches wasmoon's wasm (a build asset on our own origin) and hands it over; the
// frame compiles it once. See docs/sandbox.md.
import luaWasmUrl from 'wasmoon/dist/glue.wasm?url';
import type { FromFrame, LuaSandboxInfo, ToFrame } from '../../shared/contracts/sandbox.ts';
import { CALIBRATION_RUNS, LUA_CALIBRATION_PROGRAM, LUA_REFERENCE_CALIBRATION_MS } from '../../bench/code-eval/time-limit.ts';
import { SPARES, WasmFrameSandbox } from './sandbox-frame-client.ts';

export class LuaSandbox extends WasmFrameSandbox<LuaSandboxInfo> {
  protected readonly label = { title: 'Lua sandbox', testid: 'lua-sandbox-frame' };
  protected readonly wasm = { url: luaWasmUrl, runtime: 'Lua' };
  protected readonly calibrationProgram = {
    program: LUA_CALIBRATION_PROGRAM,
    referenceMs: LUA_REFERENCE_CALIBRATION_MS,
    runs: CALIBRATION_RUNS,
  };

  protected initMessage(wasm: ArrayBuffer): ToFrame {
    return { type: 'init-lua', wasm, spares: SPARES };
  }

  protected readyInfo(m: FromFrame): LuaSandboxInfo | null {
    return m.type === 'ready-lua' ? m.info : null;
  }
}
