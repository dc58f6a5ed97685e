// One Lua interpreter for one program (a classic worker inside the sandbox frame, bundled into the frame's page; see
// docs/sandbox.md). It instantiates wasmoon's Lua 5.4 from the module the frame compiled once, runs exactly one
// program in a fresh Lua state (lua-runner.ts), reports once, and is terminated by the frame. The program runs inside
// Lua: it sees none of this worker's globals, only the libraries lua-prelude.ts leaves it.
import { LuaFactory } from 'wasmoon';
import type { ProgramReport, ToLuaInterpreter } from '../../shared/contracts/sandbox.ts';
import { runLuaProgram } from './lua-runner.ts';
import { lockDownRealm } from './realm-lockdown.ts';
import { reportDeathAsCrash } from './worker-death.ts';

const post = self.postMessage.bind(self);
lockDownRealm();

let state: 'new' | 'booting' | 'booted' | 'ran' = 'new';
let factory: LuaFactory | null = null;

function report(r: ProgramReport): void {
  post({ type: 'report', ...r } satisfies ProgramReport & { type: 'report' });
}

// A wasm abort escapes as an uncaught error or rejection: that program's crash (the frame also sees a dead worker).
reportDeathAsCrash(report, () => state === 'ran');

/**
 * wasmoon's loader fetches its wasm file and instantiates it while streaming; this frame may fetch nothing (its policy
 * allows no connection). Both steps are answered here from the module the frame compiled: fetch gets an empty
 * response that nothing reads, and instantiateStreaming instantiates that module. Neither is reachable from Lua.
 */
function serveWasmFrom(module: WebAssembly.Module): void {
  Object.defineProperty(self, 'fetch', { configurable: true, value: async () => new Response(new Uint8Array(0)) });
  WebAssembly.instantiateStreaming = async (_source, imports) => ({
    module,
    instance: await WebAssembly.instantiate(module, imports),
  });
}

self.addEventListener('message', (e: MessageEvent<ToLuaInterpreter>) => {
  const m = e.data;
  if (m?.type === 'boot' && state === 'new') {
    state = 'booting';
    const started = performance.now();
    serveWasmFrom(m.module);
    const f = new LuaFactory('glue.wasm');
    f.getLuaModule().then(
      () => {
        factory = f;
        state = 'booted';
        post({ type: 'booted', ms: performance.now() - started });
      },
      (err: unknown) => post({ type: 'boot-failed', message: String((err as Error)?.message ?? err).slice(0, 500) }),
    );
  } else if (m?.type === 'run' && state === 'booted' && factory) {
    state = 'ran';
    runLuaProgram(factory, String(m.program), { timeoutMs: Number(m.timeoutMs) }).then(report, (err: unknown) =>
      report({
        outcome: 'crash',
        errorType: 'InterpreterDied',
        message: `the interpreter died: ${String((err as Error)?.message ?? err).slice(0, 400)}`,
        stdout: '',
      }),
    );
  }
});
