// The Lua sandbox (main thread): a sandbox frame (sandbox-frame-client.ts) running each program in a fresh wasmoon
// (Lua 5.4) interpreter. This side fetches wasmoon's wasm (a build asset on our own origin) and hands it over; the
// frame compiles it once. See docs/sandbox.md.
import luaWasmUrl from 'wasmoon/dist/glue.wasm?url';
import { SandboxError } from '../../shared/errors.ts';
import type { LuaSandboxInfo } from '../../shared/contracts/sandbox.ts';
import { CALIBRATION_RUNS, LUA_CALIBRATION_PROGRAM, LUA_REFERENCE_CALIBRATION_MS } from '../../bench/code-eval/time-limit.ts';
import { FrameSandbox, INIT_MS, SPARES, type FrameStart } from './sandbox-frame-client.ts';

export class LuaSandbox extends FrameSandbox<LuaSandboxInfo> {
  protected readonly label = { title: 'Lua sandbox', testid: 'lua-sandbox-frame' };
  protected readonly calibrationProgram = {
    program: LUA_CALIBRATION_PROGRAM,
    referenceMs: LUA_REFERENCE_CALIBRATION_MS,
    runs: CALIBRATION_RUNS,
  };

  protected async fetchFiles(): Promise<ArrayBuffer> {
    const r = await fetch(luaWasmUrl).catch((err: unknown) => {
      throw new SandboxError(`could not load Lua from this site: ${(err as Error).message}`);
    });
    if (!r.ok) throw new SandboxError(`could not load Lua from this site: HTTP ${r.status}`);
    return r.arrayBuffer();
  }

  protected async init(files: unknown, start: FrameStart): Promise<LuaSandboxInfo> {
    const wasm = files as ArrayBuffer;
    const ready = start.expect((m) => m.type === 'ready-lua' || m.type === 'failed', INIT_MS, 'the sandbox did not start');
    start.post({ type: 'init-lua', wasm, spares: SPARES }, [wasm]);
    const m = await ready;
    if (m.type !== 'ready-lua')
      throw new SandboxError(`the Lua sandbox did not start: ${m.type === 'failed' ? m.message : m.type}`);
    return m.info;
  }
}
